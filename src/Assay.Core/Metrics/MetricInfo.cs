namespace Assay.Metrics;

/// <summary>What a metric means for comparison: its stable name, which direction is better and its range.</summary>
public sealed record MetricInfo(string Name, bool HigherIsBetter, double Minimum, double Maximum)
{
    public static readonly MetricInfo Accuracy = new("accuracy", true, 0, 1);
    public static readonly MetricInfo PrecisionMacro = new("precision_macro", true, 0, 1);
    public static readonly MetricInfo RecallMacro = new("recall_macro", true, 0, 1);
    public static readonly MetricInfo F1Macro = new("f1_macro", true, 0, 1);
    public static readonly MetricInfo PrecisionWeighted = new("precision_weighted", true, 0, 1);
    public static readonly MetricInfo RecallWeighted = new("recall_weighted", true, 0, 1);
    public static readonly MetricInfo F1Weighted = new("f1_weighted", true, 0, 1);
}
