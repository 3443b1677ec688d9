using System.Security.Cryptography;
using System.Text;
using Assay.Benchmarking;
using Assay.Data;
using Assay.Metrics;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Assay.Specs;

/// <summary>Reads experiment specs from YAML; every error names the file, line and field.</summary>
public static class SpecLoader
{
    /// <summary>Where the built-in default spec came from, as shown in messages and records.</summary>
    public const string BuiltInSource = "samples/digits.yaml (built in)";
    private const string BuiltInResource = "Assay.Specs.digits.yaml";

    /// <summary>The built-in default: the digits suite, identical to samples/digits.yaml.</summary>
    public static ExperimentSpec LoadBuiltIn()
    {
        using var stream = typeof(SpecLoader).Assembly.GetManifestResourceStream(BuiltInResource)
            ?? throw new InvalidOperationException($"embedded resource {BuiltInResource} is missing from the build");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd(), BuiltInSource);
    }

    public static ExperimentSpec LoadFile(string path)
    {
        if (Directory.Exists(path)) throw new UsageException($"{path}: is a folder, expected a spec file (.yaml)");
        if (!File.Exists(path)) throw new UsageException($"{path}: spec file not found");
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{path}: cannot read spec ({e.Message.TrimEnd('.')})", e);
        }
        return Parse(text, path);
    }

    public static ExperimentSpec Parse(string text, string source)
    {
        var yaml = new YamlStream();
        try
        {
            yaml.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            var reason = (e.InnerException?.Message ?? e.Message).Split('\n')[0].TrimEnd('.');
            throw new UsageException($"{source}:{e.Start.Line}: invalid YAML: {reason}", e);
        }
        if (yaml.Documents.Count == 0 || yaml.Documents[0].RootNode is not YamlMappingNode rootNode)
            throw new UsageException($"{source}:1: expected a mapping of fields (name, data, models, ...)");

        var root = new SpecNode(source, "", rootNode);
        var name = root.String("name") ?? Path.GetFileNameWithoutExtension(source.Split(' ')[0]);
        var seed = root.Int("seed") ?? 0;
        var data = ReadData(root.Mapping("data") ?? throw root.Error("data", "required field is missing (expected a mapping with source, split)"), seed);
        var training = ReadTraining(root.Mapping("training"), TrainingSpec.Default);
        var models = ReadModels(root, training);
        var metrics = ReadMetrics(root);
        var efficiency = ReadEfficiency(root.Mapping("efficiency"));
        var bench = ReadBench(root.Mapping("bench"));
        root.RejectUnknown();

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
        return new ExperimentSpec(name, source, text, hash, seed, data, models, training, metrics, efficiency, bench);
    }

    private static DataSpec ReadData(SpecNode node, int seed)
    {
        var reference = node.RequiredString("source");
        var split = node.String("source_split") ?? "all";
        var holdout = new StratifiedHoldout(0.2, seed);
        if (node.Mapping("split") is { } splitNode)
        {
            var method = splitNode.String("method") ?? "stratified_holdout";
            if (method != "stratified_holdout")
                throw splitNode.Error("method", $"expected stratified_holdout, got '{method}'");
            holdout = new StratifiedHoldout(
                splitNode.Double("test_fraction", 0, 1) ?? 0.2,
                splitNode.Int("seed") ?? seed);
            if (holdout.TestFraction is <= 0 or >= 1) throw splitNode.Error("test_fraction", $"expected a value strictly between 0 and 1, got {holdout.TestFraction}");
            splitNode.RejectUnknown();
        }
        ChannelNormalization? normalization = null;
        if (node.Mapping("normalize") is { } norm)
        {
            var mean = norm.DoubleList("mean") ?? throw norm.Error("mean", "required field is missing (expected one number per channel)");
            var std = norm.DoubleList("std") ?? throw norm.Error("std", "required field is missing (expected one number per channel)");
            if (mean.Count != std.Count) throw norm.Error("std", $"expected as many values as mean ({mean.Count}), got {std.Count}");
            if (std.Any(s => s <= 0)) throw norm.Error("std", "expected positive values");
            normalization = new ChannelNormalization([.. mean.Select(m => (float)m)], [.. std.Select(s => (float)s)]);
            norm.RejectUnknown();
        }
        node.RejectUnknown();
        return new DataSpec(reference, split, holdout, normalization);
    }

    private static TrainingSpec ReadTraining(SpecNode? node, TrainingSpec defaults)
    {
        if (node is null) return defaults;
        var optimizer = node.String("optimizer") ?? defaults.Optimizer;
        if (!TrainingSpec.Optimizers.Contains(optimizer))
            throw node.Error("optimizer", $"expected one of {string.Join(", ", TrainingSpec.Optimizers)}, got '{optimizer}'");
        var spec = new TrainingSpec(
            node.Int("epochs", 1) ?? defaults.Epochs,
            node.Int("batch_size", 1) ?? defaults.BatchSize,
            optimizer,
            node.Double("learning_rate", 0) ?? defaults.LearningRate,
            node.Double("weight_decay", 0) ?? defaults.WeightDecay,
            node.Double("momentum", 0, 1) ?? defaults.Momentum,
            ReadSchedule(node.Mapping("schedule")) ?? defaults.Schedule,
            node.Double("clip_grad_norm", 0) ?? defaults.ClipGradNorm,
            node.Double("clip_grad_value", 0) ?? defaults.ClipGradValue,
            node.Double("l1", 0) ?? defaults.L1,
            node.Double("l2", 0) ?? defaults.L2,
            node.Double("label_smoothing", 0, 1) ?? defaults.LabelSmoothing,
            ReadClassWeights(node) ?? defaults.ClassWeights,
            ReadEarlyStopping(node.Mapping("early_stopping")) ?? defaults.EarlyStopping,
            node.Double("validation_fraction", 0, 1) ?? defaults.ValidationFraction);
        if (spec.LearningRate <= 0) throw node.Error("learning_rate", "expected a positive number");
        if (spec.ClipGradNorm <= 0) throw node.Error("clip_grad_norm", "expected a positive number");
        if (spec.ClipGradValue <= 0) throw node.Error("clip_grad_value", "expected a positive number");
        if (spec.LabelSmoothing >= 1) throw node.Error("label_smoothing", $"expected a number in [0, 1), got {spec.LabelSmoothing}");
        if (spec.ValidationFraction is <= 0 or >= 1) throw node.Error("validation_fraction", $"expected a value strictly between 0 and 1, got {spec.ValidationFraction}");
        node.RejectUnknown();
        return spec;
    }

    /// <summary>Reads <c>schedule</c>; only the parameters of the named type are accepted, so a misplaced one is reported.</summary>
    private static LearningRateSchedule? ReadSchedule(SpecNode? node)
    {
        if (node is null) return null;
        var type = node.RequiredString("type");
        var schedule = new LearningRateSchedule(type);
        switch (type)
        {
            case LearningRateSchedule.Step:
                schedule = schedule with { StepSize = node.Int("step_size", 1) ?? throw node.Error("step_size", "required field is missing (expected epochs between decays)"), Gamma = ReadGamma(node) };
                break;
            case LearningRateSchedule.MultiStep:
                var milestones = node.IntList("milestones", minimum: 1) ?? throw node.Error("milestones", "required field is missing (expected a list of epochs)");
                for (var i = 1; i < milestones.Count; i++)
                {
                    if (milestones[i] <= milestones[i - 1]) throw node.Error("milestones", "expected increasing epochs");
                }
                schedule = schedule with { Milestones = milestones, Gamma = ReadGamma(node) };
                break;
            case LearningRateSchedule.Exponential:
                schedule = schedule with { Gamma = ReadGamma(node) };
                break;
            case LearningRateSchedule.Cosine:
                schedule = schedule with { WarmupEpochs = node.Int("warmup_epochs", 0) ?? 0, MinLearningRate = node.Double("min_lr", 0) ?? 0 };
                break;
            case LearningRateSchedule.OneCycle:
                var max = node.Double("max_lr", 0);
                if (max <= 0) throw node.Error("max_lr", "expected a positive number");
                schedule = schedule with { MaxLearningRate = max };
                break;
            case LearningRateSchedule.Plateau:
                var factor = node.Double("factor", 0, 1) ?? 0.1;
                if (factor is <= 0 or >= 1) throw node.Error("factor", $"expected a value strictly between 0 and 1, got {factor}");
                schedule = schedule with { Patience = node.Int("patience", 0) ?? 10, Factor = factor, MinLearningRate = node.Double("min_lr", 0) ?? 0 };
                break;
            default:
                throw node.Error("type", $"expected one of {string.Join(", ", LearningRateSchedule.Types)}, got '{type}'");
        }
        node.RejectUnknown();
        return schedule;
    }

    private static double ReadGamma(SpecNode node)
    {
        var gamma = node.Double("gamma", 0) ?? 0.1;
        return gamma > 0 ? gamma : throw node.Error("gamma", "expected a positive number");
    }

    private static ClassWeighting? ReadClassWeights(SpecNode node)
    {
        if (!node.Has("class_weights")) return null;
        if (node.IsList("class_weights"))
        {
            var weights = node.DoubleList("class_weights")!;
            if (weights.Any(w => w < 0)) throw node.Error("class_weights", "expected weights >= 0");
            return new ClassWeighting(false, weights);
        }
        var word = node.String("class_weights");
        return word switch
        {
            null => null,
            "balanced" => new ClassWeighting(true, null),
            _ => throw node.Error("class_weights", $"expected balanced or a list of one weight per class, got '{word}'"),
        };
    }

    private static EarlyStoppingSpec? ReadEarlyStopping(SpecNode? node)
    {
        if (node is null) return null;
        var monitor = node.String("monitor") ?? EarlyStoppingSpec.ValidationLoss;
        if (monitor is not (EarlyStoppingSpec.ValidationLoss or EarlyStoppingSpec.ValidationAccuracy))
            throw node.Error("monitor", $"expected val_loss or val_accuracy, got '{monitor}'");
        var mode = node.String("mode") ?? (monitor == EarlyStoppingSpec.ValidationLoss ? "min" : "max");
        if (mode is not ("min" or "max")) throw node.Error("mode", $"expected min or max, got '{mode}'");
        var spec = new EarlyStoppingSpec(
            monitor,
            mode,
            node.Int("patience", 1) ?? 5,
            node.Double("min_delta", 0) ?? 0,
            node.Bool("restore_best") ?? true);
        node.RejectUnknown();
        return spec;
    }

    private static List<ModelSpec> ReadModels(SpecNode root, TrainingSpec training)
    {
        var nodes = root.MappingList("models") ?? throw root.Error("models", "required field is missing (expected a list of models)");
        if (nodes.Count == 0) throw root.Error("models", "expected at least one model");
        var names = new HashSet<string>(StringComparer.Ordinal);
        var models = new List<ModelSpec>();
        foreach (var node in nodes)
        {
            var type = node.RequiredString("type");
            var name = node.String("name") ?? type;
            if (!names.Add(name)) throw node.Error("name", $"duplicate model name '{name}'");
            var modelTraining = ReadTraining(node.Mapping("training"), training);
            models.Add(new ModelSpec(name, type, node, modelTraining));
        }
        return models;
    }

    /// <summary>Reported when a spec names no metrics.</summary>
    public static readonly IReadOnlyList<string> DefaultMetrics = ["accuracy", "balanced_accuracy", "precision_macro", "recall_macro", "f1_macro", "f1_weighted", "matthews_corrcoef", "cohen_kappa"];

    private static List<string> ReadMetrics(SpecNode root)
    {
        var known = MetricCatalog.SuiteClassification;
        var metrics = root.StringList("metrics")?.ToList() ?? [.. DefaultMetrics];
        for (var i = 0; i < metrics.Count; i++)
        {
            if (!known.Any(m => m.Name == metrics[i]))
                throw root.Error("metrics", $"unknown metric '{metrics[i]}' (known: {string.Join(", ", known.Select(m => m.Name))})");
        }
        return metrics;
    }

    private static BenchSpec? ReadBench(SpecNode? node)
    {
        if (node is null) return null;
        var scenarios = new List<Scenario>();
        foreach (var name in node.StringList("scenarios") ?? ["single-stream"])
        {
            try
            {
                scenarios.Add(ScenarioSettings.Parse(name));
            }
            catch (UsageException)
            {
                throw node.Error("scenarios", $"expected single-stream, multi-stream, server or offline, got '{name}'");
            }
        }
        var latency = LatencySettings.Default with
        {
            WarmupCount = node.Int("warmup", 0) ?? 10,
            WarmupUntilStable = true,
            MinCount = node.Int("min_count", 1) ?? 200,
            MinDuration = TimeSpan.FromMilliseconds(node.Double("min_duration_ms", 0) ?? 1000),
        };
        latency = latency with { MaxCount = Math.Max(latency.MaxCount, latency.MinCount), MaxDurationSeconds = node.Double("max_duration_s", 0.001) ?? 60 };
        var bench = new BenchSpec(
            scenarios,
            node.IntList("batch_sizes", minimum: 1) ?? [1],
            node.Int("samples_per_query", 1) ?? 8,
            node.Double("target_qps", 0.001) ?? 100,
            node.Double("latency_bound_ms", 0.001) ?? 10,
            latency);
        node.RejectUnknown();
        return bench;
    }

    private static EfficiencySpec ReadEfficiency(SpecNode? node)
    {
        if (node is null) return EfficiencySpec.Default;
        var settings = LatencySettings.Default;
        var enabled = true;
        if (node.Mapping("latency") is { } latency)
        {
            enabled = latency.Bool("enabled") ?? true;
            settings = settings with
            {
                WarmupCount = latency.Int("warmup", 0) ?? settings.WarmupCount,
                MinCount = latency.Int("iterations", 1) ?? settings.MinCount,
                BatchSize = latency.Int("batch_size", 1) ?? settings.BatchSize,
                MinDuration = TimeSpan.FromMilliseconds(latency.Double("min_duration_ms", 0) ?? settings.MinDuration.TotalMilliseconds),
            };
            settings = settings with { MaxCount = Math.Max(settings.MaxCount, settings.MinCount) };
            latency.RejectUnknown();
        }
        node.RejectUnknown();
        return new EfficiencySpec(enabled, settings);
    }
}
