namespace Assay.Benchmarking;

/// <summary>Measures the latency of one call in explicit stages: warm-up (untimed), then measured, over an injectable clock.</summary>
/// <remarks>The stopping rule is stated on <see cref="LatencySettings"/>.</remarks>
public sealed class LatencyBenchmark(LatencySettings settings, IClock clock)
{
    public LatencyBenchmark(LatencySettings settings) : this(settings, StopwatchClock.Instance) { }

    /// <summary>Closed loop: each call starts when the previous one ends; latency is the call's own duration.</summary>
    public LatencyStatistics Run(Action call, CancellationToken cancellation = default) => Run(call, null, cancellation);

    /// <summary>Open loop: calls are scheduled at arrival times spaced by <paramref name="nextGapSeconds"/>; latency counts
    /// from the scheduled arrival, so time spent queueing behind a slow call is included.</summary>
    public LatencyStatistics RunScheduled(Action call, Func<double> nextGapSeconds, CancellationToken cancellation = default) =>
        Run(call, nextGapSeconds, cancellation);

    private LatencyStatistics Run(Action call, Func<double>? nextGapSeconds, CancellationToken cancellation)
    {
        settings.Validate("latency");
        var warmup = WarmUp(call, cancellation);
        var stageStart = clock.GetTimestamp();
        var (samples, reason) = Measure(call, nextGapSeconds, cancellation);
        var stageSeconds = (clock.GetTimestamp() - stageStart) / (double)clock.Frequency;
        return LatencyStatistics.From(samples.ToArray(), warmup, settings, reason, stageSeconds);
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

    private (List<double> Samples, StopReason Reason) Measure(Action call, Func<double>? nextGapSeconds, CancellationToken cancellation)
    {
        var samples = new List<double>(settings.MinCount);
        var minTicks = Ticks(settings.MinDuration);
        var maxTicks = Ticks(settings.MaxDuration);
        var certifiable = OrderStatistics.MinimumSamplesForUpperBound(settings.TargetPercentile / 100, settings.EarlyStoppingConfidence);
        var needed = Math.Max(settings.MinCount, certifiable);
        var stageStart = clock.GetTimestamp();
        var arrival = (double)stageStart;
        while (true)
        {
            cancellation.ThrowIfCancellationRequested();
            long start;
            if (nextGapSeconds is null)
            {
                start = clock.GetTimestamp();
            }
            else
            {
                arrival += nextGapSeconds() * clock.Frequency;
                start = (long)arrival;
                clock.WaitUntil(start);
            }
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
