using System.CommandLine;
using Assay.Benchmarking;
using Assay.Benchmarking.Cost;
using Assay.Cli.Rendering;
using Assay.Data;
using Assay.Environment;
using Assay.Metrics;
using Assay.Onnx;
using Assay.Reporting;
using Assay.Torch;
using Assay.Tracking;
using Spectre.Console;

namespace Assay.Cli.Commands;

/// <summary><c>assay bench</c>: latency and throughput of an ONNX model under LoadGen's scenarios, with confidence and resource use.</summary>
internal static class BenchCommand
{
    public static Command Create(CliContext context)
    {
        var model = new Option<string>("--model") { Description = "The model: an ONNX file, a TorchScript file (.pt, with --shape), or zoo:mlp / zoo:cnn (untrained, with --shape input=1xCxHxW).", Required = true };
        var classes = new Option<int>("--classes") { Description = "Zoo models: number of classes.", DefaultValueFactory = _ => 10 };
        var alsoOnnx = new Option<bool>("--also-onnx") { Description = "Zoo models: also export to ONNX and run the same sweep on ONNX Runtime, side by side." };
        var scenario = new Option<string>("--scenario") { Description = "single-stream (p90), multi-stream (p99), server (Poisson arrivals, p99 vs --latency-bound) or offline (throughput).", DefaultValueFactory = _ => "single-stream" };
        var batchSizes = new Option<string>("--batch-sizes") { Description = "Samples per query to sweep, e.g. 1,8,32.", DefaultValueFactory = _ => "1" };
        var threads = new Option<string>("--threads") { Description = "ONNX Runtime intra-op thread counts to sweep, e.g. 1,2 (0: its default).", DefaultValueFactory = _ => "0" };
        var minDuration = new Option<string>("--min-duration") { Description = "The measured stage lasts at least this long (e.g. 10s, 500ms).", DefaultValueFactory = _ => "2s" };
        var maxDuration = new Option<string>("--max-duration") { Description = "...and at most this long per configuration.", DefaultValueFactory = _ => "60s" };
        var minCount = new Option<int>("--min-count") { Description = "The measured stage makes at least this many queries.", DefaultValueFactory = _ => 200 };
        var percentile = new Option<double?>("--percentile") { Description = "Target percentile for the early-stopping bound (default: the scenario's, 90 or 99)." };
        var samplesPerQuery = new Option<int>("--samples-per-query") { Description = "Multi-stream: samples per query.", DefaultValueFactory = _ => 8 };
        var targetQps = new Option<double>("--target-qps") { Description = "Server: Poisson arrival rate (queries/s).", DefaultValueFactory = _ => 100 };
        var latencyBound = new Option<string>("--latency-bound") { Description = "Server: bound on the p99 latency.", DefaultValueFactory = _ => "10ms" };
        var findMaxQps = new Option<bool>("--find-max-qps") { Description = "Server: search the highest QPS whose p99 meets --latency-bound." };
        var shape = new Option<string[]>("--shape") { Description = "Shape for an input with dynamic dimensions: NAME=1x3x224x224 (repeatable; the batch dimension follows --batch-sizes).", AllowMultipleArgumentsPerToken = false };
        var data = new Option<string?>("--data") { Description = "Feed real examples from a data set (digits, idx:PATH, ...) instead of seeded synthetic inputs." };
        var seed = new Option<int>("--seed") { Description = "Seed of the synthetic inputs and server arrivals.", DefaultValueFactory = _ => 0 };
        var optimization = new Option<string>("--optimization") { Description = "ONNX Runtime graph optimization: disabled, basic, extended, all.", DefaultValueFactory = _ => "all" };
        var interOp = new Option<int>("--inter-op-threads") { Description = "ONNX Runtime threads across independent operators (0: its default).", DefaultValueFactory = _ => 0 };
        var provider = new Option<string>("--provider") { Description = "Execution provider: cpu, or one this ONNX Runtime build has.", DefaultValueFactory = _ => "cpu" };
        var json = CommonOptions.Json();
        var store = CommonOptions.Store();
        var command = new Command("bench", "Benchmark inference: latency percentiles with confidence intervals, throughput, resource use; scenarios and sweeps.")
        {
            model, classes, alsoOnnx, scenario, batchSizes, threads, minDuration, maxDuration, minCount, percentile, samplesPerQuery, targetQps, latencyBound, findMaxQps,
            shape, data, seed, optimization, interOp, provider, json, store,
        };
        command.SetAction((parse, cancellation) => Task.Run(() => context.Guard(() =>
        {
            var path = parse.GetValue(model)!;
            var kind = ScenarioSettings.Parse(parse.GetValue(scenario)!);
            var batches = CommonOptions.ParseCounts(parse.GetValue(batchSizes)!, "--batch-sizes");
            var threadCounts = CommonOptions.ParseCounts(parse.GetValue(threads)!, "--threads", minimum: 0);
            var count = parse.GetValue(minCount);
            if (count < 1) throw new UsageException($"--min-count: expected a count >= 1, got {count}");
            var boundMs = CommonOptions.ParseDuration(parse.GetValue(latencyBound)!, "--latency-bound").TotalMilliseconds;
            var qps = parse.GetValue(targetQps);
            if (!(qps > 0)) throw new UsageException($"--target-qps: expected a rate > 0, got {qps}");
            var perQuery = parse.GetValue(samplesPerQuery);
            if (perQuery < 1) throw new UsageException($"--samples-per-query: expected a count >= 1, got {perQuery}");
            var latency = LatencySettings.Default with
            {
                WarmupCount = 10,
                WarmupUntilStable = true,
                MinCount = count,
                MaxCount = Math.Max(count, 10_000_000),
                MinDuration = CommonOptions.ParseDuration(parse.GetValue(minDuration)!, "--min-duration"),
                MaxDurationSeconds = CommonOptions.ParseDuration(parse.GetValue(maxDuration)!, "--max-duration").TotalSeconds,
            };
            var wantedPercentile = parse.GetValue(percentile);
            var shapes = CommonOptions.ParseShapes(parse.GetValue(shape) ?? []);
            ISampleSource source = parse.GetValue(data) is { } reference
                ? new DatasetSampleSource(DatasetLoader.Load(reference, "all"))
                : new SyntheticSampleSource(parse.GetValue(seed), shapes);
            var sessionBase = new OnnxSessionSettings(InterOpThreads: parse.GetValue(interOp), OptimizationLevel: parse.GetValue(optimization)!, ExecutionProvider: parse.GetValue(provider)!);

            using var scratch = new ScratchFolder();
            var targets = BenchTargets.Resolve(path, shapes, sessionBase, parse.GetValue(classes), parse.GetValue(alsoOnnx), scratch.Path);
            using var runStore = RunStores.Open(parse.GetValue(store)!);
            var environment = EnvironmentInfo.Capture([OnnxBackendInfo.Instance, TorchBackendInfo.Instance]);
            var commandLine = "assay bench " + string.Join(' ', parse.Tokens.Select(t => t.Value));
            var runId = runStore.StartRun(RunStart.ForCommand("bench", targets[0].Model.Path.Split('/')[^1], commandLine, parse.GetValue(seed),
                Json.Serialize(environment, indented: false), new Dictionary<string, string>
                {
                    ["model.path"] = path.StartsWith(BenchTargets.ZooPrefix, StringComparison.Ordinal) ? path : Path.GetFullPath(path),
                    ["bench.scenario"] = ScenarioSettings.Name(kind),
                    ["bench.batch_sizes"] = string.Join(",", batches),
                    ["bench.threads"] = string.Join(",", threadCounts),
                    ["bench.min_count"] = count.ToString(),
                    ["bench.min_duration_s"] = latency.MinDuration.TotalSeconds.ToString("R"),
                    ["bench.inputs"] = source.Name,
                }));

            var report = runStore.Guard(runId, () =>
            {
                var runner = new ScenarioRunner();
                var overhead = MeasureOverhead(runner, latency, cancellation);
                var results = new List<BenchResult>();
                var samples = new List<IReadOnlyList<double>>();
                MaxQpsResult? maxQps = null;
                foreach (var target in targets)
                {
                    foreach (var threadCount in threadCounts)
                    {
                        using var system = target.Load(threadCount);
                        foreach (var batch in batches)
                        {
                            var settings = new ScenarioSettings(kind, batch, perQuery, qps, boundMs, parse.GetValue(seed));
                            var run = latency with { TargetPercentile = wantedPercentile ?? settings.TargetPercentile };
                            if (!parse.GetValue(json)) context.Error.WriteLine($"measuring {target.Engine}: {ScenarioSettings.Name(kind)}, batch {batch}, threads {threadCount}...");
                            var result = runner.Run(system, source, settings, run, cancellation: cancellation);
                            results.Add(BenchResult.From(result, target.Engine, threadCount, target.Model));
                            samples.Add(result.Latency.SamplesMs);
                        }
                        if (parse.GetValue(findMaxQps) && kind == Scenario.Server && maxQps is null)
                        {
                            var search = runner.FindMaxQps(system, source, new ScenarioSettings(kind, batches[0], perQuery, qps, boundMs, parse.GetValue(seed)), latency with { MinDuration = TimeSpan.FromSeconds(Math.Min(1, latency.MinDuration.TotalSeconds)) }, cancellation: cancellation);
                            maxQps = new MaxQpsResult(search.MaxQps, boundMs, [.. search.Trials.Select(t => new QpsTrial(t.Settings.TargetQps, t.Latency.P99, t.MeetsBound == true))]);
                        }
                    }
                }
                if (parse.GetValue(findMaxQps) && kind != Scenario.Server) throw new UsageException("--find-max-qps applies to --scenario server");
                var best = BestIndex(kind, results);
                if (best >= 0) runStore.SaveLatencySamples(runId, [.. samples[best]]);
                return new BenchReport(runId, targets[0].Model, [.. targets.Skip(1).Select(t => t.Model)], overhead, results, best, maxQps, environment);
            });
            runStore.FinishRun(runId, new RunOutcome(RunStatus.Completed, report.StoredMetrics(), Json.Serialize(report), null));

            if (parse.GetValue(json)) context.Out.WriteLine(Json.Serialize(report));
            else Write(context.CreateConsole(), report);
            return AssayApp.Success;
        })));
        return command;
    }

    /// <summary>Times the harness on a no-op system: what every reported latency includes besides the model.</summary>
    private static double MeasureOverhead(ScenarioRunner runner, LatencySettings latency, CancellationToken cancellation)
    {
        using var noOp = new NoOpSystem();
        var settings = latency with { MinCount = 20_000, MinDuration = TimeSpan.FromMilliseconds(200), WarmupUntilStable = false, WarmupCount = 1000 };
        var result = runner.Run(noOp, new SyntheticSampleSource(0), new ScenarioSettings(Scenario.SingleStream), settings, monitorResources: false, cancellation);
        return result.Latency.P50 * 1e6;
    }

    /// <summary>The configuration to highlight: lowest target-percentile latency for the latency scenarios, highest throughput otherwise.</summary>
    private static int BestIndex(Scenario scenario, List<BenchResult> results)
    {
        if (results.Count == 0) return -1;
        return scenario switch
        {
            Scenario.SingleStream or Scenario.MultiStream => results.IndexOf(results.MinBy(r => r.LatencyMs.EarlyStoppingBound ?? r.LatencyMs.P99)!),
            Scenario.Server => results.IndexOf(results.Where(r => r.MeetsBound == true).DefaultIfEmpty(results[0]).MaxBy(r => r.ThroughputPerS)!),
            _ => results.IndexOf(results.MaxBy(r => r.ThroughputPerS)!),
        };
    }

    private static void Write(IAnsiConsole console, BenchReport report)
    {
        foreach (var model in (IEnumerable<BenchModel>)[report.Model, .. report.AlsoModels])
        {
            var cost = model.MacsPerSample is { } macs ? $"{model.Params:N0} params, {macs:N0} MACs per sample" : model.NotCounted;
            console.MarkupLineInterpolated($"[bold]{model.Path}[/] ({model.Format}, {Format.Bytes(model.SizeBytes)}; {cost})");
            foreach (var uncounted in model.UncountedOps) console.MarkupLineInterpolated($"[yellow]MACs not counted[/] for {uncounted.Count} x {uncounted.Op} ({uncounted.Reason})");
        }
        var table = new Table().Border(TableBorder.Rounded).Title("Latency (ms) and throughput");
        foreach (var column in new[] { "", "Engine", "Scenario", "Batch", "Threads", "n", "p50", "p90", "p95", "p99 [[95% CI]]", "Bound", "CPU floor", "Samples/s", "CPU cores", "Peak RSS", "Stop" })
            table.AddColumn(new TableColumn(column).RightAligned());
        for (var i = 0; i < report.Results.Count; i++)
        {
            var r = report.Results[i];
            var l = r.LatencyMs;
            var ci = l.Ci.TryGetValue("p99", out var p99) ? $" [{Number(p99[0])}, {Number(p99[1])}]" : "";
            var cells = new[]
            {
                i == report.Best ? "best" : "",
                r.Engine,
                r.Scenario, r.BatchSize.ToString(), r.Threads == 0 ? "auto" : r.Threads.ToString(), l.N.ToString(),
                l.P50.ToString("F4"), l.P90.ToString("F4"), l.P95.ToString("F4"), l.P99.ToString("F4") + ci,
                l.EarlyStoppingBound is { } b ? $"p{l.TargetPercentile:0} ≤ {b:F4}" : "-",
                r.CpuFloorMs is { } f ? f.ToString("F5") : "-",
                r.ThroughputPerS.ToString("N0"),
                r.Resources is { } res ? res.CpuCoresBusy.ToString("F2") : "-",
                r.Resources is { } res2 ? Format.Bytes(res2.PeakWorkingSetBytes) : "-",
                l.StopReason.ToString(),
            };
            table.AddRow(cells.Select(c => i == report.Best ? $"[bold green]{Markup.Escape(c)}[/]" : Markup.Escape(c)).ToArray());
        }
        console.Write(table);
        if (report.MaxQps is { } search)
        {
            console.MarkupLineInterpolated($"Max QPS with p99 ≤ {search.LatencyBoundMs:F3} ms: {(search.MaxQps is { } q ? q.ToString("N1") : "none met the bound")} ({search.Trials.Count} trials)");
        }
        console.MarkupLineInterpolated($"[grey]Harness overhead: {report.OverheadNs:F0} ns per query (median on a no-op system), included in every latency above. Warm-up until stable, then at least the minimum count and duration, until the target percentile's upper bound is certified at 99 % confidence (MLPerf LoadGen's rule).[/]");
        SuiteTables.WriteEnvironment(console, report.Environment);
        console.MarkupLineInterpolated($"Recorded as run {report.RunId}");
    }

    private static string Number(double? value) => value is { } v ? v.ToString("F4") : "?";
}

/// <summary>What <c>assay bench --json</c> prints (see docs/json.md).</summary>
/// <param name="AlsoModels">The same model in other engines (zoo models with --also-onnx).</param>
internal sealed record BenchReport(string RunId, BenchModel Model, IReadOnlyList<BenchModel> AlsoModels, double OverheadNs, IReadOnlyList<BenchResult> Results, int Best, MaxQpsResult? MaxQps, EnvironmentInfo Environment)
{
    public Dictionary<string, double> StoredMetrics()
    {
        var metrics = new Dictionary<string, double>();
        if (Best < 0) return metrics;
        var best = Results[Best];
        metrics[EfficiencyMetricCatalog.LatencyP50.Name] = best.LatencyMs.P50;
        metrics[EfficiencyMetricCatalog.LatencyP90.Name] = best.LatencyMs.P90;
        metrics[EfficiencyMetricCatalog.LatencyP99.Name] = best.LatencyMs.P99;
        metrics[EfficiencyMetricCatalog.ThroughputPerSecond.Name] = best.ThroughputPerS;
        metrics[EfficiencyMetricCatalog.OverheadNs.Name] = OverheadNs;
        if (MaxQps?.MaxQps is { } qps) metrics[EfficiencyMetricCatalog.MaxQps.Name] = qps;
        return metrics;
    }
}

/// <param name="CpuFloorMs">The MAC floor for one query of this batch on this many threads' cores, beside the measured latency.</param>
internal sealed record BenchResult(string Engine, string Scenario, int BatchSize, int Threads, Running.LatencyResult LatencyMs, double ThroughputPerS, bool? MeetsBound, double? CpuFloorMs, ResourceUsage? Resources)
{
    public static BenchResult From(ScenarioResult result, string engine, int threads, BenchModel model)
    {
        var cores = threads == 0 ? System.Environment.ProcessorCount : Math.Min(threads, System.Environment.ProcessorCount);
        var floor = model.MacsPerSample is { } macs ? CpuFloorReport.For((long)Math.Round(macs * result.Settings.QuerySize), cores)?.Ms : null;
        return new(engine, ScenarioSettings.Name(result.Settings.Scenario), result.Settings.QuerySize, threads,
            Running.LatencyResult.From(result.Latency, LatencySettings.Default with { MinDuration = TimeSpan.Zero }),
            result.Throughput, result.MeetsBound, floor, result.Resources);
    }
}

internal sealed record MaxQpsResult(double? MaxQps, double LatencyBoundMs, IReadOnlyList<QpsTrial> Trials);

internal sealed record QpsTrial(double TargetQps, double P99Ms, bool MeetsBound);
