using System.Numerics;

namespace Assay.Metrics.Ranking;

/// <summary>Score-based metrics of a K-class classifier: y_true in 0..K-1, scores an n×K row-major float32 matrix.</summary>
/// <remarks>
/// Each function equals the named scikit-learn 1.2.1 call given the same float32 arrays (labels=range(K) where scikit-learn
/// takes labels). Invalid input throws <see cref="ArgumentException"/> naming the row and class: a label outside 0..K-1, a
/// matrix that is not n×K, a NaN or infinite score, a probability outside [0, 1] where probabilities are required, rows not
/// summing to 1 for ROC-AUC. K is between 2 and 65,536.
/// </remarks>
public static class MulticlassScoreMetrics
{
    /// <summary>One-vs-rest ROC-AUC: <c>roc_auc_score(y_true, scores, multi_class="ovr", average=...)</c>.</summary>
    /// <remarks>
    /// Macro: the mean over classes c of the binary ROC-AUC of (y = c) scored by column c; weighted: the same weighted by
    /// class support; micro: one binary ROC-AUC over all n·K (y = c, score_c) pairs. Needs rows that sum to 1 (scikit-learn's
    /// np.allclose check, reproduced in float32) and every class present in y_true (scikit-learn raises otherwise, for micro
    /// too; here: undefined). In [0, 1].
    /// </remarks>
    public static double RocAucOneVsRest(ReadOnlySpan<int> yTrue, ReadOnlySpan<float> scores, int numClasses, Average average = Average.Macro)
    {
        if (average is not (Average.Macro or Average.Weighted or Average.Micro))
            throw new ArgumentOutOfRangeException(nameof(average), average, "one-vs-rest ROC-AUC averages macro, weighted or micro");
        InputChecks.Multiclass(yTrue, scores, numClasses, probabilities: false);
        InputChecks.RowsSumToOne(scores, numClasses);
        return average == Average.Micro
            ? OneVsRestMicro(yTrue, scores, numClasses).RocAuc()
            : MulticlassRanking.Create(yTrue, scores, numClasses).OneVsRestRocAuc(average);
    }

    /// <summary>One-vs-one ROC-AUC (Hand &amp; Till 2001): <c>roc_auc_score(y_true, scores, multi_class="ovo")</c>, macro.</summary>
    /// <remarks>
    /// M = 2/(K(K−1)) Σ_{a&lt;b} (A(a|b) + A(b|a))/2, where A(a|b) is the ROC-AUC of class a against class b, over the
    /// samples of those two classes, scored by column a. Needs rows that sum to 1 and every class present. In [0, 1].
    /// </remarks>
    public static double RocAucOneVsOne(ReadOnlySpan<int> yTrue, ReadOnlySpan<float> scores, int numClasses)
    {
        InputChecks.Multiclass(yTrue, scores, numClasses, probabilities: false);
        InputChecks.RowsSumToOne(scores, numClasses);
        return MulticlassRanking.Create(yTrue, scores, numClasses).OneVsOneRocAuc();
    }

    /// <summary>Mean one-vs-rest average precision: <c>average_precision_score(label_binarize(y_true, classes=range(K)), scores)</c>.</summary>
    /// <remarks>
    /// scikit-learn 1.2.1's average_precision_score rejects multiclass y_true, so the reference binarises it first. Each
    /// class's AP is the binary step-wise sum of (y = c) scored by column c. Rows need not sum to 1. Undefined when a class
    /// is absent from y_true (scikit-learn warns and counts that class as 0). In [0, 1].
    /// </remarks>
    public static double AveragePrecisionMacro(ReadOnlySpan<int> yTrue, ReadOnlySpan<float> scores, int numClasses)
    {
        InputChecks.Multiclass(yTrue, scores, numClasses, probabilities: false);
        return MulticlassRanking.Create(yTrue, scores, numClasses).AveragePrecisionMacro();
    }

    /// <summary>Cross-entropy: <c>log_loss(y_true, probabilities, labels=range(K))</c> on float32 probabilities.</summary>
    /// <remarks>−(1/n) Σ log p_i(y_i), with each row clipped to [ε, 1−ε] (ε = 2⁻²³, float32's epsilon, as eps="auto" picks)
    /// and divided by its float32 sum, exactly as scikit-learn 1.2.1 renormalises; rows need not sum to 1. In [0, ≈15.95].</remarks>
    public static double LogLoss(ReadOnlySpan<int> yTrue, ReadOnlySpan<float> probabilities, int numClasses)
    {
        InputChecks.Multiclass(yTrue, probabilities, numClasses, probabilities: true);
        return ProbabilityLosses.MulticlassLogLoss(yTrue, probabilities, numClasses);
    }

    /// <summary>Multiclass Brier score: (1/n) Σ_i Σ_k (p_ik − [y_i = k])² (scikit-learn 1.2.1 has none).</summary>
    /// <remarks>Rows are used as given (not renormalised). In [0, 2]; lower is better. For K = 2 it is twice the binary Brier
    /// score of class 1, the original definition (Brier 1950) rather than scikit-learn's binary one.</remarks>
    public static double BrierScore(ReadOnlySpan<int> yTrue, ReadOnlySpan<float> probabilities, int numClasses)
    {
        InputChecks.Multiclass(yTrue, probabilities, numClasses, probabilities: true);
        return ProbabilityLosses.MulticlassBrierScore(yTrue, probabilities, numClasses);
    }

    /// <summary>Top-k accuracy: <c>top_k_accuracy_score(y_true, scores, k=k, labels=range(K))</c>.</summary>
    /// <remarks>
    /// A sample is a hit when its true class is among the k best-scored. Ties follow scikit-learn 1.2.1, which ranks by a
    /// stable ascending argsort reversed: among equal scores the higher class index ranks first. So class y is a hit when
    /// #{j : s_j &gt; s_y} + #{j &gt; y : s_j = s_y} &lt; k. Scores need not be probabilities. In [0, 1]; 1 when k ≥ K.
    /// (scikit-learn itself raises when y_true happens to hold only two distinct classes; the definition does not change.)
    /// </remarks>
    public static double TopKAccuracy(ReadOnlySpan<int> yTrue, ReadOnlySpan<float> scores, int numClasses, int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        InputChecks.Multiclass(yTrue, scores, numClasses, probabilities: false);
        return TopK(yTrue, scores, numClasses, k);
    }

    /// <summary>Expected calibration error of the top-class confidence (not in scikit-learn).</summary>
    /// <remarks>confidence_i = max_k p_ik, hit_i = [argmax_k p_ik = y_i] with NumPy's argmax (first index on ties, unlike
    /// top-k's tie rule); ECE = Σ_b (n_b/n)·|accuracy_b − mean confidence_b| over <paramref name="binCount"/> uniform bins
    /// binned as <c>calibration_curve</c> bins. In [0, 1]; lower is better.</remarks>
    public static double ExpectedCalibrationError(ReadOnlySpan<int> yTrue, ReadOnlySpan<float> probabilities, int numClasses, int binCount = BinaryScoreMetrics.DefaultBinCount) =>
        ConfidenceCalibrationCurve(yTrue, probabilities, numClasses, binCount).ExpectedCalibrationError;

    /// <summary>The reliability diagram of the top-class confidence, the bins behind <see cref="ExpectedCalibrationError"/>.</summary>
    public static CalibrationCurve ConfidenceCalibrationCurve(ReadOnlySpan<int> yTrue, ReadOnlySpan<float> probabilities, int numClasses, int binCount = BinaryScoreMetrics.DefaultBinCount)
    {
        InputChecks.Multiclass(yTrue, probabilities, numClasses, probabilities: true);
        return CalibrationBins.TopClass(yTrue, probabilities, numClasses, binCount);
    }

    internal static double TopK<TLabel>(ReadOnlySpan<TLabel> labels, ReadOnlySpan<float> scores, int numClasses, int k)
        where TLabel : unmanaged, IBinaryInteger<TLabel>
    {
        if (labels.IsEmpty) throw new UndefinedMetricException(UndefinedReasons.NoSamples);
        long hits = 0;
        for (var r = 0; r < labels.Length; r++)
        {
            var row = scores.Slice(r * numClasses, numClasses);
            var label = int.CreateTruncating(labels[r]);
            var truth = row[label];
            var ahead = 0;
            for (var j = 0; j < numClasses; j++)
            {
                if (row[j] > truth || (row[j] == truth && j > label)) ahead++;
            }
            if (ahead < k) hits++;
        }
        return hits / (double)labels.Length;
    }

    internal static RankSums OneVsRestMicro<TLabel>(ReadOnlySpan<TLabel> labels, ReadOnlySpan<float> scores, int numClasses)
        where TLabel : unmanaged, IBinaryInteger<TLabel>
    {
        var indicators = new byte[scores.Length];
        var support = new long[numClasses];
        for (var r = 0; r < labels.Length; r++)
        {
            var label = int.CreateTruncating(labels[r]);
            indicators[r * numClasses + label] = 1;
            support[label]++;
        }
        // scikit-learn checks that y_true holds every class before it looks at the average.
        if (labels.Length > 0 && Array.IndexOf(support, 0L) is var absent and >= 0) throw new UndefinedMetricException(UndefinedReasons.ClassAbsent(absent));
        return SortedBinaryScores.Create<byte>(indicators, scores).Summarize();
    }
}
