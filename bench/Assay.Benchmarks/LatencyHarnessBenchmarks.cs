using Assay.Benchmarking;
using BenchmarkDotNet.Attributes;

namespace Assay.Benchmarks;

/// <summary>The latency harness's own cost per timed call, measured on a no-op workload, against a bare Stopwatch loop.</summary>
public class LatencyHarnessBenchmarks
{
    private const int Calls = 10_000;
    private static readonly LatencySettings Settings = new(WarmupCount: 0, MinCount: Calls, MinDuration: TimeSpan.Zero, MaxCount: Calls, BatchSize: 1);

    [Benchmark(Baseline = true, OperationsPerInvoke = Calls)]
    public long BareStopwatchLoop()
    {
        long total = 0;
        for (var i = 0; i < Calls; i++)
        {
            var start = System.Diagnostics.Stopwatch.GetTimestamp();
            total += System.Diagnostics.Stopwatch.GetTimestamp() - start;
        }
        return total;
    }

    [Benchmark(OperationsPerInvoke = Calls)]
    public double AssayHarness() => new LatencyBenchmark(Settings).Run(static () => { }).P50;
}
