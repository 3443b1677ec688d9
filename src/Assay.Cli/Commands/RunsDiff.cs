using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Assay.Metrics;
using Assay.Reporting;
using Assay.Tracking;
using Spectre.Console;

namespace Assay.Cli.Commands;

/// <summary><c>assay runs diff A B</c>: only what differs between two runs, with metric deltas judged better or worse.</summary>
internal static class RunsDiff
{
    public static Command Create(CliContext context)
    {
        var first = new Argument<string>("id1") { Description = "The run to compare from (id or unique prefix)." };
        var second = new Argument<string>("id2") { Description = "The run to compare to (id or unique prefix)." };
        var json = CommonOptions.Json();
        var store = CommonOptions.Store();
        var diff = new Command("diff", "Show what differs between two runs: status, spec hash, seed, parameters, metrics and environment.") { first, second, json, store };
        diff.SetAction(parse => context.Guard(() =>
        {
            var storePath = parse.GetValue(store)!;
            using var runStore = RunsCommand.OpenExisting(storePath);
            var a = RunsCommand.Find(runStore, parse.GetValue(first)!, storePath);
            var b = RunsCommand.Find(runStore, parse.GetValue(second)!, storePath);
            var result = Compare(a, b);
            if (parse.GetValue(json)) context.Out.WriteLine(Json.Serialize(result));
            else Write(context.CreateConsole(), result);
            return AssayApp.Success;
        }));
        return diff;
    }

    /// <summary>The differences between <paramref name="a"/> and <paramref name="b"/>; absent values are null.</summary>
    public static RunDiff Compare(RunRecord a, RunRecord b)
    {
        var fields = new List<ValueDifference>();
        void Field(string name, string? x, string? y)
        {
            if (x != y) fields.Add(new ValueDifference(name, x, y));
        }
        Field("experiment", a.Summary.Experiment, b.Summary.Experiment);
        Field("model", a.Summary.Model, b.Summary.Model);
        Field("status", Status(a.Summary.Status), Status(b.Summary.Status));
        Field("spec_hash", a.SpecHash, b.SpecHash);
        Field("seed", a.Seed.ToString(CultureInfo.InvariantCulture), b.Seed.ToString(CultureInfo.InvariantCulture));

        var metrics = new List<MetricDifference>();
        foreach (var name in a.Summary.Metrics.Keys.Union(b.Summary.Metrics.Keys).Order(StringComparer.Ordinal))
        {
            double? x = a.Summary.Metrics.TryGetValue(name, out var xv) ? xv : null;
            double? y = b.Summary.Metrics.TryGetValue(name, out var yv) ? yv : null;
            if (x == y) continue;
            var delta = y - x;
            var change = delta is { } d && HigherIsBetter(name) is { } higher ? (d > 0 == higher ? "better" : "worse") : null;
            metrics.Add(new MetricDifference(name, x, y, delta, change));
        }
        return new RunDiff(a.Summary.Id, b.Summary.Id, fields, Differences(a.Params, b.Params), metrics,
            Differences(Flatten(a.EnvironmentJson), Flatten(b.EnvironmentJson)));
    }

    /// <summary>The catalog's direction for the metric; null for a name it does not know.</summary>
    public static bool? HigherIsBetter(string metric) => MetricCatalog.Find(metric)?.HigherIsBetter;

    /// <summary>Nested environment JSON as dotted keys (<c>components.torchsharp</c>, <c>gpus[0].name</c>), so fields compare one by one.</summary>
    public static SortedDictionary<string, string> Flatten(string json)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        using var document = JsonDocument.Parse(json);
        void Walk(JsonElement element, string path)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    foreach (var property in element.EnumerateObject()) Walk(property.Value, path.Length == 0 ? property.Name : $"{path}.{property.Name}");
                    break;
                case JsonValueKind.Array:
                    var index = 0;
                    foreach (var item in element.EnumerateArray()) Walk(item, $"{path}[{index++}]");
                    break;
                case JsonValueKind.String:
                    result[path] = element.GetString()!;
                    break;
                default:
                    result[path] = element.GetRawText();
                    break;
            }
        }
        Walk(document.RootElement, "");
        return result;
    }

    private static List<ValueDifference> Differences(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        [.. a.Keys.Union(b.Keys).Order(StringComparer.Ordinal)
            .Select(key => new ValueDifference(key, a.GetValueOrDefault(key), b.GetValueOrDefault(key)))
            .Where(d => d.A != d.B)];

    private static string Status(RunStatus status) => status.ToString().ToLowerInvariant();

    private static void Write(IAnsiConsole console, RunDiff diff)
    {
        if (diff.Fields.Count + diff.Params.Count + diff.Metrics.Count + diff.Environment.Count == 0)
        {
            console.MarkupLineInterpolated($"Runs {diff.A} and {diff.B} do not differ in status, spec, seed, parameters, metrics or environment.");
            return;
        }
        var table = new Table().Border(TableBorder.Rounded).Title($"{diff.A} → {diff.B}");
        table.AddColumn("What");
        table.AddColumn("Name");
        table.AddColumn(diff.A);
        table.AddColumn(diff.B);
        table.AddColumn(new TableColumn("Change").RightAligned());
        static string Text(string? value) => value is null ? "[grey](none)[/]" : Markup.Escape(value);
        foreach (var d in diff.Fields) table.AddRow("run", d.Name, Text(d.A), Text(d.B), "");
        foreach (var d in diff.Params) table.AddRow("param", Markup.Escape(d.Name), Text(d.A), Text(d.B), "");
        foreach (var d in diff.Metrics)
        {
            var delta = d.Delta is { } value ? (value > 0 ? "+" : "") + RunsCommand.FormatMetric(value) : "";
            var change = d.Change switch
            {
                "better" => $"[green]{delta} better[/]",
                "worse" => $"[red]{delta} worse[/]",
                _ => delta,
            };
            table.AddRow("metric", Markup.Escape(d.Name), d.A is { } x ? RunsCommand.FormatMetric(x) : Text(null), d.B is { } y ? RunsCommand.FormatMetric(y) : Text(null), change);
        }
        foreach (var d in diff.Environment) table.AddRow("environment", Markup.Escape(d.Name), Text(d.A), Text(d.B), "");
        console.Write(table);
    }
}

/// <summary>What differs between run <see cref="A"/> and run <see cref="B"/>.</summary>
internal sealed record RunDiff(
    string A,
    string B,
    IReadOnlyList<ValueDifference> Fields,
    IReadOnlyList<ValueDifference> Params,
    IReadOnlyList<MetricDifference> Metrics,
    IReadOnlyList<ValueDifference> Environment);

internal sealed record ValueDifference(string Name, string? A, string? B);

/// <summary>A metric that differs; <see cref="Change"/> is "better", "worse", or null when either value is absent or the direction is unknown.</summary>
internal sealed record MetricDifference(string Name, double? A, double? B, double? Delta, string? Change);
