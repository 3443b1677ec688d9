using Assay.Benchmarking;

namespace Assay.Core.Tests.Benchmarking;

public class ScenarioRunnerTests
{
    /// <summary>A system whose every query takes a fixed service time per sample on the fake clock.</summary>
    private sealed class TimedSystem(FakeClock clock, long microsecondsPerSample) : ISystemUnderTest
    {
        public SystemDescription Description { get; } = new("timed", "fake", [new TensorSpec("x", ElementKind.Float32, [-1, 4])], new Dictionary<string, string>());

        public int LastBatch { get; private set; }

        public IPreparedQuery Prepare(IReadOnlyList<InputTensor> inputs)
        {
            LastBatch = (int)inputs[0].Shape[0];
            return new Query(() => clock.Now += microsecondsPerSample * LastBatch);
        }

        public void Dispose() { }

        private sealed class Query(Action run) : IPreparedQuery
        {
            public void Run() => run();

            public void Dispose() { }
        }
    }

    private static readonly LatencySettings Quick = new(WarmupCount: 5, MinCount: 500, MinDuration: TimeSpan.Zero, MaxCount: 20_000, BatchSize: 1);

    [Fact]
    public void Single_stream_targets_p90_and_multi_stream_p99_with_fixed_samples_per_query()
    {
        var clock = new FakeClock();
        using var system = new TimedSystem(clock, 250);
        var source = new SyntheticSampleSource(1);
        var runner = new ScenarioRunner(clock);

        var single = runner.Run(system, source, new ScenarioSettings(Scenario.SingleStream), Quick, monitorResources: false);
        Assert.Equal(90, single.Latency.TargetPercentile);
        Assert.Equal(0.25, single.Latency.P50, 12);
        Assert.Equal(4000, single.Throughput, 6);

        var multi = runner.Run(system, source, new ScenarioSettings(Scenario.MultiStream, SamplesPerQuery: 8), Quick, monitorResources: false);
        Assert.Equal(8, system.LastBatch);
        Assert.Equal(99, multi.Latency.TargetPercentile);
        Assert.Equal(2.0, multi.Latency.P99, 12);
    }

    [Fact]
    public void Offline_batches_raise_throughput_when_the_system_amortizes_per_query_cost()
    {
        var clock = new FakeClock();
        var runner = new ScenarioRunner(clock);
        using var system = new TimedSystem(clock, 100);
        var result = runner.Run(system, new SyntheticSampleSource(1), new ScenarioSettings(Scenario.Offline, BatchSize: 32), Quick, monitorResources: false);
        Assert.Equal(32, result.Latency.BatchSize);
        Assert.Equal(10_000, result.Throughput, 6);
        Assert.Equal(3.2, result.Latency.P50, 12);
    }

    [Fact]
    public void Server_latency_includes_queueing_so_overload_breaks_the_bound()
    {
        var clock = new FakeClock();
        var runner = new ScenarioRunner(clock);
        using var system = new TimedSystem(clock, 1000); // 1 ms per query: capacity 1000 QPS

        var light = runner.Run(system, new SyntheticSampleSource(1), new ScenarioSettings(Scenario.Server, TargetQps: 200, LatencyBoundMs: 10), Quick, monitorResources: false);
        Assert.True(light.MeetsBound);
        Assert.Equal(1.0, light.Latency.Min, 12);
        Assert.InRange(light.Throughput, 170, 230);

        var overloaded = runner.Run(system, new SyntheticSampleSource(1), new ScenarioSettings(Scenario.Server, TargetQps: 2000, LatencyBoundMs: 10), Quick, monitorResources: false);
        Assert.False(overloaded.MeetsBound);
        Assert.True(overloaded.Latency.P99 > 100);
        Assert.InRange(overloaded.Throughput, 950, 1000.001);
    }

    [Fact]
    public void Find_max_qps_lands_below_capacity_and_meets_the_bound()
    {
        var clock = new FakeClock();
        var runner = new ScenarioRunner(clock);
        using var system = new TimedSystem(clock, 1000);
        var search = runner.FindMaxQps(system, new SyntheticSampleSource(1), new ScenarioSettings(Scenario.Server, LatencyBoundMs: 10), Quick);
        Assert.NotNull(search.MaxQps);
        Assert.InRange(search.MaxQps!.Value, 400, 1000);
        Assert.True(search.Best!.MeetsBound);
        Assert.All(search.Trials.Where(t => t.Settings.TargetQps > search.MaxQps), t => Assert.False(t.MeetsBound));
    }

    [Fact]
    public void Synthetic_inputs_are_seeded_and_fill_the_batch_dimension()
    {
        var specs = new[] { new TensorSpec("image", ElementKind.Float32, [-1, 3, 2, 2]), new TensorSpec("ids", ElementKind.Int64, [-1, 5]) };
        var first = new SyntheticSampleSource(7).Query(specs, 4);
        var second = new SyntheticSampleSource(7).Query(specs, 4);
        Assert.Equal([4L, 3, 2, 2], first[0].Shape);
        Assert.Equal((float[])first[0].Data, (float[])second[0].Data);
        Assert.All((float[])first[0].Data, v => Assert.InRange(v, 0f, 1f));
        Assert.All((long[])first[1].Data, v => Assert.InRange(v, 0L, 99L));
    }

    [Fact]
    public void An_open_dimension_beyond_the_batch_needs_a_shape()
    {
        var spec = new TensorSpec("image", ElementKind.Float32, [-1, 3, -1, -1]);
        var error = Assert.Throws<ModelException>(() => new SyntheticSampleSource(1).Query([spec], 1));
        Assert.Contains("--shape image=1x3x1x1", error.Message, StringComparison.Ordinal);
        var shaped = new SyntheticSampleSource(1, new Dictionary<string, long[]> { ["image"] = [1, 3, 8, 8] }).Query([spec], 2);
        Assert.Equal([2L, 3, 8, 8], shaped[0].Shape);
    }

    [Fact]
    public void The_resource_monitor_reports_the_process()
    {
        using var monitor = ResourceMonitor.Start(TimeSpan.FromMilliseconds(5));
        var sum = 0.0;
        for (var i = 0; i < 3_000_000; i++) sum += Math.Sqrt(i);
        var usage = monitor.Stop();
        Assert.True(sum > 0);
        Assert.True(usage.PeakWorkingSetBytes > 1_000_000);
        Assert.True(usage.Threads >= 1);
        // CPU time advances in scheduler ticks, so a short window can't be bounded tightly; the two views must agree.
        Assert.True(usage.CpuCoresBusy > 0);
        Assert.Equal(usage.CpuCoresBusy / System.Environment.ProcessorCount, usage.CpuUtilization, 12);
        Assert.Equal(3, usage.GcCollections.Count);
        // Cleanly absent without NVIDIA's driver; present with it.
        var hasNvml = System.Runtime.InteropServices.NativeLibrary.TryLoad("libnvidia-ml.so.1", out _);
        Assert.Equal(hasNvml, usage.Gpu is not null);
    }
}
