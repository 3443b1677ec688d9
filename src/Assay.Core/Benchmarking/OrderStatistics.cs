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
        var window = CdfWindow.Of(n, quantile);
        var k = window.FirstAtLeast(confidence);
        return k is { } j && j < n ? j + 1 : null;
    }

    /// <summary>1-based indices (lower, upper) of a two-sided interval for the <paramref name="quantile"/>; either may be null when the sample is too small.</summary>
    public static (int? Lower, int? Upper) IntervalIndices(int n, double quantile, double confidence)
    {
        Check(n, quantile, confidence);
        var window = CdfWindow.Of(n, quantile);
        var alpha = (1 - confidence) / 2;
        // Largest l with F(l - 1) <= alpha: one past the last k with F(k) <= alpha.
        var lastAtMost = window.LastAtMost(alpha);
        int? lower = lastAtMost is { } k && k + 1 <= n ? k + 1 : null;
        var first = window.FirstAtLeast(1 - alpha);
        int? upper = first is { } j && j < n ? j + 1 : null;
        return (lower, upper);
    }

    /// <summary>The fewest samples for which an upper bound on the <paramref name="quantile"/> exists at <paramref name="confidence"/>: the smallest n with 1 - q^n &gt;= c.</summary>
    public static int MinimumSamplesForUpperBound(double quantile, double confidence)
    {
        Check(1, quantile, confidence);
        return (int)Math.Ceiling(Math.Log(1 - confidence) / Math.Log(quantile) - 1e-12);
    }

    /// <summary>F(k) = P(Binomial(n, p) &lt;= k) for k = 0..n.</summary>
    public static double[] BinomialCdf(int n, double p)
    {
        var window = CdfWindow.Of(n, p);
        var cdf = new double[n + 1];
        for (var k = 0; k <= n; k++) cdf[k] = window.At(k);
        return cdf;
    }

    /// <summary>The binomial CDF where it is neither 0 nor 1 to double precision: a window of O(√n) around the mean.</summary>
    /// <remarks>The pmf is computed at the mode from log-factorials, then outward by the ratio
    /// pmf(k+1)/pmf(k) = (n-k)/(k+1) · p/(1-p) until it falls below 1e-300 of the mode; outside the window the CDF is 0
    /// below and 1 above (the neglected mass is below 1e-290). Cost O(√n) instead of O(n) per call.</remarks>
    private sealed class CdfWindow
    {
        private readonly int _start;
        private readonly double[] _cdf;

        private CdfWindow(int start, double[] cdf)
        {
            _start = start;
            _cdf = cdf;
        }

        public static CdfWindow Of(int n, double p)
        {
            var mode = (int)Math.Clamp(Math.Floor((n + 1) * p), 0, n);
            var ratio = p / (1 - p);
            var below = new List<double>();
            var above = new List<double>();
            // Relative to pmf(mode) = 1; scaled back with the true pmf(mode) below.
            for (double value = 1, k = mode; k > 0;)
            {
                value *= k / ((n - k + 1) * ratio);
                k--;
                if (value < 1e-300) break;
                below.Add(value);
            }
            for (double value = 1, k = mode; k < n;)
            {
                value *= (n - k) / (k + 1) * ratio;
                k++;
                if (value < 1e-300) break;
                above.Add(value);
            }
            var start = mode - below.Count;
            var pmf = new double[below.Count + 1 + above.Count];
            for (var i = 0; i < below.Count; i++) pmf[below.Count - 1 - i] = below[i];
            pmf[below.Count] = 1;
            for (var i = 0; i < above.Count; i++) pmf[below.Count + 1 + i] = above[i];
            var scale = Math.Exp(LogBinomialPmf(n, mode, p));
            var cdf = new double[pmf.Length];
            var sum = 0.0;
            for (var i = 0; i < pmf.Length; i++)
            {
                sum += pmf[i] * scale;
                cdf[i] = Math.Min(1, sum);
            }
            if (start + cdf.Length - 1 == n) cdf[^1] = 1;
            return new CdfWindow(start, cdf);
        }

        public double At(int k) => k < _start ? 0 : k - _start >= _cdf.Length ? 1 : _cdf[k - _start];

        /// <summary>Smallest k with F(k) &gt;= level, or null if none below n + 1.</summary>
        public int? FirstAtLeast(double level)
        {
            if (level <= 0) return 0;
            for (var i = 0; i < _cdf.Length; i++)
            {
                if (_cdf[i] >= level) return _start + i;
            }
            return _start + _cdf.Length;
        }

        /// <summary>Largest k with F(k) &lt;= level, or null when F(0) already exceeds it.</summary>
        public int? LastAtMost(double level)
        {
            if (At(0) > level) return null;
            int? last = _start > 0 ? _start - 1 : null;
            for (var i = 0; i < _cdf.Length; i++)
            {
                if (_cdf[i] <= level) last = _start + i;
                else break;
            }
            return last;
        }
    }

    /// <summary>ln P(Binomial(n, p) = k) from log-factorials.</summary>
    private static double LogBinomialPmf(int n, int k, double p) =>
        LogFactorial(n) - LogFactorial(k) - LogFactorial(n - k) + (k == 0 ? 0 : k * Math.Log(p)) + (n - k == 0 ? 0 : (n - k) * double.LogP1(-p));

    /// <summary>ln k!: exact summation below 256, Stirling's series above (error below 1e-15 relative).</summary>
    private static double LogFactorial(int k)
    {
        if (k < 256)
        {
            var sum = 0.0;
            for (var i = 2; i <= k; i++) sum += Math.Log(i);
            return sum;
        }
        double x = k, x2 = x * x;
        return x * Math.Log(x) - x + 0.5 * Math.Log(2 * Math.PI * x) + 1 / (12 * x) - 1 / (360 * x * x2) + 1 / (1260 * x2 * x2 * x);
    }

    private static void Check(int n, double quantile, double confidence)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        if (quantile is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(quantile), quantile, "expected a quantile strictly between 0 and 1");
        if (confidence is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(confidence), confidence, "expected a confidence strictly between 0 and 1");
    }
}
