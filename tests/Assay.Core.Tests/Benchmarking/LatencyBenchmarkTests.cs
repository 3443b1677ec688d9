using Assay.Benchmarking;

namespace Assay.Core.Tests.Benchmarking;

public class LatencyBenchmarkTests
{
    /// <summary>A clock that advances only when the workload says so.</summary>
    private sealed class FakeClock : IClock
    {
        public long Now { get; set; }

        public long GetTimestamp() => Now;

        public long Frequency => 1_000_000; // microseconds
    }

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
}
