namespace Assay.Metrics.Ranking;

/// <summary>Score-based metrics of a multilabel classifier: y_true an n×L row-major 0/1 matrix, scores n×L float32.</summary>
/// <remarks>
/// Each function equals scikit-learn 1.2.1 given the same arrays. Macro: the mean over labels of the binary metric of
/// column j; weighted: the same weighted by label support (positives); micro: one binary metric over all n·L cells.
/// Invalid input throws <see cref="ArgumentException"/> naming the row and label.
/// </remarks>
public static class MultilabelScoreMetrics
{
    /// <summary>ROC-AUC: <c>roc_auc_score(y_true, scores, average=...)</c> with macro, weighted or micro averaging.</summary>
    /// <remarks>Macro and weighted are undefined when any label is all-positive or all-negative (scikit-learn raises for the
    /// first such label, even one whose weight would be 0); micro when all cells share one class. In [0, 1].</remarks>
    public static double RocAuc(ReadOnlySpan<int> yTrue, ReadOnlySpan<float> scores, int numLabels, Average average = Average.Macro)
    {
        RequireAverage(average);
        InputChecks.Multilabel(yTrue, scores, numLabels, probabilities: false);
        return MultilabelRanking.Create(yTrue, scores, numLabels, perLabel: average != Average.Micro, pooled: average == Average.Micro).RocAuc(average);
    }

    /// <summary>Average precision: <c>average_precision_score(y_true, scores, average=...)</c> with macro, weighted or micro averaging.</summary>
    /// <remarks>Step-wise (not trapezoidal) per label. Macro is undefined when a label has no positives (scikit-learn warns
    /// and counts it as 0); weighted gives such labels weight 0, as scikit-learn does; micro and weighted are undefined
    /// without any positive cell (scikit-learn returns 0). In [0, 1].</remarks>
    public static double AveragePrecision(ReadOnlySpan<int> yTrue, ReadOnlySpan<float> scores, int numLabels, Average average = Average.Macro)
    {
        RequireAverage(average);
        InputChecks.Multilabel(yTrue, scores, numLabels, probabilities: false);
        return MultilabelRanking.Create(yTrue, scores, numLabels, perLabel: average != Average.Micro, pooled: average == Average.Micro).AveragePrecision(average);
    }

    private static void RequireAverage(Average average)
    {
        if (average is not (Average.Macro or Average.Weighted or Average.Micro))
            throw new ArgumentOutOfRangeException(nameof(average), average, "multilabel scores average macro, weighted or micro");
    }
}
