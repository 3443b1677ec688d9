using Assay.Data;
using Assay.Evaluation;
using Assay.Specs;

namespace Assay.Training;

/// <summary>Builds the model a spec describes and trains it; implemented by a backend (TorchSharp).</summary>
public interface IModelTrainer
{
    /// <param name="progress">Receives each finished epoch.</param>
    /// <exception cref="UsageException">The model spec names an unknown type or a bad hyperparameter.</exception>
    TrainingOutcome Train(ModelSpec spec, Dataset train, int seed, IProgress<EpochRecord>? progress, CancellationToken cancellation);
}

/// <summary>A trained model with what it costs to keep.</summary>
public interface ITrainedModel : IModel
{
    /// <summary>Number of trainable parameters.</summary>
    long ParameterCount { get; }

    /// <summary>Writes the model's weights in the backend's own format.</summary>
    void Save(Stream destination);
}

/// <summary>One finished epoch: mean training loss and accuracy over the epoch, and its wall time.</summary>
/// <param name="Loss">Mean data loss over the epoch's batches (the cross-entropy as configured, without L1/L2 penalties).</param>
/// <param name="LearningRate">The rate the epoch trained with; null where the backend does not say.</param>
/// <param name="ValidationLoss">Mean unweighted, unsmoothed cross-entropy on the validation split; null without one.</param>
/// <param name="ValidationAccuracy">Accuracy on the validation split; null without one.</param>
public sealed record EpochRecord(
    int Epoch,
    int Epochs,
    double Loss,
    double Accuracy,
    double Seconds,
    double? LearningRate = null,
    double? ValidationLoss = null,
    double? ValidationAccuracy = null);

/// <summary>The result of training one model.</summary>
/// <param name="Seconds">Wall time of the training loop (all epochs).</param>
/// <param name="SamplesSeen">Training examples processed, summed over epochs.</param>
/// <param name="StoppedEpoch">The last epoch trained when early stopping ended training before the planned epochs; otherwise null.</param>
/// <param name="BestEpoch">The best epoch by the early-stopping monitor (whose weights are returned when it restores the best); null without early stopping.</param>
public sealed record TrainingOutcome(ITrainedModel Model, double Seconds, long SamplesSeen, IReadOnlyList<EpochRecord> History, int? StoppedEpoch = null, int? BestEpoch = null)
{
    public double SamplesPerSecond => Seconds > 0 ? SamplesSeen / Seconds : 0;
}
