using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;
using Assay.Benchmarking;
using Assay.Metrics;
using Assay.Metrics.Classification;
using Assay.Metrics.Uncertainty;
using Assay.Reporting;
using Assay.Tracking;
using Spectre.Console;

namespace Assay.Cli.Commands;

/// <summary><c>assay compare BASELINE CANDIDATE</c>: metric deltas with intervals and tests from stored predictions and latency samples, gated by rules.</summary>
internal static partial class CompareCommand
{
    /// <summary>Resamples of every bootstrap here; the seed is fixed so a comparison repeats exactly.</summary>
    private const int Resamples = 1000;

    private const int Seed = 0;

    public static Command Create(CliContext context)
    {
        var baseline = new Argument<string>("baseline") { Description = "The baseline run: id, unique prefix, latest, or best:METRIC." };
        var candidate = new Argument<string>("candidate") { Description = "The candidate run: id, unique prefix, latest, or best:METRIC." };
        var failIf = new Option<string[]>("--fail-if")
        {
            Description = "Exit 1 when a rule holds, e.g. \"accuracy < -0.5pp\" (absolute change) or \"latency_ms_p99 > +5%\" (relative change). Repeatable.",
            AllowMultipleArgumentsPerToken = false,
        };
        var json = CommonOptions.Json();
        var store = CommonOptions.Store();
        var command = new Command("compare", "Compare two runs: deltas, confidence intervals and p-values for every shared metric; --fail-if gates a change.")
        {
            baseline, candidate, failIf, json, store,
        };
        command.SetAction(parse => context.Guard(() =>
        {
            var rules = (parse.GetValue(failIf) ?? []).Select(CompareRule.Parse).ToList();
            var storePath = parse.GetValue(store)!;
            using var runStore = RunStores.OpenExisting(storePath);
            var a = Resolve(runStore, parse.GetValue(baseline)!, storePath);
            var b = Resolve(runStore, parse.GetValue(candidate)!, storePath);
            var result = Compare(runStore, a, b, rules);
            if (parse.GetValue(json)) context.Out.WriteLine(Json.Serialize(result));
            else Write(context.CreateConsole(), result);
            return result.Passed ? AssayApp.Success : AssayApp.Failure;
        }));
        return command;
    }

    /// <summary>A run by id or unique prefix, <c>latest</c> (newest completed run) or <c>best:METRIC</c> (best completed run by the catalog's direction).</summary>
    public static RunRecord Resolve(IRunStore store, string selector, string storePath)
    {
        if (selector == "latest")
        {
            var latest = store.ListRuns(new RunQuery(Status: RunStatus.Completed, Limit: 1));
            if (latest.Count == 0) throw new UsageException($"latest: no completed run in {RunStores.Describe(storePath)}");
            return store.GetRun(latest[0].Id)!;
        }
        if (selector.StartsWith("best:", StringComparison.Ordinal))
        {
            var name = selector["best:".Length..];
            var metric = MetricCatalog.Find(name) ?? throw new UsageException($"{selector}: unknown metric '{name}' (see 'assay metrics')");
            var best = store.ListRuns(new RunQuery(Status: RunStatus.Completed, Sort: new RunSort(metric.Name, metric.HigherIsBetter)))
                .FirstOrDefault(r => r.Metrics.ContainsKey(metric.Name))
                ?? throw new UsageException($"{selector}: no completed run recorded {metric.Name} in {RunStores.Describe(storePath)}");
            return store.GetRun(best.Id)!;
        }
        return RunsCommand.Find(store, selector, storePath);
    }

    /// <summary>Every metric both runs recorded, with the statistics the stored data allow, and the rules judged on the point estimates.</summary>
    public static CompareResult Compare(IRunStore store, RunRecord a, RunRecord b, IReadOnlyList<CompareRule> rules)
    {
        var predictionsA = store.GetPredictions(a.Summary.Id);
        var predictionsB = store.GetPredictions(b.Summary.Id);
        var pairing = Pairing(predictionsA, predictionsB);
        var metrics = new List<MetricComparison>();
        foreach (var name in a.Summary.Metrics.Keys.Intersect(b.Summary.Metrics.Keys).Order(StringComparer.Ordinal))
        {
            var x = a.Summary.Metrics[name];
            var y = b.Summary.Metrics[name];
            var delta = y - x;
            double? relative = x == 0 ? null : delta / Math.Abs(x);
            var higher = MetricCatalog.Find(name)?.HigherIsBetter;
            string? better = delta == 0 || higher is null ? null : (delta > 0) == higher ? "candidate" : "baseline";
            var (ci, p, test, note) = Statistics(store, a, b, name, predictionsA, predictionsB, pairing);
            metrics.Add(new MetricComparison(name, x, y, delta, relative, ci, p, test, better, note));
        }
        var judged = rules.Select(rule => rule.Judge(metrics.FirstOrDefault(m => m.Name == rule.Metric))).ToList();
        return new CompareResult(Describe(a), Describe(b), metrics, judged, judged.All(r => !r.Broken));
    }

    /// <summary>Null when both runs' predictions are on the same examples; otherwise why not.</summary>
    private static string? Pairing(RunPredictions? a, RunPredictions? b) =>
        a is null || b is null ? $"no stored predictions for the {(a is null ? "baseline" : "candidate")}"
        : a.Count != b.Count ? $"predictions on different examples ({a.Count} vs {b.Count})"
        : !a.YTrue.AsSpan().SequenceEqual(b.YTrue) ? "predictions on different examples (y_true differs)"
        : null;

    private static (double[]? Ci, double? P, string? Test, string? Note) Statistics(
        IRunStore store, RunRecord a, RunRecord b, string name, RunPredictions? predictionsA, RunPredictions? predictionsB, string? pairing)
    {
        if (name == EfficiencyMetricCatalog.LatencyP50.Name)
        {
            var samplesA = store.GetLatencySamples(a.Summary.Id);
            var samplesB = store.GetLatencySamples(b.Summary.Id);
            if (samplesA is not { Length: > 0 } || samplesB is not { Length: > 0 })
                return (null, null, null, $"no stored latency samples for the {(samplesA is not { Length: > 0 } ? "baseline" : "candidate")}");
            var (lower, upper, p) = RatioOfMedians(samplesA, samplesB);
            return ([lower, upper], p, "bootstrap_ratio_of_medians", null);
        }
        var isLabel = LabelMetricCatalog.Multiclass.Concat(LabelMetricCatalog.Binary).Any(m => m.Name == name);
        if (!isLabel) return (null, null, null, null);
        if (pairing is not null) return (null, null, null, pairing);
        var classes = Math.Max(predictionsA!.Classes, predictionsB!.Classes);
        if (name == LabelMetricCatalog.Accuracy.Name)
        {
            var mcnemar = McNemarTest.Compute(predictionsA.YTrue, predictionsA.YPred, predictionsB.YPred);
            var paired = Bootstrap(predictionsA, predictionsB, classes, name);
            return (paired is null ? null : [paired.Lower, paired.Upper], mcnemar.PValue, "mcnemar", null);
        }
        var comparison = Bootstrap(predictionsA, predictionsB, classes, name);
        return comparison is null
            ? (null, null, null, "undefined on too many resamples")
            : ([comparison.Lower, comparison.Upper], comparison.PValue, "paired_bootstrap", null);
    }

    private static PairedBootstrapComparison? Bootstrap(RunPredictions a, RunPredictions b, int classes, string name)
    {
        double Metric(RunPredictions p, ReadOnlySpan<int> indices)
        {
            var yTrue = new int[indices.Length];
            var yPred = new int[indices.Length];
            for (var i = 0; i < indices.Length; i++)
            {
                yTrue[i] = p.YTrue[indices[i]];
                yPred[i] = p.YPred[indices[i]];
            }
            var set = new MetricSet();
            LabelMetrics.AddTo(set, yTrue, yPred, classes);
            return set.TryGetValue(name, out var value) ? value : throw new UndefinedMetricException($"{name} is undefined on this resample");
        }
        try
        {
            return PairedBootstrap.Compare(a.Count, i => Metric(a, i), i => Metric(b, i), BootstrapSettings.Default.WithResamples(Resamples).WithSeed(Seed));
        }
        catch (UndefinedMetricException)
        {
            return null;
        }
    }

    /// <summary>Percentile bootstrap of median(B) / median(A), each run's samples resampled on their own (unpaired).</summary>
    /// <remarks>p = min(1, 2 (1 + min(#{r ≤ 1}, #{r ≥ 1})) / (m + 1)), as <see cref="PairedBootstrap"/> reads its differences against 0.</remarks>
    internal static (double Lower, double Upper, double PValue) RatioOfMedians(double[] a, double[] b)
    {
        var random = new Random(Seed);
        var ratios = new double[Resamples];
        var bufferA = new double[a.Length];
        var bufferB = new double[b.Length];
        for (var r = 0; r < Resamples; r++)
        {
            ratios[r] = Median(b, bufferB, random) / Median(a, bufferA, random);
        }
        Array.Sort(ratios);
        int atMostOne = 0, atLeastOne = 0;
        foreach (var ratio in ratios)
        {
            if (ratio <= 1) atMostOne++;
            if (ratio >= 1) atLeastOne++;
        }
        var p = Math.Min(1, 2.0 * (1 + Math.Min(atMostOne, atLeastOne)) / (Resamples + 1));
        return (LatencyStatistics.Percentile(ratios, 2.5), LatencyStatistics.Percentile(ratios, 97.5), p);
    }

    private static double Median(double[] samples, double[] buffer, Random random)
    {
        for (var i = 0; i < buffer.Length; i++) buffer[i] = samples[random.Next(samples.Length)];
        Array.Sort(buffer);
        return LatencyStatistics.Percentile(buffer, 50);
    }

    private static CompareRun Describe(RunRecord run) =>
        new(run.Summary.Id, run.Summary.Experiment, run.Summary.Model, run.Summary.StartedAt);

    private static void Write(IAnsiConsole console, CompareResult result)
    {
        console.MarkupLineInterpolated($"Baseline  [bold]{result.Baseline.Id}[/] ({result.Baseline.Experiment}/{result.Baseline.Model})");
        console.MarkupLineInterpolated($"Candidate [bold]{result.Candidate.Id}[/] ({result.Candidate.Experiment}/{result.Candidate.Model})");
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var column in new[] { "Metric", "Baseline", "Candidate", "Delta", "Rel.", "95% CI", "p", "Test" }) table.AddColumn(column);
        foreach (var m in result.Metrics)
        {
            table.AddRow(
                Markup.Escape(m.Name), Number(m.Baseline), Number(m.Candidate), Number(m.Delta),
                m.RelativeDelta is { } r ? r.ToString("+0.00%;-0.00%;0.00%", CultureInfo.InvariantCulture) : "",
                m.Ci is { } ci ? Markup.Escape($"[{Number(ci[0])}, {Number(ci[1])}]") : "",
                m.PValue is { } p ? p.ToString("0.0000", CultureInfo.InvariantCulture) : "",
                Markup.Escape(m.Test ?? m.Note ?? ""));
        }
        console.Write(table);
        foreach (var rule in result.Rules)
        {
            var value = rule.Value is { } v ? v.ToString("+0.####;-0.####;0", CultureInfo.InvariantCulture) : "missing";
            console.MarkupLineInterpolated($"{(rule.Broken ? "[red]BROKEN[/]" : "[green]ok[/]")}  {rule.Rule}  (change: {value})");
        }
        console.MarkupLine(result.Passed ? "[green]passed[/]" : "[red]failed: a --fail-if rule broke[/]");
    }

    private static string Number(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);
}

/// <summary>One <c>--fail-if</c> rule: <c>METRIC (&lt;|&gt;) (+|-)NUMBER(pp|%)</c>, pp an absolute change in percentage points, % a relative change.</summary>
internal sealed partial record CompareRule(string Text, string Metric, bool LessThan, double Threshold, bool Relative)
{
    public const string Form = "METRIC (<|>) (+|-)NUMBER(pp|%)";

    /// <exception cref="UsageException">The rule is malformed.</exception>
    public static CompareRule Parse(string text)
    {
        var match = Pattern().Match(text);
        if (!match.Success) throw new UsageException($"--fail-if: cannot read rule '{text}'; expected {Form}, e.g. \"accuracy < -0.5pp\"");
        var number = double.Parse(match.Groups[4].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        return new CompareRule(text.Trim(), match.Groups[1].Value, match.Groups[2].Value == "<", match.Groups[3].Value == "-" ? -number : number, match.Groups[5].Value == "%");
    }

    /// <summary>Judged on the point estimates; a metric either run lacks breaks the rule.</summary>
    public RuleResult Judge(MetricComparison? metric)
    {
        double? value = metric is null ? null : Relative ? metric.RelativeDelta * 100 : metric.Delta * 100;
        var broken = value is not { } v || (LessThan ? v < Threshold : v > Threshold);
        return new RuleResult(Text, broken, value);
    }

    [GeneratedRegex(@"^\s*([A-Za-z][A-Za-z0-9_.@]*)\s*([<>])\s*([+-])([0-9]+(?:\.[0-9]+)?)\s*(pp|%)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}

/// <summary>What <c>assay compare --json</c> prints (snake_case; see docs/json.md).</summary>
internal sealed record CompareResult(CompareRun Baseline, CompareRun Candidate, IReadOnlyList<MetricComparison> Metrics, IReadOnlyList<RuleResult> Rules, bool Passed);

internal sealed record CompareRun(string Id, string Experiment, string Model, DateTimeOffset StartedAt);

/// <param name="Ci">95 % interval of the delta; for <c>bootstrap_ratio_of_medians</c>, of candidate median / baseline median.</param>
/// <param name="Better">Which run is better by the catalog's direction: candidate, baseline, or null (equal or no direction).</param>
/// <param name="Note">Why no test was possible, where one would apply.</param>
internal sealed record MetricComparison(string Name, double Baseline, double Candidate, double Delta, double? RelativeDelta, double[]? Ci, double? PValue, string? Test, string? Better, string? Note);

/// <param name="Value">The change the rule was judged on (percentage points or percent); null when either run lacks the metric.</param>
internal sealed record RuleResult(string Rule, bool Broken, double? Value);
