using Assay.Benchmarking;

namespace Assay.Core.Tests.Benchmarking;

public class LatencyBenchmarkTests
{
    [Fact]
    public void Stops_when_both_the_minimum_count_and_the_minimum_duration_are_met()
    {
        var clock = new FakeClock();
        var calls = 0;
        var settings = new LatencySettings(WarmupCount: 5, MinCount: 200, MinDuration: TimeSpan.FromMilliseconds(500), MaxCount: 10_000, BatchSize: 1);
        // Each call takes 1 ms: the duration (500 ms) binds after the count (200) is met.
        var stats = new LatencyBenchmark(settings, clock).Run(() => { calls++; clock.Now += 1000; });
        Assert.Equal(500, stats.N);
        Assert.Equal(505, calls);
        Assert.Equal(5, stats.Warmup);
        Assert.Equal(1.0, stats.P50, 12);
        Assert.Equal(1000.0, stats.Throughput, 9);
    }

    [Fact]
    public void The_count_binds_when_calls_are_slow()
    {
        var clock = new FakeClock();
        var settings = new LatencySettings(0, 200, TimeSpan.FromMilliseconds(10), 10_000, 1);
        var stats = new LatencyBenchmark(settings, clock).Run(() => clock.Now += 5000);
        Assert.Equal(200, stats.N);
    }

    [Fact]
    public void The_maximum_count_caps_the_measured_stage()
    {
        var clock = new FakeClock();
        var settings = new LatencySettings(0, 10, TimeSpan.FromSeconds(100), 50, 1);
        var stats = new LatencyBenchmark(settings, clock).Run(() => clock.Now += 1);
        Assert.Equal(50, stats.N);
    }

    [Fact]
    public void Percentiles_interpolate_like_numpy()
    {
        // numpy.percentile([1, 2, 3, 4, 10], [50, 90, 99]) = [3.0, 7.6, 9.76]
        double[] samples = [10, 1, 3, 2, 4];
        var stats = LatencyStatistics.From(samples, 0, 1);
        Assert.Equal(3.0, stats.P50, 12);
        Assert.Equal(7.6, stats.P90, 12);
        Assert.Equal(9.76, stats.P99, 12);
        Assert.Equal(4.0, stats.Mean, 12);
        Assert.Equal(Math.Sqrt(12.5), stats.StdDev, 12);
        Assert.Equal(1, stats.Min);
        Assert.Equal(10, stats.Max);
    }

    [Fact]
    public void Measuring_continues_until_the_target_percentile_can_be_certified()
    {
        var clock = new FakeClock();
        // p99 at 0.99 needs 459 calls even though the minimum count is 10 and the minimum duration is 0.
        var settings = new LatencySettings(0, 10, TimeSpan.Zero, 100_000, 1, TargetPercentile: 99);
        var stats = new LatencyBenchmark(settings, clock).Run(() => clock.Now += 100);
        Assert.Equal(459, stats.N);
        Assert.Equal(StopReason.Certified, stats.StopReason);
        Assert.Equal(0.1, stats.EarlyStoppingBound!.Value, 12);
    }

    [Fact]
    public void The_maximum_duration_ends_a_slow_measurement()
    {
        var clock = new FakeClock();
        var settings = new LatencySettings(0, 1000, TimeSpan.Zero, 100_000, 1, MaxDurationSeconds: 1);
        var stats = new LatencyBenchmark(settings, clock).Run(() => clock.Now += 100_000);
        Assert.Equal(10, stats.N);
        Assert.Equal(StopReason.MaxDuration, stats.StopReason);
    }

    [Fact]
    public void Warm_up_until_stable_waits_for_a_drifting_workload_to_settle()
    {
        var clock = new FakeClock();
        var call = 0;
        // Latency falls from 10 ms toward 1 ms over the first ~300 calls (JIT, caches), then holds.
        void Drifting()
        {
            call++;
            clock.Now += (long)(1000 * (1 + 9 * Math.Exp(-call / 60.0)));
        }
        var settings = new LatencySettings(0, 200, TimeSpan.Zero, 100_000, 1, WarmupUntilStable: true, WarmupWindow: 20, WarmupTolerance: 0.02);
        var stats = new LatencyBenchmark(settings, clock).Run(Drifting);
        Assert.InRange(stats.Warmup, 200, 400);
        Assert.InRange(stats.P50, 1.0, 1.1);
    }

    [Fact]
    public void Bimodal_and_heavy_tailed_series_get_honest_percentiles_intervals_and_outliers()
    {
        var clock = new FakeClock();
        var random = new Random(11);
        // 90 % of calls at 1 ms, 10 % at 5 ms, plus a Pareto tail every 100th call.
        var call = 0;
        var slow = 0;
        void Workload()
        {
            call++;
            var ms = random.NextDouble() < 0.9 ? 1.0 : 5.0;
            if (ms > 1.0 || call % 100 == 0) slow++;
            if (call % 100 == 0) ms += 20 / Math.Pow(random.NextDouble() + 1e-9, 0.5);
            clock.Now += (long)(ms * 1000);
        }
        var settings = new LatencySettings(0, 2000, TimeSpan.Zero, 100_000, 1);
        var stats = new LatencyBenchmark(settings, clock).Run(Workload);
        Assert.Equal(1.0, stats.P50, 9);
        Assert.True(stats.P95 >= 5.0);
        Assert.True(stats.Max >= 20);
        var p50 = stats.Intervals.Single(i => i.Percentile == 50);
        Assert.Equal((1.0, 1.0), (p50.Lower!.Value, p50.Upper!.Value));
        var p99 = stats.Intervals.Single(i => i.Percentile == 99);
        Assert.True(p99.Lower <= stats.P99 && stats.P99 <= p99.Upper);
        // Q3 = 1 ms and IQR = 0: everything above 1 ms is beyond Tukey's fence.
        Assert.Equal(slow, stats.Outliers);
        Assert.InRange(stats.Outliers, stats.N / 20, stats.N / 5);
    }
}
