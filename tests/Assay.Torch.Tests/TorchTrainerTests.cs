using Assay.Data;
using Assay.Evaluation;
using Assay.Specs;
using Assay.Training;
using TorchSharp;

namespace Assay.Torch.Tests;

public class TorchTrainerTests
{
    private static readonly Dataset Digits = DigitsDataset.Load();

    [Fact]
    public void Libtorch_loads_and_computes()
    {
        // Fails with a DllNotFoundException when the build did not patch libLibTorchSharp.so for Debian 12's libstdc++.
        using var a = torch.tensor(new float[] { 1, 2, 3, 4 }, [2, 2]);
        using var product = a.matmul(a);
        Assert.Equal([7f, 10f, 15f, 22f], product.data<float>().ToArray());
    }

    [Fact]
    public void An_mlp_learns_digits_and_the_same_seed_gives_the_same_model()
    {
        var (train, test) = Holdout();
        var spec = Model("type: mlp\nhidden: [64]\ntraining:\n  epochs: 8\n  batch_size: 32");

        var first = new TorchTrainer().Train(spec, train, seed: 5, progress: null, CancellationToken.None);
        var second = new TorchTrainer().Train(spec, train, seed: 5, progress: null, CancellationToken.None);
        using var a = first.Model;
        using var b = second.Model;

        Assert.Equal(8, first.History.Count);
        Assert.True(first.History[^1].Loss < first.History[0].Loss);
        Assert.Equal(first.History.Select(e => e.Loss), second.History.Select(e => e.Loss));
        var evaluation = Evaluator.Evaluate(a, test);
        Assert.True(evaluation.Metrics.Accuracy > 0.9, $"accuracy {evaluation.Metrics.Accuracy}");
        Assert.Equal(evaluation.Predicted, Evaluator.Evaluate(b, test).Predicted);
        Assert.Equal(first.SamplesSeen, 8L * train.Count);
    }

    [Fact]
    public void Parameter_count_and_size_describe_the_network()
    {
        var (train, _) = Holdout();
        var outcome = new TorchTrainer().Train(Model("type: mlp\nhidden: [128, 64]\ntraining:\n  epochs: 1"), train, 1, null, CancellationToken.None);
        using var model = outcome.Model;
        // 64*128+128 + 128*64+64 + 64*10+10
        Assert.Equal(17_226, model.ParameterCount);
        using var stream = new MemoryStream();
        model.Save(stream);
        Assert.True(stream.Length > 17_226 * 4, $"{stream.Length} bytes");
    }

    [Fact]
    public void A_cnn_predicts_one_row_per_example()
    {
        var (train, test) = Holdout();
        var outcome = new TorchTrainer().Train(Model("type: cnn\nchannels: [8]\nhidden: 16\ntraining:\n  epochs: 1"), train, 1, null, CancellationToken.None);
        using var model = outcome.Model;
        var scores = new float[3 * 10];
        model.Predict(test.Features.AsSpan(0, 3 * test.ExampleSize), 3, scores);
        Assert.All(scores, s => Assert.True(float.IsFinite(s)));
        Assert.Equal(("m", "torchsharp", 10), (model.Description.Name, model.Description.Backend, model.Description.OutputSize));
        Assert.Equal([1, 8, 8], model.Description.ExampleShape!);
    }

    [Theory]
    [InlineData("type: mlp\nhiden: [64]", "spec.yaml:6: models[0].hiden: unknown field")]
    [InlineData("type: transformer", "spec.yaml:5: models[0].type: unknown model type 'transformer'")]
    [InlineData("type: cnn\nchannels: [8, 8, 8, 8]", "models[0].channels: 4 pooling blocks shrink a 8x8 image below 1x1")]
    [InlineData("type: mlp\ndropout: 1", "models[0].dropout: expected a probability in [0, 1)")]
    public void Bad_hyperparameters_name_the_field(string model, string expected)
    {
        var (train, _) = Holdout();
        var error = Assert.Throws<UsageException>(() => new TorchTrainer().Train(Model(model), train, 1, null, CancellationToken.None));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cancellation_stops_training()
    {
        var (train, _) = Holdout();
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => new TorchTrainer().Train(Model("type: mlp"), train, 1, null, cancel.Token));
    }

    private static (Dataset Train, Dataset Test) Holdout()
    {
        var (train, test) = new StratifiedHoldout(0.2, 0).Split(Digits.Labels);
        return (Digits.Subset(train), Digits.Subset(test));
    }

    private static ModelSpec Model(string yaml)
    {
        var indented = string.Join("\n", yaml.Split('\n').Select((line, i) => (i == 0 ? "  - name: m\n    " : "    ") + line));
        var spec = SpecLoader.Parse($"data:\n  source: digits\nmodels:\n{indented}\n", "spec.yaml");
        return spec.Models[0];
    }
}
