using Assay.Tests;

namespace Assay.Cli.Tests;

public class ErrorTests
{
    [Fact]
    public void A_missing_spec_is_a_usage_error_naming_the_file()
    {
        var (code, output, error) = CliRunner.Run("run", "no-such.yaml");
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Equal("error: no-such.yaml: spec file not found", error.Trim());
    }

    [Fact]
    public void A_spec_with_a_wrong_field_type_names_file_line_and_field()
    {
        var path = TestAssets.Path("specs", "wrong-type.yaml");
        var (code, _, error) = CliRunner.Run("run", path);
        Assert.Equal(2, code);
        Assert.Equal($"error: {path}:5: training.epochs: expected an integer, got 'many'", error.Trim());
    }

    [Fact]
    public void A_file_that_is_not_a_model_is_a_failure_naming_it()
    {
        using var temp = new TempFolder();
        var path = temp.Path("model.onnx");
        File.WriteAllText(path, "hello");
        var (code, _, error) = CliRunner.Run("eval", "--model", path, "--data", "digits", "--store", temp.Path("a.db"));
        Assert.Equal(1, code);
        Assert.StartsWith($"error: {path}: not a loadable ONNX model", error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public void A_truncated_idx_file_is_a_failure_naming_it()
    {
        using var temp = new TempFolder();
        File.Copy(TestAssets.Path("fashion-mnist-slice", "t10k-labels-idx1-ubyte.gz"), temp.Path("t10k-labels-idx1-ubyte.gz"));
        var images = temp.Path("t10k-images-idx3-ubyte");
        File.WriteAllBytes(images, [0, 0, 8, 3, 0, 0, 1, 0, 0, 0, 0, 28, 0, 0, 0, 28, 1, 2, 3]);
        var (code, _, error) = CliRunner.Run("eval", "--model", TestAssets.Path("fashion-mnist-mlp.onnx"), "--data", temp.Root, "--store", temp.Path("a.db"));
        Assert.Equal(1, code);
        Assert.Equal($"error: {images}: truncated IDX data (header declares 256x28x28 = 200704 bytes, file has 3)", error.Trim());
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("run", "--no-such-option")]
    [InlineData("eval", "--data", "digits")]
    [InlineData("eval", "--model", "m.onnx", "--data", "digits", "--split", "validation")]
    public void Command_line_mistakes_exit_2_with_one_line(params string[] args)
    {
        var (code, _, error) = CliRunner.Run(args);
        Assert.Equal(2, code);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Contains("--help", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Listing_a_store_that_does_not_exist_creates_nothing()
    {
        using var temp = new TempFolder();
        var (code, _, error) = CliRunner.Run("runs", "--store", temp.Path("typo.db"));
        Assert.Equal(1, code);
        Assert.Contains("no experiment store here", error, StringComparison.Ordinal);
        Assert.False(File.Exists(temp.Path("typo.db")));
    }

    [Fact]
    public void Help_is_everywhere()
    {
        foreach (var command in new[] { "run", "eval", "runs" })
        {
            var (code, output, _) = CliRunner.Run(command, "--help");
            Assert.Equal(0, code);
            Assert.Contains("--json", output, StringComparison.Ordinal);
        }
    }
}
