using Assay.Metrics.Uncertainty;

namespace Assay.Core.Tests.Metrics.Uncertainty;

public class DistributionsTests
{
    [Fact]
    public void Normal_cdf_matches_scipy_ndtr()
    {
        foreach (var c in UncertaintyReference.Section("normal"))
            UncertaintyReference.AssertRelative(c.GetProperty("ndtr").GetDouble(), Distributions.NormalCdf(c.GetProperty("x").GetDouble()), 1e-13, $"ndtr({c.GetProperty("x")})");
    }

    [Fact]
    public void Normal_quantile_matches_scipy_ndtri()
    {
        foreach (var c in UncertaintyReference.Section("normal_quantile"))
        {
            var expected = c.GetProperty("ndtri").GetDouble();
            var actual = Distributions.NormalQuantile(c.GetProperty("p").GetDouble());
            if (expected == 0) Assert.Equal(0, actual, 1e-15);
            else UncertaintyReference.AssertRelative(expected, actual, 1e-13, $"ndtri({c.GetProperty("p")})");
        }
        Assert.Equal(double.NegativeInfinity, Distributions.NormalQuantile(0));
        Assert.Equal(double.PositiveInfinity, Distributions.NormalQuantile(1));
    }

    [Fact]
    public void Chi_square_survival_matches_scipy()
    {
        foreach (var c in UncertaintyReference.Section("chi2_sf"))
            UncertaintyReference.AssertRelative(c.GetProperty("sf").GetDouble(), Distributions.ChiSquareOneDegreeSurvival(c.GetProperty("x").GetDouble()), 1e-13, $"chi2.sf({c.GetProperty("x")})");
        Assert.Equal(1, Distributions.ChiSquareOneDegreeSurvival(0));
    }

    [Fact]
    public void Binomial_half_cdf_matches_scipy()
    {
        foreach (var c in UncertaintyReference.Section("binom_half_cdf"))
        {
            var (k, n) = (c.GetProperty("k").GetInt32(), c.GetProperty("n").GetInt32());
            UncertaintyReference.AssertRelative(c.GetProperty("cdf").GetDouble(), Distributions.BinomialHalfCdf(k, n), 1e-12, $"binom.cdf({k}, {n}, 0.5)");
        }
    }

    [Fact]
    public void Binomial_half_cdf_is_exact_for_small_n()
    {
        // Σ C(n, j) for j ≤ k over 2ⁿ, in integers.
        for (var n = 0; n <= 40; n++)
        {
            long sum = 0, binomial = 1;
            for (var k = 0; k <= n; k++)
            {
                sum += binomial;
                Assert.Equal(sum / Math.Pow(2, n), Distributions.BinomialHalfCdf(k, n));
                binomial = binomial * (n - k) / (k + 1);
            }
        }
    }
}
