using System.CommandLine;
using System.Globalization;
using Assay.Data;
using Assay.Data.Audit;
using Assay.Reporting;
using Spectre.Console;

namespace Assay.Cli.Commands;

/// <summary><c>assay audit</c>: class balance, exact and near duplicates, and train/test leakage of a data set.</summary>
internal static class AuditCommand
{
    public static Command Create(CliContext context)
    {
        var data = new Argument<string>("DATA") { Description = "The data set to audit (see docs/data.md)." };
        var against = new Option<string?>("--against") { Description = "Another data set (e.g. the test set): list examples of DATA that also occur in it." };
        var split = new Option<string>("--split") { Description = "Which split of DATA: train, test or all.", DefaultValueFactory = _ => "train" };
        split.AcceptOnlyFromAmong("train", "test", "all");
        var againstSplit = new Option<string>("--against-split") { Description = "Which split of --against: train, test or all.", DefaultValueFactory = _ => "test" };
        againstSplit.AcceptOnlyFromAmong("train", "test", "all");
        var distance = new Option<int>("--near-distance") { Description = "Largest Hamming distance (of 64 bits) between average hashes that counts as a near duplicate.", DefaultValueFactory = _ => AuditOptions.Default.NearDistance };
        var json = CommonOptions.Json();
        var command = new Command("audit", "Audit a data set: class balance, exact and near duplicates, and with --against, train/test leakage.") { data, against, split, againstSplit, distance, json };
        command.SetAction(parse => context.Guard(() =>
        {
            var nearDistance = parse.GetValue(distance);
            if (nearDistance is < 0 or > 64) throw new UsageException($"--near-distance: expected 0 .. 64, got {nearDistance}");
            var reference = parse.GetValue(data)!;
            var otherReference = parse.GetValue(against);
            var dataset = DatasetLoader.Load(reference, parse.GetValue(split)!);
            var other = otherReference is null ? null : DatasetLoader.Load(otherReference, parse.GetValue(againstSplit)!);
            var report = new AuditOutput(reference, otherReference, DatasetAudit.Run(dataset, other, AuditOptions.Default with { NearDistance = nearDistance }));
            if (parse.GetValue(json))
            {
                context.Out.WriteLine(Json.Serialize(report));
                return AssayApp.Success;
            }
            Write(context.CreateConsole(), report);
            return AssayApp.Success;
        }));
        return command;
    }

    private static string Text(int value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static void Write(IAnsiConsole console, AuditOutput output)
    {
        var report = output.Audit;
        var table = new Table().Border(TableBorder.Rounded).Title(Markup.Escape(output.Data)).AddColumn("Check").AddColumn("Finding");
        table.AddRow("Examples", Text(report.N));
        var balance = report.Balance;
        table.AddRow("Class counts", Markup.Escape(string.Join(", ", balance.Counts.Select((c, i) => $"{balance.Names?[i] ?? i.ToString(CultureInfo.InvariantCulture)}: {Text(c)}"))));
        table.AddRow("Imbalance (max/min)", (balance.ImbalanceRatio?.ToString("0.##", CultureInfo.InvariantCulture) ?? "-")
            + (balance.EmptyClasses > 0 ? $" ({balance.EmptyClasses} empty classes left out)" : ""));
        table.AddRow("Exact duplicates", Groups(report.ExactDuplicates));
        table.AddRow($"Near duplicates (distance <= {report.NearDistance})", report.NearDuplicates is { } near ? Groups(near) : "not checked (not image data)");
        if (report.Leakage is { } leakage)
        {
            table.AddRow($"In {Markup.Escape(output.Against ?? "")} (exact)", Leaks(leakage.Exact, leakage.ListedExact));
            table.AddRow($"In {Markup.Escape(output.Against ?? "")} (near)", report.NearChecked ? Leaks(leakage.Near, leakage.ListedNear) : "not checked (not image data)");
        }
        console.Write(table);
    }

    private static string Groups(DuplicateSummary summary) =>
        summary.Groups == 0 ? "none" : $"{Text(summary.Groups)} groups, {Text(summary.Examples)} examples: "
            + string.Join("; ", summary.Listed.Select(g => $"[[{string.Join(", ", g.Ids)}{(g.Count > g.Ids.Count ? ", ..." : "")}]]{(g.LabelsAgree ? "" : " labels differ")}"))
            + (summary.Groups > summary.Listed.Count ? "; ..." : "");

    private static string Leaks(int total, IReadOnlyList<Leak> listed) =>
        total == 0 ? "none" : $"{Text(total)} examples: "
            + string.Join("; ", listed.Select(l => $"{l.Id} -> [[{string.Join(", ", l.OtherIds)}{(l.OtherCount > l.OtherIds.Count ? ", ..." : "")}]]{(l.LabelsAgree ? "" : " labels differ")}"))
            + (total > listed.Count ? "; ..." : "");
}

/// <summary>The <c>assay audit</c> report; serialized as-is for <c>--json</c>.</summary>
internal sealed record AuditOutput(string Data, string? Against, AuditReport Audit);
