namespace Assay.Metrics;

/// <summary>The cost metrics runs record beside quality (<c>assay run</c>, <c>assay bench</c>): names, direction and range.</summary>
public static class EfficiencyMetricCatalog
{
    public static readonly MetricInfo Params = new("params", false, 0, double.PositiveInfinity);
    public static readonly MetricInfo SizeBytes = new("size_bytes", false, 0, double.PositiveInfinity);
    public static readonly MetricInfo TrainSeconds = new("train_seconds", false, 0, double.PositiveInfinity);
    public static readonly MetricInfo TrainSamplesPerSecond = new("train_samples_per_s", true, 0, double.PositiveInfinity);
    public static readonly MetricInfo LatencyP50 = new("latency_ms_p50", false, 0, double.PositiveInfinity);
    public static readonly MetricInfo LatencyP90 = new("latency_ms_p90", false, 0, double.PositiveInfinity);
    public static readonly MetricInfo LatencyP99 = new("latency_ms_p99", false, 0, double.PositiveInfinity);
    public static readonly MetricInfo ThroughputPerSecond = new("throughput_per_s", true, 0, double.PositiveInfinity);
    public static readonly MetricInfo OverheadNs = new("overhead_ns", false, 0, double.PositiveInfinity);
    public static readonly MetricInfo MaxQps = new("max_qps", true, 0, double.PositiveInfinity);

    public static IReadOnlyList<MetricInfo> All { get; } =
        [Params, SizeBytes, TrainSeconds, TrainSamplesPerSecond, LatencyP50, LatencyP90, LatencyP99, ThroughputPerSecond, OverheadNs, MaxQps];
}
