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
/// <remarks>
/// <see cref="WeightDecay"/> is the optimizer's own decay: added to the gradient (adam, sgd: g + λ·w) or, with adamw, applied
/// to the weights apart from the gradient (decoupled: w ← w − lr·λ·w). <see cref="L2"/> and <see cref="L1"/> are penalties added
/// to the loss instead: loss + L2·Σw² + L1·Σ|w| over every trainable parameter, so they pass through the optimizer's adaptive
/// scaling (with Adam, an L2 penalty is not the same as decoupled decay). Leaving the new fields at their defaults trains exactly as before.
/// </remarks>
/// <param name="ClipGradNorm">Rescales all gradients together so their L2 norm is at most this; null for no clipping.</param>
/// <param name="ClipGradValue">Clamps every gradient element to [−v, v]; null for no clipping.</param>
/// <param name="LabelSmoothing">Cross-entropy targets become (1 − ε)·one-hot + ε/classes.</param>
/// <param name="ValidationFraction">Share of the training data held out (stratified, seeded) for validation; null means 0.1 when early stopping or a plateau schedule needs it, else none.</param>
public sealed record TrainingSpec(
    int Epochs,
    int BatchSize,
    string Optimizer,
    double LearningRate,
    double WeightDecay,
    double Momentum,
    LearningRateSchedule? Schedule = null,
    double? ClipGradNorm = null,
    double? ClipGradValue = null,
    double L1 = 0,
    double L2 = 0,
    double LabelSmoothing = 0,
    ClassWeighting? ClassWeights = null,
    EarlyStoppingSpec? EarlyStopping = null,
    double? ValidationFraction = null)
{
    public static readonly TrainingSpec Default = new(Epochs: 20, BatchSize: 64, Optimizer: "adam", LearningRate: 1e-3, WeightDecay: 0, Momentum: 0.9);

    public static readonly IReadOnlyList<string> Optimizers = ["adam", "adamw", "sgd"];

    /// <summary>Validation share actually used: the explicit fraction, else 0.1 when early stopping or a plateau schedule is on, else 0.</summary>
    public double EffectiveValidationFraction =>
        ValidationFraction ?? (EarlyStopping is not null || Schedule?.Type == LearningRateSchedule.Plateau ? 0.1 : 0);
}

/// <summary>A per-epoch learning-rate schedule (<c>training.schedule</c>); see <see cref="Training.LearningRateScheduler"/> for the formulas.</summary>
/// <param name="StepSize">step: epochs between decays.</param>
/// <param name="Gamma">step, multistep, exponential: the decay factor.</param>
/// <param name="Milestones">multistep: the epochs (1-based) after which the rate is multiplied by gamma.</param>
/// <param name="WarmupEpochs">cosine: epochs of linear warm-up before the cosine decay.</param>
/// <param name="MinLearningRate">cosine: the floor of the decay; plateau: the floor of the reductions.</param>
/// <param name="MaxLearningRate">one_cycle: the peak rate.</param>
/// <param name="Patience">plateau: epochs without a lower validation loss before the rate is reduced.</param>
/// <param name="Factor">plateau: the multiplier applied at each reduction.</param>
public sealed record LearningRateSchedule(
    string Type,
    int StepSize = 10,
    double Gamma = 0.1,
    IReadOnlyList<int>? Milestones = null,
    int WarmupEpochs = 0,
    double MinLearningRate = 0,
    double? MaxLearningRate = null,
    int Patience = 10,
    double Factor = 0.1)
{
    public const string Step = "step";
    public const string MultiStep = "multistep";
    public const string Exponential = "exponential";
    public const string Cosine = "cosine";
    public const string OneCycle = "one_cycle";
    public const string Plateau = "plateau";

    public static readonly IReadOnlyList<string> Types = [Step, MultiStep, Exponential, Cosine, OneCycle, Plateau];
}

/// <summary>Per-class weights of the cross-entropy loss: <c>balanced</c> (from the training labels) or explicit.</summary>
/// <param name="Weights">One weight per class; null when <see cref="Balanced"/>.</param>
public sealed record ClassWeighting(bool Balanced, IReadOnlyList<double>? Weights);

/// <summary>Stop when the monitored validation metric has not improved for <paramref name="Patience"/> epochs.</summary>
/// <param name="Monitor"><c>val_loss</c> or <c>val_accuracy</c>.</param>
/// <param name="Mode"><c>min</c> or <c>max</c>: whether lower or higher is better.</param>
/// <param name="MinDelta">An epoch improves only when it beats the best by more than this.</param>
/// <param name="RestoreBest">Return the weights of the best epoch rather than the last.</param>
public sealed record EarlyStoppingSpec(string Monitor, string Mode, int Patience, double MinDelta, bool RestoreBest)
{
    public const string ValidationLoss = "val_loss";
    public const string ValidationAccuracy = "val_accuracy";
}

/// <summary>Which efficiency probes to run.</summary>
public sealed record EfficiencySpec(bool Latency, LatencySettings LatencySettings)
{
    public static readonly EfficiencySpec Default = new(true, LatencySettings.Default);
}

/// <summary>The optional <c>bench:</c> section: LoadGen scenarios run on each trained model, fed with holdout examples.</summary>
public sealed record BenchSpec(IReadOnlyList<Scenario> Scenarios, IReadOnlyList<int> BatchSizes, int SamplesPerQuery, double TargetQps, double LatencyBoundMs, LatencySettings Latency);
