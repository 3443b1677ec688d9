using System.Text.Json;
using Assay.Tests;

namespace Assay.Cli.Tests;

[Collection(LibtorchCollection.Name)]
public class CompareCommandTests
{
    [Fact]
    public void Two_evals_of_one_model_on_one_slice_compare_equal_with_mcnemar_p_1_and_the_rules_pass()
    {
        using var temp = new TempFolder();
        var store = temp.Path("a.db");
        string Eval() => CliRunner.RunJson("eval", "--model", TestAssets.Path("fashion-mnist-mlp.onnx"), "--data", TestAssets.Path("fashion-mnist-slice"),
            "--split", "test", "--json", "--store", store).GetProperty("run_id").GetString()!;
        var first = Eval();
        var second = Eval();

        var (code, output, error) = CliRunner.Run("compare", first[..17], "latest", "--store", store, "--json", "--fail-if", "accuracy < -0.5pp", "--fail-if", "f1_macro < -1pp");
        Assert.True(code == 0, error);
        var result = JsonDocument.Parse(output).RootElement;
        Assert.Equal(first, result.GetProperty("baseline").GetProperty("id").GetString());
        Assert.Equal(second, result.GetProperty("candidate").GetProperty("id").GetString());
        var accuracy = Metric(result, "accuracy");
        Assert.Equal(0, accuracy.GetProperty("delta").GetDouble());
        Assert.Equal(1, accuracy.GetProperty("p_value").GetDouble());
        Assert.Equal("mcnemar", accuracy.GetProperty("test").GetString());
        Assert.Equal(JsonValueKind.Null, accuracy.GetProperty("better").ValueKind);
        var f1 = Metric(result, "f1_macro");
        Assert.Equal("paired_bootstrap", f1.GetProperty("test").GetString());
        Assert.Equal([0.0, 0.0], f1.GetProperty("ci").EnumerateArray().Select(v => v.GetDouble()));
        Assert.True(result.GetProperty("passed").GetBoolean());
        Assert.All(result.GetProperty("rules").EnumerateArray(), r => Assert.False(r.GetProperty("broken").GetBoolean()));

        var (humanCode, human, _) = CliRunner.Run("compare", first, second, "--store", store);
        Assert.Equal(0, humanCode);
        Assert.Contains("mcnemar", human, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_runs_with_different_seeds_compare_with_a_latency_ratio_and_a_rule_that_must_break_exits_1()
    {
        using var temp = new TempFolder();
        var store = temp.Path("a.db");
        var spec = File.ReadAllText(TestAssets.Path("specs", "quick.yaml"));
        var reseeded = temp.Path("quick2.yaml");
        File.WriteAllText(reseeded, spec.Replace("seed: 1", "seed: 2", StringComparison.Ordinal));
        Assert.Equal(0, CliRunner.Run("run", TestAssets.Path("specs", "quick.yaml"), "--store", store).ExitCode);
        Assert.Equal(0, CliRunner.Run("run", reseeded, "--store", store).ExitCode);
        var ids = CliRunner.RunJson("runs", "--json", "--store", store).GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("id").GetString()!).ToList();
        var (baseline, candidate) = (ids[1], ids[0]);

        // Different seeds split the data differently: no McNemar, and the reason is given.
        var (code, output, error) = CliRunner.Run("compare", baseline, candidate, "--store", store, "--json",
            "--fail-if", "accuracy < +100pp", "--fail-if", "latency_ms_p99 > +1000000%");
        Assert.True(code == 1, error);
        var result = JsonDocument.Parse(output).RootElement;
        Assert.False(result.GetProperty("passed").GetBoolean());
        var rules = result.GetProperty("rules").EnumerateArray().ToList();
        Assert.True(rules[0].GetProperty("broken").GetBoolean());
        Assert.False(rules[1].GetProperty("broken").GetBoolean());
        var accuracy = Metric(result, "accuracy");
        Assert.Equal(JsonValueKind.Null, accuracy.GetProperty("p_value").ValueKind);
        Assert.Contains("different examples", accuracy.GetProperty("note").GetString(), StringComparison.Ordinal);
        var latency = Metric(result, "latency_ms_p50");
        Assert.Equal("bootstrap_ratio_of_medians", latency.GetProperty("test").GetString());
        var ci = latency.GetProperty("ci").EnumerateArray().Select(v => v.GetDouble()).ToList();
        Assert.True(ci[0] > 0 && ci[0] <= ci[1]);

        var (humanCode, human, _) = CliRunner.Run("compare", baseline, candidate, "--store", store, "--fail-if", "accuracy < +100pp");
        Assert.Equal(1, humanCode);
        Assert.Contains("BROKEN", human, StringComparison.Ordinal);
        Assert.Equal(0, CliRunner.Run("compare", "best:accuracy", "latest", "--store", store).ExitCode);
    }

    [Theory]
    [InlineData("accuracy < -0.5")]
    [InlineData("accuracy <= -0.5pp")]
    [InlineData("accuracy < 0.5pp")]
    [InlineData("< -0.5pp")]
    public void A_malformed_rule_is_one_usage_error_naming_it_and_the_form(string rule)
    {
        using var temp = new TempFolder();
        var (code, _, error) = CliRunner.Run("compare", "a", "b", "--store", temp.Path("none.db"), "--fail-if", rule);
        Assert.Equal(2, code);
        Assert.Equal($"error: --fail-if: cannot read rule '{rule}'; expected METRIC (<|>) (+|-)NUMBER(pp|%), e.g. \"accuracy < -0.5pp\"", error.Trim());
    }

    [Fact]
    public void Unknown_ids_and_unknown_best_metrics_are_usage_errors()
    {
        using var temp = new TempFolder();
        var store = temp.Path("a.db");
        CliRunner.RunJson("eval", "--model", TestAssets.Path("fashion-mnist-mlp.onnx"), "--data", TestAssets.Path("fashion-mnist-slice"), "--split", "test", "--json", "--store", store);

        var (code, _, error) = CliRunner.Run("compare", "20000101", "latest", "--store", store);
        Assert.Equal(2, code);
        Assert.Equal($"error: no run '20000101' in {store}", error.Trim());
        (code, _, error) = CliRunner.Run("compare", "best:no_such_metric", "latest", "--store", store);
        Assert.Equal(2, code);
        Assert.Equal("error: best:no_such_metric: unknown metric 'no_such_metric' (see 'assay metrics')", error.Trim());
    }

    private static JsonElement Metric(JsonElement result, string name) =>
        result.GetProperty("metrics").EnumerateArray().Single(m => m.GetProperty("name").GetString() == name);
}
