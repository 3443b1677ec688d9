namespace Assay.Benchmarking;

/// <summary>Why a measured stage ended.</summary>
public enum StopReason
{
    /// <summary>Minimum count and duration met, and the target percentile's upper bound certified.</summary>
    Certified,

    MaxCount,

    MaxDuration,
}

/// <summary>A confidence interval on one percentile, from order statistics; a side is null when the sample is too small for it.</summary>
public sealed record PercentileInterval(double Percentile, double? Lower, double? Upper);

/// <summary>Summary of measured call latencies, in milliseconds, with how they were measured.</summary>
/// <remarks>
/// Percentiles interpolate linearly between order statistics (NumPy's default, "type 7"). StdDev is the sample
/// standard deviation (n - 1). Intervals and the early-stopping bound are distribution-free (<see cref="OrderStatistics"/>).
/// Outliers are calls above Tukey's upper fence Q3 + 1.5 IQR; they are flagged and counted, not removed.
/// </remarks>
public sealed record LatencyStatistics(
    int Warmup,
    int N,
    int BatchSize,
    double Mean,
    double StdDev,
    double Min,
    double P50,
    double P90,
    double P95,
    double P99,
    double Max,
    double TotalSeconds,
    IReadOnlyList<PercentileInterval> Intervals,
    double IntervalConfidence,
    double TargetPercentile,
    double? EarlyStoppingBound,
    double EarlyStoppingConfidence,
    int Outliers,
    StopReason StopReason,
    double StageSeconds)
{
    public static readonly IReadOnlyList<double> ReportedPercentiles = [50, 90, 95, 99];

    /// <summary>The measured samples in milliseconds, in measurement order, for the run store; not part of the JSON report.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<double> SamplesMs { get; init; } = [];

    /// <summary>Examples per second over the measured stage's wall time (<see cref="StageSeconds"/>; the sum of latencies when unknown).</summary>
    public double Throughput => (StageSeconds > 0 ? StageSeconds : TotalSeconds) is var seconds and > 0 ? N * BatchSize / seconds : 0;

    public static LatencyStatistics From(ReadOnlySpan<double> samplesMs, int warmup, int batchSize) =>
        From(samplesMs, warmup, LatencySettings.Default with { BatchSize = batchSize }, StopReason.Certified, 0);

    /// <param name="stageSeconds">Wall time of the measured stage; 0 when unknown.</param>
    public static LatencyStatistics From(ReadOnlySpan<double> samplesMs, int warmup, LatencySettings settings, StopReason stopReason, double stageSeconds)
    {
        if (samplesMs.IsEmpty) throw new ArgumentException("no latency samples");
        var sorted = samplesMs.ToArray();
        Array.Sort(sorted);
        double sum = 0;
        foreach (var s in sorted) sum += s;
        var mean = sum / sorted.Length;
        var squares = 0.0;
        foreach (var s in sorted) squares += (s - mean) * (s - mean);
        var stdDev = sorted.Length > 1 ? Math.Sqrt(squares / (sorted.Length - 1)) : 0;

        var intervals = new List<PercentileInterval>(ReportedPercentiles.Count);
        foreach (var percent in ReportedPercentiles)
        {
            var (lower, upper) = OrderStatistics.IntervalIndices(sorted.Length, percent / 100, settings.IntervalConfidence);
            intervals.Add(new PercentileInterval(percent, lower is { } l ? sorted[l - 1] : null, upper is { } u ? sorted[u - 1] : null));
        }
        var bound = OrderStatistics.UpperBoundIndex(sorted.Length, settings.TargetPercentile / 100, settings.EarlyStoppingConfidence);
        var upperFence = Percentile(sorted, 75) + 1.5 * (Percentile(sorted, 75) - Percentile(sorted, 25));
        var outliers = sorted.Length - UpperBoundPosition(sorted, upperFence);

        return new LatencyStatistics(
            warmup, sorted.Length, settings.BatchSize, mean, stdDev, sorted[0],
            Percentile(sorted, 50), Percentile(sorted, 90), Percentile(sorted, 95), Percentile(sorted, 99), sorted[^1],
            sum / 1000.0,
            intervals, settings.IntervalConfidence,
            settings.TargetPercentile, bound is { } k ? sorted[k - 1] : null, settings.EarlyStoppingConfidence,
            outliers, stopReason, stageSeconds)
        {
            SamplesMs = samplesMs.ToArray(),
        };
    }

    /// <summary>The <paramref name="percent"/>-th percentile of ascending <paramref name="sorted"/> values, interpolated linearly.</summary>
    public static double Percentile(ReadOnlySpan<double> sorted, double percent)
    {
        if (sorted.IsEmpty) throw new ArgumentException("no values");
        var position = percent / 100.0 * (sorted.Length - 1);
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, sorted.Length - 1);
        return sorted[lower] + (position - lower) * (sorted[upper] - sorted[lower]);
    }

    /// <summary>Number of values at or below <paramref name="limit"/> in ascending <paramref name="sorted"/>.</summary>
    private static int UpperBoundPosition(double[] sorted, double limit)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] <= limit) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }
}
