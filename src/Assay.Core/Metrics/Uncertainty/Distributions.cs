namespace Assay.Metrics.Uncertainty;

/// <summary>The few distribution functions the tests and intervals need, accurate to about 1e-15 relative.</summary>
/// <remarks>All rest on Q(½, x) = erfc(√x), the regularized upper incomplete gamma function of order ½, so no
/// log-gamma approximation is needed: Γ(½) = √π.</remarks>
internal static class Distributions
{
    private const double Tiny = 1e-300;
    private const double Tolerance = 4e-16;
    private const int MaxIterations = 1000;
    private static readonly double Rescale = Math.ScaleB(1.0, 600);

    /// <summary>Q(½, x) = erfc(√x) for x ≥ 0: 1 − <see cref="LowerGammaHalf"/> below x = 1.5, Lentz's continued fraction above (Numerical Recipes §6.2).</summary>
    public static double UpperGammaHalf(double x)
    {
        if (x <= 0) return 1;
        if (x < 1.5) return 1 - LowerGammaHalf(x);

        double b = x + 0.5, c = 1 / Tiny, d = 1 / b, h = d;
        for (var i = 1; i < MaxIterations; i++)
        {
            var an = -i * (i - 0.5);
            b += 2;
            d = an * d + b;
            if (Math.Abs(d) < Tiny) d = Tiny;
            c = b + an / c;
            if (Math.Abs(c) < Tiny) c = Tiny;
            d = 1 / d;
            var delta = d * c;
            h *= delta;
            if (Math.Abs(delta - 1) < Tolerance) break;
        }
        return Math.Exp(-x) * Math.Sqrt(x / Math.PI) * h;
    }

    /// <summary>P(½, x) = erf(√x) for x ≥ 0, with full relative precision for small x: its power series below x = 1.5.</summary>
    public static double LowerGammaHalf(double x)
    {
        if (x <= 0) return 0;
        if (x >= 1.5) return 1 - UpperGammaHalf(x);

        // P(½, x) = e^-x x^½ / Γ(½) Σ xⁿ / (½ (½+1) … (½+n)).
        double term = 2, sum = 2, denominator = 0.5;
        for (var n = 0; n < MaxIterations && Math.Abs(term) > Math.Abs(sum) * Tolerance; n++)
        {
            denominator += 1;
            term *= x / denominator;
            sum += term;
        }
        return sum * Math.Exp(-x) * Math.Sqrt(x / Math.PI);
    }

    /// <summary>Φ(z), the standard normal distribution function (scipy.special.ndtr).</summary>
    public static double NormalCdf(double z)
    {
        if (double.IsNaN(z)) return double.NaN;
        var tail = 0.5 * UpperGammaHalf(z * z / 2);
        return z < 0 ? tail : 1 - tail;
    }

    /// <summary>Φ⁻¹(p), the standard normal quantile (scipy.special.ndtri); ±∞ at 0 and 1.</summary>
    /// <remarks>Abramowitz and Stegun 26.2.23 (error below 4.5e-4) refined by Halley steps on <see cref="NormalCdf"/>,
    /// each of which cubes the relative error.</remarks>
    public static double NormalQuantile(double p)
    {
        if (double.IsNaN(p) || p < 0 || p > 1) return double.NaN;
        if (p == 0) return double.NegativeInfinity;
        if (p == 1) return double.PositiveInfinity;

        // Work in the lower tail, where Φ has full relative precision; 1 − p is exact for p ≥ ½.
        var q = p < 0.5 ? p : 1 - p;
        var t = Math.Sqrt(-2 * Math.Log(q));
        var x = -(t - (2.515517 + t * (0.802853 + t * 0.010328)) / (1 + t * (1.432788 + t * (0.189269 + t * 0.001308))));
        for (var i = 0; i < 4; i++)
        {
            // Near the centre Φ(x) − q loses the digits of a small x to the rounding of Φ(x) near ½, so there the
            // residual is formed as (Φ(x) − ½) − (q − ½) = sign(x) ½ P(½, x²/2) − (q − ½), both parts precise.
            var error = q >= 0.25 ? Math.CopySign(0.5 * LowerGammaHalf(x * x / 2), x) - (q - 0.5) : NormalCdf(x) - q;
            if (error == 0) break;
            var u = error * Math.Sqrt(2 * Math.PI) * Math.Exp(x * x / 2);
            x -= u / (1 + x * u / 2);
        }
        return p < 0.5 ? x : -x;
    }

    /// <summary>P(χ²₁ &gt; statistic), the survival function of chi-square with one degree of freedom (scipy.stats.chi2.sf(x, 1)).</summary>
    public static double ChiSquareOneDegreeSurvival(double statistic) => UpperGammaHalf(statistic / 2);

    /// <summary>P(X ≤ k) for X ~ Binomial(n, ½) (scipy.stats.binom.cdf(k, n, 0.5)).</summary>
    /// <remarks>Σⱼ≤ₖ C(n, j) 2⁻ⁿ summed upward with C(n, j + 1) = C(n, j) (n − j) / (j + 1): every term is an integer, so
    /// the result is exact while the terms and their sum stay below 2⁵³ (n up to about 50), within k roundings beyond.
    /// Terms and sum are rescaled together by 2⁻⁶⁰⁰ whenever they grow large, so nothing overflows for large n.</remarks>
    public static double BinomialHalfCdf(int k, int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        if (k < 0) return 0;
        if (k >= n) return 1;
        // Symmetry: P(X ≤ k) = 1 − P(X ≥ k + 1) = 1 − P(X ≤ n − k − 1); the terms then only grow along the sum.
        if (2L * k > n) return 1 - BinomialHalfCdf(n - k - 1, n);

        double term = 1, sum = 1;
        var exponent = 0;
        for (var j = 0; j < k; j++)
        {
            term = term * (n - j) / (j + 1);
            sum += term;
            if (term > Rescale)
            {
                term = Math.ScaleB(term, -600);
                sum = Math.ScaleB(sum, -600);
                exponent += 600;
            }
        }
        return Math.ScaleB(sum, exponent - n);
    }
}
