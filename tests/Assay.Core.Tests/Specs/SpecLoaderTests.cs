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
