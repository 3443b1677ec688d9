using System.Numerics;

namespace Assay.Metrics.Ranking;

/// <summary>Every one-vs-rest and one-vs-one ranking of a multiclass score matrix, from one sort per class column.</summary>
/// <remarks>
/// Column a is sorted once with each sample's true class alongside. One walk from the top then gives class a's one-vs-rest
/// <see cref="RankSums"/> (positives: class a) and, per other class b, twice the Mann–Whitney U of class a over class b on
/// column a: the Hand &amp; Till half A(a|b). Memory: 12 bytes per row while sorting a column (key, class and their radix buffers), reused across columns.
/// </remarks>
internal sealed class MulticlassRanking
{
    /// <summary>Classes travel through the sort as 16-bit payloads.</summary>
    public const int MaxClasses = ushort.MaxValue + 1;

    private readonly int _numClasses;
    private readonly long[] _support;
    private readonly RankSums[] _oneVsRest;
    private readonly long[] _twiceAreaOverClass;

    private MulticlassRanking(int numClasses, long[] support, RankSums[] oneVsRest, long[] twiceAreaOverClass)
    {
        _numClasses = numClasses;
        _support = support;
        _oneVsRest = oneVsRest;
        _twiceAreaOverClass = twiceAreaOverClass;
    }

    /// <summary>Ranks validated labels (0..K-1) against a row-major n×K matrix of finite scores.</summary>
    public static MulticlassRanking Create<TLabel>(ReadOnlySpan<TLabel> labels, ReadOnlySpan<float> scores, int numClasses)
        where TLabel : unmanaged, IBinaryInteger<TLabel>
    {
        var n = labels.Length;
        var support = new long[numClasses];
        foreach (var label in labels) support[int.CreateTruncating(label)]++;

        var oneVsRest = new RankSums[numClasses];
        var twiceArea = new long[numClasses * numClasses];
        var keys = GC.AllocateUninitializedArray<uint>(n);
        var classes = GC.AllocateUninitializedArray<ushort>(n);
        var keyBuffer = GC.AllocateUninitializedArray<uint>(n);
        var classBuffer = GC.AllocateUninitializedArray<ushort>(n);
        for (var column = 0; column < numClasses; column++)
        {
            for (int i = 0, at = column; i < n; i++, at += numClasses)
            {
                keys[i] = ScoreKey.From(scores[at]);
                classes[i] = ushort.CreateTruncating(labels[i]);
            }
            var inBuffer = RadixSort.Sort(keys.AsSpan(), classes.AsSpan(), keyBuffer, classBuffer);
            var sums = new RankSums(support[column], n - support[column]);
            Walk(inBuffer ? keyBuffer : keys, inBuffer ? classBuffer : classes, column, ref sums, twiceArea.AsSpan(column * numClasses, numClasses));
            oneVsRest[column] = sums;
        }
        return new MulticlassRanking(numClasses, support, oneVsRest, twiceArea);
    }

    /// <summary>One-vs-rest ROC-AUC averaged over classes: plain mean (macro) or weighted by support (weighted).</summary>
    public double OneVsRestRocAuc(Average average)
    {
        RequireEveryClass();
        var sum = 0.0;
        long weights = 0;
        for (var c = 0; c < _numClasses; c++)
        {
            var weight = average == Average.Weighted ? _support[c] : 1;
            sum += _oneVsRest[c].RocAuc() * weight;
            weights += weight;
        }
        return sum / weights;
    }

    /// <summary>Hand &amp; Till's M: the mean over class pairs of (A(a|b) + A(b|a)) / 2.</summary>
    public double OneVsOneRocAuc()
    {
        RequireEveryClass();
        var sum = 0.0;
        var pairs = 0;
        for (var a = 0; a < _numClasses; a++)
        {
            for (var b = a + 1; b < _numClasses; b++)
            {
                var pairCount = 2.0 * _support[a] * _support[b];
                sum += (_twiceAreaOverClass[a * _numClasses + b] / pairCount + _twiceAreaOverClass[b * _numClasses + a] / pairCount) / 2;
                pairs++;
            }
        }
        return sum / pairs;
    }

    /// <summary>Mean over classes of one-vs-rest average precision.</summary>
    public double AveragePrecisionMacro()
    {
        RequireEveryClass();
        var sum = 0.0;
        for (var c = 0; c < _numClasses; c++) sum += _oneVsRest[c].AveragePrecision();
        return sum / _numClasses;
    }

    private void RequireEveryClass()
    {
        if (_oneVsRest[0].Positives + _oneVsRest[0].Negatives == 0)
            throw new UndefinedMetricException(UndefinedReasons.NoSamples);
        for (var c = 0; c < _numClasses; c++)
        {
            if (_support[c] == 0) throw new UndefinedMetricException(UndefinedReasons.ClassAbsent(c));
        }
    }

    private static void Walk(ReadOnlySpan<uint> keys, ReadOnlySpan<ushort> classes, int positiveClass, ref RankSums sums, Span<long> twiceAreaOverClass)
    {
        long positivesAbove = 0;
        var i = keys.Length - 1;
        while (i >= 0)
        {
            var key = keys[i];
            var top = i;
            long positives = 0;
            do
            {
                positives += classes[i] == positiveClass ? 1 : 0;
                i--;
            }
            while (i >= 0 && keys[i] == key);

            // Each negative of class b at this score ranks below every positive above it and ties with the positives here.
            for (var j = i + 1; j <= top; j++)
            {
                if (classes[j] != positiveClass) twiceAreaOverClass[classes[j]] += 2 * positivesAbove + positives;
            }
            sums.Add(key, positives, top - i - positives);
            positivesAbove += positives;
        }
    }
}
