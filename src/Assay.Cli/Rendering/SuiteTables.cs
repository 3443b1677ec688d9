using Assay.Environment;
using Assay.Metrics;
using Assay.Running;
using Spectre.Console;

namespace Assay.Cli.Rendering;

/// <summary>The human summary of a suite run: one row per model, then how each number was measured.</summary>
internal static class SuiteTables
{
    public static void Write(IAnsiConsole console, SuiteResult result)
    {
        var data = result.Data;
        console.MarkupLineInterpolated($"Data: {data.Reference} ({string.Join("x", data.ExampleShape)}), {data.NumClasses} classes; stratified holdout {data.TestFraction:P0} (seed {data.SplitSeed}): {data.Train} train / {data.Test} test");

        // Measures down, models across: reads well for any number of metrics at terminal width.
        var table = new Table().Border(TableBorder.Rounded).Title("Results on the holdout");
        table.AddColumn("");
        foreach (var run in result.Runs) table.AddColumn(new TableColumn(Markup.Escape(run.Model)).RightAligned());
        var metricNames = result.Runs.SelectMany(r => r.Metrics.Keys).Distinct().ToList();
        foreach (var name in metricNames)
        {
            var best = BestValue(result.Runs, name);
            table.AddRow([name, .. result.Runs.Select(r => r.Metrics.TryGetValue(name, out var v)
                ? result.Runs.Count > 1 && v == best ? $"[bold green]{v:F4}[/]" : v.ToString("F4")
                : "-")]);
        }
        Row(table, result, "params", e => e.Params.ToString("N0"));
        Row(table, result, "size", e => Format.Bytes(e.SizeBytes));
        Row(table, result, "train seconds", e => e.TrainSeconds.ToString("F2"));
        Row(table, result, "train samples/s", e => e.TrainSamplesPerS.ToString("N0"));
        Row(table, result, "latency p50 ms", e => e.LatencyMs?.P50.ToString("F4") ?? "-");
        Row(table, result, "latency p90 ms", e => e.LatencyMs?.P90.ToString("F4") ?? "-");
        Row(table, result, "latency p99 ms", e => e.LatencyMs?.P99.ToString("F4") ?? "-");
        table.AddRow(["run id", .. result.Runs.Select(r => r.RunId)]);
        console.Write(table);

        foreach (var run in result.Runs)
        {
            if (run.Efficiency.LatencyMs is { } l)
                console.MarkupLineInterpolated($"[grey]{run.Model} latency: batch {l.BatchSize}, {l.Warmup} warm-up calls, then {l.N} timed calls (>= {l.MinDurationMs:F0} ms); median {l.P50:F3} ms, mean {l.Mean:F3} ± {l.Stdev:F3} ms, min {l.Min:F3}, max {l.Max:F3}[/]");
        }
        if (result.Runs.Any(r => r.Bench is { Count: > 0 }))
        {
            var bench = new Table().Border(TableBorder.Rounded).Title("Scenarios (ms per query; holdout inputs)");
            foreach (var column in new[] { "Model", "Scenario", "Batch", "n", "p50", "p90", "p99", "Bound", "Samples/s", "Meets bound" })
                bench.AddColumn(new TableColumn(column).RightAligned());
            foreach (var run in result.Runs)
            {
                foreach (var b in run.Bench ?? [])
                {
                    var l = b.LatencyMs;
                    bench.AddRow(Markup.Escape(run.Model), b.Scenario, b.BatchSize.ToString(), l.N.ToString(), l.P50.ToString("F4"), l.P90.ToString("F4"), l.P99.ToString("F4"),
                        l.EarlyStoppingBound is { } bound ? $"p{l.TargetPercentile:0} ≤ {bound:F4}" : "-", b.ThroughputPerS.ToString("N0"),
                        b.MeetsBound is { } meets ? (meets ? "yes" : "[red]no[/]") : "");
                }
            }
            console.Write(bench);
        }
        foreach (var run in result.Runs) ConfusionTable.Write(console, $"{run.Model}: confusion matrix (rows: true class, columns: predicted)", run.ConfusionMatrix);
        WriteEnvironment(console, result.Environment);
    }

    private static void Row(Table table, SuiteResult result, string label, Func<EfficiencyResult, string> cell) =>
        table.AddRow([label, .. result.Runs.Select(r => cell(r.Efficiency))]);

    public static void WriteEnvironment(IAnsiConsole console, EnvironmentInfo env)
    {
        var components = string.Join(", ", env.Components.Select(c => $"{c.Key} {c.Value}"));
        var threads = env.Threads.Count == 0 ? "" : "; threads " + string.Join(", ", env.Threads.Select(t => $"{t.Key}={t.Value}"));
        console.MarkupLineInterpolated($"[grey]Environment: {env.CpuModel}, {env.LogicalCores} logical cores; {env.Os}; {env.Dotnet}; {components}{threads}[/]");
    }

    private static double BestValue(IReadOnlyList<ModelRunResult> runs, string name)
    {
        var values = runs.Where(r => r.Metrics.ContainsKey(name)).Select(r => r.Metrics[name]).ToList();
        if (values.Count == 0) return double.NaN;
        return MetricCatalog.Find(name) is { HigherIsBetter: false } ? values.Min() : values.Max();
    }
}

internal static class ConfusionTable
{
    public static void Write(IAnsiConsole console, string title, long[][] rows)
    {
        var table = new Table().Border(TableBorder.Simple).Title(Markup.Escape(title));
        table.AddColumn(new TableColumn("true \\ pred").RightAligned());
        for (var c = 0; c < rows.Length; c++) table.AddColumn(new TableColumn(c.ToString()).RightAligned());
        for (var r = 0; r < rows.Length; r++)
            table.AddRow([r.ToString(), .. rows[r].Select((count, c) => c == r ? $"[bold]{count}[/]" : count == 0 ? "[grey]·[/]" : count.ToString())]);
        console.Write(table);
    }
}

internal static class Format
{
    public static string Bytes(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => $"{bytes / 1024.0:F1} KiB",
        _ => $"{bytes / (1024.0 * 1024):F1} MiB",
    };
}
