using Assay.Specs;
using Assay.Training;

namespace Assay.Torch;

/// <summary>Writes each trained TorchSharp model as <c>FOLDER/RUNID-MODEL.assaymodel</c>.</summary>
public sealed class CheckpointFolder(string folder) : ICheckpointWriter
{
    public string Write(ExperimentSpec spec, ModelSpec model, ITrainedModel trained, string runId)
    {
        if (trained is not TorchClassifier classifier) throw new ArgumentException($"{model.Name}: only TorchSharp models are written as Assay checkpoints", nameof(trained));
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{runId}-{string.Concat(model.Name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '_'))}{AssayCheckpoint.Extension}");
        AssayCheckpoint.Save(path, spec, model, classifier);
        return path;
    }
}
