namespace Assay.Benchmarking;

/// <summary>MLPerf LoadGen's scenarios: how queries arrive and which number matters.</summary>
public enum Scenario
{
    /// <summary>One sample per query, the next issued when the last completes; the metric is the 90th-percentile latency.</summary>
    SingleStream,

    /// <summary>A fixed number of samples per query, issued back to back; the metric is the 99th-percentile latency.</summary>
    MultiStream,

    /// <summary>Queries of one sample arrive as a Poisson process at a target rate; latency counts from arrival (queueing included); the 99th percentile must meet a bound.</summary>
    Server,

    /// <summary>All samples available at once, run in batches; the metric is throughput.</summary>
    Offline,
}

/// <summary>What a scenario needs beyond the latency settings.</summary>
/// <param name="BatchSize">Samples per query (offline batches; single-stream and server use it too, normally 1).</param>
/// <param name="SamplesPerQuery">Multi-stream's fixed samples per query.</param>
/// <param name="TargetQps">Server's Poisson arrival rate, queries per second.</param>
/// <param name="LatencyBoundMs">Server's bound on the 99th-percentile latency.</param>
public sealed record ScenarioSettings(Scenario Scenario, int BatchSize = 1, int SamplesPerQuery = 8, double TargetQps = 100, double LatencyBoundMs = 10, int Seed = 0)
{
    /// <summary>The percentile a scenario reports against (LoadGen: 90 for single-stream, 99 otherwise).</summary>
    public double TargetPercentile => Scenario == Scenario.SingleStream ? 90 : 99;

    /// <summary>Samples in one query.</summary>
    public int QuerySize => Scenario == Scenario.MultiStream ? SamplesPerQuery : BatchSize;

    public static Scenario Parse(string text) => text.ToLowerInvariant() switch
    {
        "single-stream" or "singlestream" => Scenario.SingleStream,
        "multi-stream" or "multistream" => Scenario.MultiStream,
        "server" => Scenario.Server,
        "offline" => Scenario.Offline,
        _ => throw new UsageException($"--scenario: expected single-stream, multi-stream, server or offline, got '{text}'"),
    };

    public static string Name(Scenario scenario) => scenario switch
    {
        Scenario.SingleStream => "single-stream",
        Scenario.MultiStream => "multi-stream",
        Scenario.Server => "server",
        _ => "offline",
    };
}

/// <summary>One scenario's measurement.</summary>
/// <param name="Throughput">Samples per second over the measured stage.</param>
/// <param name="MeetsBound">Server only: whether the 99th-percentile latency met the bound.</param>
public sealed record ScenarioResult(ScenarioSettings Settings, LatencyStatistics Latency, double Throughput, bool? MeetsBound, ResourceUsage? Resources);
