namespace Assay.Metrics.Detection;

/// <summary>Puts a COCO evaluation's twelve summary numbers into a <see cref="MetricSet"/>.</summary>
public static class CocoMetrics
{
    /// <summary>Adds <c>ap, ap50, ap75, ap_small, ap_medium, ap_large, ar1, ar10, ar100, ar_small, ar_medium, ar_large</c>;
    /// an undefined one (pycocotools' -1) is recorded as undefined with its reason, never as -1.</summary>
    public static void AddTo(MetricSet set, CocoEvaluationResult result)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(result);
        var stats = result.Stats;
        for (var i = 0; i < stats.Count; i++)
        {
            var statistic = stats[i];
            set.Add(DetectionMetricCatalog.All[i].Name, statistic.GetValue);
        }
    }
}
