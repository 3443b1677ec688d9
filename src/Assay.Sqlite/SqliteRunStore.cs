using System.Globalization;
using Assay.Tracking;
using Microsoft.Data.Sqlite;

namespace Assay.Sqlite;

/// <summary>The default run store: one SQLite file in WAL mode (crash-safe, readable while a run writes).</summary>
/// <remarks>Honours the <see cref="IRunStore"/> contract; an Assay store is marked by its application id.</remarks>
public sealed class SqliteRunStore : IRunStore
{
    public const string DefaultPath = "assay.db";

    /// <summary>'ASSY': marks a SQLite file as an Assay store.</summary>
    private const int ApplicationId = 0x41535359;
    private const int SchemaVersion = 2;

    private readonly SqliteConnection _connection;
    private readonly string _path;

    private SqliteRunStore(string path, SqliteConnection connection)
    {
        _path = path;
        _connection = connection;
    }

    /// <summary>Opens (creating if needed) the store at <paramref name="path"/> and marks runs of dead processes interrupted.</summary>
    /// <exception cref="StoreException">The file is not an Assay store, or was written by a newer Assay.</exception>
    public static SqliteRunStore Open(string path)
    {
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full)) throw new StoreException($"{path}: is a folder, expected a store file");
        var folder = Path.GetDirectoryName(full);
        if (folder is not null && !Directory.Exists(folder)) throw new StoreException($"{path}: folder {folder} does not exist");
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = full, Pooling = false, DefaultTimeout = 30, ForeignKeys = true }.ToString());
        try
        {
            connection.Open();
            var store = new SqliteRunStore(path, connection);
            store.Migrate();
            store.MarkAbandonedRuns();
            return store;
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw new StoreException($"{path}: not a usable Assay store ({e.Message.Replace("SQLite Error ", "", StringComparison.Ordinal).TrimEnd('.')})", e);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public string StartRun(RunStart start)
    {
        var now = DateTimeOffset.UtcNow;
        var id = RunId.New(now);
        using var transaction = _connection.BeginTransaction();
        Execute(transaction, """
            INSERT INTO runs (id, experiment, model, status, started_at, spec_source, spec_text, spec_hash, seed, environment, pid, host)
            VALUES ($id, $experiment, $model, 'running', $started, $source, $text, $hash, $seed, $environment, $pid, $host)
            """,
            ("$id", id), ("$experiment", start.Experiment), ("$model", start.Model), ("$started", Format(now)),
            ("$source", start.SpecSource), ("$text", start.SpecText), ("$hash", start.SpecHash), ("$seed", start.Seed),
            ("$environment", start.EnvironmentJson), ("$pid", System.Environment.ProcessId), ("$host", System.Environment.MachineName));
        foreach (var (key, value) in start.Params)
            Execute(transaction, "INSERT INTO params (run_id, key, value) VALUES ($id, $key, $value)", ("$id", id), ("$key", key), ("$value", value));
        transaction.Commit();
        return id;
    }

    public void LogSeries(string runId, string name, int step, double value)
    {
        using var transaction = _connection.BeginTransaction();
        RequireRunning(transaction, runId);
        Execute(transaction, "INSERT OR REPLACE INTO series (run_id, name, step, value) VALUES ($id, $name, $step, $value)",
            ("$id", runId), ("$name", name), ("$step", step), ("$value", value));
        transaction.Commit();
    }

    public void FinishRun(string runId, RunOutcome outcome)
    {
        if (outcome.Status == RunStatus.Running) throw new ArgumentException("a finished run cannot have status running", nameof(outcome));
        using var transaction = _connection.BeginTransaction();
        RequireRunning(transaction, runId);
        foreach (var (name, value) in outcome.Metrics)
        {
            if (!double.IsFinite(value)) throw new ArgumentException($"metric {name} is {value}; only finite values are recorded", nameof(outcome));
            Execute(transaction, "INSERT OR REPLACE INTO metrics (run_id, name, value) VALUES ($id, $name, $value)", ("$id", runId), ("$name", name), ("$value", value));
        }
        Execute(transaction, "UPDATE runs SET status = $status, ended_at = $ended, result = $result, error = $error WHERE id = $id",
            ("$id", runId), ("$status", StatusName(outcome.Status)), ("$ended", Format(DateTimeOffset.UtcNow)), ("$result", outcome.ResultJson), ("$error", outcome.Error));
        transaction.Commit();
    }

    public IReadOnlyList<RunSummary> ListRuns(RunQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Limit is < 0) throw new ArgumentOutOfRangeException(nameof(query), "limit must not be negative");
        if (query.Offset < 0) throw new ArgumentOutOfRangeException(nameof(query), "offset must not be negative");
        using var command = _connection.CreateCommand();
        var sql = new System.Text.StringBuilder("SELECT r.id, r.experiment, r.model, r.status, r.started_at, r.ended_at FROM runs r");
        var sort = query.EffectiveSort;
        if (sort.Metric is not null)
        {
            sql.Append(" LEFT JOIN metrics s ON s.run_id = r.id AND s.name = $sort");
            command.Parameters.AddWithValue("$sort", sort.Metric);
        }
        var conditions = new List<string>();
        if (query.Experiment is not null)
        {
            conditions.Add("r.experiment = $experiment");
            command.Parameters.AddWithValue("$experiment", query.Experiment);
        }
        if (query.Model is not null)
        {
            // Only '*' is a wildcard: GLOB's other specials are bracketed so a model named 'a?b' matches itself.
            conditions.Add(query.Model.Contains('*', StringComparison.Ordinal) ? "r.model GLOB $model" : "r.model = $model");
            command.Parameters.AddWithValue("$model", query.Model.Contains('*', StringComparison.Ordinal)
                ? query.Model.Replace("[", "[[]", StringComparison.Ordinal).Replace("?", "[?]", StringComparison.Ordinal)
                : query.Model);
        }
        if (query.Status is { } status)
        {
            conditions.Add("r.status = $status");
            command.Parameters.AddWithValue("$status", StatusName(status));
        }
        // Start times are stored in one fixed-width UTC format, so text order is time order.
        if (query.StartedAfter is { } after)
        {
            conditions.Add("r.started_at >= $after");
            command.Parameters.AddWithValue("$after", Format(after));
        }
        if (query.StartedBefore is { } before)
        {
            conditions.Add("r.started_at < $before");
            command.Parameters.AddWithValue("$before", Format(before));
        }
        var where = query.Where ?? [];
        for (var i = 0; i < where.Count; i++)
        {
            conditions.Add($"EXISTS (SELECT 1 FROM metrics m WHERE m.run_id = r.id AND m.name = $w{i}name AND m.value {where[i].Operator} $w{i}value)");
            command.Parameters.AddWithValue($"$w{i}name", where[i].Metric);
            command.Parameters.AddWithValue($"$w{i}value", where[i].Value);
        }
        if (conditions.Count > 0) sql.Append(" WHERE ").AppendJoin(" AND ", conditions);
        var direction = sort.Descending ? "DESC" : "ASC";
        sql.Append(sort.Metric is null
            ? $" ORDER BY r.started_at {direction}, r.id {direction}"
            : $" ORDER BY s.value IS NULL, s.value {direction}, r.started_at DESC, r.id DESC");
        sql.Append(" LIMIT $limit OFFSET $offset");
        command.Parameters.AddWithValue("$limit", query.Limit ?? -1);
        command.Parameters.AddWithValue("$offset", query.Offset);
        command.CommandText = sql.ToString();

        var runs = new List<(string Id, string Experiment, string Model, RunStatus Status, DateTimeOffset Started, DateTimeOffset? Ended)>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
                runs.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), ParseStatus(reader.GetString(3)), Parse(reader.GetString(4)), reader.IsDBNull(5) ? null : Parse(reader.GetString(5))));
        }
        return [.. runs.Select(r => new RunSummary(r.Id, r.Experiment, r.Model, r.Status, r.Started, r.Ended, ReadMetrics(r.Id)))];
    }

    public IReadOnlyList<string> MetricNames()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT DISTINCT name FROM metrics ORDER BY name";
        var names = new List<string>();
        using var reader = command.ExecuteReader();
        while (reader.Read()) names.Add(reader.GetString(0));
        return names;
    }

    public void DeleteRun(string runId)
    {
        using var transaction = _connection.BeginTransaction();
        using (var command = _connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "SELECT status, pid, host, started_at FROM runs WHERE id = $id";
            command.Parameters.AddWithValue("$id", runId);
            using var reader = command.ExecuteReader();
            if (!reader.Read()) throw new StoreException($"{_path}: no run {runId}");
            // A run of a dead process on this host is as good as interrupted; elsewhere we cannot tell, so it stays.
            if (reader.GetString(0) == "running"
                && (reader.GetString(2) != System.Environment.MachineName || RunOwner.IsAlive(reader.GetInt32(1), Parse(reader.GetString(3)))))
                throw new StoreException($"{_path}: run {runId} is still running; only finished or interrupted runs can be deleted");
        }
        // Params, metrics and series go with it (ON DELETE CASCADE; foreign keys are on for every connection).
        Execute(transaction, "DELETE FROM runs WHERE id = $id", ("$id", runId));
        transaction.Commit();
    }

    public RunRecord? GetRun(string idOrPrefix)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = """
            SELECT id, experiment, model, status, started_at, ended_at, spec_source, spec_text, spec_hash, seed, environment, result, error
            FROM runs WHERE id = $id OR id LIKE $prefix ESCAPE '\' ORDER BY id LIMIT 2
            """;
        command.Parameters.AddWithValue("$id", idOrPrefix);
        command.Parameters.AddWithValue("$prefix", idOrPrefix.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%");
        var rows = new List<object?[]>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var values = new object?[reader.FieldCount];
                for (var i = 0; i < values.Length; i++) values[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                rows.Add(values);
            }
        }
        if (rows.Count == 0) return null;
        var row = rows.FirstOrDefault(r => (string)r[0]! == idOrPrefix) ?? (rows.Count == 1 ? rows[0] : null);
        if (row is null) throw new UsageException($"run id prefix '{idOrPrefix}' matches more than one run; give more characters");

        var id = (string)row[0]!;
        var summary = new RunSummary(id, (string)row[1]!, (string)row[2]!, ParseStatus((string)row[3]!), Parse((string)row[4]!), row[5] is string ended ? Parse(ended) : null, ReadMetrics(id));
        return new RunRecord(summary, (string)row[6]!, (string)row[7]!, (string)row[8]!, Convert.ToInt32(row[9], CultureInfo.InvariantCulture), (string)row[10]!,
            ReadParams(id), ReadSeries(id), row[11] as string, row[12] as string);
    }

    public void Dispose() => _connection.Dispose();

    private void Migrate()
    {
        var applicationId = Scalar<long>("PRAGMA application_id");
        var version = Scalar<long>("PRAGMA user_version");
        var tables = Scalar<long>("SELECT count(*) FROM sqlite_master");
        if (applicationId != ApplicationId && (applicationId != 0 || tables > 0))
            throw new StoreException($"{_path}: is a SQLite database but not an Assay store");
        if (version > SchemaVersion)
            throw new StoreException($"{_path}: store schema version {version} is newer than this Assay understands ({SchemaVersion}); upgrade Assay");

        Execute(null, "PRAGMA journal_mode = WAL");
        Execute(null, "PRAGMA synchronous = NORMAL");
        if (version == SchemaVersion) return;

        // Forward-only: each step takes the schema from version N to N + 1.
        using var transaction = _connection.BeginTransaction();
        if (version < 1)
        {
            Execute(transaction, """
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
                """);
        }
        if (version < 2)
        {
            // Version 2: indexes for the filters and sorts of ListRuns.
            Execute(transaction, """
                CREATE INDEX runs_experiment ON runs (experiment, started_at);
                CREATE INDEX runs_model ON runs (model);
                CREATE INDEX runs_status ON runs (status);
                CREATE INDEX metrics_name_value ON metrics (name, value);
                """);
        }
        Execute(transaction, $"PRAGMA application_id = {ApplicationId}");
        Execute(transaction, $"PRAGMA user_version = {SchemaVersion}");
        transaction.Commit();
    }

    /// <summary>Runs still 'running' whose process on this host is gone were killed or crashed: say so.</summary>
    private void MarkAbandonedRuns()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT id, pid, host, started_at FROM runs WHERE status = 'running'";
        var abandoned = new List<string>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                if (reader.GetString(2) == System.Environment.MachineName && !RunOwner.IsAlive(reader.GetInt32(1), Parse(reader.GetString(3))))
                    abandoned.Add(reader.GetString(0));
            }
        }
        foreach (var id in abandoned)
        {
            Execute(null, "UPDATE runs SET status = 'interrupted', ended_at = $ended, error = $error WHERE id = $id AND status = 'running'",
                ("$id", id), ("$ended", Format(DateTimeOffset.UtcNow)), ("$error", "the process running it ended before the run finished"));
        }
    }

    private void RequireRunning(SqliteTransaction transaction, string runId)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT status FROM runs WHERE id = $id";
        command.Parameters.AddWithValue("$id", runId);
        var status = command.ExecuteScalar() as string ?? throw new StoreException($"{_path}: no run {runId}");
        if (status != "running") throw new StoreException($"{_path}: run {runId} is already {status}; finished runs are immutable");
    }

    private Dictionary<string, double> ReadMetrics(string id)
    {
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        Query("SELECT name, value FROM metrics WHERE run_id = $id ORDER BY name", id, r => result[r.GetString(0)] = r.GetDouble(1));
        return result;
    }

    private SortedDictionary<string, string> ReadParams(string id)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        Query("SELECT key, value FROM params WHERE run_id = $id", id, r => result[r.GetString(0)] = r.GetString(1));
        return result;
    }

    private Dictionary<string, IReadOnlyList<SeriesPoint>> ReadSeries(string id)
    {
        var result = new Dictionary<string, List<SeriesPoint>>(StringComparer.Ordinal);
        Query("SELECT name, step, value FROM series WHERE run_id = $id ORDER BY name, step", id, r =>
        {
            if (!result.TryGetValue(r.GetString(0), out var points)) result[r.GetString(0)] = points = [];
            points.Add(new SeriesPoint(r.GetInt32(1), r.GetDouble(2)));
        });
        return result.ToDictionary(p => p.Key, p => (IReadOnlyList<SeriesPoint>)p.Value, StringComparer.Ordinal);
    }

    private void Query(string sql, string id, Action<SqliteDataReader> read)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$id", id);
        using var reader = command.ExecuteReader();
        while (reader.Read()) read(reader);
    }

    private T Scalar<T>(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        return (T)Convert.ChangeType(command.ExecuteScalar()!, typeof(T), CultureInfo.InvariantCulture);
    }

    private void Execute(SqliteTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        command.ExecuteNonQuery();
    }

    private static string StatusName(RunStatus status) => status.ToString().ToLowerInvariant();

    private static RunStatus ParseStatus(string status) => Enum.Parse<RunStatus>(status, ignoreCase: true);

    private static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static DateTimeOffset Parse(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
