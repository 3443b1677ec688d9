namespace Assay.Training;

/// <summary>Watches training epoch by epoch and may end it early (early stopping, and later work such as pruning).</summary>
/// <remarks>Called on the training thread after each epoch, in order; the record is an immutable snapshot, never live trainer state.</remarks>
public interface ITrainingCallback
{
    /// <summary>Sees a finished epoch; returns true to stop training after it.</summary>
    bool EpochEnded(EpochRecord epoch);
}
