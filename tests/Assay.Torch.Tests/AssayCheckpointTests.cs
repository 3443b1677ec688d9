using Assay.Data;
using Assay.Evaluation;
using Assay.Specs;
using Assay.Tests;

namespace Assay.Torch.Tests;

public class AssayCheckpointTests
{
    [Fact]
    public void A_checkpoint_brings_back_the_trained_model_exactly()
    {
        using var temp = new TempFolder();
        var spec = SpecLoader.Parse("data:\n  source: digits\nmodels:\n  - name: small\n    type: cnn\n    channels: [4]\n    hidden: 8\ntraining:\n  epochs: 1\n", "spec.yaml");
        var digits = DigitsDataset.Load();
        var outcome = new TorchTrainer().Train(spec.Models[0], digits, 3, null, CancellationToken.None);
        using var trained = (TorchClassifier)outcome.Model;

        var path = new CheckpointFolder(temp.Root).Write(spec, spec.Models[0], trained, "run1");
        Assert.Equal(temp.Path("run1-small.assaymodel"), path);
        using var loaded = AssayCheckpoint.Load(path);

        Assert.Equal(trained.ParameterCount, loaded.ParameterCount);
        Assert.Equal(Evaluator.Evaluate(trained, digits).Scores, Evaluator.Evaluate(loaded, digits).Scores);
    }

    [Fact]
    public void A_file_that_is_not_a_checkpoint_gets_one_line()
    {
        using var temp = new TempFolder();
        var path = temp.Path("x.assaymodel");
        File.WriteAllText(path, "not a zip");
        var error = Assert.Throws<ModelException>(() => AssayCheckpoint.Load(path));
        Assert.StartsWith($"{path}: not a usable Assay checkpoint (", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", error.Message, StringComparison.Ordinal);
    }
}
