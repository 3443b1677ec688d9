namespace Assay.Metrics.Ranking;

/// <summary>Neumaier's compensated summation: the sum of many doubles with an error independent of their count.</summary>
/// <remarks>NumPy sums pairwise (error growing with log n); a compensated sum stays within a few ulps of the exact sum, so the
/// two agree far inside the 1e-12 the tests allow, whatever order batches arrive in.</remarks>
internal struct CompensatedSum
{
    private double _sum;
    private double _compensation;

    public readonly double Value => _sum + _compensation;

    public void Add(double value)
    {
        var total = _sum + value;
        _compensation += Math.Abs(_sum) >= Math.Abs(value) ? _sum - total + value : value - total + _sum;
        _sum = total;
    }
}
