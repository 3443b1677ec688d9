using System.CommandLine;
using System.Security.Cryptography;
using Assay.Cli.Rendering;
using Assay.Data;
using Assay.Environment;
using Assay.Evaluation;
using Assay.Metrics;
using Assay.Metrics.Classification;
using Assay.Onnx;
using Assay.Reporting;
using Assay.Torch;
using Assay.Tracking;
using Spectre.Console;

namespace Assay.Cli.Commands;

/// <summary><c>assay eval</c>: score an ONNX classifier on a data set, record the run, optionally save per-example predictions.</summary>
internal static class EvalCommand
{
    public static Command Create(CliContext context)
    {
        var model = new Option<string>("--model") { Description = "The model: an ONNX file (float32 input [N, ...], output [N, classes]) or an Assay checkpoint (.assaymodel).", Required = true };
        var data = new Option<string>("--data") { Description = "The data set: digits, idx:PATH, or a folder of IDX files (MNIST, Fashion-MNIST).", Required = true };
        var split = new Option<string>("--split") { Description = "Which split: train or test (all for sets without fixed splits).", DefaultValueFactory = _ => "test" };
        split.AcceptOnlyFromAmong("train", "test", "all");
        var batchSize = new Option<int>("--batch-size") { Description = "Examples per inference call.", DefaultValueFactory = _ => Evaluator.DefaultBatchSize };
        var mean = new Option<string?>("--mean") { Description = "Per-channel mean subtracted after scaling to [0,1], e.g. 0.2860 or 0.485,0.456,0.406." };
        var std = new Option<string?>("--std") { Description = "Per-channel standard deviation to divide by (with --mean)." };
        var savePredictions = new Option<string?>("--save-predictions") { Description = "Write y_true,y_pred,score_0.. per example to this CSV file." };
        var threads = new Option<int>("--threads") { Description = "ONNX Runtime intra-op threads (0: its default).", DefaultValueFactory = _ => 0 };
        var json = CommonOptions.Json();
        var store = CommonOptions.Store();
        var command = new Command("eval", "Evaluate an ONNX classifier on a data set: accuracy, macro precision/recall/F1, confusion matrix.")
        {
            model, data, split, batchSize, mean, std, savePredictions, threads, json, store,
        };
        command.SetAction((parse, cancellation) => Task.Run(() => context.Guard(() =>
        {
            var modelPath = parse.GetValue(model)!;
            var dataReference = parse.GetValue(data)!;
            var splitName = parse.GetValue(split)!;
            var batch = parse.GetValue(batchSize);
            if (batch < 1) throw new UsageException($"--batch-size: expected a count >= 1, got {batch}");
            var threadCount = parse.GetValue(threads);
            if (threadCount < 0) throw new UsageException($"--threads: expected a count >= 0, got {threadCount}");
            var normalization = CommonOptions.Normalization(parse.GetValue(mean), parse.GetValue(std));

            // An Assay checkpoint runs in TorchSharp; anything else is read as ONNX.
            using IModel onnx = BenchTargets.IsCheckpoint(modelPath)
                ? AssayCheckpoint.Load(modelPath)
                : OnnxModel.Load(modelPath, threadCount);
            var dataset = DatasetLoader.Load(dataReference, splitName, normalization);
            onnx.Description.CheckFits(dataset, modelPath);
            var fingerprint = DatasetFingerprint.Compute(dataset);
            using var runStore = RunStores.Open(parse.GetValue(store)!);
            var environment = EnvironmentInfo.Capture([OnnxBackendInfo.Instance, TorchBackendInfo.Instance]);
            string modelHash;
            using (var modelFile = File.OpenRead(modelPath)) modelHash = Convert.ToHexStringLower(SHA256.HashData(modelFile));
            var commandLine = $"assay eval --model {modelPath} --data {dataReference} --split {splitName} --batch-size {batch}"
                + (normalization is null ? "" : $" --mean {parse.GetValue(mean)} --std {parse.GetValue(std)}");
            var parameters = new Dictionary<string, string>
            {
                ["model.path"] = Path.GetFullPath(modelPath),
                ["model.sha256"] = modelHash,
                ["data.source"] = dataReference,
                ["data.split"] = splitName,
                ["data.fingerprint"] = fingerprint.Ordered,
                ["eval.batch_size"] = batch.ToString(),
            };
            if (normalization is not null)
            {
                parameters["data.mean"] = string.Join(",", normalization.Mean);
                parameters["data.std"] = string.Join(",", normalization.Std);
            }
            var runId = runStore.StartRun(RunStart.ForCommand("eval", Path.GetFileName(modelPath), commandLine, 0, Json.Serialize(environment, indented: false), parameters));

            var evaluation = runStore.Guard(runId, () =>
            {
                var result = parse.GetValue(json)
                    ? Evaluator.Evaluate(onnx, dataset, batch, cancellation: cancellation)
                    : EvaluateWithProgress(context.CreateConsole(), onnx, dataset, batch, cancellation);
                var path = parse.GetValue(savePredictions);
                if (path is not null) PredictionsCsv.Write(path, result);
                runStore.SavePredictions(runId, result.Actual, result.Predicted, result.Probabilities(), result.NumClasses);
                return result;
            });

            var scores = evaluation.Metrics;
            var metricSet = evaluation.AllMetrics();
            var result = new EvalResult(
                runId,
                evaluation.Count,
                new EvalModel(Path.GetFullPath(modelPath), modelHash, onnx.Description.Backend, onnx.Description.InputName, onnx.Description.ExampleShape ?? [], onnx.Description.OutputSize),
                new EvalData(dataReference, splitName, dataset.Count, dataset.ExampleShape, normalization?.Mean, normalization?.Std, fingerprint.Ordered),
                metricSet.Values.ToDictionary(),
                metricSet.Undefined,
                [.. scores.PerClass.Select(c => new EvalClass(c.Class, c.Precision, c.Recall, c.F1, c.Support))],
                evaluation.ConfusionMatrix.ToRows(),
                environment);
            runStore.FinishRun(runId, new RunOutcome(RunStatus.Completed, result.Metrics, Json.Serialize(result), null));

            if (parse.GetValue(json))
            {
                context.Out.WriteLine(Json.Serialize(result));
            }
            else
            {
                Write(context.CreateConsole(), result, parse.GetValue(savePredictions));
            }
            return AssayApp.Success;
        })));
        return command;
    }

    private static ClassificationEvaluation EvaluateWithProgress(IAnsiConsole console, IModel model, Dataset data, int batch, CancellationToken cancellation) =>
        console.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn()).Start(ctx =>
        {
            var task = ctx.AddTask(Markup.Escape($"evaluating {model.Description.Name} on {data.Name}"), maxValue: data.Count);
            return Evaluator.Evaluate(model, data, batch, new InlineProgress(done => task.Value = done), cancellation);
        });

    private static void Write(IAnsiConsole console, EvalResult result, string? predictionsPath)
    {
        console.MarkupLineInterpolated($"[bold]{result.Model.Path}[/] on {result.Data.Reference} ({result.Data.Split}): {result.N} examples");
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn("Metric");
        table.AddColumn(new TableColumn("Value").RightAligned());
        foreach (var (name, value) in result.Metrics) table.AddRow(name, value.ToString("F4"));
        console.Write(table);

        var perClass = new Table().Border(TableBorder.Simple).Title("Per class");
        foreach (var column in new[] { "Class", "Precision", "Recall", "F1", "Support" }) perClass.AddColumn(new TableColumn(column).RightAligned());
        foreach (var c in result.PerClass) perClass.AddRow(c.Class.ToString(), c.Precision.ToString("F4"), c.Recall.ToString("F4"), c.F1.ToString("F4"), c.Support.ToString());
        console.Write(perClass);
        ConfusionTable.Write(console, "Confusion matrix (rows: true class, columns: predicted)", result.ConfusionMatrix);
        if (predictionsPath is not null) console.MarkupLineInterpolated($"Predictions written to {predictionsPath}");
        SuiteTables.WriteEnvironment(console, result.Environment);
        console.MarkupLineInterpolated($"Recorded as run {result.RunId}");
    }

    private sealed class InlineProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}

/// <summary>What <c>assay eval --json</c> prints (snake_case; see docs/json.md).</summary>
internal sealed record EvalResult(
    string RunId,
    int N,
    EvalModel Model,
    EvalData Data,
    IReadOnlyDictionary<string, double> Metrics,
    IReadOnlyDictionary<string, string> Undefined,
    IReadOnlyList<EvalClass> PerClass,
    long[][] ConfusionMatrix,
    EnvironmentInfo Environment);

internal sealed record EvalModel(string Path, string Sha256, string Backend, string Input, IReadOnlyList<int> InputShape, int Outputs);

internal sealed record EvalData(string Reference, string Split, int N, IReadOnlyList<int> ExampleShape, IReadOnlyList<float>? Mean, IReadOnlyList<float>? Std, string Fingerprint);

internal sealed record EvalClass(int Class, double Precision, double Recall, double F1, long Support);
