namespace Assay.Metrics.Ranking;

/// <summary>Receives one point per distinct score, from the highest score down: how many positives and negatives share it.</summary>
internal interface IThresholdSink
{
    void Add(uint key, long positives, long negatives);
}

/// <summary>Merges ascending positive and negative keys from the top into one point per distinct score.</summary>
/// <remarks>Grouping ties is what makes every curve exact: each distinct score is one threshold, as in scikit-learn's
/// <c>_binary_clf_curve</c>, whatever order tied samples arrived in.</remarks>
internal static class ThresholdWalk
{
    public static void Descending<TSink>(ReadOnlySpan<uint> positives, ReadOnlySpan<uint> negatives, ref TSink sink)
        where TSink : struct, IThresholdSink
    {
        int i = positives.Length - 1, j = negatives.Length - 1;
        while (i >= 0 || j >= 0)
        {
            var key = i < 0 ? negatives[j] : j < 0 ? positives[i] : Math.Max(positives[i], negatives[j]);
            int positiveTop = i, negativeTop = j;
            while (i >= 0 && positives[i] == key) i--;
            while (j >= 0 && negatives[j] == key) j--;
            sink.Add(key, positiveTop - i, negativeTop - j);
        }
    }
}
