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
public sealed record EpochRecord(int Epoch, int Epochs, double Loss, double Accuracy, double Seconds);

/// <summary>The result of training one model.</summary>
/// <param name="Seconds">Wall time of the training loop (all epochs).</param>
/// <param name="SamplesSeen">Training examples processed, summed over epochs.</param>
public sealed record TrainingOutcome(ITrainedModel Model, double Seconds, long SamplesSeen, IReadOnlyList<EpochRecord> History)
{
    public double SamplesPerSecond => Seconds > 0 ? SamplesSeen / Seconds : 0;
}
