namespace Assay.Metrics.Classification;

/// <summary>Names, directions and ranges of the count-based classification metrics; the names are part of the CLI JSON contract.</summary>
/// <remarks>
/// <see cref="Binary"/>, <see cref="Multiclass"/> and <see cref="Multilabel"/> list, in order, what
/// <see cref="LabelMetrics.AddTo(MetricSet, ConfusionMatrix)"/> and <see cref="MultilabelLabelMetrics.AddTo(MetricSet, MultilabelConfusion)"/>
/// report for each task. Entries shared with <see cref="MetricInfo"/> are the same instances.
/// </remarks>
public static class LabelMetricCatalog
{
    public static readonly MetricInfo Accuracy = MetricInfo.Accuracy;
    public static readonly MetricInfo BalancedAccuracy = new("balanced_accuracy", true, 0, 1);

    /// <summary>Binary (positive class 1) precision; the other binary-average entries follow the same pattern.</summary>
    public static readonly MetricInfo Precision = new("precision", true, 0, 1);
    public static readonly MetricInfo Recall = new("recall", true, 0, 1);
    public static readonly MetricInfo F1 = new("f1", true, 0, 1);
    public static readonly MetricInfo Jaccard = new("jaccard", true, 0, 1);

    public static readonly MetricInfo PrecisionMicro = new("precision_micro", true, 0, 1);
    public static readonly MetricInfo RecallMicro = new("recall_micro", true, 0, 1);
    public static readonly MetricInfo F1Micro = new("f1_micro", true, 0, 1);
    public static readonly MetricInfo PrecisionMacro = MetricInfo.PrecisionMacro;
    public static readonly MetricInfo RecallMacro = MetricInfo.RecallMacro;
    public static readonly MetricInfo F1Macro = MetricInfo.F1Macro;
    public static readonly MetricInfo PrecisionWeighted = MetricInfo.PrecisionWeighted;
    public static readonly MetricInfo RecallWeighted = MetricInfo.RecallWeighted;
    public static readonly MetricInfo F1Weighted = MetricInfo.F1Weighted;
    public static readonly MetricInfo PrecisionSamples = new("precision_samples", true, 0, 1);
    public static readonly MetricInfo RecallSamples = new("recall_samples", true, 0, 1);
    public static readonly MetricInfo F1Samples = new("f1_samples", true, 0, 1);

    public static readonly MetricInfo JaccardMacro = new("jaccard_macro", true, 0, 1);
    public static readonly MetricInfo JaccardWeighted = new("jaccard_weighted", true, 0, 1);
    public static readonly MetricInfo JaccardSamples = new("jaccard_samples", true, 0, 1);

    public static readonly MetricInfo MatthewsCorrelation = new("matthews_corrcoef", true, -1, 1);
    public static readonly MetricInfo CohenKappa = new("cohen_kappa", true, -1, 1);

    public static readonly MetricInfo SubsetAccuracy = new("subset_accuracy", true, 0, 1);
    public static readonly MetricInfo HammingLoss = new("hamming_loss", false, 0, 1);

    /// <summary>What a binary (K = 2) task reports, in report order.</summary>
    public static IReadOnlyList<MetricInfo> Binary { get; } =
    [
        Accuracy, BalancedAccuracy, Precision, Recall, F1, Jaccard, MatthewsCorrelation, CohenKappa,
        PrecisionMacro, RecallMacro, F1Macro, PrecisionWeighted, RecallWeighted, F1Weighted, JaccardMacro,
    ];

    /// <summary>What a multiclass (K ≠ 2) task reports, in report order.</summary>
    public static IReadOnlyList<MetricInfo> Multiclass { get; } =
    [
        Accuracy, BalancedAccuracy, PrecisionMicro, RecallMicro, F1Micro, PrecisionMacro, RecallMacro, F1Macro,
        PrecisionWeighted, RecallWeighted, F1Weighted, JaccardMacro, JaccardWeighted, MatthewsCorrelation, CohenKappa,
    ];

    /// <summary>What a multilabel task reports, in report order.</summary>
    public static IReadOnlyList<MetricInfo> Multilabel { get; } =
    [
        SubsetAccuracy, HammingLoss, PrecisionMicro, RecallMicro, F1Micro, PrecisionMacro, RecallMacro, F1Macro,
        PrecisionWeighted, RecallWeighted, F1Weighted, PrecisionSamples, RecallSamples, F1Samples, JaccardSamples, JaccardMacro,
    ];

    /// <summary>Every count-based classification metric, each name once.</summary>
    public static IReadOnlyList<MetricInfo> All { get; } = [.. Binary.Concat(Multiclass).Concat(Multilabel).Distinct()];

    public static MetricInfo? Find(string name) => All.FirstOrDefault(m => m.Name == name);
}
