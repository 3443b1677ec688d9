namespace Assay.Metrics;

/// <summary>A running sum with Neumaier's compensation: the rounding error of each addition is kept and added back.</summary>
/// <remarks>The error stays near one rounding of the final value, independent of the number of terms and of the order
/// batches arrive in, where plain summation can lose up to n roundings (MAPE mixes terms of 1e15 from zero targets with
/// terms of 1e-3; NumPy's pairwise sums, which the references use, err by up to log n roundings).</remarks>
internal struct CompensatedSum
{
    private double _sum;
    private double _compensation;

    public readonly double Value => _sum + _compensation;

    public void Add(double value)
    {
        var total = _sum + value;
        _compensation += Math.Abs(_sum) >= Math.Abs(value) ? (_sum - total) + value : (value - total) + _sum;
        _sum = total;
    }

    public void Add(CompensatedSum other)
    {
        Add(other._sum);
        Add(other._compensation);
    }
}
