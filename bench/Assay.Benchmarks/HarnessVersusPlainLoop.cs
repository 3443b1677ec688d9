using System.Diagnostics;
using Assay.Benchmarking;
using Assay.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace Assay.Benchmarks;

/// <summary>Assay's single-stream median against a plain Stopwatch loop over <c>InferenceSession.Run</c>: same model, input, threads, run.</summary>
/// <remarks>Rounds alternate the two (ABAB...) so drift in the machine hits both alike; the ratio of the medians of the
/// per-round medians is reported. Also reports the no-op harness overhead.</remarks>
public static class HarnessVersusPlainLoop
{
    public static int Run(string modelPath, int rounds = 10, int callsPerRound = 5000)
    {
        var settings = new OnnxSessionSettings(IntraOpThreads: 1);
        using var system = OnnxSystem.Load(modelPath, settings);
        var inputs = new SyntheticSampleSource(0).Query(system.Description.Inputs, 1);
        using var query = system.Prepare(inputs);

        using var options = new SessionOptions { IntraOpNumThreads = 1, GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        using var session = new InferenceSession(modelPath, options);
        var input = (float[])inputs[0].Data;
        using var value = OrtValue.CreateTensorValueFromMemory(input, inputs[0].Shape);
        using var runOptions = new RunOptions();
        string[] inputNames = [.. session.InputMetadata.Keys];
        string[] outputNames = [.. session.OutputMetadata.Keys];
        void Plain()
        {
            using var outputs = session.Run(runOptions, inputNames, [value], outputNames);
        }

        var latency = LatencySettings.Default with { WarmupCount = 500, MinCount = callsPerRound, MaxCount = callsPerRound, MinDuration = TimeSpan.Zero };
        var runner = new ScenarioRunner();
        var assayMedians = new List<double>();
        var plainMedians = new List<double>();
        for (var i = 0; i < 500; i++) Plain();
        for (var round = 0; round < rounds; round++)
        {
            var samples = new double[callsPerRound];
            for (var i = 0; i < callsPerRound; i++)
            {
                var start = Stopwatch.GetTimestamp();
                Plain();
                samples[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
            Array.Sort(samples);
            plainMedians.Add(LatencyStatistics.Percentile(samples, 50));
            assayMedians.Add(runner.Run(system, new SyntheticSampleSource(0), new ScenarioSettings(Scenario.SingleStream), latency, monitorResources: false).Latency.P50);
        }

        using var noOp = new NoOpSystem();
        var overhead = runner.Run(noOp, new SyntheticSampleSource(0), new ScenarioSettings(Scenario.SingleStream),
            latency with { MinCount = 200_000, MaxCount = 200_000 }, monitorResources: false).Latency.P50 * 1e6;

        var assay = Median(assayMedians);
        var plain = Median(plainMedians);
        Console.WriteLine($"model: {modelPath}, 1 intra-op thread, batch 1, {rounds} alternating rounds of {callsPerRound} calls");
        Console.WriteLine($"plain Stopwatch loop median: {plain * 1000:F3} us");
        Console.WriteLine($"assay single-stream median:  {assay * 1000:F3} us");
        Console.WriteLine($"ratio assay / plain:         {assay / plain:F4}");
        Console.WriteLine($"no-op harness overhead:      {overhead:F1} ns per call");
        return 0;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return LatencyStatistics.Percentile(sorted, 50);
    }
}
