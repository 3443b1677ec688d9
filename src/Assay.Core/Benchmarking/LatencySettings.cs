namespace Assay.Benchmarking;

/// <summary>How a latency measurement runs: a warm-up stage, then a measured stage with a stated stopping rule.</summary>
/// <remarks>
/// The measured stage stops when ALL of these hold: at least <see cref="MinCount"/> calls, at least
/// <see cref="MinDuration"/>, and enough calls to certify an upper bound on the <see cref="TargetPercentile"/> at
/// <see cref="EarlyStoppingConfidence"/> (MLPerf LoadGen's binomial early-stopping rule; see <see cref="OrderStatistics"/>);
/// or when <see cref="MaxCount"/> or <see cref="MaxDuration"/> is reached first.
/// </remarks>
/// <param name="WarmupCount">Untimed calls before measuring (JIT, caches, allocator); the minimum when <paramref name="WarmupUntilStable"/>.</param>
/// <param name="MinCount">The measured stage runs at least this many calls...</param>
/// <param name="MinDuration">...and at least this long.</param>
/// <param name="MaxCount">Hard cap on measured calls.</param>
/// <param name="BatchSize">Examples per call.</param>
/// <param name="WarmupUntilStable">Keep warming up in windows of <see cref="WarmupWindow"/> calls until two consecutive window medians differ by less than <see cref="WarmupTolerance"/>, capped by <see cref="WarmupMaxCount"/> and <see cref="WarmupMaxDuration"/>.</param>
public sealed record LatencySettings(
    int WarmupCount,
    int MinCount,
    TimeSpan MinDuration,
    int MaxCount,
    int BatchSize,
    bool WarmupUntilStable = false,
    int WarmupWindow = 20,
    double WarmupTolerance = 0.05,
    int WarmupMaxCount = 10_000,
    double WarmupMaxDurationSeconds = 5,
    double MaxDurationSeconds = 120,
    double TargetPercentile = 90,
    double EarlyStoppingConfidence = 0.99,
    double IntervalConfidence = 0.95)
{
    public static readonly LatencySettings Default = new(WarmupCount: 20, MinCount: 200, MinDuration: TimeSpan.FromMilliseconds(500), MaxCount: 100_000, BatchSize: 1);

    public TimeSpan MaxDuration => TimeSpan.FromSeconds(MaxDurationSeconds);

    public TimeSpan WarmupMaxDuration => TimeSpan.FromSeconds(WarmupMaxDurationSeconds);

    public void Validate(string field)
    {
        if (WarmupCount < 0) throw new UsageException($"{field}.warmup: expected a count >= 0, got {WarmupCount}");
        if (MinCount < 1) throw new UsageException($"{field}.iterations: expected a count >= 1, got {MinCount}");
        if (MaxCount < MinCount) throw new UsageException($"{field}: max count {MaxCount} is below the minimum {MinCount}");
        if (BatchSize < 1) throw new UsageException($"{field}.batch_size: expected a count >= 1, got {BatchSize}");
        if (MinDuration < TimeSpan.Zero) throw new UsageException($"{field}.min_duration_ms: expected a duration >= 0");
        if (TargetPercentile is <= 0 or >= 100) throw new UsageException($"{field}.percentile: expected a percentile strictly between 0 and 100, got {TargetPercentile}");
        if (EarlyStoppingConfidence is <= 0 or >= 1 || IntervalConfidence is <= 0 or >= 1)
            throw new UsageException($"{field}: confidences must lie strictly between 0 and 1");
        if (WarmupWindow < 1 || WarmupTolerance <= 0) throw new UsageException($"{field}: warm-up window and tolerance must be positive");
    }
}
