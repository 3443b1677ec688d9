using System.CommandLine;
using Assay.Cli.Rendering;
using Assay.Evaluation;
using Assay.Metrics;
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
        var json = CommonOptions.Json();
        var command = new Command("metrics", "Score predictions: every metric scikit-learn defines for the task, with confidence intervals; or COCO box AP/AR.")
        {
            predictions, task, threshold, bootstrap, confidence, seed, groundTruth, detections, json,
        };
        command.SetAction((parse, cancellation) => Task.Run(() => context.Guard(() =>
        {
            var taskName = parse.GetValue(task)?.ToLowerInvariant();
            if (taskName == "detection") return Detection(context, parse.GetValue(groundTruth), parse.GetValue(detections), parse.GetValue(json));
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

    private static int Detection(CliContext context, string? groundTruth, string? detections, bool json)
    {
        _ = groundTruth ?? throw new UsageException("--ground-truth: required with --task detection");
        _ = detections ?? throw new UsageException("--detections: required with --task detection");
        throw new UsageException("--task detection: not available in this build");
    }

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
