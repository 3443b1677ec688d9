using System.Numerics;

namespace Assay.Metrics.Ranking;

/// <summary>Uniform reliability bins filled one (confidence, hit) pair at a time, as <c>calibration_curve</c> bins them.</summary>
internal sealed class CalibrationBins
{
    private readonly int _binCount;
    private readonly double _width;
    private readonly long[] _counts;
    private readonly long[] _hits;
    private readonly double[] _confidenceSums;

    public CalibrationBins(int binCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(binCount, 1);
        _binCount = binCount;
        _width = 1.0 / binCount;
        _counts = new long[binCount];
        _hits = new long[binCount];
        _confidenceSums = new double[binCount];
    }

    /// <summary>Bins a binary problem: confidence = p(class 1), hit = the sample is positive.</summary>
    public static CalibrationCurve Binary<TLabel>(ReadOnlySpan<TLabel> labels, ReadOnlySpan<float> probabilities, int binCount)
        where TLabel : unmanaged, IBinaryInteger<TLabel>
    {
        var bins = new CalibrationBins(binCount);
        for (var i = 0; i < probabilities.Length; i++) bins.Add(probabilities[i], !TLabel.IsZero(labels[i]));
        return bins.ToCurve();
    }

    /// <summary>Bins a multiclass problem: confidence = the top probability, hit = its class (the first, on ties) is the true one.</summary>
    public static CalibrationCurve TopClass<TLabel>(ReadOnlySpan<TLabel> labels, ReadOnlySpan<float> probabilities, int numClasses, int binCount)
        where TLabel : unmanaged, IBinaryInteger<TLabel>
    {
        var bins = new CalibrationBins(binCount);
        for (var r = 0; r < labels.Length; r++)
        {
            var row = probabilities.Slice(r * numClasses, numClasses);
            var top = 0;
            for (var k = 1; k < numClasses; k++)
            {
                if (row[k] > row[top]) top = k;
            }
            bins.Add(row[top], top == int.CreateTruncating(labels[r]));
        }
        return bins.ToCurve();
    }

    public void Add(float confidence, bool hit)
    {
        var bin = BinOf(confidence);
        _counts[bin]++;
        _hits[bin] += hit ? 1 : 0;
        _confidenceSums[bin] += confidence;
    }

    /// <summary>The non-empty bins and Σ_b (n_b/n)·|accuracy_b − confidence_b| over them.</summary>
    public CalibrationCurve ToCurve()
    {
        long total = 0;
        foreach (var count in _counts) total += count;
        if (total == 0) throw new UndefinedMetricException(UndefinedReasons.NoSamples);
        var bins = new List<CalibrationBin>();
        var error = 0.0;
        for (var b = 0; b < _binCount; b++)
        {
            var count = _counts[b];
            if (count == 0) continue;
            var meanPredicted = _confidenceSums[b] / count;
            var fractionPositive = _hits[b] / (double)count;
            bins.Add(new CalibrationBin(b, b * _width, b == _binCount - 1 ? 1.0 : (b + 1) * _width, count, meanPredicted, fractionPositive));
            error += count / (double)total * Math.Abs(fractionPositive - meanPredicted);
        }
        return new CalibrationCurve(bins, error);
    }

    /// <summary>numpy.searchsorted(linspace(0, 1, B+1)[1:-1], p): the number of inner edges i·(1/B) strictly below p.</summary>
    private int BinOf(double p)
    {
        var bin = Math.Clamp((int)(p * _binCount), 0, _binCount - 1);
        while (bin > 0 && bin * _width >= p) bin--;
        while (bin < _binCount - 1 && (bin + 1) * _width < p) bin++;
        return bin;
    }
}
