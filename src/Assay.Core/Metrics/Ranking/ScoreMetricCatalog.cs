namespace Assay.Metrics.Ranking;

/// <summary>Names, directions and ranges of the score-based metrics <see cref="ScoreMetrics"/> reports.</summary>
/// <remarks>A name shared by several problem kinds (log_loss, brier, expected_calibration_error, average_precision_macro)
/// has one entry whose range covers all of them: multiclass Brier reaches 2, binary Brier stays within 1.</remarks>
public static class ScoreMetricCatalog
{
    public static readonly MetricInfo RocAuc = new("roc_auc", true, 0, 1);
    public static readonly MetricInfo AveragePrecision = new("average_precision", true, 0, 1);
    public static readonly MetricInfo LogLoss = new("log_loss", false, 0, double.PositiveInfinity);
    public static readonly MetricInfo Brier = new("brier", false, 0, 2);
    public static readonly MetricInfo ExpectedCalibrationError = new("expected_calibration_error", false, 0, 1);
    public static readonly MetricInfo RocAucOneVsRestMacro = new("roc_auc_ovr_macro", true, 0, 1);
    public static readonly MetricInfo RocAucOneVsRestWeighted = new("roc_auc_ovr_weighted", true, 0, 1);
    public static readonly MetricInfo RocAucOneVsOneMacro = new("roc_auc_ovo_macro", true, 0, 1);
    public static readonly MetricInfo AveragePrecisionMacro = new("average_precision_macro", true, 0, 1);
    public static readonly MetricInfo TopKAccuracy2 = new("top_k_accuracy_2", true, 0, 1);
    public static readonly MetricInfo TopKAccuracy3 = new("top_k_accuracy_3", true, 0, 1);
    public static readonly MetricInfo TopKAccuracy5 = new("top_k_accuracy_5", true, 0, 1);
    public static readonly MetricInfo RocAucMacro = new("roc_auc_macro", true, 0, 1);
    public static readonly MetricInfo RocAucMicro = new("roc_auc_micro", true, 0, 1);
    public static readonly MetricInfo RocAucWeighted = new("roc_auc_weighted", true, 0, 1);
    public static readonly MetricInfo AveragePrecisionMicro = new("average_precision_micro", true, 0, 1);

    /// <summary>Every score-based metric, binary first, then multiclass, then multilabel.</summary>
    public static IReadOnlyList<MetricInfo> All { get; } =
    [
        RocAuc, AveragePrecision, LogLoss, Brier, ExpectedCalibrationError,
        RocAucOneVsRestMacro, RocAucOneVsRestWeighted, RocAucOneVsOneMacro, AveragePrecisionMacro, TopKAccuracy2, TopKAccuracy3, TopKAccuracy5,
        RocAucMacro, RocAucMicro, RocAucWeighted, AveragePrecisionMicro,
    ];

    public static MetricInfo? Find(string name)
    {
        foreach (var info in All)
        {
            if (info.Name == name) return info;
        }
        return null;
    }
}
