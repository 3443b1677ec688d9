namespace Assay.Metrics.Ranking;

/// <summary>Score-based metrics of a binary classifier: y_true in {0, 1}, score = float32 score or probability of class 1.</summary>
/// <remarks>
/// Each function equals the named scikit-learn 1.2.1 function given the same float32 arrays. Ranking metrics sort the
/// scores once (radix sort on order-preserving keys) and walk the distinct scores; tied scores form one threshold.
/// Invalid input throws <see cref="ArgumentException"/> naming the position: lengths differ, a label other than 0/1, a
/// NaN or infinite score, or (for the probability metrics) a probability outside [0, 1]. A metric without a value for the
/// input throws <see cref="UndefinedMetricException"/>.
/// </remarks>
public static class BinaryScoreMetrics
{
    public const int DefaultBinCount = 10;

    /// <summary>Area under the ROC curve: <c>roc_auc_score(y_true, score)</c>.</summary>
    /// <remarks>The trapezoid rule over the ROC points of the distinct scores, so ties count half: the probability that a
    /// random positive outscores a random negative, ties counting ½. In [0, 1]; 0.5 for constant scores. Undefined when
    /// y_true holds one class only (scikit-learn raises).</remarks>
    public static double RocAuc(ReadOnlySpan<int> yTrue, ReadOnlySpan<float> score)
    {
        InputChecks.Binary(yTrue, score, probabilities: false);
        return SortedBinaryScores.Create(yTrue, score).Summarize().RocAuc();
    }

    /// <summary>Average precision: <c>average_precision_score(y_true, score)</c>.</summary>
    /// <remarks>AP = Σ_j (R_j − R_{j−1})·P_j over the distinct scores from the top: a step-wise sum of precision at each
    /// recall increase, not the trapezoidal area under the precision–recall curve (which interpolates and is optimistic).
    /// In [0, 1]; equals the positive rate for constant scores. Undefined without positives (scikit-learn warns and
    /// returns 0).</remarks>
    public static double AveragePrecision(ReadOnlySpan<int> yTrue, ReadOnlySpan<float> score)
    {
        InputChecks.Binary(yTrue, score, probabilities: false);
        return SortedBinaryScores.Create(yTrue, score).Summarize().AveragePrecision();
    }

    /// <summary>Cross-entropy: <c>log_loss(y_true, probability, labels=[0, 1])</c> on float32 probabilities.</summary>
    /// <remarks>−(1/n) Σ log p(y_i), with scikit-learn 1.2.1's float32 path: p clipped to [ε, 1−ε] with ε = 2⁻²³ (eps="auto"
    /// is the input dtype's epsilon), then (1−p, p) renormalised by its float32 sum; the log in double. So probability 0 for
    /// a positive costs −log(2⁻²³) ≈ 15.942, not ∞. In [0, ≈15.95]; lower is better; defined for one class too.</remarks>
    public static double LogLoss(ReadOnlySpan<int> yTrue, ReadOnlySpan<float> probability)
    {
        InputChecks.Binary(yTrue, probability, probabilities: true);
        return ProbabilityLosses.BinaryLogLoss(yTrue, probability);
    }

    /// <summary>Brier score: <c>brier_score_loss(y_true, probability)</c>.</summary>
    /// <remarks>(1/n) Σ (y_i − p_i)², in double. In [0, 1]; lower is better.</remarks>
    public static double BrierScore(ReadOnlySpan<int> yTrue, ReadOnlySpan<float> probability)
    {
        InputChecks.Binary(yTrue, probability, probabilities: true);
        return ProbabilityLosses.BinaryBrierScore(yTrue, probability);
    }

    /// <summary>Expected calibration error over uniform bins of p(class 1) (not in scikit-learn).</summary>
    /// <remarks>ECE = Σ_b (n_b/n)·|fraction positive_b − mean predicted_b| over the bins of <see cref="CalibrationCurve"/>.
    /// In [0, 1]; lower is better.</remarks>
    public static double ExpectedCalibrationError(ReadOnlySpan<int> yTrue, ReadOnlySpan<float> probability, int binCount = DefaultBinCount) =>
        CalibrationCurve(yTrue, probability, binCount).ExpectedCalibrationError;

    /// <summary>The ROC curve: <c>roc_curve(y_true, score)</c> with drop_intermediate=True.</summary>
    public static RocCurve RocCurve(ReadOnlySpan<int> yTrue, ReadOnlySpan<float> score)
    {
        InputChecks.Binary(yTrue, score, probabilities: false);
        return SortedBinaryScores.Create(yTrue, score).RocCurve();
    }

    /// <summary>The precision–recall curve: <c>precision_recall_curve(y_true, score)</c>.</summary>
    public static PrecisionRecallCurve PrecisionRecallCurve(ReadOnlySpan<int> yTrue, ReadOnlySpan<float> score)
    {
        InputChecks.Binary(yTrue, score, probabilities: false);
        return SortedBinaryScores.Create(yTrue, score).PrecisionRecallCurve();
    }

    /// <summary>The reliability diagram: <c>calibration_curve(y_true, probability, n_bins=binCount, strategy="uniform")</c>.</summary>
    public static CalibrationCurve CalibrationCurve(ReadOnlySpan<int> yTrue, ReadOnlySpan<float> probability, int binCount = DefaultBinCount)
    {
        InputChecks.Binary(yTrue, probability, probabilities: true);
        return CalibrationBins.Binary(yTrue, probability, binCount);
    }
}
