using Assay.Benchmarking;
using Assay.Benchmarking.Cost;
using Assay.Onnx;
using Assay.Specs;
using Assay.Torch;
using TorchSharp;

namespace Assay.Cli.Commands;

/// <summary>One engine running one model: how to load it at a thread count, and what it costs.</summary>
/// <param name="Load">Creates the system under test with the given intra-op thread count (0: the engine's default).</param>
internal sealed record BenchTarget(string Engine, Func<int, ISystemUnderTest> Load, BenchModel Model);

/// <summary>Resolves <c>--model</c>: an ONNX file, a TorchScript file, or <c>zoo:TYPE</c> (built untrained, optionally also exported to ONNX).</summary>
internal static class BenchTargets
{
    public const string ZooPrefix = "zoo:";

    public static IReadOnlyList<BenchTarget> Resolve(string model, Dictionary<string, long[]> shapes, OnnxSessionSettings onnx, int classes, bool alsoOnnx, string scratchFolder)
    {
        if (model.StartsWith(ZooPrefix, StringComparison.Ordinal)) return Zoo(model[ZooPrefix.Length..], shapes, onnx, classes, alsoOnnx, scratchFolder);
        if (alsoOnnx) throw new UsageException("--also-onnx applies to zoo models (zoo:mlp, zoo:cnn); an ONNX file already runs on ONNX Runtime");
        if (!File.Exists(model)) throw new ModelException($"{model}: model file not found");
        if (IsCheckpoint(model))
        {
            using var probe = AssayCheckpoint.Load(model);
            var checkpointCost = TorchCostCounter.Count(probe.Module, probe.Description.ExampleShape!) with { FileBytes = new FileInfo(model).Length };
            return [new BenchTarget("torchsharp", threads =>
            {
                var classifier = AssayCheckpoint.Load(model);
                return TorchSystem.FromModule(classifier.Description.Name, classifier.DetachModule(), classifier.Description.ExampleShape!, new TorchSettings(threads));
            }, BenchModel.From(model, "assay-checkpoint", checkpointCost))];
        }
        if (IsTorchScript(model))
        {
            var fileBytes = new FileInfo(model).Length;
            return [new BenchTarget("torchscript", threads => TorchSystem.LoadScript(model, shapes, new TorchSettings(threads)),
                BenchModel.Uncounted(model, "torchscript", fileBytes, "MACs are not counted for TorchScript files; export the model to ONNX and run assay info"))];
        }
        var cost = OnnxCostCounter.Count(model, 1, shapes);
        return [new BenchTarget("onnxruntime", threads => OnnxSystem.Load(model, onnx with { IntraOpThreads = threads }), BenchModel.From(model, "onnx", cost))];
    }

    /// <summary>The cost of <c>--model</c> for <c>assay info</c>: an ONNX graph, or a zoo model's TorchSharp module.</summary>
    public static (ModelCost Cost, string Format) Cost(string model, Dictionary<string, long[]> shapes, int batchSize, int classes)
    {
        if (model.StartsWith(ZooPrefix, StringComparison.Ordinal))
        {
            var (spec, example) = ZooSpec(model[ZooPrefix.Length..], shapes);
            using var module = ModelFactory.Create(spec, example, classes);
            return (TorchCostCounter.Count(module, example), "torchsharp");
        }
        if (!File.Exists(model)) throw new ModelException($"{model}: model file not found");
        if (IsCheckpoint(model))
        {
            using var checkpoint = AssayCheckpoint.Load(model);
            return (TorchCostCounter.Count(checkpoint.Module, checkpoint.Description.ExampleShape!) with { FileBytes = new FileInfo(model).Length }, "assay-checkpoint");
        }
        if (IsTorchScript(model))
            throw new ModelException($"{model}: MACs are not counted for TorchScript files; export the model to ONNX and run assay info on that");
        return (OnnxCostCounter.Count(model, batchSize, shapes), "onnx");
    }

    /// <summary>An Assay checkpoint (runs in TorchSharp; anything not recognized is read as ONNX).</summary>
    public static bool IsCheckpoint(string path) => path.EndsWith(AssayCheckpoint.Extension, StringComparison.OrdinalIgnoreCase);

    private static bool IsTorchScript(string path) =>
        path.EndsWith(".pt", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".pth", StringComparison.OrdinalIgnoreCase);

    private static (ModelSpec Spec, int[] Example) ZooSpec(string type, Dictionary<string, long[]> shapes)
    {
        if (!shapes.TryGetValue("input", out var shape) || shape.Length < 2)
            throw new UsageException($"zoo:{type}: give the input with --shape input=1xCxHxW (batch first), e.g. --shape input=1x1x28x28");
        int[] example = [.. shape.Skip(1).Select(d => checked((int)d))];
        return (SpecLoader.Parse($"data:\n  source: digits\nmodels:\n  - type: {type}\n", $"zoo:{type}").Models[0], example);
    }

    private static List<BenchTarget> Zoo(string type, Dictionary<string, long[]> shapes, OnnxSessionSettings onnx, int classes, bool alsoOnnx, string scratchFolder)
    {
        var (spec, example) = ZooSpec(type, shapes);
        torch.manual_seed(0);
        using var probe = ModelFactory.Create(spec, example, classes);
        var cost = TorchCostCounter.Count(probe, example);
        var name = $"zoo-{type}";
        var targets = new List<BenchTarget>
        {
            new("torchsharp", threads =>
            {
                torch.manual_seed(0);
                return TorchSystem.FromModule(name, ModelFactory.Create(spec, example, classes), example, new TorchSettings(threads));
            }, BenchModel.From(name, "torchsharp", cost)),
        };
        if (alsoOnnx)
        {
            // The same weights in both engines: export the seeded module once.
            var path = Path.Combine(scratchFolder, $"{name}.onnx");
            using (var file = File.Create(path)) TorchOnnxExporter.Export(probe, example, file);
            targets.Add(new BenchTarget("onnxruntime", threads => OnnxSystem.Load(path, onnx with { IntraOpThreads = threads }), BenchModel.From(path, "onnx", OnnxCostCounter.Count(path, 1, shapes))));
        }
        return targets;
    }
}

/// <summary>The model section of <c>assay bench --json</c>: path, format, and cost where it could be counted (null otherwise, with the reason).</summary>
internal sealed record BenchModel(
    string Path, string Format, long? Params, long SizeBytes, long? WeightBytes, double? MacsPerSample, double? FlopsPerSample,
    IReadOnlyList<UncountedOpReport> UncountedOps, string? NotCounted, string Conventions)
{
    public static BenchModel From(string path, string format, ModelCost cost)
    {
        var report = ModelCostReport.From(path, format, cost, System.Environment.ProcessorCount);
        return new(report.Path, format, report.Params, report.SizeBytes, report.WeightBytes, report.MacsPerSample, report.FlopsPerSample, report.UncountedOps, null, report.Conventions);
    }

    public static BenchModel Uncounted(string path, string format, long fileBytes, string reason) =>
        new(System.IO.Path.GetFullPath(path), format, null, fileBytes, null, null, null, [], reason, ModelCostReport.ConventionText);
}
