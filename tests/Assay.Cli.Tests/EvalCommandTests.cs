using Assay.Tests;

namespace Assay.Cli.Tests;

public class EvalCommandTests
{
    [Fact]
    public void Evaluates_an_onnx_model_on_idx_data_and_saves_checkable_predictions()
    {
        using var temp = new TempFolder();
        var expected = TestAssets.Json("fashion-mnist-slice.expected.json");
        var predictions = temp.Path("predictions.csv");
        var result = CliRunner.RunJson("eval", "--model", TestAssets.Path("fashion-mnist-mlp.onnx"), "--data", TestAssets.Path("fashion-mnist-slice"),
            "--split", "test", "--json", "--save-predictions", predictions, "--store", temp.Path("a.db"), "--batch-size", "64");

        Assert.Equal(256, result.GetProperty("n").GetInt32());
        Assert.Equal(expected.GetProperty("accuracy").GetDouble(), result.GetProperty("metrics").GetProperty("accuracy").GetDouble(), 12);
        Assert.Equal(expected.GetProperty("f1_macro").GetDouble(), result.GetProperty("metrics").GetProperty("f1_macro").GetDouble(), 12);
        Assert.Equal(expected.GetProperty("confusion_matrix").ToString().Replace(" ", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal),
            result.GetProperty("confusion_matrix").ToString().Replace(" ", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal).Replace("\r", "", StringComparison.Ordinal));
        Assert.Equal(10, result.GetProperty("per_class").GetArrayLength());
        var info = CliRunner.RunJson("data", "info", TestAssets.Path("fashion-mnist-slice"), "--split", "test", "--json");
        Assert.Equal(info.GetProperty("fingerprint").GetString(), result.GetProperty("data").GetProperty("fingerprint").GetString());

        var lines = File.ReadAllLines(predictions);
        Assert.Equal("y_true,y_pred,score_0,score_1,score_2,score_3,score_4,score_5,score_6,score_7,score_8,score_9", lines[0]);
        Assert.Equal(257, lines.Length);
        var expectedPredictions = expected.GetProperty("predictions").EnumerateArray().Select(p => p.GetInt32()).ToArray();
        Assert.Equal(expectedPredictions, lines.Skip(1).Select(l => int.Parse(l.Split(',')[1])));
        // Recheckable: y_pred is the argmax of the saved scores.
        Assert.All(lines.Skip(1), line =>
        {
            var cells = line.Split(',');
            var scores = cells.Skip(2).Select(float.Parse).ToArray();
            Assert.Equal(Array.IndexOf(scores, scores.Max()), int.Parse(cells[1]));
        });

        var run = CliRunner.RunJson("runs", "show", result.GetProperty("run_id").GetString()!, "--json", "--store", temp.Path("a.db"));
        Assert.Equal("completed", run.GetProperty("status").GetString());
        Assert.Equal("eval", run.GetProperty("experiment").GetString());
    }

    [FactWhenPathExists(TestAssets.FashionMnistFolder)]
    public void Matches_pytorch_on_the_full_fashion_mnist_test_split()
    {
        using var temp = new TempFolder();
        var expected = TestAssets.Json("fashion-mnist-mlp.expected.json");
        var result = CliRunner.RunJson("eval", "--model", TestAssets.Path("fashion-mnist-mlp.onnx"), "--data", TestAssets.FashionMnistFolder,
            "--split", "test", "--json", "--store", temp.Path("a.db"));
        Assert.Equal(10_000, result.GetProperty("n").GetInt32());
        Assert.Equal(expected.GetProperty("accuracy").GetDouble(), result.GetProperty("metrics").GetProperty("accuracy").GetDouble(), 12);
        Assert.Equal(expected.GetProperty("f1_macro").GetDouble(), result.GetProperty("metrics").GetProperty("f1_macro").GetDouble(), 12);
    }

    [Fact]
    public void Mean_and_std_must_come_together()
    {
        using var temp = new TempFolder();
        var (code, _, error) = CliRunner.Run("eval", "--model", TestAssets.Path("fashion-mnist-mlp.onnx"), "--data", TestAssets.Path("fashion-mnist-slice"),
            "--mean", "0.5", "--store", temp.Path("a.db"));
        Assert.Equal(2, code);
        Assert.Equal("error: --mean and --std go together: give both or neither", error.Trim());
    }
}
