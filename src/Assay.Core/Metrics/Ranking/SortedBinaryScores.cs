using System.Numerics;

namespace Assay.Metrics.Ranking;

/// <summary>Binary scores sorted once, ascending, with their labels: every ranking metric and curve is one walk over them.</summary>
/// <remarks>Memory: 10 bytes per sample while sorting (keys, labels and their radix buffers), 5 bytes kept.</remarks>
internal sealed class SortedBinaryScores
{
    private readonly uint[] _keys;
    private readonly byte[] _labels;

    private SortedBinaryScores(uint[] keys, byte[] labels, long positives)
    {
        _keys = keys;
        _labels = labels;
        Positives = positives;
    }

    public long Positives { get; }

    public long Negatives => _keys.Length - Positives;

    /// <summary>Sorts column <paramref name="column"/> of row-major (score, label) matrices with <paramref name="columns"/> columns.</summary>
    /// <remarks>Labels must already be 0 or 1 and scores finite.</remarks>
    public static SortedBinaryScores Create<TLabel>(ReadOnlySpan<TLabel> labels, ReadOnlySpan<float> scores, int column = 0, int columns = 1)
        where TLabel : unmanaged, IBinaryInteger<TLabel>
    {
        var n = scores.Length / columns;
        var keys = GC.AllocateUninitializedArray<uint>(n);
        var sortedLabels = GC.AllocateUninitializedArray<byte>(n);
        Span<int> histogram = stackalloc int[RadixSort.HistogramLength];
        long positives = 0;
        if (columns == 1)
        {
            for (var i = 0; i < n; i++)
            {
                var key = ScoreKey.From(scores[i]);
                var label = byte.CreateTruncating(labels[i]);
                keys[i] = key;
                sortedLabels[i] = label;
                positives += label;
                RadixSort.Count(histogram, key);
            }
        }
        else
        {
            for (int i = 0, at = column; i < n; i++, at += columns)
            {
                var key = ScoreKey.From(scores[at]);
                var label = byte.CreateTruncating(labels[at]);
                keys[i] = key;
                sortedLabels[i] = label;
                positives += label;
                RadixSort.Count(histogram, key);
            }
        }

        var keyBuffer = GC.AllocateUninitializedArray<uint>(n);
        var labelBuffer = GC.AllocateUninitializedArray<byte>(n);
        return RadixSort.Sort(keys.AsSpan(), sortedLabels.AsSpan(), keyBuffer, labelBuffer, histogram)
            ? new SortedBinaryScores(keyBuffer, labelBuffer, positives)
            : new SortedBinaryScores(keys, sortedLabels, positives);
    }

    public RankSums Summarize()
    {
        var sums = new RankSums(Positives, Negatives);
        ThresholdWalk.Descending(_keys, _labels, ref sums);
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
        ThresholdWalk.Descending(_keys, _labels, ref points);
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
