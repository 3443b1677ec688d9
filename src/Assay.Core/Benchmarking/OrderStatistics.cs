namespace Assay.Benchmarking;

/// <summary>Distribution-free confidence bounds on percentiles from order statistics (binomial counting).</summary>
/// <remarks>
/// If X is the number of n samples at or below the true p-quantile q, then X ~ Binomial(n, p). The k-th smallest sample
/// x_(k) (1-based) exceeds q exactly when X &lt; k, so P(q &lt;= x_(k)) = P(X &lt;= k - 1) = F(k - 1). An upper bound at
/// confidence c is the smallest k with F(k - 1) &gt;= c (MLPerf LoadGen's early-stopping rule); a two-sided interval at
/// confidence c takes the largest l with F(l - 1) &lt;= (1 - c)/2 and the smallest u with F(u - 1) &gt;= (1 + c)/2.
/// A bound that would need an order statistic beyond the sample does not exist yet: more samples are needed.
/// </remarks>
public static class OrderStatistics
{
    /// <summary>1-based index k of the order statistic that bounds the <paramref name="quantile"/> from above at <paramref name="confidence"/>, or null.</summary>
    public static int? UpperBoundIndex(int n, double quantile, double confidence)
    {
        Check(n, quantile, confidence);
        var cdf = BinomialCdf(n, quantile);
        for (var k = 1; k <= n; k++)
        {
            if (cdf[k - 1] >= confidence) return k;
        }
        return null;
    }

    /// <summary>1-based indices (lower, upper) of a two-sided interval for the <paramref name="quantile"/>; either may be null when the sample is too small.</summary>
    public static (int? Lower, int? Upper) IntervalIndices(int n, double quantile, double confidence)
    {
        Check(n, quantile, confidence);
        var cdf = BinomialCdf(n, quantile);
        var alpha = (1 - confidence) / 2;
        int? lower = null;
        for (var l = 1; l <= n; l++)
        {
            if (cdf[l - 1] <= alpha) lower = l;
            else break;
        }
        int? upper = null;
        for (var u = 1; u <= n; u++)
        {
            if (cdf[u - 1] >= 1 - alpha)
            {
                upper = u;
                break;
            }
        }
        return (lower, upper);
    }

    /// <summary>The fewest samples for which an upper bound on the <paramref name="quantile"/> exists at <paramref name="confidence"/>: the smallest n with 1 - q^n &gt;= c.</summary>
    public static int MinimumSamplesForUpperBound(double quantile, double confidence)
    {
        Check(1, quantile, confidence);
        return (int)Math.Ceiling(Math.Log(1 - confidence) / Math.Log(quantile) - 1e-12);
    }

    /// <summary>F(k) = P(Binomial(n, p) &lt;= k) for k = 0..n, computed in log space so large n does not underflow.</summary>
    public static double[] BinomialCdf(int n, double p)
    {
        var cdf = new double[n + 1];
        var logP = Math.Log(p);
        var logQ = double.LogP1(-p);
        var logPmf = n * logQ;
        var logCdf = logPmf;
        cdf[0] = Math.Exp(logCdf);
        for (var k = 0; k < n; k++)
        {
            logPmf += Math.Log(n - k) - Math.Log(k + 1) + logP - logQ;
            logCdf = LogAdd(logCdf, logPmf);
            cdf[k + 1] = Math.Min(1, Math.Exp(logCdf));
        }
        return cdf;
    }

    private static double LogAdd(double a, double b) => a > b ? a + double.LogP1(Math.Exp(b - a)) : b + double.LogP1(Math.Exp(a - b));

    private static void Check(int n, double quantile, double confidence)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        if (quantile is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(quantile), quantile, "expected a quantile strictly between 0 and 1");
        if (confidence is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(confidence), confidence, "expected a confidence strictly between 0 and 1");
    }
}
