namespace Assay.Benchmarking;

/// <summary>Runs one scenario against a system under test with inputs from a sample source, over an injectable clock.</summary>
public sealed class ScenarioRunner(IClock clock)
{
    public ScenarioRunner() : this(StopwatchClock.Instance) { }

    /// <param name="latency">Warm-up and stopping rule; its target percentile is replaced by the scenario's.</param>
    /// <param name="monitorResources">Sample CPU, memory, GC, threads, energy and GPU during the measured window.</param>
    public ScenarioResult Run(ISystemUnderTest system, ISampleSource source, ScenarioSettings scenario, LatencySettings latency, bool monitorResources = true, CancellationToken cancellation = default)
    {
        if (scenario.QuerySize < 1) throw new UsageException($"{ScenarioSettings.Name(scenario.Scenario)}: expected at least one sample per query, got {scenario.QuerySize}");
        if (scenario.Scenario == Scenario.Server && !(scenario.TargetQps > 0))
            throw new UsageException($"server: expected a target QPS > 0, got {scenario.TargetQps}");
        var settings = latency with { TargetPercentile = scenario.TargetPercentile, BatchSize = scenario.QuerySize };
        var inputs = source.Query(system.Description.Inputs, scenario.QuerySize);
        using var query = system.Prepare(inputs);
        using var monitor = monitorResources ? ResourceMonitor.Start() : null;
        var benchmark = new LatencyBenchmark(settings, clock);
        LatencyStatistics statistics;
        bool? meets = null;
        if (scenario.Scenario == Scenario.Server)
        {
            var random = new Random(scenario.Seed);
            // Exponential gaps make arrivals a Poisson process at the target rate.
            statistics = benchmark.RunScheduled(query.Run, () => -Math.Log(1 - random.NextDouble()) / scenario.TargetQps, cancellation);
            meets = statistics.P99 <= scenario.LatencyBoundMs;
        }
        else
        {
            statistics = benchmark.Run(query.Run, cancellation);
        }
        var resources = monitor?.Stop();
        return new ScenarioResult(scenario, statistics, statistics.Throughput, meets, resources);
    }

    /// <summary>Searches the highest Poisson arrival rate whose 99th-percentile latency meets the bound (server scenario).</summary>
    /// <remarks>Starts from the closed-loop capacity 1 / median latency, brackets the answer by halving or doubling, then
    /// bisects <paramref name="steps"/> times; each trial is a full server run with the given stopping rule.</remarks>
    public MaxQpsSearch FindMaxQps(ISystemUnderTest system, ISampleSource source, ScenarioSettings scenario, LatencySettings latency, int steps = 6, CancellationToken cancellation = default)
    {
        var trials = new List<ScenarioResult>();
        var probe = Run(system, source, scenario with { Scenario = Scenario.SingleStream }, latency, false, cancellation);
        var capacity = 1000.0 / Math.Max(probe.Latency.P50, 1e-6) / Math.Max(1, scenario.QuerySize);
        ScenarioResult Trial(double qps)
        {
            var result = Run(system, source, scenario with { Scenario = Scenario.Server, TargetQps = qps }, latency, false, cancellation);
            trials.Add(result);
            return result;
        }

        double low = 0, high = capacity;
        var first = Trial(capacity);
        if (first.MeetsBound == true)
        {
            low = capacity;
            high = capacity * 2;
            while (Trial(high).MeetsBound == true && trials.Count < 4)
            {
                low = high;
                high *= 2;
            }
        }
        else
        {
            var candidate = capacity / 2;
            while (trials.Count < 12 && Trial(candidate).MeetsBound != true) candidate /= 2;
            if (trials[^1].MeetsBound == true) low = candidate;
            high = candidate * 2;
        }
        for (var i = 0; i < steps && low > 0; i++)
        {
            var middle = (low + high) / 2;
            if (Trial(middle).MeetsBound == true) low = middle;
            else high = middle;
        }
        var best = trials.Where(t => t.MeetsBound == true).OrderByDescending(t => t.Settings.TargetQps).FirstOrDefault();
        return new MaxQpsSearch(best?.Settings.TargetQps, scenario.LatencyBoundMs, best, trials);
    }
}

/// <summary>The outcome of <see cref="ScenarioRunner.FindMaxQps"/>: the best rate that met the bound (null if none did) and every trial.</summary>
public sealed record MaxQpsSearch(double? MaxQps, double LatencyBoundMs, ScenarioResult? Best, IReadOnlyList<ScenarioResult> Trials);
