using Assay.Tests;
using Assay.Tracking;
using Microsoft.Data.Sqlite;

namespace Assay.Sqlite.Tests;

public class SqliteRunStoreTests
{
    private static readonly RunStart Start = new("exp", "mlp", "spec.yaml", "name: exp", "abc123", 7, "{\"cpu\":\"x\"}",
        new Dictionary<string, string> { ["model.hidden"] = "[64]", ["training.epochs"] = "3" });

    [Fact]
    public void A_run_round_trips_with_params_series_metrics_and_result()
    {
        using var temp = new TempFolder();
        string id;
        using (var store = SqliteRunStore.Open(temp.Path("a.db")))
        {
            id = store.StartRun(Start);
            store.LogSeries(id, "train_loss", 1, 0.9);
            store.LogSeries(id, "train_loss", 2, 0.4);
            store.FinishRun(id, new RunOutcome(RunStatus.Completed, new Dictionary<string, double> { ["accuracy"] = 0.97 }, "{\"ok\":true}", null));
        }
        using var reopened = SqliteRunStore.Open(temp.Path("a.db"));
        var run = reopened.GetRun(id[..17])!;
        Assert.Equal(id, run.Summary.Id);
        Assert.Equal(RunStatus.Completed, run.Summary.Status);
        Assert.Equal(0.97, run.Summary.Metrics["accuracy"]);
        Assert.Equal([new SeriesPoint(1, 0.9), new SeriesPoint(2, 0.4)], run.Series["train_loss"]);
        Assert.Equal("[64]", run.Params["model.hidden"]);
        Assert.Equal(("name: exp", "abc123", 7, "{\"ok\":true}"), (run.SpecText, run.SpecHash, run.Seed, run.ResultJson));
        Assert.NotNull(run.Summary.EndedAt);
        Assert.Equal(id, Assert.Single(reopened.ListRuns()).Id);
    }

    [Fact]
    public void Finished_runs_are_immutable()
    {
        using var temp = new TempFolder();
        using var store = SqliteRunStore.Open(temp.Path("a.db"));
        var id = store.StartRun(Start);
        store.FinishRun(id, RunOutcome.Failed("boom"));
        Assert.Throws<StoreException>(() => store.FinishRun(id, RunOutcome.Failed("again")));
        Assert.Throws<StoreException>(() => store.LogSeries(id, "x", 1, 1));
        Assert.Equal("boom", store.GetRun(id)!.Error);
    }

    [Fact]
    public void A_run_whose_process_died_is_marked_interrupted_at_the_next_open()
    {
        using var temp = new TempFolder();
        var path = temp.Path("a.db");
        string id;
        using (var store = SqliteRunStore.Open(path)) id = store.StartRun(Start);
        // Pretend the run belonged to a process that is gone (pid max is far above any live pid here).
        using (var raw = new SqliteConnection($"Data Source={path};Pooling=false"))
        {
            raw.Open();
            using var command = raw.CreateCommand();
            command.CommandText = "UPDATE runs SET pid = 2147483646";
            command.ExecuteNonQuery();
        }
        using var reopened = SqliteRunStore.Open(path);
        var run = reopened.GetRun(id)!;
        Assert.Equal(RunStatus.Interrupted, run.Summary.Status);
        Assert.Empty(run.Summary.Metrics);
    }

    [Fact]
    public void A_run_of_a_live_process_stays_running()
    {
        using var temp = new TempFolder();
        var path = temp.Path("a.db");
        using var store = SqliteRunStore.Open(path);
        var id = store.StartRun(Start);
        using var second = SqliteRunStore.Open(path);
        Assert.Equal(RunStatus.Running, second.GetRun(id)!.Summary.Status);
    }

    [Fact]
    public void A_file_that_is_not_a_database_is_refused_with_its_name()
    {
        using var temp = new TempFolder();
        var path = temp.Path("notes.db");
        File.WriteAllText(path, new string('x', 4096));
        var error = Assert.Throws<StoreException>(() => SqliteRunStore.Open(path));
        Assert.StartsWith($"{path}: not a usable Assay store", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Another_applications_database_is_refused()
    {
        using var temp = new TempFolder();
        var path = temp.Path("other.db");
        Raw(path, "CREATE TABLE things (x)");
        var error = Assert.Throws<StoreException>(() => SqliteRunStore.Open(path));
        Assert.Equal($"{path}: is a SQLite database but not an Assay store", error.Message);
    }

    [Fact]
    public void A_store_from_a_newer_assay_is_refused()
    {
        using var temp = new TempFolder();
        var path = temp.Path("new.db");
        using (SqliteRunStore.Open(path)) { }
        Raw(path, "PRAGMA user_version = 99");
        var error = Assert.Throws<StoreException>(() => SqliteRunStore.Open(path));
        Assert.Contains("schema version 99 is newer than this Assay understands (3)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_ambiguous_prefix_is_a_usage_error()
    {
        using var temp = new TempFolder();
        using var store = SqliteRunStore.Open(temp.Path("a.db"));
        store.StartRun(Start);
        store.StartRun(Start);
        Assert.Throws<UsageException>(() => store.GetRun("2"));
        Assert.Null(store.GetRun("nope"));
    }

    private static void Raw(string path, string sql)
    {
        using var raw = new SqliteConnection($"Data Source={path};Pooling=false");
        raw.Open();
        using var command = raw.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
