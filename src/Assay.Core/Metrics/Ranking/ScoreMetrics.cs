using System.Numerics;

namespace Assay.Metrics.Ranking;

/// <summary>Fills a <see cref="MetricSet"/> with the score-based metrics of a binary, multiclass or multilabel evaluation.</summary>
/// <remarks>Input is validated first, so an <see cref="ArgumentException"/> leaves the set untouched; a metric without a
/// value for the input is recorded as undefined with its reason. Ranking metrics share one sort per column.</remarks>
public static class ScoreMetrics
{
    /// <summary>Top-k accuracies reported for multiclass problems; 3 and 5 only when K exceeds them.</summary>
    private static readonly (int K, MetricInfo Info)[] TopKs =
        [(2, ScoreMetricCatalog.TopKAccuracy2), (3, ScoreMetricCatalog.TopKAccuracy3), (5, ScoreMetricCatalog.TopKAccuracy5)];

    private delegate double SpanMetric<TLabel>(ReadOnlySpan<TLabel> labels, ReadOnlySpan<float> scores);

    /// <summary>Adds roc_auc, average_precision, log_loss, brier and expected_calibration_error.</summary>
    /// <exception cref="ArgumentException">Lengths differ, a label is not 0/1, or a score is not a probability in [0, 1].</exception>
    public static void AddBinary(MetricSet set, ReadOnlySpan<int> yTrue, ReadOnlySpan<float> score)
    {
        ArgumentNullException.ThrowIfNull(set);
        InputChecks.Binary(yTrue, score, probabilities: true);
        AddBinaryValidated(set, yTrue, score);
    }

    /// <summary>Adds roc_auc_ovr_macro, roc_auc_ovr_weighted, roc_auc_ovo_macro, average_precision_macro, log_loss, brier,
    /// top_k_accuracy_2 (and _3, _5 when K exceeds k) and expected_calibration_error.</summary>
    /// <exception cref="ArgumentException">A label outside 0..K-1, scores not n×K, a score outside [0, 1], or a row that does
    /// not sum to 1 (scikit-learn's multiclass ROC-AUC check).</exception>
    public static void AddMulticlass(MetricSet set, ReadOnlySpan<int> yTrue, ReadOnlySpan<float> scores, int numClasses)
    {
        ArgumentNullException.ThrowIfNull(set);
        InputChecks.Multiclass(yTrue, scores, numClasses, probabilities: true);
        InputChecks.RowsSumToOne(scores, numClasses);
        AddMulticlassValidated(set, yTrue, scores, numClasses);
    }

    /// <summary>Adds roc_auc_macro, roc_auc_micro, roc_auc_weighted, average_precision_macro and average_precision_micro.</summary>
    /// <exception cref="ArgumentException">Shapes differ, a label is not 0/1, or a score is not finite.</exception>
    public static void AddMultilabel(MetricSet set, ReadOnlySpan<int> yTrue, ReadOnlySpan<float> scores, int numLabels)
    {
        ArgumentNullException.ThrowIfNull(set);
        InputChecks.Multilabel(yTrue, scores, numLabels, probabilities: false);
        AddMultilabelValidated(set, yTrue, scores, numLabels);
    }

    internal static void AddBinaryValidated<TLabel>(MetricSet set, ReadOnlySpan<TLabel> labels, ReadOnlySpan<float> scores)
        where TLabel : unmanaged, IBinaryInteger<TLabel>
    {
        var ranks = SortedBinaryScores.Create(labels, scores).Summarize();
        set.Add(ScoreMetricCatalog.RocAuc.Name, ranks.RocAuc);
        set.Add(ScoreMetricCatalog.AveragePrecision.Name, ranks.AveragePrecision);
        set.Add(ScoreMetricCatalog.LogLoss.Name, Evaluate(ProbabilityLosses.BinaryLogLoss, labels, scores));
        set.Add(ScoreMetricCatalog.Brier.Name, Evaluate(ProbabilityLosses.BinaryBrierScore, labels, scores));
        set.Add(ScoreMetricCatalog.ExpectedCalibrationError.Name,
            Evaluate((l, s) => CalibrationBins.Binary(l, s, BinaryScoreMetrics.DefaultBinCount).ExpectedCalibrationError, labels, scores));
    }

    internal static void AddMulticlassValidated<TLabel>(MetricSet set, ReadOnlySpan<TLabel> labels, ReadOnlySpan<float> scores, int numClasses)
        where TLabel : unmanaged, IBinaryInteger<TLabel>
    {
        var ranking = MulticlassRanking.Create(labels, scores, numClasses);
        set.Add(ScoreMetricCatalog.RocAucOneVsRestMacro.Name, () => ranking.OneVsRestRocAuc(Average.Macro));
        set.Add(ScoreMetricCatalog.RocAucOneVsRestWeighted.Name, () => ranking.OneVsRestRocAuc(Average.Weighted));
        set.Add(ScoreMetricCatalog.RocAucOneVsOneMacro.Name, ranking.OneVsOneRocAuc);
        set.Add(ScoreMetricCatalog.AveragePrecisionMacro.Name, ranking.AveragePrecisionMacro);
        set.Add(ScoreMetricCatalog.LogLoss.Name, Evaluate((l, s) => ProbabilityLosses.MulticlassLogLoss(l, s, numClasses), labels, scores));
        set.Add(ScoreMetricCatalog.Brier.Name, Evaluate((l, s) => ProbabilityLosses.MulticlassBrierScore(l, s, numClasses), labels, scores));
        foreach (var (k, info) in TopKs)
        {
            // top_k_accuracy_2 is always reported (the contract); larger k only where it can miss.
            if (k == 2 || numClasses > k) set.Add(info.Name, Evaluate((l, s) => MulticlassScoreMetrics.TopK(l, s, numClasses, k), labels, scores));
        }
        set.Add(ScoreMetricCatalog.ExpectedCalibrationError.Name,
            Evaluate((l, s) => CalibrationBins.TopClass(l, s, numClasses, BinaryScoreMetrics.DefaultBinCount).ExpectedCalibrationError, labels, scores));
    }

    internal static void AddMultilabelValidated<TLabel>(MetricSet set, ReadOnlySpan<TLabel> labels, ReadOnlySpan<float> scores, int numLabels)
        where TLabel : unmanaged, IBinaryInteger<TLabel>
    {
        var ranking = MultilabelRanking.Create(labels, scores, numLabels, perLabel: true, pooled: true);
        set.Add(ScoreMetricCatalog.RocAucMacro.Name, () => ranking.RocAuc(Average.Macro));
        set.Add(ScoreMetricCatalog.RocAucMicro.Name, () => ranking.RocAuc(Average.Micro));
        set.Add(ScoreMetricCatalog.RocAucWeighted.Name, () => ranking.RocAuc(Average.Weighted));
        set.Add(ScoreMetricCatalog.AveragePrecisionMacro.Name, () => ranking.AveragePrecision(Average.Macro));
        set.Add(ScoreMetricCatalog.AveragePrecisionMicro.Name, () => ranking.AveragePrecision(Average.Micro));
    }

    /// <summary>Runs a metric over spans now and hands <see cref="MetricSet.Add"/> its outcome (its delegate cannot capture spans).</summary>
    private static Func<double> Evaluate<TLabel>(SpanMetric<TLabel> metric, ReadOnlySpan<TLabel> labels, ReadOnlySpan<float> scores)
    {
        try
        {
            var value = metric(labels, scores);
            return () => value;
        }
        catch (UndefinedMetricException e)
        {
            var reason = e.Message;
            return () => throw new UndefinedMetricException(reason);
        }
    }
}
