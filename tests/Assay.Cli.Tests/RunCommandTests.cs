using System.Text.Json;
using Assay.Tests;

namespace Assay.Cli.Tests;

[Collection(LibtorchCollection.Name)]
public class RunCommandTests
{
    [Fact]
    public void The_default_suite_trains_both_models_above_95_percent_and_repeats_exactly()
    {
        using var temp = new TempFolder();
        var store = temp.Path("assay.db");
        var first = CliRunner.RunJson("run", "--json", "--store", store);
        var second = CliRunner.RunJson("run", "--json", "--store", store);

        var runs = first.GetProperty("runs").EnumerateArray().ToList();
        Assert.Equal(["mlp", "cnn"], runs.Select(r => r.GetProperty("model").GetString()));
        foreach (var run in runs)
        {
            var metrics = run.GetProperty("metrics");
            Assert.True(metrics.GetProperty("accuracy").GetDouble() >= 0.95, $"{run.GetProperty("model")}: {metrics}");
            foreach (var name in new[] { "precision_macro", "recall_macro", "f1_macro" }) Assert.InRange(metrics.GetProperty(name).GetDouble(), 0.9, 1.0);
            var matrix = run.GetProperty("confusion_matrix").Deserialize<long[][]>()!;
            Assert.Equal(360, matrix.Sum(r => r.Sum()));
            var efficiency = run.GetProperty("efficiency");
            Assert.True(efficiency.GetProperty("params").GetInt64() > 1000);
            Assert.True(efficiency.GetProperty("size_bytes").GetInt64() > 4 * efficiency.GetProperty("params").GetInt64());
            Assert.True(efficiency.GetProperty("train_seconds").GetDouble() > 0);
            Assert.True(efficiency.GetProperty("train_samples_per_s").GetDouble() > 0);
            var latency = efficiency.GetProperty("latency_ms");
            Assert.True(latency.GetProperty("n").GetInt32() >= 200);
            Assert.Equal(1, latency.GetProperty("batch_size").GetInt32());
            Assert.True(latency.GetProperty("p50").GetDouble() <= latency.GetProperty("p90").GetDouble());
            Assert.True(latency.GetProperty("p90").GetDouble() <= latency.GetProperty("p99").GetDouble());
            Assert.Matches("^[0-9]{8}-[0-9]{6}-[0-9a-f]{6}$", run.GetProperty("run_id").GetString()!);
        }
        var environment = first.GetProperty("environment");
        Assert.False(string.IsNullOrEmpty(environment.GetProperty("cpu_model").GetString()));
        Assert.True(environment.GetProperty("logical_cores").GetInt32() >= 1);
        foreach (var component in new[] { "torchsharp", "libtorch", "onnxruntime" })
            Assert.True(environment.GetProperty("components").TryGetProperty(component, out _), component);
        Assert.True(environment.GetProperty("threads").GetProperty("torch_intra_op").GetInt32() >= 1);

        // Same data, provably: the fingerprint is recorded and repeats.
        Assert.StartsWith("sha256:", first.GetProperty("data").GetProperty("fingerprint").GetString(), StringComparison.Ordinal);
        Assert.Equal(first.GetProperty("data").GetProperty("fingerprint").GetString(), second.GetProperty("data").GetProperty("fingerprint").GetString());

        // Same seed, same numbers.
        Assert.Equal(
            runs.Select(r => r.GetProperty("metrics").ToString() + r.GetProperty("confusion_matrix")),
            second.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("metrics").ToString() + r.GetProperty("confusion_matrix")));

        var listed = CliRunner.RunJson("runs", "--json", "--store", store).GetProperty("runs");
        Assert.Equal(4, listed.GetArrayLength());
        Assert.All(listed.EnumerateArray(), r => Assert.Equal("completed", r.GetProperty("status").GetString()));
    }

    [Fact]
    public void A_reduced_spec_prints_a_summary_and_records_the_run()
    {
        using var temp = new TempFolder();
        var store = temp.Path("assay.db");
        var (code, output, error) = CliRunner.Run("run", TestAssets.Path("specs", "quick.yaml"), "--store", store, "--checkpoints", temp.Path("models"));
        Assert.True(code == 0, error);
        Assert.Contains("Results on the holdout", output, StringComparison.Ordinal);
        Assert.Contains("tiny-mlp", output, StringComparison.Ordinal);
        Assert.Contains("latency p99 ms", output, StringComparison.Ordinal);
        Assert.Contains("1347 train / 450 test", output, StringComparison.Ordinal);

        var runs = CliRunner.RunJson("runs", "--json", "--store", store).GetProperty("runs");
        var id = Assert.Single(runs.EnumerateArray()).GetProperty("id").GetString()!;
        var shown = CliRunner.RunJson("runs", "show", id, "--json", "--store", store);
        Assert.Equal("quick", shown.GetProperty("experiment").GetString());
        Assert.Equal(1, shown.GetProperty("seed").GetInt32());
        Assert.Equal(3, shown.GetProperty("series").GetProperty("train_loss").GetArrayLength());
        Assert.Equal("[32]", shown.GetProperty("params").GetProperty("model.hidden").GetString());
        Assert.Equal(shown.GetProperty("metrics").GetProperty("accuracy").GetDouble(),
            shown.GetProperty("result").GetProperty("metrics").GetProperty("accuracy").GetDouble());
        Assert.Contains("epochs: 3", shown.GetProperty("spec").GetProperty("text").GetString(), StringComparison.Ordinal);

        // The spec's bench section: each scenario and batch size on the trained model.
        var bench = shown.GetProperty("result").GetProperty("bench").EnumerateArray().ToList();
        Assert.Equal(["single-stream/1", "single-stream/16", "offline/1", "offline/16"],
            bench.Select(b => $"{b.GetProperty("scenario").GetString()}/{b.GetProperty("batch_size").GetInt32()}"));
        Assert.All(bench, b => Assert.True(b.GetProperty("latency_ms").GetProperty("n").GetInt32() >= 50));

        // The kept checkpoint loads again: its cost is the trained network's (64 -> 32 -> 10).
        var checkpoint = shown.GetProperty("result").GetProperty("checkpoint").GetString()!;
        Assert.StartsWith(temp.Path("models"), checkpoint, StringComparison.Ordinal);
        var info = CliRunner.RunJson("info", "--model", checkpoint, "--json");
        Assert.Equal(64 * 32 + 32 + 32 * 10 + 10, info.GetProperty("model").GetProperty("params").GetInt64());
        var evaluation = CliRunner.RunJson("eval", "--model", checkpoint, "--data", "digits", "--split", "all", "--json", "--store", store);
        Assert.Equal(1797, evaluation.GetProperty("n").GetInt32());
        Assert.Equal("torchsharp", evaluation.GetProperty("model").GetProperty("backend").GetString());

        var (showCode, human, _) = CliRunner.Run("runs", "show", id, "--store", store);
        Assert.Equal(0, showCode);
        Assert.Contains("train_loss: 3 steps", human, StringComparison.Ordinal);
    }
}
