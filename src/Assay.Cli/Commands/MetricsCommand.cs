using System.CommandLine;
using Assay.Cli.Rendering;
using Assay.Evaluation;
using Assay.Metrics;
using Assay.Metrics.Detection;
using Assay.Metrics.Uncertainty;
using Assay.Reporting;
using Spectre.Console;

namespace Assay.Cli.Commands;

/// <summary><c>assay metrics</c>: every applicable metric of a predictions file (or COCO detections), with bootstrap intervals.</summary>
internal static class MetricsCommand
{
    public static Command Create(CliContext context)
    {
        var predictions = new Option<string?>("--predictions") { Description = "CSV of per-example predictions (header: y_true, score / score_0.. / y_pred; see docs/metrics.md)." };
        var task = new Option<string?>("--task") { Description = "binary, multiclass, multilabel, regression or detection (inferred from the columns when omitted)." };
        var threshold = new Option<double>("--threshold") { Description = "Binary and multilabel: predict 1 when score >= threshold (when y_pred is absent).", DefaultValueFactory = _ => 0.5 };
        var bootstrap = new Option<int>("--bootstrap") { Description = "Bootstrap resamples for the confidence intervals (0: none).", DefaultValueFactory = _ => 1000 };
        var confidence = new Option<double>("--confidence") { Description = "Confidence level of the intervals.", DefaultValueFactory = _ => 0.95 };
        var seed = new Option<int>("--seed") { Description = "Seed of the bootstrap resamples.", DefaultValueFactory = _ => 0 };
        var groundTruth = new Option<string?>("--ground-truth") { Description = "Detection: COCO ground-truth JSON." };
        var detections = new Option<string?>("--detections") { Description = "Detection: COCO results JSON." };
        var maxDets = new Option<string>("--max-dets") { Description = "Detection: the three detection limits per image for AR (and AP at the last).", DefaultValueFactory = _ => "1,10,100" };
        var json = CommonOptions.Json();
        var command = new Command("metrics", "Score predictions: every metric scikit-learn defines for the task, with confidence intervals; or COCO box AP/AR.")
        {
            predictions, task, threshold, bootstrap, confidence, seed, groundTruth, detections, maxDets, json,
        };
        command.SetAction((parse, cancellation) => Task.Run(() => context.Guard(() =>
        {
            var taskName = parse.GetValue(task)?.ToLowerInvariant();
            if (taskName == "detection")
                return Detection(context, parse.GetValue(groundTruth), parse.GetValue(detections), parse.GetValue(json), CommonOptions.ParseCounts(parse.GetValue(maxDets)!, "--max-dets"));
            if (parse.GetValue(groundTruth) is not null || parse.GetValue(detections) is not null)
                throw new UsageException("--ground-truth and --detections go with --task detection");
            var path = parse.GetValue(predictions) ?? throw new UsageException("--predictions: required (or --task detection with --ground-truth and --detections)");
            PredictionTask? given = taskName switch
            {
                null => null,
                "binary" => PredictionTask.Binary,
                "multiclass" => PredictionTask.Multiclass,
                "multilabel" => PredictionTask.Multilabel,
                "regression" => PredictionTask.Regression,
                _ => throw new UsageException($"--task: expected binary, multiclass, multilabel, regression or detection, got '{taskName}'"),
            };
            var resamples = parse.GetValue(bootstrap);
            if (resamples < 0) throw new UsageException($"--bootstrap: expected a count >= 0, got {resamples}");
            var level = parse.GetValue(confidence);
            if (level is <= 0 or >= 1) throw new UsageException($"--confidence: expected a level strictly between 0 and 1, got {level}");
            var data = PredictionsFile.Read(path, given, parse.GetValue(threshold));
            var settings = resamples == 0 ? null : BootstrapSettings.Default with { Resamples = resamples, ConfidenceLevel = level, Seed = parse.GetValue(seed) };
            var report = MetricsReport.Compute(data, settings);
            if (parse.GetValue(json)) context.Out.WriteLine(Json.Serialize(report));
            else Write(context.CreateConsole(), path, report);
            return AssayApp.Success;
        })));
        return command;
    }

    private static int Detection(CliContext context, string? groundTruthPath, string? detectionsPath, bool json, IReadOnlyList<int> maxDetections)
    {
        var truthPath = groundTruthPath ?? throw new UsageException("--ground-truth: required with --task detection");
        var resultsPath = detectionsPath ?? throw new UsageException("--detections: required with --task detection");
        if (maxDetections.Count != 3) throw new UsageException($"--max-dets: expected three limits such as 1,10,100, got {maxDetections.Count}");
        var truth = CocoDataset.Load(truthPath);
        var detections = CocoResults.Load(resultsPath, truth);
        var result = CocoEvaluator.Evaluate(truth, detections, CocoEvaluationSettings.Default.WithMaxDetections(maxDetections[0], maxDetections[1], maxDetections[2]));
        var set = new MetricSet();
        CocoMetrics.AddTo(set, result);
        var report = new DetectionReport("detection", truth.Images.Count, detections.Count, truth.Annotations.Count, maxDetections, set.Values.ToDictionary(), set.Undefined,
            [.. result.PerCategory.Select(c => new DetectionCategory(c.CategoryId, c.Name, c.GroundTruthCount, c.DetectionCount, c.AveragePrecision, c.AveragePrecision50, c.AveragePrecision75, c.AverageRecall))]);
        if (json)
        {
            context.Out.WriteLine(Json.Serialize(report));
            return AssayApp.Success;
        }
        var console = context.CreateConsole();
        console.MarkupLineInterpolated($"[bold]{resultsPath}[/] against {truthPath}: {report.Images} images, {report.GroundTruths} ground-truth boxes, {report.Detections} detections; maxDets {string.Join("/", maxDetections)}");
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn("Metric");
        table.AddColumn(new TableColumn("Value").RightAligned());
        foreach (var (name, value) in report.Metrics) table.AddRow(name, value.ToString("F4"));
        console.Write(table);
        foreach (var (name, reason) in report.Undefined) console.MarkupLineInterpolated($"[yellow]{name}[/]: undefined: {reason}");
        var categories = new Table().Border(TableBorder.Simple).Title("Per category");
        foreach (var column in new[] { "Category", "GT", "Dets", "AP", "AP50", "AP75", "AR" }) categories.AddColumn(new TableColumn(column).RightAligned());
        foreach (var c in report.PerCategory)
            categories.AddRow(Markup.Escape($"{c.Name} ({c.Id})"), c.GroundTruths.ToString(), c.Detections.ToString(), Cell(c.Ap), Cell(c.Ap50), Cell(c.Ap75), Cell(c.Ar));
        console.Write(categories);
        return AssayApp.Success;
    }

    private static string Cell(double? value) => value is { } v ? v.ToString("F4") : "-";

    private static void Write(IAnsiConsole console, string path, MetricsReport report)
    {
        console.MarkupLineInterpolated($"[bold]{path}[/]: {report.Task}{(report.TaskInferred ? " (inferred from the columns; --task to override)" : "")}, {report.N:N0} examples");
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn("Metric");
        table.AddColumn(new TableColumn("Value").RightAligned());
        table.AddColumn(new TableColumn("Interval").RightAligned());
        table.AddColumn("Better");
        foreach (var (name, value) in report.Metrics)
        {
            var interval = report.Intervals.TryGetValue(name, out var bounds) ? $"[[{bounds[0]:F4}, {bounds[1]:F4}]]" : "";
            var direction = MetricCatalog.Find(name) is { } info ? (info.HigherIsBetter ? "higher" : "lower") : "";
            table.AddRow(Markup.Escape(name), value.ToString("F6"), interval, direction);
        }
        console.Write(table);
        console.MarkupLineInterpolated($"[grey]Intervals: {report.IntervalNote}[/]");
        foreach (var (name, reason) in report.Undefined) console.MarkupLineInterpolated($"[yellow]{name}[/]: undefined: {reason}");
        if (report.PerClass is { } perClass)
        {
            var classes = new Table().Border(TableBorder.Simple).Title("Per class");
            foreach (var column in new[] { "Class", "Precision", "Recall", "F1", "Support" }) classes.AddColumn(new TableColumn(column).RightAligned());
            foreach (var c in perClass) classes.AddRow(c.Class.ToString(), c.Precision.ToString("F4"), c.Recall.ToString("F4"), c.F1.ToString("F4"), c.Support.ToString());
            console.Write(classes);
        }
        if (report.ConfusionMatrix is { } matrix) ConfusionTable.Write(console, "Confusion matrix (rows: true class, columns: predicted)", matrix);
    }
}

/// <summary>What <c>assay metrics --task detection --json</c> prints.</summary>
internal sealed record DetectionReport(
    string Task, int Images, int Detections, int GroundTruths, IReadOnlyList<int> MaxDets,
    IReadOnlyDictionary<string, double> Metrics, IReadOnlyDictionary<string, string> Undefined, IReadOnlyList<DetectionCategory> PerCategory);

internal sealed record DetectionCategory(int Id, string Name, int GroundTruths, int Detections, double? Ap, double? Ap50, double? Ap75, double? Ar);
