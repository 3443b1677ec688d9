using System.CommandLine;
using System.Text.Json;
using Assay.Reporting;
using Assay.Sqlite;
using Assay.Tracking;
using Spectre.Console;

namespace Assay.Cli.Commands;

/// <summary><c>assay runs</c> lists recorded runs; <c>assay runs show ID</c> prints one.</summary>
internal static class RunsCommand
{
    public static Command Create(CliContext context)
    {
        var json = CommonOptions.Json();
        var store = CommonOptions.Store();
        var limit = new Option<int>("--limit") { Description = "How many runs to list, newest first.", DefaultValueFactory = _ => 50 };
        var command = new Command("runs", "List recorded runs, newest first (or: runs show ID).") { json, store, limit };
        command.SetAction(parse => context.Guard(() =>
        {
            var count = parse.GetValue(limit);
            if (count < 1) throw new UsageException($"--limit: expected a count >= 1, got {count}");
            using var runStore = OpenExisting(parse.GetValue(store)!);
            var runs = runStore.ListRuns(count);
            if (parse.GetValue(json))
            {
                context.Out.WriteLine(Json.Serialize(new { runs }));
                return AssayApp.Success;
            }
            var console = context.CreateConsole();
            if (runs.Count == 0)
            {
                console.MarkupLine("No runs recorded yet.");
                return AssayApp.Success;
            }
            var table = new Table().Border(TableBorder.Rounded);
            foreach (var column in new[] { "Run id", "Experiment", "Model", "Status", "Started (UTC)", "Seconds", "accuracy", "f1_macro" }) table.AddColumn(column);
            foreach (var run in runs)
            {
                table.AddRow(
                    run.Id,
                    Markup.Escape(run.Experiment),
                    Markup.Escape(run.Model),
                    StatusMarkup(run.Status),
                    run.StartedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss"),
                    run.EndedAt is { } end ? (end - run.StartedAt).TotalSeconds.ToString("F1") : "-",
                    run.Metrics.TryGetValue("accuracy", out var accuracy) ? accuracy.ToString("F4") : "-",
                    run.Metrics.TryGetValue("f1_macro", out var f1) ? f1.ToString("F4") : "-");
            }
            console.Write(table);
            return AssayApp.Success;
        }));

        var id = new Argument<string>("id") { Description = "A run id, or a unique prefix of one." };
        var showJson = CommonOptions.Json();
        var showStore = CommonOptions.Store();
        var show = new Command("show", "Print one run: status, spec, parameters, metrics, series and environment.") { id, showJson, showStore };
        show.SetAction(parse => context.Guard(() =>
        {
            using var runStore = OpenExisting(parse.GetValue(showStore)!);
            var runId = parse.GetValue(id)!;
            var run = runStore.GetRun(runId) ?? throw new UsageException($"no run '{runId}' in {parse.GetValue(showStore)}");
            if (parse.GetValue(showJson))
            {
                context.Out.WriteLine(Json.Serialize(new
                {
                    id = run.Summary.Id,
                    experiment = run.Summary.Experiment,
                    model = run.Summary.Model,
                    status = run.Summary.Status,
                    started_at = run.Summary.StartedAt,
                    ended_at = run.Summary.EndedAt,
                    error = run.Error,
                    seed = run.Seed,
                    spec = new { source = run.SpecSource, hash = run.SpecHash, text = run.SpecText },
                    @params = run.Params,
                    metrics = run.Summary.Metrics,
                    series = run.Series,
                    environment = JsonDocument.Parse(run.EnvironmentJson).RootElement,
                    result = run.ResultJson is null ? (JsonElement?)null : JsonDocument.Parse(run.ResultJson).RootElement,
                }));
                return AssayApp.Success;
            }
            Write(context.CreateConsole(), run);
            return AssayApp.Success;
        }));
        command.Subcommands.Add(show);
        return command;
    }

    /// <summary>Listing must not create a store as a side effect of a typo in --store.</summary>
    private static SqliteRunStore OpenExisting(string path) =>
        File.Exists(path) ? SqliteRunStore.Open(path) : throw new StoreException($"{path}: no experiment store here (runs are recorded by 'assay run' and 'assay eval')");

    private static void Write(IAnsiConsole console, RunRecord run)
    {
        var s = run.Summary;
        console.MarkupLineInterpolated($"[bold]Run {s.Id}[/]: {s.Experiment} / {s.Model}, {s.Status.ToString().ToLowerInvariant()}");
        var ended = s.EndedAt is { } e ? $", ended {e.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC ({(e - s.StartedAt).TotalSeconds:F1} s)" : "";
        console.MarkupLineInterpolated($"Started {s.StartedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC{ended}");
        if (run.Error is not null) console.MarkupLineInterpolated($"[red]{run.Error}[/]");
        console.MarkupLineInterpolated($"Spec: {run.SpecSource} (sha256 {run.SpecHash[..12]}…), seed {run.Seed}");

        var table = new Table().Border(TableBorder.Rounded).Title("Parameters and metrics");
        table.AddColumn("Name");
        table.AddColumn("Value");
        foreach (var (key, value) in run.Params) table.AddRow(Markup.Escape(key), Markup.Escape(value));
        foreach (var (name, value) in s.Metrics) table.AddRow($"[bold]{Markup.Escape(name)}[/]", value.ToString("G6"));
        console.Write(table);

        foreach (var (name, points) in run.Series)
        {
            var values = points.Select(p => p.Value).ToList();
            console.MarkupLineInterpolated($"{name}: {points.Count} steps, first {values[0]:G5}, last {values[^1]:G5}, min {values.Min():G5}, max {values.Max():G5}");
        }
        console.MarkupLineInterpolated($"[grey]Environment: {run.EnvironmentJson}[/]");
    }

    private static string StatusMarkup(RunStatus status) => status switch
    {
        RunStatus.Completed => "[green]completed[/]",
        RunStatus.Failed => "[red]failed[/]",
        RunStatus.Interrupted => "[yellow]interrupted[/]",
        _ => "running",
    };
}
