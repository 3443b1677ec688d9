using System.Globalization;
using Assay.Tracking;

namespace Assay.Tests;

/// <summary>Names the environment variable a test assembly's store needs; without it, every <see cref="StoreFactAttribute"/> test there is skipped.</summary>
[AttributeUsage(AttributeTargets.Assembly)]
public sealed class StoreTestsNeedAttribute(string variable, string hint) : Attribute
{
    public string Variable { get; } = variable;

    public string Hint { get; } = hint;
}

/// <summary>A fact of the store contract: skipped, with the reason, where the assembly's store needs a variable that is unset.</summary>
/// <remarks>tests/Shared is compiled into each test assembly, so this reads the marker of the assembly that runs it.</remarks>
public sealed class StoreFactAttribute : FactAttribute
{
    public StoreFactAttribute()
    {
        var need = typeof(StoreFactAttribute).Assembly.GetCustomAttributes(typeof(StoreTestsNeedAttribute), false).OfType<StoreTestsNeedAttribute>().FirstOrDefault();
        if (need is not null && string.IsNullOrEmpty(System.Environment.GetEnvironmentVariable(need.Variable)))
            Skip = $"{need.Variable} is not set ({need.Hint})";
    }
}

/// <summary>The <see cref="IRunStore"/> contract, written once and run against every store by a subclass per backend.</summary>
public abstract class RunStoreContract : IDisposable
{
    private static readonly RunStart Start = new("exp", "mlp", "spec.yaml", "name: exp", "abc123", 7, "{\"cpu\":\"x\"}",
        new Dictionary<string, string> { ["model.hidden"] = "[64]", ["training.epochs"] = "3" });

    private readonly List<IRunStore> _opened = [];
    private IRunStore? _store;

    /// <summary>The store under test, opened on first use.</summary>
    protected IRunStore Store => _store ??= Open();

    /// <summary>A new instance on the same store (as another process would open it).</summary>
    protected IRunStore Open()
    {
        var store = OpenStore();
        _opened.Add(store);
        return store;
    }

    protected abstract IRunStore OpenStore();

    /// <summary>Rewrites a run's start time behind the store's back.</summary>
    protected abstract void SetStartedAt(string runId, DateTimeOffset startedAt);

    /// <summary>Rewrites the (pid, host) that owns a run, as if another process had started it.</summary>
    protected abstract void SetOwner(string runId, int pid, string host);

    /// <summary>Marks the store as written by a schema version this binary does not know.</summary>
    protected abstract void SetSchemaVersion(int version);

    /// <summary>Takes the store back to schema version 2, as an older Assay wrote it: no predictions or latency sample tables.</summary>
    protected abstract void DowngradeToVersion2();

    /// <summary>How many rows of <paramref name="table"/> (params, metrics, series) belong to a run.</summary>
    protected abstract long RowCount(string table, string runId);

    /// <summary>The refusal message for a store of schema <paramref name="version"/> contains this.</summary>
    protected static string NewerSchemaMessage(int version) => $"schema version {version} is newer than this Assay understands (3)";

    public void Dispose()
    {
        foreach (var store in _opened) store.Dispose();
        DisposeBackend();
        GC.SuppressFinalize(this);
    }

    protected abstract void DisposeBackend();

    [StoreFact]
    public void A_run_round_trips_with_params_series_metrics_and_result()
    {
        var id = Store.StartRun(Start);
        Store.LogSeries(id, "train_loss", 1, 0.9);
        Store.LogSeries(id, "train_loss", 2, 0.4);
        Store.FinishRun(id, new RunOutcome(RunStatus.Completed, new Dictionary<string, double> { ["accuracy"] = 0.97 }, "{\"ok\":true}", null));

        var run = Open().GetRun(id[..17])!;
        Assert.Equal(id, run.Summary.Id);
        Assert.Equal(("exp", "mlp", RunStatus.Completed), (run.Summary.Experiment, run.Summary.Model, run.Summary.Status));
        Assert.Equal(0.97, run.Summary.Metrics["accuracy"]);
        Assert.Equal([new SeriesPoint(1, 0.9), new SeriesPoint(2, 0.4)], run.Series["train_loss"]);
        Assert.Equal(["model.hidden", "training.epochs"], run.Params.Keys);
        Assert.Equal("[64]", run.Params["model.hidden"]);
        Assert.Equal(("spec.yaml", "name: exp", "abc123", 7, "{\"cpu\":\"x\"}", "{\"ok\":true}"), (run.SpecSource, run.SpecText, run.SpecHash, run.Seed, run.EnvironmentJson, run.ResultJson));
        Assert.Null(run.Error);
        Assert.NotNull(run.Summary.EndedAt);
        Assert.True(run.Summary.EndedAt >= run.Summary.StartedAt);
        Assert.True(Math.Abs((run.Summary.StartedAt - DateTimeOffset.UtcNow).TotalMinutes) < 5);
        Assert.Equal(id, Assert.Single(Store.ListRuns()).Id);
    }

    [StoreFact]
    public void Series_are_grouped_by_name_ordered_by_step_and_a_repeated_step_replaces_its_value()
    {
        var id = Store.StartRun(Start);
        Store.LogSeries(id, "val_loss", 2, 0.5);
        Store.LogSeries(id, "train_loss", 3, 0.3);
        Store.LogSeries(id, "train_loss", 1, 0.9);
        Store.LogSeries(id, "train_loss", 1, 0.8);
        var run = Store.GetRun(id)!;
        Assert.Equal(RunStatus.Running, run.Summary.Status);
        Assert.Null(run.Summary.EndedAt);
        Assert.Equal([new SeriesPoint(1, 0.8), new SeriesPoint(3, 0.3)], run.Series["train_loss"]);
        Assert.Equal([new SeriesPoint(2, 0.5)], run.Series["val_loss"]);
        Assert.Throws<StoreException>(() => Store.LogSeries("20000101-000000-000000", "x", 1, 1));
    }

    [StoreFact]
    public void Finished_runs_are_immutable()
    {
        var id = Store.StartRun(Start);
        Store.FinishRun(id, RunOutcome.Failed("boom"));
        Assert.Throws<StoreException>(() => Store.FinishRun(id, RunOutcome.Failed("again")));
        Assert.Throws<StoreException>(() => Open().FinishRun(id, new RunOutcome(RunStatus.Completed, new Dictionary<string, double> { ["accuracy"] = 1 }, "{}", null)));
        Assert.Throws<StoreException>(() => Store.LogSeries(id, "x", 1, 1));
        var run = Store.GetRun(id)!;
        Assert.Equal((RunStatus.Failed, "boom"), (run.Summary.Status, run.Error));
        Assert.Empty(run.Summary.Metrics);
        Assert.Empty(run.Series);
    }

    [StoreFact]
    public void A_finish_that_fails_part_way_leaves_the_run_running_with_no_results()
    {
        var id = Store.StartRun(Start);
        var bad = new RunOutcome(RunStatus.Completed, new Dictionary<string, double> { ["accuracy"] = 0.9, ["loss"] = double.NaN }, "{}", null);
        Assert.Throws<ArgumentException>(() => Store.FinishRun(id, bad));
        Assert.Throws<ArgumentException>(() => Store.FinishRun(id, new RunOutcome(RunStatus.Running, new Dictionary<string, double>(), null, null)));
        var run = Open().GetRun(id)!;
        Assert.Equal(RunStatus.Running, run.Summary.Status);
        Assert.Empty(run.Summary.Metrics);
        Assert.Equal(0L, RowCount("metrics", id));
        Store.FinishRun(id, new RunOutcome(RunStatus.Completed, new Dictionary<string, double> { ["accuracy"] = 0.9 }, "{}", null));
        Assert.Equal(RunStatus.Completed, Store.GetRun(id)!.Summary.Status);
    }

    [StoreFact]
    public void A_run_whose_process_died_is_marked_interrupted_at_the_next_open()
    {
        var id = Store.StartRun(Start);
        // pid max is far above any live pid here.
        SetOwner(id, 2147483646, System.Environment.MachineName);
        var run = Open().GetRun(id)!;
        Assert.Equal(RunStatus.Interrupted, run.Summary.Status);
        Assert.Equal("the process running it ended before the run finished", run.Error);
        Assert.NotNull(run.Summary.EndedAt);
        Assert.Empty(run.Summary.Metrics);
    }

    [StoreFact]
    public void Runs_of_live_processes_and_of_other_hosts_stay_running_and_cannot_be_deleted()
    {
        var live = Store.StartRun(Start);
        var elsewhere = Store.StartRun(Start);
        SetOwner(elsewhere, 2147483646, "another-host-" + Guid.NewGuid().ToString("N"));
        var second = Open();
        Assert.Equal(RunStatus.Running, second.GetRun(live)!.Summary.Status);
        Assert.Equal(RunStatus.Running, second.GetRun(elsewhere)!.Summary.Status);
        foreach (var id in new[] { live, elsewhere })
        {
            var error = Assert.Throws<StoreException>(() => second.DeleteRun(id));
            Assert.Contains("is still running", error.Message, StringComparison.Ordinal);
        }
    }

    [StoreFact]
    public void A_run_is_found_by_id_or_unique_prefix_and_an_ambiguous_prefix_is_a_usage_error()
    {
        var a = Store.StartRun(Start);
        var b = Store.StartRun(Start);
        Assert.Throws<UsageException>(() => Store.GetRun("2"));
        Assert.Null(Store.GetRun("nope"));
        Assert.Null(Store.GetRun("2%"));
        Assert.Null(Store.GetRun(a[..8] + "_"));
        Assert.Equal(a, Store.GetRun(a)!.Summary.Id);
        Assert.Equal(b, Store.GetRun(b)!.Summary.Id);
    }

    [StoreFact]
    public void Deleting_a_run_removes_its_params_metrics_and_series_only()
    {
        var (fast, slow, _, _) = SeedQueryRuns();
        Store.DeleteRun(fast);
        Assert.Null(Store.GetRun(fast));
        Assert.Equal(3, Store.ListRuns(RunQuery.All).Count);
        foreach (var table in new[] { "params", "metrics", "series" })
        {
            Assert.Equal(0L, RowCount(table, fast));
            Assert.Equal(table == "metrics" ? 2L : 1L, RowCount(table, slow));
        }
        var error = Assert.Throws<StoreException>(() => Store.DeleteRun(fast));
        Assert.Contains($"no run {fast}", error.Message, StringComparison.Ordinal);
    }

    [StoreFact]
    public void Listing_defaults_to_newest_first_with_limit_and_offset()
    {
        var (fast, slow, cnn, failed) = SeedQueryRuns();
        Assert.Equal([failed, cnn, slow, fast], Ids(RunQuery.All));
        Assert.Equal([failed, cnn], Store.ListRuns(2).Select(r => r.Id));
        Assert.Equal([cnn, slow], Ids(RunQuery.All with { Limit = 2, Offset = 1 }));
        Assert.Empty(Ids(RunQuery.All with { Limit = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Store.ListRuns(RunQuery.All with { Offset = -1 }));
    }

    [StoreFact]
    public void Experiment_status_model_and_time_filters()
    {
        var (fast, slow, cnn, failed) = SeedQueryRuns();
        Assert.Equal([failed, slow, fast], Ids(new RunQuery(Experiment: "digits")));
        Assert.Equal([failed], Ids(new RunQuery(Status: RunStatus.Failed)));
        Assert.Equal([failed, fast], Ids(new RunQuery(Model: "mlp-small")));
        Assert.Empty(Ids(new RunQuery(Model: "mlp")));
        Assert.Equal([failed, slow, fast], Ids(new RunQuery(Model: "mlp-*")));
        Assert.Equal([cnn], Ids(new RunQuery(Model: "*n")));
        Assert.Empty(Ids(new RunQuery(Model: "?lp*")));
        Assert.Empty(Ids(new RunQuery(Model: "mlp_small*")));
        var after = Time("2026-11-02T10:00:00Z");
        Assert.Equal([failed, cnn, slow], Ids(new RunQuery(StartedAfter: after)));
        Assert.Equal([fast], Ids(new RunQuery(StartedBefore: after)));
        Assert.Equal([slow], Ids(new RunQuery(Experiment: "digits", StartedAfter: after, StartedBefore: Time("2026-11-03T00:00:00Z"))));
    }

    [StoreFact]
    public void Metric_thresholds_all_hold_and_runs_without_the_metric_never_match()
    {
        var (fast, slow, cnn, _) = SeedQueryRuns();
        Assert.Equal([slow, fast], Ids(new RunQuery(Where: [MetricCondition.Parse("accuracy>=0.9")])));
        Assert.Equal([fast], Ids(new RunQuery(Where: [MetricCondition.Parse("accuracy>=0.9"), MetricCondition.Parse("latency_ms_p99<5")])));
        Assert.Equal([cnn], Ids(new RunQuery(Where: [MetricCondition.Parse("accuracy = 0.88")])));
        Assert.Equal([slow], Ids(new RunQuery(Where: [MetricCondition.Parse("accuracy>0.91")])));
        Assert.Equal([fast], Ids(new RunQuery(Where: [MetricCondition.Parse("latency_ms_p99<=2")])));
        Assert.Empty(Ids(new RunQuery(Where: [MetricCondition.Parse("f1_macro>0")])));
    }

    [StoreFact]
    public void Sorting_by_a_metric_puts_runs_lacking_it_last_either_way()
    {
        var (fast, slow, cnn, failed) = SeedQueryRuns();
        Assert.Equal([slow, fast, cnn, failed], Ids(new RunQuery(Sort: RunSort.Parse("-accuracy"))));
        Assert.Equal([cnn, fast, slow, failed], Ids(new RunQuery(Sort: RunSort.Parse("accuracy"))));
        Assert.Equal([fast, slow, failed, cnn], Ids(new RunQuery(Sort: RunSort.Parse("latency_ms_p99"))));
        Assert.Equal([fast, slow, cnn, failed], Ids(new RunQuery(Sort: RunSort.Parse("started"))));
        Assert.Equal([slow], Ids(new RunQuery(Sort: RunSort.Parse("-accuracy"), Limit: 1)));
        Assert.Equal([fast], Ids(new RunQuery(Experiment: "digits", Sort: RunSort.Parse("-accuracy"), Limit: 1, Offset: 1)));
    }

    [StoreFact]
    public void Metric_names_are_those_any_run_recorded_sorted()
    {
        Assert.Empty(Store.MetricNames());
        SeedQueryRuns();
        Assert.Equal(["accuracy", "latency_ms_p99"], Store.MetricNames());
    }

    [StoreFact]
    public void Predictions_and_latency_samples_round_trip_and_are_null_when_absent()
    {
        var id = Store.StartRun(Start);
        Assert.Null(Store.GetPredictions(id));
        Assert.Null(Store.GetLatencySamples(id)!);
        Store.SavePredictions(id, [0, 1, 2], [0, 2, 2], [0.9f, 0.05f, 0.05f, 0.1f, 0.2f, 0.7f, 0f, 0f, 1f], 3);
        Store.SaveLatencySamples(id, [1.5, 0.25, double.Epsilon, 1e9]);
        Store.FinishRun(id, new RunOutcome(RunStatus.Completed, new Dictionary<string, double> { ["accuracy"] = 2 / 3.0 }, "{}", null));

        var predictions = Open().GetPredictions(id)!;
        Assert.Equal([0, 1, 2], predictions.YTrue);
        Assert.Equal([0, 2, 2], predictions.YPred);
        Assert.Equal([0.9f, 0.05f, 0.05f, 0.1f, 0.2f, 0.7f, 0f, 0f, 1f], predictions.Scores!);
        Assert.Equal((3, 3), (predictions.Classes, predictions.Count));
        Assert.Equal([1.5, 0.25, double.Epsilon, 1e9], Store.GetLatencySamples(id)!);

        var second = Store.StartRun(Start);
        Store.SavePredictions(second, [1], [1], null, 2);
        Store.SavePredictions(second, [1, 0], [1, 1], null, 2);
        Assert.Equal([1, 1], Store.GetPredictions(second)!.YPred);
        Assert.Null(Store.GetPredictions(second)!.Scores);
        Assert.Throws<ArgumentException>(() => Store.SavePredictions(second, [1, 0], [1], null, 2));
        Assert.Throws<ArgumentException>(() => Store.SavePredictions(second, [1], [1], [0.5f], 2));

        Store.DeleteRun(id);
        Assert.Null(Store.GetPredictions(id));
        Assert.Null(Store.GetLatencySamples(id)!);
        Assert.Equal(0, RowCount("predictions", id));
        Assert.Equal(0, RowCount("latency_samples", id));
    }

    [StoreFact]
    public void Predictions_and_latency_samples_of_finished_runs_are_immutable()
    {
        var id = Store.StartRun(Start);
        Store.SavePredictions(id, [0], [0], null, 2);
        Store.FinishRun(id, RunOutcome.Failed("boom"));
        Assert.Throws<StoreException>(() => Store.SavePredictions(id, [1], [1], null, 2));
        Assert.Throws<StoreException>(() => Open().SaveLatencySamples(id, [1.0]));
        Assert.Throws<StoreException>(() => Store.SaveLatencySamples("20000101-000000-000000", [1.0]));
        Assert.Equal([0], Store.GetPredictions(id)!.YPred);
        Assert.Null(Store.GetLatencySamples(id)!);
    }

    [StoreFact]
    public void A_version_2_store_is_migrated_keeping_its_runs()
    {
        var (fast, _, _, _) = SeedQueryRuns();
        foreach (var store in _opened) store.Dispose();
        _opened.Clear();
        _store = null;
        DowngradeToVersion2();

        var id = Store.StartRun(Start);
        Store.SavePredictions(id, [3], [4], null, 5);
        Store.SaveLatencySamples(id, [2.0]);
        Assert.Equal([4], Open().GetPredictions(id)!.YPred);
        Assert.Equal([2.0], Store.GetLatencySamples(id)!);
        Assert.Equal(0.91, Store.GetRun(fast)!.Summary.Metrics["accuracy"]);
        Assert.Null(Store.GetPredictions(fast));
        Assert.Equal(5, Store.ListRuns(RunQuery.All).Count);
    }

    [StoreFact]
    public void A_store_from_a_newer_assay_is_refused()
    {
        Store.StartRun(Start);
        SetSchemaVersion(99);
        var error = Assert.Throws<StoreException>(() => Open());
        Assert.Contains(NewerSchemaMessage(99), error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [StoreFact]
    public void Two_instances_write_concurrently_without_losing_runs()
    {
        const int perWriter = 15;
        var first = Store;
        var second = Open();
        var ids = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.ForEach(new[] { first, second }, new ParallelOptions { MaxDegreeOfParallelism = 2 }, store =>
        {
            for (var i = 0; i < perWriter; i++)
            {
                var id = store.StartRun(Start);
                store.LogSeries(id, "loss", 1, i);
                store.FinishRun(id, new RunOutcome(RunStatus.Completed, new Dictionary<string, double> { ["accuracy"] = i / 100.0 }, "{}", null));
                ids.Add(id);
            }
        });
        Assert.Equal(2 * perWriter, ids.Distinct().Count());
        var listed = Open().ListRuns(RunQuery.All);
        Assert.Equal(2 * perWriter, listed.Count);
        Assert.All(listed, r => Assert.Equal(RunStatus.Completed, r.Status));
        Assert.Equal(2 * perWriter, Store.ListRuns(new RunQuery(Where: [MetricCondition.Parse("accuracy>=0")])).Count);
    }

    /// <summary>Four finished runs at fixed start times: two digits MLPs with metrics, one fashion CNN, one failed digits MLP.</summary>
    protected (string Fast, string Slow, string Cnn, string Failed) SeedQueryRuns() => (
        Record("digits", "mlp-small", "2026-10-01T10:00:00Z", new() { ["accuracy"] = 0.91, ["latency_ms_p99"] = 2 }),
        Record("digits", "mlp-large", "2026-11-02T10:00:00Z", new() { ["accuracy"] = 0.95, ["latency_ms_p99"] = 9 }),
        Record("fashion", "cnn", "2026-11-03T10:00:00Z", new() { ["accuracy"] = 0.88 }),
        Record("digits", "mlp-small", "2026-11-04T10:00:00Z", null));

    private string Record(string experiment, string model, string startedAt, Dictionary<string, double>? metrics)
    {
        var id = Store.StartRun(new RunStart(experiment, model, "spec.yaml", "name: x", "hash", 1, "{}", new Dictionary<string, string> { ["training.epochs"] = "3" }));
        Store.LogSeries(id, "train_loss", 1, 0.5);
        Store.FinishRun(id, metrics is null ? RunOutcome.Failed("boom") : new RunOutcome(RunStatus.Completed, metrics, "{}", null));
        SetStartedAt(id, Time(startedAt));
        return id;
    }

    private List<string> Ids(RunQuery query) => [.. Store.ListRuns(query).Select(r => r.Id)];

    private static DateTimeOffset Time(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
