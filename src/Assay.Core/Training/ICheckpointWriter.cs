using Assay.Specs;

namespace Assay.Training;

/// <summary>Keeps a trained model where it can be loaded again (<c>assay bench --model</c>, <c>assay eval</c>); implemented by the backend that trained it.</summary>
public interface ICheckpointWriter
{
    /// <summary>Writes the checkpoint and returns its path.</summary>
    string Write(ExperimentSpec spec, ModelSpec model, ITrainedModel trained, string runId);
}
