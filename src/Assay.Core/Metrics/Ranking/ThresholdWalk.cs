namespace Assay.Metrics.Ranking;

/// <summary>Receives one point per distinct score, from the highest score down: how many positives and negatives share it.</summary>
internal interface IThresholdSink
{
    void Add(uint key, long positives, long negatives);
}

/// <summary>Walks keys sorted ascending, with 0/1 labels alongside, from the top, grouping equal scores.</summary>
/// <remarks>Grouping ties is what makes every curve exact: each distinct score is one threshold, as in scikit-learn's
/// <c>_binary_clf_curve</c>, whatever order tied samples arrived in.</remarks>
internal static class ThresholdWalk
{
    public static void Descending<TSink>(ReadOnlySpan<uint> keys, ReadOnlySpan<byte> labels, ref TSink sink)
        where TSink : struct, IThresholdSink
    {
        var i = keys.Length - 1;
        while (i >= 0)
        {
            var key = keys[i];
            var top = i;
            long positives = 0;
            do
            {
                positives += labels[i];
                i--;
            }
            while (i >= 0 && keys[i] == key);
            sink.Add(key, positives, top - i - positives);
        }
    }
}
