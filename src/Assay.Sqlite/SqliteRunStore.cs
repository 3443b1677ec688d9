using System.Diagnostics;
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
    private const int SchemaVersion = 1;

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
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = full, Pooling = false, DefaultTimeout = 30 }.ToString());
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

    public IReadOnlyList<RunSummary> ListRuns(int limit = 100)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT id, experiment, model, status, started_at, ended_at FROM runs ORDER BY started_at DESC, id DESC LIMIT $limit";
        command.Parameters.AddWithValue("$limit", limit);
        var runs = new List<(string Id, string Experiment, string Model, RunStatus Status, DateTimeOffset Started, DateTimeOffset? Ended)>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
                runs.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), ParseStatus(reader.GetString(3)), Parse(reader.GetString(4)), reader.IsDBNull(5) ? null : Parse(reader.GetString(5))));
        }
        return [.. runs.Select(r => new RunSummary(r.Id, r.Experiment, r.Model, r.Status, r.Started, r.Ended, ReadMetrics(r.Id)))];
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
        Execute(null, "PRAGMA foreign_keys = ON");
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
                if (reader.GetString(2) == System.Environment.MachineName && !IsAlive(reader.GetInt32(1), Parse(reader.GetString(3))))
                    abandoned.Add(reader.GetString(0));
            }
        }
        foreach (var id in abandoned)
        {
            Execute(null, "UPDATE runs SET status = 'interrupted', ended_at = $ended, error = $error WHERE id = $id AND status = 'running'",
                ("$id", id), ("$ended", Format(DateTimeOffset.UtcNow)), ("$error", "the process running it ended before the run finished"));
        }
    }

    private static bool IsAlive(int pid, DateTimeOffset runStarted)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            // A reused pid belongs to a process that started after the run did.
            return !process.HasExited && process.StartTime.ToUniversalTime() <= runStarted.UtcDateTime.AddSeconds(1);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            return false;
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
