namespace Assay.Metrics.Detection;

/// <summary>The detection metrics Assay reports, named after the lines of pycocotools' <c>COCOeval.summarize()</c>.</summary>
public static class DetectionMetricCatalog
{
    public static readonly MetricInfo Ap = new("ap", true, 0, 1);
    public static readonly MetricInfo Ap50 = new("ap50", true, 0, 1);
    public static readonly MetricInfo Ap75 = new("ap75", true, 0, 1);
    public static readonly MetricInfo ApSmall = new("ap_small", true, 0, 1);
    public static readonly MetricInfo ApMedium = new("ap_medium", true, 0, 1);
    public static readonly MetricInfo ApLarge = new("ap_large", true, 0, 1);
    public static readonly MetricInfo Ar1 = new("ar1", true, 0, 1);
    public static readonly MetricInfo Ar10 = new("ar10", true, 0, 1);
    public static readonly MetricInfo Ar100 = new("ar100", true, 0, 1);
    public static readonly MetricInfo ArSmall = new("ar_small", true, 0, 1);
    public static readonly MetricInfo ArMedium = new("ar_medium", true, 0, 1);
    public static readonly MetricInfo ArLarge = new("ar_large", true, 0, 1);

    /// <summary>The twelve metrics in <c>COCOeval.stats</c> order.</summary>
    public static IReadOnlyList<MetricInfo> All { get; } =
        [Ap, Ap50, Ap75, ApSmall, ApMedium, ApLarge, Ar1, Ar10, Ar100, ArSmall, ArMedium, ArLarge];

    public static MetricInfo? Find(string name)
    {
        foreach (var metric in All)
        {
            if (metric.Name == name) return metric;
        }
        return null;
    }
}
