namespace Assay.Metrics.Classification;

/// <summary>Precision, recall, F-beta and Jaccard from one-vs-rest counts, and their averages, shared by single-label and multilabel metrics.</summary>
/// <remarks>
/// Mirrors scikit-learn 1.2.1's <c>precision_recall_fscore_support</c> and <c>jaccard_score</c> step by step, so results agree
/// to the last bits: a ratio with a zero denominator takes the <see cref="ZeroDivision"/> value first, and F-beta is then
/// computed from those already-resolved precision and recall.
/// </remarks>
internal static class SetWiseScores
{
    /// <summary>The value a ratio takes when its denominator is zero.</summary>
    public static double Value(ZeroDivision zeroDivision) => zeroDivision == ZeroDivision.One ? 1.0 : 0.0;

    public static double Divide(long numerator, long denominator, ZeroDivision zeroDivision) =>
        denominator == 0 ? Value(zeroDivision) : (double)numerator / denominator;

    /// <summary>scikit-learn's F-beta over resolved precision and recall: (1+β²)PR/(β²P+R), 0 when that denominator is 0, recall when β is +∞.</summary>
    public static double FBeta(double precision, double recall, double beta)
    {
        if (double.IsPositiveInfinity(beta)) return recall;
        var beta2 = beta * beta;
        var denominator = beta2 * precision + recall;
        if (denominator == 0) denominator = 1;
        return (1 + beta2) * precision * recall / denominator;
    }

    /// <exception cref="ArgumentOutOfRangeException">β is negative or NaN (+∞ is allowed and gives recall).</exception>
    public static void CheckBeta(double beta)
    {
        if (double.IsNaN(beta) || beta < 0) throw new ArgumentOutOfRangeException(nameof(beta), beta, "beta must be 0 or more");
    }

    public static double Precision(ClassCounts c, ZeroDivision zeroDivision) => Divide(c.TruePositives, c.Predicted, zeroDivision);

    public static double Recall(ClassCounts c, ZeroDivision zeroDivision) => Divide(c.TruePositives, c.Support, zeroDivision);

    public static double FBeta(ClassCounts c, double beta, ZeroDivision zeroDivision) =>
        FBeta(Precision(c, zeroDivision), Recall(c, zeroDivision), beta);

    public static double Jaccard(ClassCounts c, ZeroDivision zeroDivision) => Divide(c.TruePositives, c.Union, zeroDivision);

    public static double Precision(ReadOnlySpan<ClassCounts> counts, Average average, ZeroDivision zeroDivision) =>
        Combine(counts, average, c => Precision(c, zeroDivision),
            // scikit-learn: with no true examples at all, weighted precision is 0 unless nothing was predicted either.
            Sum(counts).Predicted == 0 ? Value(zeroDivision) : 0);

    public static double Recall(ReadOnlySpan<ClassCounts> counts, Average average, ZeroDivision zeroDivision) =>
        Combine(counts, average, c => Recall(c, zeroDivision), Value(zeroDivision));

    public static double FBeta(ReadOnlySpan<ClassCounts> counts, Average average, double beta, ZeroDivision zeroDivision) =>
        Combine(counts, average, c => FBeta(c, beta, zeroDivision), Sum(counts).Predicted == 0 ? Value(zeroDivision) : 0);

    // jaccard_score has no special case for zero total support: its weighted average falls back to the plain mean.
    public static double Jaccard(ReadOnlySpan<ClassCounts> counts, Average average, ZeroDivision zeroDivision) =>
        Combine(counts, average, c => Jaccard(c, zeroDivision), whenNoSupport: null);

    public static double[] PerClass(ReadOnlySpan<ClassCounts> counts, Func<ClassCounts, double> score)
    {
        var values = new double[counts.Length];
        for (var c = 0; c < counts.Length; c++) values[c] = score(counts[c]);
        return values;
    }

    public static ClassScores[] Rows(ReadOnlySpan<ClassCounts> counts, ZeroDivision zeroDivision)
    {
        var rows = new ClassScores[counts.Length];
        for (var c = 0; c < counts.Length; c++)
        {
            var precision = Precision(counts[c], zeroDivision);
            var recall = Recall(counts[c], zeroDivision);
            rows[c] = new ClassScores(c, precision, recall, FBeta(precision, recall, 1), counts[c].Support);
        }
        return rows;
    }

    public static ClassCounts Sum(ReadOnlySpan<ClassCounts> counts)
    {
        var total = default(ClassCounts);
        foreach (var c in counts) total += c;
        return total;
    }

    /// <param name="whenNoSupport">The weighted average when no class has a true example; null falls back to the unweighted mean.</param>
    private static double Combine(ReadOnlySpan<ClassCounts> counts, Average average, Func<ClassCounts, double> score, double? whenNoSupport)
    {
        switch (average)
        {
            case Average.Binary:
                if (counts.Length != 2) throw new ArgumentException($"average Binary needs exactly 2 classes (positive class 1), not {counts.Length}", nameof(average));
                return score(counts[1]);
            case Average.Micro:
                return score(Sum(counts));
            case Average.Macro:
                return Mean(counts, score);
            case Average.Weighted:
                long support = 0;
                var weighted = 0.0;
                foreach (var c in counts)
                {
                    support += c.Support;
                    weighted += score(c) * c.Support;
                }
                return support > 0 ? weighted / support : whenNoSupport ?? Mean(counts, score);
            default:
                throw new ArgumentException($"average {average} does not apply here", nameof(average));
        }
    }

    private static double Mean(ReadOnlySpan<ClassCounts> counts, Func<ClassCounts, double> score)
    {
        var sum = 0.0;
        foreach (var c in counts) sum += score(c);
        return sum / counts.Length;
    }
}
