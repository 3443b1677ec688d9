using Assay.Tests;
using Assay.Tracking;
using Microsoft.Data.Sqlite;

namespace Assay.Sqlite.Tests;

public sealed class SqliteRunQueryTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly SqliteRunStore _store;
    private readonly string _mlpFast;
    private readonly string _mlpSlow;
    private readonly string _cnn;
    private readonly string _failed;

    public SqliteRunQueryTests()
    {
        _store = SqliteRunStore.Open(_temp.Path("a.db"));
        _mlpFast = Record("digits", "mlp-small", "2026-10-01T10:00:00Z", new() { ["accuracy"] = 0.91, ["latency_ms_p99"] = 2 });
        _mlpSlow = Record("digits", "mlp-large", "2026-11-02T10:00:00Z", new() { ["accuracy"] = 0.95, ["latency_ms_p99"] = 9 });
        _cnn = Record("fashion", "cnn", "2026-11-03T10:00:00Z", new() { ["accuracy"] = 0.88 });
        _failed = Record("digits", "mlp-small", "2026-11-04T10:00:00Z", null);
    }

    public void Dispose()
    {
        _store.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public void The_default_lists_newest_first_and_the_limit_keeps_working()
    {
        Assert.Equal([_failed, _cnn, _mlpSlow, _mlpFast], Ids(RunQuery.All));
        Assert.Equal([_failed, _cnn], _store.ListRuns(2).Select(r => r.Id));
        Assert.Equal([_cnn, _mlpSlow], Ids(RunQuery.All with { Limit = 2, Offset = 1 }));
    }

    [Fact]
    public void Experiment_status_and_exact_model_filter()
    {
        Assert.Equal([_failed, _mlpSlow, _mlpFast], Ids(new RunQuery(Experiment: "digits")));
        Assert.Equal([_failed], Ids(new RunQuery(Status: RunStatus.Failed)));
        Assert.Equal([_failed, _mlpFast], Ids(new RunQuery(Model: "mlp-small")));
        Assert.Empty(Ids(new RunQuery(Model: "mlp")));
    }

    [Fact]
    public void A_model_glob_treats_only_star_as_a_wildcard()
    {
        Assert.Equal([_failed, _mlpSlow, _mlpFast], Ids(new RunQuery(Model: "mlp-*")));
        Assert.Equal([_cnn], Ids(new RunQuery(Model: "*n")));
        Assert.Empty(Ids(new RunQuery(Model: "?lp*")));
    }

    [Fact]
    public void Start_time_bounds_are_inclusive_after_and_exclusive_before()
    {
        var after = DateTimeOffset.Parse("2026-11-02T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal([_failed, _cnn, _mlpSlow], Ids(new RunQuery(StartedAfter: after)));
        Assert.Equal([_mlpFast], Ids(new RunQuery(StartedBefore: after)));
    }

    [Fact]
    public void Metric_thresholds_all_hold_and_runs_without_the_metric_never_match()
    {
        Assert.Equal([_mlpSlow, _mlpFast], Ids(new RunQuery(Where: [MetricCondition.Parse("accuracy>=0.9")])));
        Assert.Equal([_mlpFast], Ids(new RunQuery(Where: [MetricCondition.Parse("accuracy>=0.9"), MetricCondition.Parse("latency_ms_p99<5")])));
        Assert.Equal([_cnn], Ids(new RunQuery(Where: [MetricCondition.Parse("accuracy = 0.88")])));
        Assert.Empty(Ids(new RunQuery(Where: [MetricCondition.Parse("f1_macro>0")])));
    }

    [Fact]
    public void Sorting_by_a_metric_puts_runs_lacking_it_last_either_way()
    {
        Assert.Equal([_mlpSlow, _mlpFast, _cnn, _failed], Ids(new RunQuery(Sort: RunSort.Parse("-accuracy"))));
        Assert.Equal([_cnn, _mlpFast, _mlpSlow, _failed], Ids(new RunQuery(Sort: RunSort.Parse("accuracy"))));
        Assert.Equal([_mlpFast, _mlpSlow, _failed, _cnn], Ids(new RunQuery(Sort: RunSort.Parse("latency_ms_p99"))));
        Assert.Equal([_mlpFast, _mlpSlow, _cnn, _failed], Ids(new RunQuery(Sort: RunSort.Parse("started"))));
        Assert.Equal([_mlpSlow], Ids(new RunQuery(Sort: RunSort.Parse("-accuracy"), Limit: 1)));
    }

    [Fact]
    public void Metric_names_are_those_any_run_recorded()
    {
        Assert.Equal(["accuracy", "latency_ms_p99"], _store.MetricNames());
    }

    [Theory]
    [InlineData("accuracy")]
    [InlineData("accuracy=>0.9")]
    [InlineData(">=0.9")]
    [InlineData("accuracy>=high")]
    [InlineData("accuracy>=NaN")]
    public void A_malformed_clause_names_itself_and_the_expected_form(string clause)
    {
        var error = Assert.Throws<UsageException>(() => MetricCondition.Parse(clause));
        Assert.Equal($"--where: cannot read '{clause}'; expected NAME(<|<=|>|>=|=)NUMBER, such as accuracy>=0.9", error.Message);
    }

    [Fact]
    public void Deleting_a_run_removes_its_params_metrics_and_series()
    {
        _store.DeleteRun(_mlpFast);
        Assert.Null(_store.GetRun(_mlpFast));
        Assert.Equal(3, _store.ListRuns(RunQuery.All).Count);
        foreach (var table in new[] { "params", "metrics", "series" })
            Assert.Equal(0L, Count($"SELECT count(*) FROM {table} WHERE run_id = '{_mlpFast}'"));
        Assert.Equal(1L, Count($"SELECT count(*) FROM series WHERE run_id = '{_mlpSlow}'"));
        Assert.Throws<StoreException>(() => _store.DeleteRun(_mlpFast));
    }

    [Fact]
    public void A_run_of_a_live_process_cannot_be_deleted()
    {
        var running = _store.StartRun(Start("digits", "mlp"));
        var error = Assert.Throws<StoreException>(() => _store.DeleteRun(running));
        Assert.Contains("is still running", error.Message, StringComparison.Ordinal);
        Assert.NotNull(_store.GetRun(running));
    }

    [Fact]
    public void A_version_1_store_opens_migrated_to_version_2_with_its_runs()
    {
        var path = _temp.Path("v1.db");
        using (var raw = new SqliteConnection($"Data Source={path};Pooling=false"))
        {
            raw.Open();
            using var command = raw.CreateCommand();
            command.CommandText = """
                CREATE TABLE runs (
                    id TEXT PRIMARY KEY,
                    experiment TEXT NOT NULL,
                    model TEXT NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('running', 'completed', 'failed', 'interrupted')),
                    started_at TEXT NOT NULL,
                    ended_at TEXT,
                    spec_source TEXT NOT NULL,
                    spec_text TEXT NOT NULL,
                    spec_hash TEXT NOT NULL,
                    seed INTEGER NOT NULL,
                    environment TEXT NOT NULL,
                    result TEXT,
                    error TEXT,
                    pid INTEGER NOT NULL,
                    host TEXT NOT NULL);
                CREATE INDEX runs_started ON runs (started_at);
                CREATE TABLE params (run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (run_id, key));
                CREATE TABLE metrics (run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE, name TEXT NOT NULL, value REAL NOT NULL, PRIMARY KEY (run_id, name));
                CREATE TABLE series (run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE, name TEXT NOT NULL, step INTEGER NOT NULL, value REAL NOT NULL, PRIMARY KEY (run_id, name, step));
                INSERT INTO runs VALUES ('20261101-120000-abcdef', 'digits', 'mlp', 'completed', '2026-11-01T12:00:00.0000000Z', '2026-11-01T12:01:00.0000000Z',
                    'spec.yaml', 'name: digits', 'hash', 7, '{}', NULL, NULL, 1, 'elsewhere');
                INSERT INTO params VALUES ('20261101-120000-abcdef', 'training.epochs', '3');
                INSERT INTO metrics VALUES ('20261101-120000-abcdef', 'accuracy', 0.9);
                PRAGMA application_id = 1095979865; -- 'ASSY'
                PRAGMA user_version = 1;
                """;
            command.ExecuteNonQuery();
        }
        using (var store = SqliteRunStore.Open(path))
        {
            var run = Assert.Single(store.ListRuns(new RunQuery(Where: [MetricCondition.Parse("accuracy>0.5")])));
            Assert.Equal("20261101-120000-abcdef", run.Id);
            store.DeleteRun(run.Id);
        }
        using var check = new SqliteConnection($"Data Source={path};Pooling=false");
        check.Open();
        Assert.Equal(3L, Scalar(check, "PRAGMA user_version"));
        Assert.Equal(4L, Scalar(check, "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name IN ('runs_experiment', 'runs_model', 'runs_status', 'metrics_name_value')"));
        Assert.Equal(0L, Scalar(check, "SELECT count(*) FROM params") + Scalar(check, "SELECT count(*) FROM metrics"));
    }

    private static RunStart Start(string experiment, string model) =>
        new(experiment, model, "spec.yaml", "name: x", "hash", 1, "{}", new Dictionary<string, string> { ["training.epochs"] = "3" });

    private string Record(string experiment, string model, string startedAt, Dictionary<string, double>? metrics)
    {
        var id = _store.StartRun(Start(experiment, model));
        _store.LogSeries(id, "train_loss", 1, 0.5);
        _store.FinishRun(id, metrics is null ? RunOutcome.Failed("boom") : new RunOutcome(RunStatus.Completed, metrics, "{}", null));
        using var raw = new SqliteConnection($"Data Source={_temp.Path("a.db")};Pooling=false");
        raw.Open();
        using var command = raw.CreateCommand();
        command.CommandText = "UPDATE runs SET started_at = $started WHERE id = $id";
        command.Parameters.AddWithValue("$started", startedAt.Replace("Z", ".0000000Z", StringComparison.Ordinal));
        command.Parameters.AddWithValue("$id", id);
        command.ExecuteNonQuery();
        return id;
    }

    private List<string> Ids(RunQuery query) => [.. _store.ListRuns(query).Select(r => r.Id)];

    private long Count(string sql)
    {
        using var raw = new SqliteConnection($"Data Source={_temp.Path("a.db")};Pooling=false");
        raw.Open();
        return Scalar(raw, sql);
    }

    private static long Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }
}
