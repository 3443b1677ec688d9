using System.CommandLine;
using System.Globalization;
using Assay.Data;
using Assay.Reporting;
using Spectre.Console;

namespace Assay.Cli.Commands;

/// <summary><c>assay data info</c>: what a data set reference loads to: count, shape, classes, value range and fingerprints.</summary>
internal static class DataCommand
{
    public static Command Create(CliContext context)
    {
        var data = new Argument<string>("DATA") { Description = "The data set: digits, FORMAT:PATH[?key=value&...] (idx, cifar10, cifar100, npy, imagefolder) or a path (see docs/data.md)." };
        var split = new Option<string>("--split") { Description = "Which split: train, test or all (a single file is one set and ignores it).", DefaultValueFactory = _ => "test" };
        split.AcceptOnlyFromAmong("train", "test", "all");
        var json = CommonOptions.Json();
        var info = new Command("info", "Load a data set and show its size, example shape, class counts, value range and content fingerprints.") { data, split, json };
        info.SetAction(parse => context.Guard(() =>
        {
            var reference = parse.GetValue(data)!;
            var splitName = parse.GetValue(split)!;
            var report = DataInfo.From(reference, splitName, DatasetLoader.Load(reference, splitName));
            if (parse.GetValue(json))
            {
                context.Out.WriteLine(Json.Serialize(report));
                return AssayApp.Success;
            }
            Write(context.CreateConsole(), report);
            return AssayApp.Success;
        }));
        return new Command("data", "Inspect data sets.") { info };
    }

    private static void Write(IAnsiConsole console, DataInfo report)
    {
        var summary = new Table().Border(TableBorder.Rounded).Title(Markup.Escape(report.Reference)).HideHeaders();
        summary.AddColumn("Field").AddColumn("Value");
        summary.AddRow("Split", Markup.Escape(report.Split));
        summary.AddRow("Examples", report.N.ToString("N0", CultureInfo.InvariantCulture));
        summary.AddRow("Example shape", $"[[{string.Join(", ", report.ExampleShape)}]]");
        if (report.Skipped > 0) summary.AddRow("Skipped (unreadable)", report.Skipped.ToString("N0", CultureInfo.InvariantCulture));
        summary.AddRow("Classes", report.NumClasses.ToString(CultureInfo.InvariantCulture));
        summary.AddRow("Value range", report.Min is { } min && report.Max is { } max
            ? $"{min.ToString("G6", CultureInfo.InvariantCulture)} .. {max.ToString("G6", CultureInfo.InvariantCulture)}"
            : "no finite values");
        summary.AddRow("Fingerprint (ordered)", report.Fingerprint);
        summary.AddRow("Fingerprint (unordered)", report.FingerprintUnordered);
        console.Write(summary);

        var classes = new Table().Border(TableBorder.Rounded);
        classes.AddColumn("Class").AddColumn("Name").AddColumn(new TableColumn("Count").RightAligned()).AddColumn(new TableColumn("Share").RightAligned());
        for (var c = 0; c < report.ClassCounts.Count; c++)
        {
            var count = report.ClassCounts[c];
            classes.AddRow(c.ToString(CultureInfo.InvariantCulture), Markup.Escape(report.ClassNames?[c] ?? ""),
                count.ToString("N0", CultureInfo.InvariantCulture), (count / (double)report.N).ToString("P1", CultureInfo.InvariantCulture));
        }
        console.Write(classes);
    }
}

/// <summary>The <c>assay data info</c> report; serialized as-is for <c>--json</c>.</summary>
/// <param name="Skipped">Source examples skipped as unreadable (image folders with skip_bad=true).</param>
/// <param name="Min">The smallest finite value over all examples; null when there is none.</param>
internal sealed record DataInfo(
    string Reference,
    string Split,
    int N,
    IReadOnlyList<int> ExampleShape,
    int NumClasses,
    IReadOnlyList<int> ClassCounts,
    IReadOnlyList<string>? ClassNames,
    float? Min,
    float? Max,
    string Fingerprint,
    string FingerprintUnordered,
    int Skipped)
{
    public static DataInfo From(string reference, string split, Dataset dataset)
    {
        // Infinities and NaN are left out: JSON cannot carry them, and one would hide the range of the rest.
        var (min, max) = (float.PositiveInfinity, float.NegativeInfinity);
        foreach (var value in dataset.Features)
        {
            if (!float.IsFinite(value)) continue;
            min = Math.Min(min, value);
            max = Math.Max(max, value);
        }
        var any = min <= max;
        var fingerprint = DatasetFingerprint.Compute(dataset);
        return new DataInfo(reference, split, dataset.Count, dataset.ExampleShape, dataset.NumClasses, dataset.ClassCounts(), dataset.ClassNames,
            any ? min : null, any ? max : null, fingerprint.Ordered, fingerprint.Unordered, dataset.Skipped);
    }
}
