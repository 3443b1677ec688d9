namespace Assay.Benchmarking;

/// <summary>Measures the latency of one call in two explicit stages: warm-up (untimed), then measured.</summary>
/// <remarks>The measured stage stops when BOTH <see cref="LatencySettings.MinCount"/> calls and
/// <see cref="LatencySettings.MinDuration"/> are reached, or at <see cref="LatencySettings.MaxCount"/>.</remarks>
public sealed class LatencyBenchmark(LatencySettings settings, IClock clock)
{
    public LatencyBenchmark(LatencySettings settings) : this(settings, StopwatchClock.Instance) { }

    public LatencyStatistics Run(Action call, CancellationToken cancellation = default)
    {
        settings.Validate("latency");
        for (var i = 0; i < settings.WarmupCount; i++)
        {
            cancellation.ThrowIfCancellationRequested();
            call();
        }

        var samples = new List<double>(settings.MinCount);
        var msPerTick = 1000.0 / clock.Frequency;
        var minTicks = (long)(settings.MinDuration.TotalSeconds * clock.Frequency);
        var stageStart = clock.GetTimestamp();
        while (samples.Count < settings.MaxCount)
        {
            cancellation.ThrowIfCancellationRequested();
            var start = clock.GetTimestamp();
            call();
            var end = clock.GetTimestamp();
            samples.Add((end - start) * msPerTick);
            if (samples.Count >= settings.MinCount && end - stageStart >= minTicks) break;
        }
        return LatencyStatistics.From(samples.ToArray(), settings.WarmupCount, settings.BatchSize);
    }
}
