using Assay.Benchmarking;

namespace Assay.Core.Tests.Benchmarking;

public class OrderStatisticsTests
{
    [Fact]
    public void Loadgen_needs_44_samples_to_bound_p90_and_459_to_bound_p99_at_99_percent()
    {
        // 1 - 0.9^44 = 0.9903 >= 0.99 > 1 - 0.9^43 = 0.9892
        Assert.Equal(44, OrderStatistics.MinimumSamplesForUpperBound(0.90, 0.99));
        Assert.Equal(459, OrderStatistics.MinimumSamplesForUpperBound(0.99, 0.99));
        Assert.Null(OrderStatistics.UpperBoundIndex(43, 0.90, 0.99));
        Assert.Equal(44, OrderStatistics.UpperBoundIndex(44, 0.90, 0.99));
    }

    [Fact]
    public void The_median_interval_of_ten_samples_is_the_2nd_to_9th_order_statistic()
    {
        // Binomial(10, 0.5): F(1) = 11/1024 <= 0.025 < F(2) = 56/1024; F(7) = 968/1024 < 0.975 <= F(8) = 1013/1024.
        Assert.Equal((2, 9), OrderStatistics.IntervalIndices(10, 0.5, 0.95));
    }

    [Fact]
    public void Small_samples_leave_a_side_open()
    {
        var (lower, upper) = OrderStatistics.IntervalIndices(20, 0.99, 0.95);
        Assert.NotNull(lower);
        Assert.Null(upper);
    }

    [Fact]
    public void The_binomial_cdf_survives_a_million_trials()
    {
        var cdf = OrderStatistics.BinomialCdf(1_000_000, 0.9);
        Assert.Equal(0.5, cdf[900_000], 2);
        Assert.True(Math.Abs(1.0 - cdf[^1]) < 1e-6, $"F(n) = {cdf[^1]}");
        Assert.True(cdf[899_000] < 1e-3);
    }

    [Fact]
    public void Upper_bounds_cover_the_true_quantile_at_their_confidence()
    {
        // Uniform(0,1): the true p90 is 0.9. Over many seeded samples of 100, x_(k) >= 0.9 at least 99 % of the time.
        var k = OrderStatistics.UpperBoundIndex(100, 0.9, 0.99)!.Value;
        var random = new Random(3);
        var covered = 0;
        const int trials = 4000;
        for (var t = 0; t < trials; t++)
        {
            var sample = Enumerable.Range(0, 100).Select(_ => random.NextDouble()).Order().ToArray();
            if (sample[k - 1] >= 0.9) covered++;
        }
        Assert.InRange(covered / (double)trials, 0.985, 1.0);
    }

    [Fact]
    public void The_windowed_cdf_gives_the_same_indices_as_summing_every_term()
    {
        foreach (var n in new[] { 1, 2, 7, 44, 100, 459, 1000, 25_000 })
        {
            foreach (var p in new[] { 0.5, 0.9, 0.95, 0.99 })
            {
                var exact = ExactCdf(n, p);
                int? upper = null;
                for (var k = 1; k <= n && upper is null; k++)
                {
                    if (exact[k - 1] >= 0.99) upper = k;
                }
                Assert.Equal(upper, OrderStatistics.UpperBoundIndex(n, p, 0.99));

                int? lo = null, hi = null;
                for (var l = 1; l <= n && exact[l - 1] <= 0.025; l++) lo = l;
                for (var u = 1; u <= n && hi is null; u++)
                {
                    if (exact[u - 1] >= 0.975) hi = u;
                }
                Assert.Equal((lo, hi), OrderStatistics.IntervalIndices(n, p, 0.95));
            }
        }
    }

    /// <summary>Every term of the binomial CDF summed in log space: slow, plainly right.</summary>
    private static double[] ExactCdf(int n, double p)
    {
        var cdf = new double[n + 1];
        double logPmf = n * Math.Log(1 - p), logCdf = logPmf;
        cdf[0] = Math.Exp(logCdf);
        for (var k = 0; k < n; k++)
        {
            logPmf += Math.Log(n - k) - Math.Log(k + 1) + Math.Log(p) - Math.Log(1 - p);
            logCdf = Math.Max(logCdf, logPmf) + Math.Log(1 + Math.Exp(-Math.Abs(logCdf - logPmf)));
            cdf[k + 1] = Math.Min(1, Math.Exp(logCdf));
        }
        return cdf;
    }
}
