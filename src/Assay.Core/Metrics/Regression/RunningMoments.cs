namespace Assay.Metrics.Regression;

/// <summary>Count, mean and sum of squared deviations of a stream of values, updated one value or one shard at a time.</summary>
/// <remarks>
/// Welford's update and Chan et al.'s merge, with the mean kept as an unevaluated sum of two doubles. A single double
/// cannot hold the mean of values near 1e9 closer than 6e-8, and plain Welford turns that error into a relative
/// error of 1e-8 in the variance of 1e9 + N(0, 1) data; with the two-double mean the sum of squared deviations is
/// within a few roundings of the exact value. Constant data gives a sum of squared deviations of exactly 0, and
/// non-constant data a positive one: every increment is a product of two numbers of the same sign.
/// </remarks>
internal sealed class RunningMoments
{
    private double _meanHigh;
    private double _meanLow;
    private CompensatedSum _squaredDeviations;

    public long Count { get; private set; }

    public double Mean => _meanHigh + _meanLow;

    /// <summary>Σ (x − mean)², the numerator of the population and sample variances.</summary>
    public double SumOfSquaredDeviations => _squaredDeviations.Value;

    public void Add(double value)
    {
        Count++;
        var delta = (value - _meanHigh) - _meanLow;
        var (high, low) = TwoSum(_meanHigh, delta / Count);
        (_meanHigh, _meanLow) = TwoSum(high, low + _meanLow);
        var deltaAfter = (value - _meanHigh) - _meanLow;
        _squaredDeviations.Add(delta * deltaAfter);
    }

    public void Merge(RunningMoments other)
    {
        if (other.Count == 0) return;
        if (Count == 0)
        {
            (Count, _meanHigh, _meanLow, _squaredDeviations) = (other.Count, other._meanHigh, other._meanLow, other._squaredDeviations);
            return;
        }

        var count = Count + other.Count;
        var delta = (other._meanHigh - _meanHigh) + (other._meanLow - _meanLow);
        var (high, low) = TwoSum(_meanHigh, delta * other.Count / count);
        (_meanHigh, _meanLow) = TwoSum(high, low + _meanLow);
        _squaredDeviations.Add(other._squaredDeviations);
        _squaredDeviations.Add(delta * delta * ((double)Count * other.Count / count));
        Count = count;
    }

    public void Reset()
    {
        Count = 0;
        _meanHigh = 0;
        _meanLow = 0;
        _squaredDeviations = default;
    }

    /// <summary>Knuth's error-free sum: high + low equals a + b exactly.</summary>
    private static (double High, double Low) TwoSum(double a, double b)
    {
        var high = a + b;
        var bVirtual = high - a;
        return (high, (a - (high - bVirtual)) + (b - bVirtual));
    }
}
