namespace Assay.Benchmarking;

/// <summary>Measures the latency of one call in explicit stages: warm-up (untimed), then measured, over an injectable clock.</summary>
/// <remarks>The stopping rule is stated on <see cref="LatencySettings"/>.</remarks>
public sealed class LatencyBenchmark(LatencySettings settings, IClock clock)
{
    public LatencyBenchmark(LatencySettings settings) : this(settings, StopwatchClock.Instance) { }

    public LatencyStatistics Run(Action call, CancellationToken cancellation = default)
    {
        settings.Validate("latency");
        var warmup = WarmUp(call, cancellation);
        var (samples, reason) = Measure(call, cancellation);
        return LatencyStatistics.From(samples.ToArray(), warmup, settings, reason);
    }

    /// <summary>Runs the warm-up stage and returns how many calls it made.</summary>
    private int WarmUp(Action call, CancellationToken cancellation)
    {
        for (var i = 0; i < settings.WarmupCount; i++)
        {
            cancellation.ThrowIfCancellationRequested();
            call();
        }
        if (!settings.WarmupUntilStable) return settings.WarmupCount;

        var calls = settings.WarmupCount;
        var maxTicks = Ticks(settings.WarmupMaxDuration);
        var start = clock.GetTimestamp();
        var window = new double[settings.WarmupWindow];
        double? previous = null;
        while (calls + window.Length <= Math.Max(settings.WarmupMaxCount, settings.WarmupCount + window.Length))
        {
            for (var i = 0; i < window.Length; i++)
            {
                cancellation.ThrowIfCancellationRequested();
                window[i] = TimeOne(call);
            }
            calls += window.Length;
            Array.Sort(window);
            var median = LatencyStatistics.Percentile(window, 50);
            if (previous is { } last && Math.Abs(median - last) <= settings.WarmupTolerance * Math.Max(last, double.Epsilon)) break;
            previous = median;
            if (clock.GetTimestamp() - start >= maxTicks || calls >= settings.WarmupMaxCount) break;
        }
        return calls;
    }

    private (List<double> Samples, StopReason Reason) Measure(Action call, CancellationToken cancellation)
    {
        var samples = new List<double>(settings.MinCount);
        var minTicks = Ticks(settings.MinDuration);
        var maxTicks = Ticks(settings.MaxDuration);
        var certifiable = OrderStatistics.MinimumSamplesForUpperBound(settings.TargetPercentile / 100, settings.EarlyStoppingConfidence);
        var needed = Math.Max(settings.MinCount, certifiable);
        var stageStart = clock.GetTimestamp();
        while (true)
        {
            cancellation.ThrowIfCancellationRequested();
            var start = clock.GetTimestamp();
            call();
            var end = clock.GetTimestamp();
            samples.Add((end - start) * 1000.0 / clock.Frequency);
            var elapsed = end - stageStart;
            if (samples.Count >= needed && elapsed >= minTicks) return (samples, StopReason.Certified);
            if (samples.Count >= settings.MaxCount) return (samples, StopReason.MaxCount);
            if (elapsed >= maxTicks) return (samples, StopReason.MaxDuration);
        }
    }

    private double TimeOne(Action call)
    {
        var start = clock.GetTimestamp();
        call();
        return (clock.GetTimestamp() - start) * 1000.0 / clock.Frequency;
    }

    private long Ticks(TimeSpan duration) => (long)(duration.TotalSeconds * clock.Frequency);
}
