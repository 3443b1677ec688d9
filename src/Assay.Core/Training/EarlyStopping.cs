using Assay.Specs;

namespace Assay.Training;

/// <summary>Stops training once the monitored validation metric has gone <c>patience</c> epochs without improving.</summary>
/// <remarks>
/// In mode min an epoch improves when value &lt; best − min_delta; in mode max when value &gt; best + min_delta.
/// Training stops at the first epoch that is <c>patience</c> epochs after the best one.
/// </remarks>
public sealed class EarlyStopping : ITrainingCallback
{
    private readonly EarlyStoppingSpec _spec;

    public EarlyStopping(EarlyStoppingSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        _spec = spec;
    }

    /// <summary>The best epoch so far (1-based); 0 before the first.</summary>
    public int BestEpoch { get; private set; }

    public double BestValue { get; private set; } = double.NaN;

    public bool EpochEnded(EpochRecord epoch)
    {
        ArgumentNullException.ThrowIfNull(epoch);
        var value = (_spec.Monitor == EarlyStoppingSpec.ValidationAccuracy ? epoch.ValidationAccuracy : epoch.ValidationLoss)
            ?? throw new InvalidOperationException($"early stopping monitors {_spec.Monitor}, but epoch {epoch.Epoch} has no validation metrics");
        var improved = BestEpoch == 0 || (_spec.Mode == "max" ? value > BestValue + _spec.MinDelta : value < BestValue - _spec.MinDelta);
        if (improved)
        {
            BestEpoch = epoch.Epoch;
            BestValue = value;
        }
        return epoch.Epoch - BestEpoch >= _spec.Patience;
    }
}
