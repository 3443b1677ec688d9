namespace Assay.Benchmarking;

/// <summary>How a latency measurement runs: a warm-up stage, then a measured stage that stops once both minimums are met.</summary>
/// <param name="WarmupCount">Untimed calls before measuring (JIT, caches, allocator).</param>
/// <param name="MinCount">The measured stage runs at least this many calls...</param>
/// <param name="MinDuration">...and at least this long; both must hold.</param>
/// <param name="MaxCount">Hard cap on measured calls.</param>
/// <param name="BatchSize">Examples per call.</param>
public sealed record LatencySettings(int WarmupCount, int MinCount, TimeSpan MinDuration, int MaxCount, int BatchSize)
{
    public static readonly LatencySettings Default = new(WarmupCount: 20, MinCount: 200, MinDuration: TimeSpan.FromMilliseconds(500), MaxCount: 100_000, BatchSize: 1);

    public LatencySettings WithCounts(int warmup, int minCount) => this with { WarmupCount = warmup, MinCount = minCount, MaxCount = Math.Max(MaxCount, minCount) };

    public void Validate(string field)
    {
        if (WarmupCount < 0) throw new UsageException($"{field}.warmup: expected a count >= 0, got {WarmupCount}");
        if (MinCount < 1) throw new UsageException($"{field}.iterations: expected a count >= 1, got {MinCount}");
        if (MaxCount < MinCount) throw new UsageException($"{field}: max count {MaxCount} is below the minimum {MinCount}");
        if (BatchSize < 1) throw new UsageException($"{field}.batch_size: expected a count >= 1, got {BatchSize}");
        if (MinDuration < TimeSpan.Zero) throw new UsageException($"{field}.min_duration_ms: expected a duration >= 0");
    }
}
