using System.Text.Json;
using Assay.Sqlite;
using Assay.Tests;
using Assay.Tracking;

namespace Assay.Cli.Tests;

public sealed class RunsCommandTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly string _store;
    private readonly string _small;
    private readonly string _large;
    private readonly string _failed;

    public RunsCommandTests()
    {
        _store = _temp.Path("a.db");
        using var store = SqliteRunStore.Open(_store);
        _small = Record(store, "digits", "mlp-small", 7, "{\"cpu_model\":\"x\",\"components\":{\"torchsharp\":\"0.105\"}}",
            new() { ["training.epochs"] = "3", ["model.hidden"] = "[64]" }, new() { ["accuracy"] = 0.91, ["latency_ms_p99"] = 2, ["f1_macro"] = 0.9 });
        _large = Record(store, "digits", "mlp-large", 8, "{\"cpu_model\":\"x\",\"components\":{\"torchsharp\":\"0.106\"}}",
            new() { ["training.epochs"] = "3", ["model.hidden"] = "[256]" }, new() { ["accuracy"] = 0.95, ["latency_ms_p99"] = 9, ["f1_macro"] = 0.9 });
        _failed = Record(store, "fashion", "cnn", 7, "{}", new(), null);
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Plain_runs_and_runs_list_are_the_same_listing()
    {
        var plain = CliRunner.RunJson("runs", "--store", _store, "--json");
        var list = CliRunner.RunJson("runs", "list", "--store", _store, "--json");
        Assert.Equal([_failed, _large, _small], Ids(plain));
        Assert.Equal(Ids(plain), Ids(list));
    }

    [Fact]
    public void Filters_and_sorts_select_the_runs()
    {
        Assert.Equal([_large, _small], Ids(CliRunner.RunJson("runs", "list", "--store", _store, "--json", "--experiment", "digits")));
        Assert.Equal([_large, _small], Ids(CliRunner.RunJson("runs", "list", "--store", _store, "--json", "--model", "mlp-*")));
        Assert.Equal([_failed], Ids(CliRunner.RunJson("runs", "list", "--store", _store, "--json", "--status", "failed")));
        Assert.Equal([_small], Ids(CliRunner.RunJson("runs", "list", "--store", _store, "--json", "--where", "accuracy>=0.9", "--where", "latency_ms_p99<5")));
        Assert.Equal([_large, _small, _failed], Ids(CliRunner.RunJson("runs", "list", "--store", _store, "--json", "--sort", "-accuracy")));
        Assert.Equal([_small, _large, _failed], Ids(CliRunner.RunJson("runs", "list", "--store", _store, "--json", "--sort=accuracy")));
        Assert.Equal([_small], Ids(CliRunner.RunJson("runs", "list", "--store", _store, "--json", "--sort", "started", "--limit", "1")));
        Assert.Equal(3, Ids(CliRunner.RunJson("runs", "list", "--store", _store, "--json", "--since", "2020-01-01")).Count);
        Assert.Empty(Ids(CliRunner.RunJson("runs", "list", "--store", _store, "--json", "--until", "2020-01-01")));
    }

    [Fact]
    public void The_table_shows_the_metrics_present_with_the_sort_metric_first()
    {
        var (code, output, _) = CliRunner.Run("runs", "list", "--store", _store, "--sort", "-latency_ms_p99");
        Assert.Equal(0, code);
        var header = output.Split('\n').First(l => l.Contains("Run id", StringComparison.Ordinal));
        Assert.True(header.IndexOf("latency_ms_p99", StringComparison.Ordinal) < header.IndexOf("accuracy", StringComparison.Ordinal), header);
        Assert.Contains("f1_macro", header, StringComparison.Ordinal);
        Assert.Contains("0.95", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--where=accuracy=>0.9", "error: --where: cannot read 'accuracy=>0.9'; expected NAME(<|<=|>|>=|=)NUMBER, such as accuracy>=0.9")]
    [InlineData("--sort=-acuracy", "error: --sort: no run has a metric 'acuracy'; expected 'started' or one of accuracy, f1_macro, latency_ms_p99")]
    [InlineData("--since=yesterday", "error: --since: expected a UTC date or time such as 2026-11-01 or 2026-11-01T12:00:00Z, got 'yesterday'")]
    [InlineData("--limit=0", "error: --limit: expected a count >= 1, got 0")]
    public void Bad_listing_input_is_one_line_and_exit_2(string option, string expected)
    {
        var (code, output, error) = CliRunner.Run("runs", "list", "--store", _store, option);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Equal(expected, error.Trim());
    }

    [Fact]
    public void An_unknown_status_is_a_usage_error()
    {
        var (code, _, error) = CliRunner.Run("runs", "list", "--store", _store, "--status", "done");
        Assert.Equal(2, code);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public void Diff_shows_only_what_differs_with_metric_direction()
    {
        var diff = CliRunner.RunJson("runs", "diff", _small, _large[..^1], "--store", _store, "--json");
        Assert.Equal(_small, diff.GetProperty("a").GetString());
        Assert.Equal(_large, diff.GetProperty("b").GetString());
        Assert.Equal(["model", "seed"], Names(diff, "fields"));
        Assert.Equal(["model.hidden"], Names(diff, "params"));
        Assert.Equal(["accuracy", "latency_ms_p99"], Names(diff, "metrics"));
        var accuracy = diff.GetProperty("metrics")[0];
        Assert.Equal(0.04, accuracy.GetProperty("delta").GetDouble(), 9);
        Assert.Equal("better", accuracy.GetProperty("change").GetString());
        Assert.Equal("worse", diff.GetProperty("metrics")[1].GetProperty("change").GetString());
        Assert.Equal(["components.torchsharp"], Names(diff, "environment"));
        Assert.Equal("0.106", diff.GetProperty("environment")[0].GetProperty("b").GetString());

        var (code, output, _) = CliRunner.Run("runs", "diff", _small, _large, "--store", _store);
        Assert.Equal(0, code);
        Assert.Contains("better", output, StringComparison.Ordinal);
        Assert.DoesNotContain("f1_macro", output, StringComparison.Ordinal);
        Assert.DoesNotContain("training.epochs", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Diff_of_a_run_with_itself_says_nothing_differs()
    {
        var (code, output, _) = CliRunner.Run("runs", "diff", _small, _small, "--store", _store);
        Assert.Equal(0, code);
        Assert.Contains("do not differ", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Diff_of_an_unknown_or_ambiguous_id_is_one_line()
    {
        var (code, _, error) = CliRunner.Run("runs", "diff", _small, "nope", "--store", _store);
        Assert.Equal(2, code);
        Assert.Equal($"error: no run 'nope' in {_store}", error.Trim());
        (code, _, error) = CliRunner.Run("runs", "diff", _small, "2", "--store", _store);
        Assert.Equal(2, code);
        Assert.Equal("error: run id prefix '2' matches more than one run; give more characters", error.Trim());
    }

    [Fact]
    public void Delete_needs_yes_and_then_removes_the_run()
    {
        var (code, _, error) = CliRunner.Run("runs", "delete", _failed, "--store", _store);
        Assert.Equal(2, code);
        Assert.Equal($"error: refusing to delete run {_failed} (fashion / cnn) without --yes; add --yes to delete it", error.Trim());
        Assert.Equal(3, Ids(CliRunner.RunJson("runs", "--store", _store, "--json")).Count);

        var deleted = CliRunner.RunJson("runs", "delete", _failed, "--yes", "--store", _store, "--json");
        Assert.Equal(_failed, deleted.GetProperty("deleted").GetString());
        Assert.Equal([_large, _small], Ids(CliRunner.RunJson("runs", "--store", _store, "--json")));

        (code, _, error) = CliRunner.Run("runs", "delete", _failed, "--yes", "--store", _store);
        Assert.Equal(2, code);
        Assert.Equal($"error: no run '{_failed}' in {_store}", error.Trim());
    }

    [Fact]
    public void A_running_run_of_this_process_is_not_deleted()
    {
        string running;
        using (var store = SqliteRunStore.Open(_store)) running = store.StartRun(new RunStart("e", "m", "s", "t", "h", 1, "{}", new Dictionary<string, string>()));
        var (code, _, error) = CliRunner.Run("runs", "delete", running, "--yes", "--store", _store);
        Assert.Equal(1, code);
        Assert.Contains("is still running", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Export_csv_has_one_row_per_run_with_the_union_of_params_and_metrics()
    {
        var path = _temp.Path("runs.csv");
        File.WriteAllText(path, "old");
        var (code, output, error) = CliRunner.Run("runs", "export", "--format", "csv", "--out", path, "--store", _store, "--experiment", "digits", "--sort", "accuracy");
        Assert.True(code == 0, error);
        Assert.Equal($"Exported 2 runs to {path}.", output.Trim());
        var lines = File.ReadAllText(path).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("id,experiment,model,status,started_at,ended_at,seed,spec_hash,param.model.hidden,param.training.epochs,metric.accuracy,metric.f1_macro,metric.latency_ms_p99", lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith($"{_small},digits,mlp-small,completed,", lines[1], StringComparison.Ordinal);
        Assert.EndsWith(",7,hash,[64],3,0.91,0.9,2", lines[1], StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_temp.Root, "*.tmp"));
    }

    [Fact]
    public void Export_json_lists_the_runs_with_params_and_metrics()
    {
        var path = _temp.Path("runs.json");
        var (code, _, error) = CliRunner.Run("runs", "export", "--format", "json", "--out", path, "--store", _store, "--status", "completed");
        Assert.True(code == 0, error);
        var runs = JsonDocument.Parse(File.ReadAllText(path)).RootElement.GetProperty("runs");
        Assert.Equal(2, runs.GetArrayLength());
        Assert.Equal("[256]", runs[0].GetProperty("params").GetProperty("model.hidden").GetString());
        Assert.Equal(0.95, runs[0].GetProperty("metrics").GetProperty("accuracy").GetDouble());
        Assert.Equal("hash", runs[0].GetProperty("spec_hash").GetString());
    }

    [Theory]
    [InlineData("--format", "xml", "--out", "x.xml")]
    [InlineData("--format", "csv")]
    public void Export_needs_a_known_format_and_a_file(params string[] args)
    {
        var (code, _, error) = CliRunner.Run(["runs", "export", "--store", _store, .. args]);
        Assert.Equal(2, code);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public void Export_into_a_missing_folder_is_a_usage_error()
    {
        var (code, _, error) = CliRunner.Run("runs", "export", "--format", "csv", "--out", _temp.Path("no/runs.csv"), "--store", _store);
        Assert.Equal(2, code);
        Assert.StartsWith("error: --out: folder ", error, StringComparison.Ordinal);
    }

    private static string Record(SqliteRunStore store, string experiment, string model, int seed, string environment,
        Dictionary<string, string> parameters, Dictionary<string, double>? metrics)
    {
        var id = store.StartRun(new RunStart(experiment, model, "spec.yaml", "name: x", "hash", seed, environment, parameters));
        store.FinishRun(id, metrics is null ? RunOutcome.Failed("boom") : new RunOutcome(RunStatus.Completed, metrics, "{}", null));
        return id;
    }

    private static List<string> Ids(JsonElement list) => [.. list.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("id").GetString()!)];

    private static List<string> Names(JsonElement diff, string section) => [.. diff.GetProperty(section).EnumerateArray().Select(d => d.GetProperty("name").GetString()!)];
}
