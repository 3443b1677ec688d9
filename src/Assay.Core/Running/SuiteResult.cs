using Assay.Benchmarking;
using Assay.Environment;

namespace Assay.Running;

/// <summary>What <c>assay run</c> reports: one entry per model, plus the spec, data and environment they share.</summary>
/// <remarks>Serialized with snake_case names (see docs/json.md); names are part of the CLI's contract.</remarks>
public sealed record SuiteResult(SpecSummary Spec, DataSummary Data, IReadOnlyList<ModelRunResult> Runs, EnvironmentInfo Environment);

public sealed record SpecSummary(string Name, string Source, string Hash, int Seed);

/// <param name="Train">Training examples after the holdout.</param>
/// <param name="Test">Holdout examples, on which every metric is computed.</param>
/// <param name="Fingerprint">Content hash of every example and label as the models saw them (see docs/data.md).</param>
/// <param name="TestFingerprint">Order-insensitive content hash of the holdout: two runs scored on the same examples share it.</param>
public sealed record DataSummary(string Reference, string Split, int Train, int Test, IReadOnlyList<int> ExampleShape, int NumClasses, double TestFraction, int SplitSeed, string Fingerprint, string TestFingerprint);

public sealed record ModelRunResult(
    string Model,
    string Type,
    string RunId,
    string Status,
    IReadOnlyDictionary<string, double> Metrics,
    long[][] ConfusionMatrix,
    EfficiencyResult Efficiency,
    TrainingSummary Training,
    IReadOnlyList<ScenarioSummary>? Bench = null,
    string? Checkpoint = null);

/// <summary>One scenario of the spec's <c>bench:</c> section on one model.</summary>
public sealed record ScenarioSummary(string Scenario, int BatchSize, LatencyResult LatencyMs, double ThroughputPerS, bool? MeetsBound, ResourceUsage? Resources)
{
    public static ScenarioSummary From(ScenarioResult result) =>
        new(ScenarioSettings.Name(result.Settings.Scenario), result.Settings.QuerySize, LatencyResult.From(result.Latency, LatencySettings.Default with { MinDuration = TimeSpan.Zero }),
            result.Throughput, result.MeetsBound, result.Resources);
}

/// <param name="SizeBytes">Bytes of the serialized weights.</param>
/// <param name="LatencyMs">Inference latency; null when the spec turns the probe off.</param>
public sealed record EfficiencyResult(long Params, long SizeBytes, double TrainSeconds, double TrainSamplesPerS, LatencyResult? LatencyMs);

/// <summary>Latency in milliseconds and how it was measured.</summary>
/// <param name="Ci">Distribution-free intervals at <paramref name="CiConfidence"/> per percentile ("p50": [lo, hi]; a null side needs more samples).</param>
/// <param name="EarlyStoppingBound">Upper bound on the <paramref name="TargetPercentile"/> at <paramref name="EarlyStoppingConfidence"/> (LoadGen's rule).</param>
public sealed record LatencyResult(
    int N, int Warmup, int BatchSize, double MinDurationMs, double Mean, double Stdev, double Min, double P50, double P90, double P95, double P99, double Max,
    double ThroughputPerS, IReadOnlyDictionary<string, double?[]> Ci, double CiConfidence, double TargetPercentile, double? EarlyStoppingBound,
    double EarlyStoppingConfidence, int Outliers, StopReason StopReason)
{
    public static LatencyResult From(LatencyStatistics s, LatencySettings settings) =>
        new(s.N, s.Warmup, s.BatchSize, settings.MinDuration.TotalMilliseconds, s.Mean, s.StdDev, s.Min, s.P50, s.P90, s.P95, s.P99, s.Max, s.Throughput,
            s.Intervals.ToDictionary(i => $"p{i.Percentile:0}", i => new[] { i.Lower, i.Upper }), s.IntervalConfidence,
            s.TargetPercentile, s.EarlyStoppingBound, s.EarlyStoppingConfidence, s.Outliers, s.StopReason);
}

public sealed record TrainingSummary(int Epochs, int BatchSize, string Optimizer, double LearningRate, IReadOnlyList<EpochSummary> History);

public sealed record EpochSummary(int Epoch, double Loss, double Accuracy, double Seconds);
