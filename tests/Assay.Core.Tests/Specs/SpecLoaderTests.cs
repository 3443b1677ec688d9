using Assay.Specs;
using Assay.Tests;

namespace Assay.Core.Tests.Specs;

public class SpecLoaderTests
{
    private const string Valid = """
        name: quick
        seed: 3
        data:
          source: digits
          split:
            test_fraction: 0.25
        training:
          epochs: 4
          batch_size: 16
        models:
          - name: small
            type: mlp
            hidden: [32]
            training:
              learning_rate: 0.01
        efficiency:
          latency:
            iterations: 300
            warmup: 5
        """;

    [Fact]
    public void The_built_in_spec_is_samples_digits_yaml()
    {
        var spec = SpecLoader.LoadBuiltIn();
        var samples = Path.Combine(RepositoryRoot(), "samples", "digits.yaml");
        Assert.Equal(File.ReadAllText(samples), spec.Text);
        Assert.Equal("digits", spec.Data.Reference);
        Assert.Equal(["mlp", "cnn"], spec.Models.Select(m => m.Name));
        Assert.Equal(0.2, spec.Data.Holdout.TestFraction);
        Assert.Equal(42, spec.Seed);
        Assert.True(spec.Efficiency.LatencySettings.MinCount >= 200);
    }

    [Fact]
    public void Reads_every_section_and_lets_models_override_training()
    {
        var spec = SpecLoader.Parse(Valid, "quick.yaml");
        Assert.Equal("quick", spec.Name);
        Assert.Equal(3, spec.Seed);
        Assert.Equal(new Assay.Data.StratifiedHoldout(0.25, 3), spec.Data.Holdout);
        Assert.Equal(4, spec.Training.Epochs);
        var model = Assert.Single(spec.Models);
        Assert.Equal(0.01, model.Training.LearningRate);
        Assert.Equal(16, model.Training.BatchSize);
        Assert.Equal(300, spec.Efficiency.LatencySettings.MinCount);
        Assert.Equal(5, spec.Efficiency.LatencySettings.WarmupCount);
        Assert.Equal(64, spec.Hash.Length);
    }

    [Theory]
    [InlineData("epochs: 4", "epochs: ten", "quick.yaml:8: training.epochs: expected an integer, got 'ten'")]
    [InlineData("epochs: 4", "epochs: 0", "quick.yaml:8: training.epochs: expected an integer >= 1, got 0")]
    [InlineData("batch_size: 16", "batch_size: [16]", "quick.yaml:9: training.batch_size: expected an integer, got a list")]
    [InlineData("test_fraction: 0.25", "test_fraction: 1.5", "quick.yaml:6: data.split.test_fraction: expected a number in [0, 1], got 1.5")]
    [InlineData("type: mlp", "kind: mlp", "quick.yaml:11: models[0].type: required field is missing (expected a string)")]
    [InlineData("iterations: 300", "iteration: 300", "quick.yaml:18: efficiency.latency.iteration: unknown field")]
    [InlineData("seed: 3", "seed: 3\nmetrics: [accuracy, speed]", "quick.yaml:3: metrics: unknown metric 'speed'")]
    public void Errors_name_the_file_line_and_field(string from, string to, string expected)
    {
        var error = Assert.Throws<UsageException>(() => SpecLoader.Parse(Valid.Replace(from, to, StringComparison.Ordinal), "quick.yaml"));
        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_yaml_names_the_line()
    {
        var error = Assert.Throws<UsageException>(() => SpecLoader.Parse("name: x\ndata: [unclosed\n", "bad.yaml"));
        Assert.StartsWith("bad.yaml:", error.Message, StringComparison.Ordinal);
        Assert.Contains("invalid YAML", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_a_usage_error_naming_it()
    {
        var error = Assert.Throws<UsageException>(() => SpecLoader.LoadFile("no-such.yaml"));
        Assert.Equal("no-such.yaml: spec file not found", error.Message);
    }

    private const string Techniques = """
        data:
          source: digits
        training:
          schedule:
            type: multistep
            milestones: [3, 6]
            gamma: 0.5
          clip_grad_norm: 1.5
          clip_grad_value: 0.25
          l1: 0.001
          l2: 0.01
          label_smoothing: 0.1
          class_weights: balanced
          early_stopping:
            monitor: val_accuracy
            patience: 3
            min_delta: 0.01
            restore_best: false
          validation_fraction: 0.2
        models:
          - type: mlp
            training:
              class_weights: [1, 2, 3]
              schedule:
                type: one_cycle
                max_lr: 0.05
        """;

    [Fact]
    public void Training_techniques_parse_and_models_override_them()
    {
        var spec = SpecLoader.Parse(Techniques, "t.yaml");
        var training = spec.Training;
        Assert.Equal(LearningRateSchedule.MultiStep, training.Schedule!.Type);
        Assert.Equal([3, 6], training.Schedule.Milestones!);
        Assert.Equal(0.5, training.Schedule.Gamma);
        Assert.Equal((1.5, 0.25), (training.ClipGradNorm!.Value, training.ClipGradValue!.Value));
        Assert.Equal((0.001, 0.01, 0.1), (training.L1, training.L2, training.LabelSmoothing));
        Assert.True(training.ClassWeights!.Balanced);
        Assert.Equal(new EarlyStoppingSpec("val_accuracy", "max", 3, 0.01, false), training.EarlyStopping);
        Assert.Equal(0.2, training.EffectiveValidationFraction);

        var model = Assert.Single(spec.Models).Training;
        Assert.Equal([1.0, 2.0, 3.0], model.ClassWeights!.Weights!);
        Assert.Equal(new LearningRateSchedule(LearningRateSchedule.OneCycle, MaxLearningRate: 0.05), model.Schedule);
        Assert.Equal(1.5, model.ClipGradNorm);
        Assert.Equal(training.EarlyStopping, model.EarlyStopping);
    }

    [Fact]
    public void Without_techniques_training_is_as_before()
    {
        var training = SpecLoader.LoadBuiltIn().Training;
        Assert.Equal(TrainingSpec.Default with { Epochs = 30, BatchSize = 32 }, training);
        Assert.Equal(0, training.EffectiveValidationFraction);
        var stopping = SpecLoader.Parse("data: {source: digits}\ntraining:\n  early_stopping: {patience: 2}\nmodels: [{type: mlp}]", "s.yaml").Training;
        Assert.Equal(new EarlyStoppingSpec("val_loss", "min", 2, 0, true), stopping.EarlyStopping);
        Assert.Equal(0.1, stopping.EffectiveValidationFraction);
    }

    [Theory]
    [InlineData("type: multistep", "type: linear", "t.yaml:5: training.schedule.type: expected one of step, multistep, exponential, cosine, one_cycle, plateau, got 'linear'")]
    [InlineData("milestones: [3, 6]", "milestones: [6, 3]", "t.yaml:6: training.schedule.milestones: expected increasing epochs")]
    [InlineData("gamma: 0.5", "max_lr: 0.5", "t.yaml:7: training.schedule.max_lr: unknown field")]
    [InlineData("clip_grad_norm: 1.5", "clip_grad_norm: 0", "t.yaml:8: training.clip_grad_norm: expected a positive number")]
    [InlineData("clip_grad_value: 0.25", "clip_grad_value: big", "t.yaml:9: training.clip_grad_value: expected a finite number, got 'big'")]
    [InlineData("l1: 0.001", "l1: -1", "t.yaml:10: training.l1: expected a number in [0, inf], got -1")]
    [InlineData("label_smoothing: 0.1", "label_smoothing: 1", "t.yaml:12: training.label_smoothing: expected a number in [0, 1), got 1")]
    [InlineData("class_weights: balanced", "class_weights: inverse", "t.yaml:13: training.class_weights: expected balanced or a list of one weight per class, got 'inverse'")]
    [InlineData("monitor: val_accuracy", "monitor: accuracy", "t.yaml:15: training.early_stopping.monitor: expected val_loss or val_accuracy, got 'accuracy'")]
    [InlineData("patience: 3", "patience: 0", "t.yaml:16: training.early_stopping.patience: expected an integer >= 1, got 0")]
    [InlineData("restore_best: false", "restore_best: maybe", "t.yaml:18: training.early_stopping.restore_best: expected true or false, got 'maybe'")]
    [InlineData("validation_fraction: 0.2", "validation_fraction: 0", "t.yaml:19: training.validation_fraction: expected a value strictly between 0 and 1, got 0")]
    [InlineData("max_lr: 0.05", "max_lr: 0", "t.yaml:26: models[0].training.schedule.max_lr: expected a positive number")]
    [InlineData("class_weights: [1, 2, 3]", "class_weights: [1, -2, 3]", "t.yaml:23: models[0].training.class_weights: expected weights >= 0")]
    public void Training_technique_errors_name_the_file_line_and_field(string from, string to, string expected)
    {
        var error = Assert.Throws<UsageException>(() => SpecLoader.Parse(Techniques.Replace(from, to, StringComparison.Ordinal), "t.yaml"));
        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_sample_spec_loads()
    {
        foreach (var file in Directory.EnumerateFiles(Path.Combine(RepositoryRoot(), "samples"), "*.yaml"))
            Assert.NotEmpty(SpecLoader.LoadFile(file).Models);
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Assay.slnx"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
    }
}
