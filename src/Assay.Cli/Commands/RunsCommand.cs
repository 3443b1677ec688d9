using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Assay.Reporting;
using Assay.Tracking;
using Spectre.Console;

namespace Assay.Cli.Commands;

/// <summary><c>assay runs</c>: list, show, diff, delete and export recorded runs.</summary>
internal static class RunsCommand
{
    /// <summary>More metric columns than this make the table wrap on a terminal.</summary>
    private const int MaxMetricColumns = 6;

    public static Command Create(CliContext context)
    {
        // Plain 'assay runs' is the same listing as 'assay runs list'.
        var command = new Command("runs", "List recorded runs, newest first (or: runs list|show|diff|delete|export).");
        AddListing(context, command);
        var list = new Command("list", "List recorded runs matching filters, newest first or sorted by a metric.");
        AddListing(context, list);
        command.Subcommands.Add(list);

        var id = new Argument<string>("id") { Description = "A run id, or a unique prefix of one." };
        var showJson = CommonOptions.Json();
        var showStore = CommonOptions.Store();
        var show = new Command("show", "Print one run: status, spec, parameters, metrics, series and environment.") { id, showJson, showStore };
        show.SetAction(parse => context.Guard(() =>
        {
            using var runStore = OpenExisting(parse.GetValue(showStore)!);
            var run = Find(runStore, parse.GetValue(id)!, parse.GetValue(showStore)!);
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
        command.Subcommands.Add(RunsDiff.Create(context));
        command.Subcommands.Add(CreateDelete(context));
        command.Subcommands.Add(RunsExport.Create(context));
        return command;
    }

    /// <summary>Resolves an id or unique prefix, or says which store lacks it.</summary>
    public static RunRecord Find(IRunStore store, string idOrPrefix, string storePath) =>
        store.GetRun(idOrPrefix) ?? throw new UsageException($"no run '{idOrPrefix}' in {RunStores.Describe(storePath)}");

    /// <summary>Listing must not create a store as a side effect of a typo in --store.</summary>
    public static IRunStore OpenExisting(string store) => RunStores.OpenExisting(store);

    private static void AddListing(CliContext context, Command command)
    {
        var json = CommonOptions.Json();
        var store = CommonOptions.Store();
        var limit = new Option<int>("--limit") { Description = "How many runs to list at most.", DefaultValueFactory = _ => 50 };
        var filters = new RunFilterOptions();
        command.Options.Add(json);
        command.Options.Add(store);
        command.Options.Add(limit);
        filters.AddTo(command);
        command.SetAction(parse => context.Guard(() =>
        {
            var count = parse.GetValue(limit);
            if (count < 1) throw new UsageException($"--limit: expected a count >= 1, got {count}");
            using var runStore = OpenExisting(parse.GetValue(store)!);
            var runs = runStore.ListRuns(filters.Read(parse, runStore, count));
            if (parse.GetValue(json))
            {
                context.Out.WriteLine(Json.Serialize(new { runs }));
                return AssayApp.Success;
            }
            var console = context.CreateConsole();
            if (runs.Count == 0)
            {
                console.MarkupLine(runStore.ListRuns(1).Count == 0 ? "No runs recorded yet." : "No runs match.");
                return AssayApp.Success;
            }
            console.Write(ListTable(runs, filters.SortMetric(parse)));
            return AssayApp.Success;
        }));
    }

    /// <summary>The runs with a column per metric they have: the sort metric first, then the most common ones.</summary>
    private static Table ListTable(IReadOnlyList<RunSummary> runs, string? sortMetric)
    {
        var metrics = runs.SelectMany(r => r.Metrics.Keys)
            .GroupBy(name => name, StringComparer.Ordinal)
            .OrderByDescending(g => g.Key == sortMetric)
            .ThenByDescending(g => g.Count())
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Key)
            .Take(MaxMetricColumns)
            .ToList();
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var column in new[] { "Run id", "Experiment", "Model", "Status", "Started (UTC)", "Seconds" }) table.AddColumn(column);
        foreach (var metric in metrics) table.AddColumn(new TableColumn(Markup.Escape(metric)).RightAligned());
        foreach (var run in runs)
        {
            table.AddRow([
                run.Id,
                Markup.Escape(run.Experiment),
                Markup.Escape(run.Model),
                StatusMarkup(run.Status),
                run.StartedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                run.EndedAt is { } end ? (end - run.StartedAt).TotalSeconds.ToString("F1", CultureInfo.InvariantCulture) : "-",
                .. metrics.Select(m => run.Metrics.TryGetValue(m, out var value) ? FormatMetric(value) : "-"),
            ]);
        }
        return table;
    }

    /// <summary>Four decimals for scores, fewer digits shown for large counts such as params or size_bytes.</summary>
    public static string FormatMetric(double value) =>
        Math.Abs(value) >= 1e6 ? value.ToString("G6", CultureInfo.InvariantCulture) : value.ToString("0.####", CultureInfo.InvariantCulture);

    private static Command CreateDelete(CliContext context)
    {
        var id = new Argument<string>("id") { Description = "A run id, or a unique prefix of one." };
        var yes = new Option<bool>("--yes") { Description = "Confirm the deletion (required: there is no prompt)." };
        var json = CommonOptions.Json();
        var store = CommonOptions.Store();
        var delete = new Command("delete", "Delete one finished or interrupted run with its parameters, metrics and series.") { id, yes, json, store };
        delete.SetAction(parse => context.Guard(() =>
        {
            using var runStore = OpenExisting(parse.GetValue(store)!);
            var run = Find(runStore, parse.GetValue(id)!, parse.GetValue(store)!).Summary;
            // No interactive prompt: scripts and CI have no stdin to answer it.
            if (!parse.GetValue(yes))
                throw new UsageException($"refusing to delete run {run.Id} ({run.Experiment} / {run.Model}) without --yes; add --yes to delete it");
            runStore.DeleteRun(run.Id);
            if (parse.GetValue(json)) context.Out.WriteLine(Json.Serialize(new { deleted = run.Id }));
            else context.Out.WriteLine($"Deleted run {run.Id} ({run.Experiment} / {run.Model}).");
            return AssayApp.Success;
        }));
        return delete;
    }

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

    public static string StatusMarkup(RunStatus status) => status switch
    {
        RunStatus.Completed => "[green]completed[/]",
        RunStatus.Failed => "[red]failed[/]",
        RunStatus.Interrupted => "[yellow]interrupted[/]",
        _ => "running",
    };
}
