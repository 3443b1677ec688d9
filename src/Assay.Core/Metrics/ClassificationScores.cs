using Assay.Metrics.Classification;

namespace Assay.Metrics;

/// <summary>Precision, recall and F1 of one class, with its support (number of true examples).</summary>
public sealed record ClassScores(int Class, double Precision, double Recall, double F1, long Support);

/// <summary>Count-based multiclass metrics, identical to scikit-learn's with <c>labels=range(K)</c> and <c>zero_division=0</c>.</summary>
/// <remarks>
/// precision_c = TP/(TP+FP), recall_c = TP/(TP+FN), F1_c = 2PR/(P+R); a ratio whose denominator is 0 is 0 (zero_division=0).
/// Macro averages weigh all K classes equally, including classes absent from both truth and predictions (as scikit-learn
/// does when given the labels). Weighted averages weigh by support; micro averages equal accuracy for single-label data.
/// </remarks>
public sealed record ClassificationScores(
    long Count,
    double Accuracy,
    double PrecisionMacro,
    double RecallMacro,
    double F1Macro,
    double PrecisionWeighted,
    double RecallWeighted,
    double F1Weighted,
    double PrecisionMicro,
    double RecallMicro,
    double F1Micro,
    IReadOnlyList<ClassScores> PerClass)
{
    public static ClassificationScores From(ConfusionMatrix matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        // The same helpers as LabelMetrics; an empty matrix keeps this record's historical all-zero scores.
        const ZeroDivision zero = ZeroDivision.Zero;
        var counts = LabelMetrics.PerClassCounts(matrix);
        var accuracy = matrix.Total == 0 ? 0 : LabelMetrics.Accuracy(matrix);
        return new ClassificationScores(
            matrix.Total,
            accuracy,
            SetWiseScores.Precision(counts, Average.Macro, zero),
            SetWiseScores.Recall(counts, Average.Macro, zero),
            SetWiseScores.FBeta(counts, Average.Macro, 1, zero),
            SetWiseScores.Precision(counts, Average.Weighted, zero),
            SetWiseScores.Recall(counts, Average.Weighted, zero),
            SetWiseScores.FBeta(counts, Average.Weighted, 1, zero),
            accuracy,
            accuracy,
            accuracy,
            SetWiseScores.Rows(counts, zero));
    }

    /// <summary>The headline values by their stable names (see <see cref="MetricInfo"/>).</summary>
    public IReadOnlyDictionary<string, double> ToDictionary() => new Dictionary<string, double>
    {
        [MetricInfo.Accuracy.Name] = Accuracy,
        [MetricInfo.PrecisionMacro.Name] = PrecisionMacro,
        [MetricInfo.RecallMacro.Name] = RecallMacro,
        [MetricInfo.F1Macro.Name] = F1Macro,
        [MetricInfo.PrecisionWeighted.Name] = PrecisionWeighted,
        [MetricInfo.RecallWeighted.Name] = RecallWeighted,
        [MetricInfo.F1Weighted.Name] = F1Weighted,
    };
}
