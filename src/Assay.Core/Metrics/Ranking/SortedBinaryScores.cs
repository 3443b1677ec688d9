using System.Numerics;

namespace Assay.Metrics.Ranking;

/// <summary>Binary scores sorted once, positives and negatives apart, ascending: every ranking metric and curve merges the two.</summary>
/// <remarks>
/// Splitting by label carries the label without moving it: the sort moves 4-byte keys only, and the merge walk reads the
/// label off which side a key came from. Memory: 8 bytes per sample, the keys and the radix
/// buffer (each side's result may end in either).
/// </remarks>
internal sealed class SortedBinaryScores
{
    private readonly ReadOnlyMemory<uint> _positives;
    private readonly ReadOnlyMemory<uint> _negatives;

    private SortedBinaryScores(ReadOnlyMemory<uint> positives, ReadOnlyMemory<uint> negatives)
    {
        _positives = positives;
        _negatives = negatives;
    }

    public long Positives => _positives.Length;

    public long Negatives => _negatives.Length;

    /// <summary>Sorts column <paramref name="column"/> of row-major (label, score) matrices with <paramref name="columns"/> columns.</summary>
    /// <remarks>Labels must already be 0 or 1 and scores finite.</remarks>
    public static SortedBinaryScores Create<TLabel>(ReadOnlySpan<TLabel> labels, ReadOnlySpan<float> scores, int column = 0, int columns = 1)
        where TLabel : unmanaged, IBinaryInteger<TLabel>
    {
        var n = scores.Length / columns;
        var positives = 0;
        for (int i = 0, at = column; i < n; i++, at += columns) positives += int.CreateTruncating(labels[at]);

        // Positives fill [0, P), negatives [P, n). The slot is chosen arithmetically: a branch on a coin-flip label would
        // mispredict half the time.
        var keys = GC.AllocateUninitializedArray<uint>(n);
        int nextPositive = 0, nextNegative = positives;
        for (int i = 0, at = column; i < n; i++, at += columns)
        {
            var label = int.CreateTruncating(labels[at]);
            keys[nextNegative + ((nextPositive - nextNegative) & -label)] = ScoreKey.From(scores[at]);
            nextPositive += label;
            nextNegative += 1 - label;
        }

        var buffer = GC.AllocateUninitializedArray<uint>(n);
        var positivesInBuffer = RadixSort.Sort(keys.AsSpan(0, positives), buffer.AsSpan(0, positives));
        var negativesInBuffer = RadixSort.Sort(keys.AsSpan(positives), buffer.AsSpan(positives));
        return new SortedBinaryScores(
            new ReadOnlyMemory<uint>(positivesInBuffer ? buffer : keys, 0, positives),
            new ReadOnlyMemory<uint>(negativesInBuffer ? buffer : keys, positives, n - positives));
    }

    /// <summary>ROC-AUC and average precision sums from one merge of the two sorted sides, from the top.</summary>
    /// <remarks>Runs of negatives between two positive scores are counted, not visited one group at a time: the walk's cost
    /// is dominated by the positives' tie groups.</remarks>
    public RankSums Summarize()
    {
        var positives = _positives.Span;
        var negatives = _negatives.Span;
        var sums = new RankSums(positives.Length, negatives.Length);
        int i = positives.Length - 1, j = negatives.Length - 1;
        while (i >= 0)
        {
            var key = positives[i];
            var negativeTop = j;
            while (j >= 0 && negatives[j] > key) j--;
            sums.AddNegatives(negativeTop - j);

            int positiveTop = i;
            negativeTop = j;
            do i--;
            while (i >= 0 && positives[i] == key);
            while (j >= 0 && negatives[j] == key) j--;
            sums.Add(key, positiveTop - i, negativeTop - j);
        }
        sums.AddNegatives(j + 1);
        return sums;
    }

    public RocCurve RocCurve()
    {
        RankSums.UndefinedIfSingleClass(Positives, Negatives);
        var points = Points();
        var m = points.Keys.Count;
        var keep = new List<int>(m);
        for (var i = 0; i < m; i++)
        {
            // scikit-learn keeps a point unless the second differences of both fp and tp vanish there (a straight segment).
            if (i == 0 || i == m - 1
                || points.FalsePositives[i - 1] - 2 * points.FalsePositives[i] + points.FalsePositives[i + 1] != 0
                || points.TruePositives[i - 1] - 2 * points.TruePositives[i] + points.TruePositives[i + 1] != 0)
                keep.Add(i);
        }

        var fpr = new double[keep.Count + 1];
        var tpr = new double[keep.Count + 1];
        var thresholds = new float[keep.Count + 1];
        thresholds[0] = (float)(ScoreKey.ToScore(points.Keys[0]) + 1.0);
        for (var j = 0; j < keep.Count; j++)
        {
            var i = keep[j];
            fpr[j + 1] = points.FalsePositives[i] / (double)Negatives;
            tpr[j + 1] = points.TruePositives[i] / (double)Positives;
            thresholds[j + 1] = ScoreKey.ToScore(points.Keys[i]);
        }
        return new RocCurve(fpr, tpr, thresholds);
    }

    public PrecisionRecallCurve PrecisionRecallCurve()
    {
        if (Positives + Negatives == 0) throw new UndefinedMetricException(UndefinedReasons.NoSamples);
        if (Positives == 0) throw new UndefinedMetricException(UndefinedReasons.NoPositives);
        var points = Points();
        var m = points.Keys.Count;
        var precision = new double[m + 1];
        var recall = new double[m + 1];
        var thresholds = new float[m];
        for (var i = 0; i < m; i++)
        {
            // scikit-learn lists thresholds ascending, so the walk's first (highest) point goes last.
            var at = m - 1 - i;
            long tp = points.TruePositives[i], fp = points.FalsePositives[i];
            precision[at] = tp / (double)(tp + fp);
            recall[at] = tp / (double)Positives;
            thresholds[at] = ScoreKey.ToScore(points.Keys[i]);
        }
        precision[m] = 1;
        recall[m] = 0;
        return new PrecisionRecallCurve(precision, recall, thresholds);
    }

    private CurvePoints Points()
    {
        var points = new CurvePoints();
        ThresholdWalk.Descending(_positives.Span, _negatives.Span, ref points);
        return points;
    }

    /// <summary>Cumulative (fp, tp) at every distinct score, highest score first, as scikit-learn's <c>_binary_clf_curve</c>.</summary>
    private struct CurvePoints() : IThresholdSink
    {
        private long _truePositives;
        private long _falsePositives;

        public List<uint> Keys { get; } = [];

        public List<long> TruePositives { get; } = [];

        public List<long> FalsePositives { get; } = [];

        public void Add(uint key, long positives, long negatives)
        {
            _truePositives += positives;
            _falsePositives += negatives;
            Keys.Add(key);
            TruePositives.Add(_truePositives);
            FalsePositives.Add(_falsePositives);
        }
    }
}
