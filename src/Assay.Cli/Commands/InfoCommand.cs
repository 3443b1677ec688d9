using System.CommandLine;
using Assay.Benchmarking.Cost;
using Assay.Cli.Rendering;
using Assay.Reporting;
using Spectre.Console;

namespace Assay.Cli.Commands;

/// <summary><c>assay info</c>: a model's per-layer table (op, output shape, params, MACs) and totals, like torchinfo.</summary>
internal static class InfoCommand
{
    public static Command Create(CliContext context)
    {
        var model = new Option<string>("--model") { Description = "The model: an ONNX file, or zoo:mlp / zoo:cnn with --shape input=1xCxHxW.", Required = true };
        var classes = new Option<int>("--classes") { Description = "Zoo models: number of classes.", DefaultValueFactory = _ => 10 };
        var batchSize = new Option<int>("--batch-size") { Description = "Batch size the graph is evaluated at (totals are per sample).", DefaultValueFactory = _ => 1 };
        var shape = new Option<string[]>("--shape") { Description = "Shape for an input with dynamic dimensions: NAME=1x3x224x224 (repeatable)." };
        var json = CommonOptions.Json();
        var command = new Command("info", "Show a model's layers, parameters, size, MACs and FLOPs per sample, and what could not be counted.") { model, classes, batchSize, shape, json };
        command.SetAction(parse => context.Guard(() =>
        {
            var path = parse.GetValue(model)!;
            var batch = parse.GetValue(batchSize);
            if (batch < 1) throw new UsageException($"--batch-size: expected a count >= 1, got {batch}");
            var (cost, format) = BenchTargets.Cost(path, CommonOptions.ParseShapes(parse.GetValue(shape) ?? []), batch, parse.GetValue(classes));
            var report = ModelCostReport.From(path, format, cost, System.Environment.ProcessorCount);
            var layers = cost.Layers.Select(l => new LayerReport(l.Name, l.OpType, l.OutputShape, l.Params, l.Macs, l.OtherOps)).ToList();
            if (parse.GetValue(json))
            {
                context.Out.WriteLine(Json.Serialize(new { model = report, layers }));
                return AssayApp.Success;
            }
            var console = context.CreateConsole();
            var table = new Table().Border(TableBorder.Rounded).Title(Markup.Escape(Path.GetFileName(path)));
            foreach (var column in new[] { "Layer", "Op", "Output shape", "Params", "MACs", "Other ops" }) table.AddColumn(new TableColumn(column));
            foreach (var layer in layers)
            {
                table.AddRow(Markup.Escape(layer.Name), Markup.Escape(layer.Op), layer.OutputShape is { } s ? $"[[{string.Join(", ", s)}]]" : "?",
                    layer.Params == 0 ? "" : layer.Params.ToString("N0"), layer.Macs is { } m ? (m == 0 ? "" : m.ToString("N0")) : "[yellow]not counted[/]",
                    layer.OtherOps is { } o ? (o == 0 ? "" : o.ToString("N0")) : "");
            }
            console.Write(table);
            console.MarkupLineInterpolated($"Params: {report.Params:N0} ({Format.Bytes(report.WeightBytes)} of weights; file {Format.Bytes(report.SizeBytes)})");
            console.MarkupLineInterpolated($"Per sample: {report.MacsPerSample:N0} MACs = {report.FlopsPerSample:N0} FLOPs, plus {report.OtherOpsPerSample:N0} other ops ({report.Conventions})");
            if (report.CpuFloor is { } floor)
                console.MarkupLineInterpolated($"CPU floor: {floor.Ms:F4} ms per sample = MACs / ({floor.Cores} cores x {floor.FmaLanes} FMA lanes x {floor.ClockGhz:F2} GHz)");
            foreach (var uncounted in report.UncountedOps) console.MarkupLineInterpolated($"[yellow]not counted[/]: {uncounted.Count} x {uncounted.Op} ({uncounted.Reason})");
            foreach (var dim in report.UnresolvedDims) console.MarkupLineInterpolated($"[yellow]unresolved dimension[/]: {dim} (give --shape)");
            return AssayApp.Success;
        }));
        return command;
    }
}
