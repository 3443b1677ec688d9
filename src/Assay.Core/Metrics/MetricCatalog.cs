using Assay.Metrics.Classification;
using Assay.Metrics.Detection;
using Assay.Metrics.Ranking;
using Assay.Metrics.Regression;

namespace Assay.Metrics;

/// <summary>Every metric Assay reports, by its stable name: the one place direction and range are looked up.</summary>
public static class MetricCatalog
{
    /// <summary>All metrics, first occurrence of each name winning.</summary>
    public static IReadOnlyList<MetricInfo> All { get; } = Distinct(
        [.. LabelMetricCatalog.All, .. ScoreMetricCatalog.All, .. RegressionMetricCatalog.All, .. DetectionMetricCatalog.All, .. EfficiencyMetricCatalog.All]);

    /// <summary>Metrics a classification suite (<c>assay run</c>) can report: label and score metrics of binary and multiclass data.</summary>
    public static IReadOnlyList<MetricInfo> SuiteClassification { get; } = Distinct(
    [
        .. LabelMetricCatalog.Multiclass, .. LabelMetricCatalog.Binary,
        ScoreMetricCatalog.RocAuc, ScoreMetricCatalog.AveragePrecision, ScoreMetricCatalog.LogLoss, ScoreMetricCatalog.Brier,
        ScoreMetricCatalog.ExpectedCalibrationError, ScoreMetricCatalog.RocAucOneVsRestMacro, ScoreMetricCatalog.RocAucOneVsRestWeighted,
        ScoreMetricCatalog.RocAucOneVsOneMacro, ScoreMetricCatalog.AveragePrecisionMacro, ScoreMetricCatalog.TopKAccuracy2,
        ScoreMetricCatalog.TopKAccuracy3, ScoreMetricCatalog.TopKAccuracy5,
    ]);

    public static MetricInfo? Find(string name) => All.FirstOrDefault(m => m.Name == name);

    private static List<MetricInfo> Distinct(IEnumerable<MetricInfo> metrics) => [.. metrics.DistinctBy(m => m.Name)];
}
