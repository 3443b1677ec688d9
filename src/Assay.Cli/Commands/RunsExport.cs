using System.CommandLine;
using System.Globalization;
using System.Text;
using Assay.Reporting;
using Assay.Tracking;

namespace Assay.Cli.Commands;

/// <summary><c>assay runs export</c>: the runs matching the listing filters, as CSV (one row per run) or JSON.</summary>
internal static class RunsExport
{
    public static Command Create(CliContext context)
    {
        var format = new Option<string>("--format") { Description = "csv (one row per run) or json.", Required = true }.AcceptOnlyFromAmong("csv", "json");
        var output = new Option<string>("--out") { Description = "The file to write; replaced atomically.", Required = true };
        var limit = new Option<int?>("--limit") { Description = "How many runs at most (default: all)." };
        var store = CommonOptions.Store();
        var filters = new RunFilterOptions();
        var export = new Command("export", "Write the runs matching the filters (as for 'runs list') to a CSV or JSON file.") { format, output, limit, store };
        filters.AddTo(export);
        export.SetAction(parse => context.Guard(() =>
        {
            if (parse.GetValue(limit) is < 1 and var count) throw new UsageException($"--limit: expected a count >= 1, got {count}");
            var path = parse.GetValue(output)!;
            var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
            if (!Directory.Exists(folder)) throw new UsageException($"--out: folder {folder} does not exist");
            var storePath = parse.GetValue(store)!;
            using var runStore = RunsCommand.OpenExisting(storePath);
            var runs = runStore.ListRuns(filters.Read(parse, runStore, parse.GetValue(limit)))
                .Select(r => runStore.GetRun(r.Id) ?? throw new StoreException($"{RunStores.Describe(storePath)}: run {r.Id} was deleted while exporting"))
                .ToList();
            var text = parse.GetValue(format) == "csv" ? Csv(runs) : Json.Serialize(new { runs = runs.Select(Document) }) + "\n";
            WriteAtomically(path, text);
            context.Out.WriteLine($"Exported {runs.Count} run{(runs.Count == 1 ? "" : "s")} to {path}.");
            return AssayApp.Success;
        }));
        return export;
    }

    /// <summary>One row per run: fixed columns, then the union of params and metrics, sorted, as <c>param.*</c> and <c>metric.*</c>.</summary>
    public static string Csv(IReadOnlyList<RunRecord> runs)
    {
        var paramKeys = runs.SelectMany(r => r.Params.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        var metricNames = runs.SelectMany(r => r.Summary.Metrics.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        var csv = new StringBuilder();
        Row(csv, ["id", "experiment", "model", "status", "started_at", "ended_at", "seed", "spec_hash",
            .. paramKeys.Select(k => "param." + k), .. metricNames.Select(m => "metric." + m)]);
        foreach (var run in runs)
        {
            var s = run.Summary;
            Row(csv, [s.Id, s.Experiment, s.Model, s.Status.ToString().ToLowerInvariant(), Time(s.StartedAt), s.EndedAt is { } e ? Time(e) : "",
                run.Seed.ToString(CultureInfo.InvariantCulture), run.SpecHash,
                .. paramKeys.Select(k => run.Params.GetValueOrDefault(k) ?? ""),
                .. metricNames.Select(m => s.Metrics.TryGetValue(m, out var v) ? v.ToString("R", CultureInfo.InvariantCulture) : "")]);
        }
        return csv.ToString();
    }

    private static object Document(RunRecord run) => new
    {
        id = run.Summary.Id,
        experiment = run.Summary.Experiment,
        model = run.Summary.Model,
        status = run.Summary.Status,
        started_at = run.Summary.StartedAt,
        ended_at = run.Summary.EndedAt,
        seed = run.Seed,
        spec_hash = run.SpecHash,
        @params = run.Params,
        metrics = run.Summary.Metrics,
    };

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>RFC 4180: fields with commas, quotes or line breaks are quoted, quotes doubled; lines end in CRLF.</summary>
    private static void Row(StringBuilder csv, IEnumerable<string> fields)
    {
        csv.AppendJoin(',', fields.Select(f => f.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{f.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : f));
        csv.Append("\r\n");
    }

    /// <summary>A reader never sees half a file, and a failed export leaves the old file in place.</summary>
    private static void WriteAtomically(string path, string text)
    {
        var full = Path.GetFullPath(path);
        var temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllText(temp, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }
}
