using Assay.Benchmarking;
using Assay.Data;

namespace Assay.Specs;

/// <summary>A whole experiment as written in a spec file: data, split, models, training, metrics and efficiency probes.</summary>
/// <param name="Text">The spec file's text, recorded with every run.</param>
/// <param name="Hash">SHA-256 of <paramref name="Text"/>, so two runs can be shown to share a spec.</param>
public sealed record ExperimentSpec(
    string Name,
    string Source,
    string Text,
    string Hash,
    int Seed,
    DataSpec Data,
    IReadOnlyList<ModelSpec> Models,
    TrainingSpec Training,
    IReadOnlyList<string> Metrics,
    EfficiencySpec Efficiency,
    BenchSpec? Bench = null);

/// <param name="Reference">A data set reference (<c>digits</c>, <c>idx:PATH</c>, a path).</param>
/// <param name="Split">Which split of the source to use before the holdout; <c>all</c> for sets without fixed splits.</param>
public sealed record DataSpec(string Reference, string Split, StratifiedHoldout Holdout, ChannelNormalization? Normalization);

/// <summary>One model to train: its zoo type and its hyperparameters (read and checked by the backend that builds it).</summary>
public sealed record ModelSpec(string Name, string Type, SpecNode Hyperparameters, TrainingSpec Training);

/// <summary>Training settings; a model may override any of them.</summary>
public sealed record TrainingSpec(int Epochs, int BatchSize, string Optimizer, double LearningRate, double WeightDecay, double Momentum)
{
    public static readonly TrainingSpec Default = new(Epochs: 20, BatchSize: 64, Optimizer: "adam", LearningRate: 1e-3, WeightDecay: 0, Momentum: 0.9);

    public static readonly IReadOnlyList<string> Optimizers = ["adam", "adamw", "sgd"];
}

/// <summary>Which efficiency probes to run.</summary>
public sealed record EfficiencySpec(bool Latency, LatencySettings LatencySettings)
{
    public static readonly EfficiencySpec Default = new(true, LatencySettings.Default);
}

/// <summary>The optional <c>bench:</c> section: LoadGen scenarios run on each trained model, fed with holdout examples.</summary>
public sealed record BenchSpec(IReadOnlyList<Scenario> Scenarios, IReadOnlyList<int> BatchSizes, int SamplesPerQuery, double TargetQps, double LatencyBoundMs, LatencySettings Latency);
