using System.Data.Common;
using System.Globalization;
using System.Text;

namespace Assay.Tracking;

/// <summary>The <see cref="IRunStore"/> contract over one ADO.NET connection; subclasses supply the SQL dialect and the schema marker.</summary>
/// <remarks>
/// The SQL here is the common subset of SQLite and PostgreSQL. Parameters are written <c>@name</c>, which both accept.
/// Each subclass opens its connection, calls <see cref="Initialize"/>, and implements the hooks for what really differs:
/// how timestamps are stored, how a model glob is matched, byte-order collation, row locks and the schema version.
/// </remarks>
public abstract class RelationalRunStore : IRunStore
{
    /// <summary>The schema version this Assay writes; migrations are forward-only, one step per version.</summary>
    protected const int SchemaVersion = 3;

    private const string AbandonedReason = "the process running it ended before the run finished";

    // Placeholders while a row is read; the real metrics, params and series are read after its reader closes.
    private static readonly Dictionary<string, double> EmptyMetrics = new(StringComparer.Ordinal);
    private static readonly Dictionary<string, string> EmptyParams = new(StringComparer.Ordinal);
    private static readonly Dictionary<string, IReadOnlyList<SeriesPoint>> EmptySeries = new(StringComparer.Ordinal);

    /// <summary>Takes ownership of an open connection.</summary>
    /// <param name="name">How the store is named in messages (a path, or <c>host:port/database</c>).</param>
    protected RelationalRunStore(DbConnection connection, string name)
    {
        ArgumentNullException.ThrowIfNull(connection);
        Connection = connection;
        Name = name;
    }

    /// <summary>The store's one connection, open for its life.</summary>
    protected DbConnection Connection { get; }

    /// <summary>How the store is named in messages.</summary>
    protected string Name { get; }

    /// <summary>SQL for an unbounded <c>LIMIT</c> (SQLite needs a LIMIT before OFFSET and has no <c>ALL</c>).</summary>
    protected abstract string NoLimit { get; }

    /// <summary>Appended to a SELECT that reads a run before changing it, so another writer waits (empty where the transaction already locks).</summary>
    protected virtual string RowLock => "";

    /// <summary>A timestamp as the database stores it.</summary>
    protected abstract object TimeValue(DateTimeOffset time);

    /// <summary>A timestamp as stored by <see cref="TimeValue"/>, read back.</summary>
    protected abstract DateTimeOffset ReadTime(DbDataReader reader, int ordinal);

    /// <summary>A text column in byte order, for ORDER BY, whatever the database's default collation.</summary>
    protected virtual string Ordered(string column) => column;

    /// <summary>A condition that <paramref name="column"/> matches a glob where only <c>*</c> is special, and the pattern to bind to <paramref name="parameter"/>.</summary>
    protected abstract (string Condition, string Pattern) GlobMatch(string column, string parameter, string glob);

    /// <summary>Creates and migrates the schema, then marks runs of dead processes on this host interrupted.</summary>
    protected void Initialize()
    {
        Migrate();
        MarkAbandonedRuns();
    }

    /// <summary>Migrates the schema (forward-only) to <see cref="SchemaVersion"/>, with the store's own marker.</summary>
    protected abstract void Migrate();

    /// <summary>Refuses a store written by a newer Assay.</summary>
    protected void CheckSchemaVersion(long version)
    {
        if (version > SchemaVersion)
            throw new StoreException($"{Name}: store schema version {version} is newer than this Assay understands ({SchemaVersion}); upgrade Assay");
    }

    /// <summary>Takes the shared tables from <paramref name="version"/> to <see cref="SchemaVersion"/>, one step per version.</summary>
    /// <param name="timestampType">The column type of start and end times.</param>
    /// <param name="realType">The column type of metric and series values.</param>
    /// <param name="blobType">The column type of binary arrays (predictions, latency samples).</param>
    protected void MigrateTables(DbTransaction transaction, long version, string timestampType, string realType, string blobType)
    {
        if (version < 1)
        {
            Execute(transaction, $"""
                CREATE TABLE runs (
                    id TEXT PRIMARY KEY,
                    experiment TEXT NOT NULL,
                    model TEXT NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('running', 'completed', 'failed', 'interrupted')),
                    started_at {timestampType} NOT NULL,
                    ended_at {timestampType},
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
                CREATE TABLE metrics (run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE, name TEXT NOT NULL, value {realType} NOT NULL, PRIMARY KEY (run_id, name));
                CREATE TABLE series (run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE, name TEXT NOT NULL, step INTEGER NOT NULL, value {realType} NOT NULL, PRIMARY KEY (run_id, name, step));
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
        if (version < 3)
        {
            // Version 3: per-example predictions and raw latency samples, one row per run of little-endian arrays.
            Execute(transaction, $"""
                CREATE TABLE predictions (
                    run_id TEXT PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
                    count INTEGER NOT NULL,
                    classes INTEGER NOT NULL,
                    y_true {blobType} NOT NULL,
                    y_pred {blobType} NOT NULL,
                    scores {blobType});
                CREATE TABLE latency_samples (
                    run_id TEXT PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
                    count INTEGER NOT NULL,
                    samples_ms {blobType} NOT NULL);
                """);
        }
    }

    public string StartRun(RunStart start)
    {
        ArgumentNullException.ThrowIfNull(start);
        var now = DateTimeOffset.UtcNow;
        var id = RunId.New(now);
        using var transaction = Connection.BeginTransaction();
        Execute(transaction, """
            INSERT INTO runs (id, experiment, model, status, started_at, spec_source, spec_text, spec_hash, seed, environment, pid, host)
            VALUES (@id, @experiment, @model, 'running', @started, @source, @text, @hash, @seed, @environment, @pid, @host)
            """,
            ("@id", id), ("@experiment", start.Experiment), ("@model", start.Model), ("@started", TimeValue(now)),
            ("@source", start.SpecSource), ("@text", start.SpecText), ("@hash", start.SpecHash), ("@seed", start.Seed),
            ("@environment", start.EnvironmentJson), ("@pid", System.Environment.ProcessId), ("@host", System.Environment.MachineName));
        foreach (var (key, value) in start.Params)
            Execute(transaction, "INSERT INTO params (run_id, key, value) VALUES (@id, @key, @value)", ("@id", id), ("@key", key), ("@value", value));
        transaction.Commit();
        return id;
    }

    public void LogSeries(string runId, string name, int step, double value)
    {
        using var transaction = Connection.BeginTransaction();
        RequireRunning(transaction, runId);
        Execute(transaction, """
            INSERT INTO series (run_id, name, step, value) VALUES (@id, @name, @step, @value)
            ON CONFLICT (run_id, name, step) DO UPDATE SET value = EXCLUDED.value
            """,
            ("@id", runId), ("@name", name), ("@step", step), ("@value", value));
        transaction.Commit();
    }

    public void FinishRun(string runId, RunOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (outcome.Status == RunStatus.Running) throw new ArgumentException("a finished run cannot have status running", nameof(outcome));
        using var transaction = Connection.BeginTransaction();
        // The lock makes a second finisher (another process) wait, then see the run finished.
        RequireRunning(transaction, runId);
        foreach (var (name, value) in outcome.Metrics)
        {
            if (!double.IsFinite(value)) throw new ArgumentException($"metric {name} is {value}; only finite values are recorded", nameof(outcome));
            Execute(transaction, "INSERT INTO metrics (run_id, name, value) VALUES (@id, @name, @value) ON CONFLICT (run_id, name) DO UPDATE SET value = EXCLUDED.value",
                ("@id", runId), ("@name", name), ("@value", value));
        }
        Execute(transaction, "UPDATE runs SET status = @status, ended_at = @ended, result = @result, error = @error WHERE id = @id",
            ("@id", runId), ("@status", StatusName(outcome.Status)), ("@ended", TimeValue(DateTimeOffset.UtcNow)), ("@result", outcome.ResultJson), ("@error", outcome.Error));
        transaction.Commit();
    }

    public void SavePredictions(string runId, int[] yTrue, int[] yPred, float[]? scores, int classes)
    {
        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(yPred);
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 1);
        if (yTrue.Length != yPred.Length) throw new ArgumentException($"{yTrue.Length} true labels but {yPred.Length} predictions", nameof(yPred));
        if (scores is not null && scores.Length != (long)yTrue.Length * classes)
            throw new ArgumentException($"{scores.Length} scores for {yTrue.Length} examples of {classes} classes", nameof(scores));
        using var transaction = Connection.BeginTransaction();
        RequireRunning(transaction, runId);
        Execute(transaction, """
            INSERT INTO predictions (run_id, count, classes, y_true, y_pred, scores) VALUES (@id, @count, @classes, @true, @pred, @scores)
            ON CONFLICT (run_id) DO UPDATE SET count = EXCLUDED.count, classes = EXCLUDED.classes, y_true = EXCLUDED.y_true, y_pred = EXCLUDED.y_pred, scores = EXCLUDED.scores
            """,
            ("@id", runId), ("@count", yTrue.Length), ("@classes", classes), ("@true", BinaryArrays.Encode(yTrue)), ("@pred", BinaryArrays.Encode(yPred)),
            ("@scores", scores is null ? null : BinaryArrays.Encode(scores)));
        transaction.Commit();
    }

    public void SaveLatencySamples(string runId, double[] samplesMs)
    {
        ArgumentNullException.ThrowIfNull(samplesMs);
        using var transaction = Connection.BeginTransaction();
        RequireRunning(transaction, runId);
        Execute(transaction, """
            INSERT INTO latency_samples (run_id, count, samples_ms) VALUES (@id, @count, @samples)
            ON CONFLICT (run_id) DO UPDATE SET count = EXCLUDED.count, samples_ms = EXCLUDED.samples_ms
            """,
            ("@id", runId), ("@count", samplesMs.Length), ("@samples", BinaryArrays.Encode(samplesMs)));
        transaction.Commit();
    }

    public RunPredictions? GetPredictions(string runId)
    {
        RunPredictions? result = null;
        Query("SELECT count, classes, y_true, y_pred, scores FROM predictions WHERE run_id = @id", runId, r => result = new RunPredictions(
            BinaryArrays.DecodeInt32((byte[])r.GetValue(2), r.GetInt32(0)),
            BinaryArrays.DecodeInt32((byte[])r.GetValue(3), r.GetInt32(0)),
            r.IsDBNull(4) ? null : BinaryArrays.DecodeSingle((byte[])r.GetValue(4), r.GetInt32(0) * r.GetInt32(1)),
            r.GetInt32(1)));
        return result;
    }

    public double[]? GetLatencySamples(string runId)
    {
        double[]? result = null;
        Query("SELECT count, samples_ms FROM latency_samples WHERE run_id = @id", runId, r => result = BinaryArrays.DecodeDouble((byte[])r.GetValue(1), r.GetInt32(0)));
        return result;
    }

    public IReadOnlyList<RunSummary> ListRuns(RunQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Limit is < 0) throw new ArgumentOutOfRangeException(nameof(query), "limit must not be negative");
        if (query.Offset < 0) throw new ArgumentOutOfRangeException(nameof(query), "offset must not be negative");
        using var command = Connection.CreateCommand();
        var sql = new StringBuilder("SELECT r.id, r.experiment, r.model, r.status, r.started_at, r.ended_at FROM runs r");
        var sort = query.EffectiveSort;
        if (sort.Metric is not null)
        {
            sql.Append(" LEFT JOIN metrics s ON s.run_id = r.id AND s.name = @sort");
            AddParameter(command, "@sort", sort.Metric);
        }
        var conditions = new List<string>();
        if (query.Experiment is not null)
        {
            conditions.Add("r.experiment = @experiment");
            AddParameter(command, "@experiment", query.Experiment);
        }
        if (query.Model is not null)
        {
            var (condition, pattern) = query.Model.Contains('*', StringComparison.Ordinal)
                ? GlobMatch("r.model", "@model", query.Model)
                : ("r.model = @model", query.Model);
            conditions.Add(condition);
            AddParameter(command, "@model", pattern);
        }
        if (query.Status is { } status)
        {
            conditions.Add("r.status = @status");
            AddParameter(command, "@status", StatusName(status));
        }
        if (query.StartedAfter is { } after)
        {
            conditions.Add("r.started_at >= @after");
            AddParameter(command, "@after", TimeValue(after));
        }
        if (query.StartedBefore is { } before)
        {
            conditions.Add("r.started_at < @before");
            AddParameter(command, "@before", TimeValue(before));
        }
        var where = query.Where ?? [];
        for (var i = 0; i < where.Count; i++)
        {
            conditions.Add($"EXISTS (SELECT 1 FROM metrics m WHERE m.run_id = r.id AND m.name = @w{i}name AND m.value {where[i].Operator} @w{i}value)");
            AddParameter(command, $"@w{i}name", where[i].Metric);
            AddParameter(command, $"@w{i}value", where[i].Value);
        }
        if (conditions.Count > 0) sql.Append(" WHERE ").AppendJoin(" AND ", conditions);
        var direction = sort.Descending ? "DESC" : "ASC";
        // 'IS NULL' sorts false first, so runs lacking the metric come last in either direction.
        sql.Append(sort.Metric is null
            ? $" ORDER BY r.started_at {direction}, r.id {direction}"
            : $" ORDER BY s.value IS NULL, s.value {direction}, r.started_at DESC, r.id DESC");
        if (query.Limit is { } limit)
        {
            sql.Append(" LIMIT @limit");
            AddParameter(command, "@limit", limit);
        }
        else
        {
            sql.Append(" LIMIT ").Append(NoLimit);
        }
        sql.Append(" OFFSET @offset");
        AddParameter(command, "@offset", query.Offset);
        command.CommandText = sql.ToString();

        var runs = new List<RunSummary>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                runs.Add(new RunSummary(reader.GetString(0), reader.GetString(1), reader.GetString(2), ParseStatus(reader.GetString(3)),
                    ReadTime(reader, 4), reader.IsDBNull(5) ? null : ReadTime(reader, 5), EmptyMetrics));
            }
        }
        // Metrics are read once the listing's reader is closed: a connection runs one command at a time.
        return [.. runs.Select(r => r with { Metrics = ReadMetrics(r.Id) })];
    }

    public IReadOnlyList<string> MetricNames()
    {
        using var command = Connection.CreateCommand();
        command.CommandText = $"SELECT DISTINCT {Ordered("name")} FROM metrics ORDER BY 1";
        var names = new List<string>();
        using var reader = command.ExecuteReader();
        while (reader.Read()) names.Add(reader.GetString(0));
        return names;
    }

    public void DeleteRun(string runId)
    {
        using var transaction = Connection.BeginTransaction();
        using (var command = Connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = $"SELECT status, pid, host, started_at FROM runs WHERE id = @id{RowLock}";
            AddParameter(command, "@id", runId);
            using var reader = command.ExecuteReader();
            if (!reader.Read()) throw new StoreException($"{Name}: no run {runId}");
            // A run of a dead process on this host is as good as interrupted; elsewhere we cannot tell, so it stays.
            if (reader.GetString(0) == "running"
                && (reader.GetString(2) != System.Environment.MachineName || RunOwner.IsAlive(reader.GetInt32(1), ReadTime(reader, 3))))
                throw new StoreException($"{Name}: run {runId} is still running; only finished or interrupted runs can be deleted");
        }
        // Params, metrics and series go with it (ON DELETE CASCADE).
        Execute(transaction, "DELETE FROM runs WHERE id = @id", ("@id", runId));
        transaction.Commit();
    }

    public RunRecord? GetRun(string idOrPrefix)
    {
        ArgumentNullException.ThrowIfNull(idOrPrefix);
        using var command = Connection.CreateCommand();
        command.CommandText = $"""
            SELECT id, experiment, model, status, started_at, ended_at, spec_source, spec_text, spec_hash, seed, environment, result, error
            FROM runs WHERE id = @id OR id LIKE @prefix ESCAPE '\' ORDER BY {Ordered("id")} LIMIT 2
            """;
        AddParameter(command, "@id", idOrPrefix);
        AddParameter(command, "@prefix", EscapeLike(idOrPrefix) + "%");
        var rows = new List<RunRecord>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var summary = new RunSummary(reader.GetString(0), reader.GetString(1), reader.GetString(2), ParseStatus(reader.GetString(3)),
                    ReadTime(reader, 4), reader.IsDBNull(5) ? null : ReadTime(reader, 5), EmptyMetrics);
                rows.Add(new RunRecord(summary, reader.GetString(6), reader.GetString(7), reader.GetString(8), reader.GetInt32(9), reader.GetString(10),
                    EmptyParams, EmptySeries, reader.IsDBNull(11) ? null : reader.GetString(11), reader.IsDBNull(12) ? null : reader.GetString(12)));
            }
        }
        if (rows.Count == 0) return null;
        var row = rows.FirstOrDefault(r => r.Summary.Id == idOrPrefix) ?? (rows.Count == 1 ? rows[0] : null);
        if (row is null) throw new UsageException($"run id prefix '{idOrPrefix}' matches more than one run; give more characters");

        var id = row.Summary.Id;
        return row with { Summary = row.Summary with { Metrics = ReadMetrics(id) }, Params = ReadParams(id), Series = ReadSeries(id) };
    }

    public void Dispose()
    {
        Connection.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Runs one statement (or several, separated by semicolons) with <c>@name</c> parameters.</summary>
    protected void Execute(DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters) AddParameter(command, name, value);
        command.ExecuteNonQuery();
    }

    /// <summary>The first column of the first row, converted to <typeparamref name="T"/>.</summary>
    protected T Scalar<T>(DbTransaction? transaction, string sql)
    {
        using var command = Connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return (T)Convert.ChangeType(command.ExecuteScalar()!, typeof(T), CultureInfo.InvariantCulture);
    }

    /// <summary>Escapes LIKE's specials with a backslash, for use with <c>ESCAPE '\'</c>.</summary>
    protected static string EscapeLike(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
    }

    /// <summary>Runs still 'running' whose process on this host is gone were killed or crashed: say so.</summary>
    private void MarkAbandonedRuns()
    {
        var abandoned = new List<string>();
        using (var command = Connection.CreateCommand())
        {
            command.CommandText = "SELECT id, pid, started_at FROM runs WHERE status = 'running' AND host = @host";
            AddParameter(command, "@host", System.Environment.MachineName);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                if (!RunOwner.IsAlive(reader.GetInt32(1), ReadTime(reader, 2)))
                    abandoned.Add(reader.GetString(0));
            }
        }
        foreach (var id in abandoned)
        {
            Execute(null, "UPDATE runs SET status = 'interrupted', ended_at = @ended, error = @error WHERE id = @id AND status = 'running'",
                ("@id", id), ("@ended", TimeValue(DateTimeOffset.UtcNow)), ("@error", AbandonedReason));
        }
    }

    private void RequireRunning(DbTransaction transaction, string runId)
    {
        using var command = Connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT status FROM runs WHERE id = @id{RowLock}";
        AddParameter(command, "@id", runId);
        var status = command.ExecuteScalar() as string ?? throw new StoreException($"{Name}: no run {runId}");
        if (status != "running") throw new StoreException($"{Name}: run {runId} is already {status}; finished runs are immutable");
    }

    private Dictionary<string, double> ReadMetrics(string id)
    {
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        Query($"SELECT name, value FROM metrics WHERE run_id = @id ORDER BY {Ordered("name")}", id, r => result[r.GetString(0)] = r.GetDouble(1));
        return result;
    }

    private SortedDictionary<string, string> ReadParams(string id)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        Query("SELECT key, value FROM params WHERE run_id = @id", id, r => result[r.GetString(0)] = r.GetString(1));
        return result;
    }

    private Dictionary<string, IReadOnlyList<SeriesPoint>> ReadSeries(string id)
    {
        var result = new Dictionary<string, List<SeriesPoint>>(StringComparer.Ordinal);
        Query($"SELECT name, step, value FROM series WHERE run_id = @id ORDER BY {Ordered("name")}, step", id, r =>
        {
            if (!result.TryGetValue(r.GetString(0), out var points)) result[r.GetString(0)] = points = [];
            points.Add(new SeriesPoint(r.GetInt32(1), r.GetDouble(2)));
        });
        return result.ToDictionary(p => p.Key, p => (IReadOnlyList<SeriesPoint>)p.Value, StringComparer.Ordinal);
    }

    private void Query(string sql, string id, Action<DbDataReader> read)
    {
        using var command = Connection.CreateCommand();
        command.CommandText = sql;
        AddParameter(command, "@id", id);
        using var reader = command.ExecuteReader();
        while (reader.Read()) read(reader);
    }

    private static void AddParameter(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }

    private static string StatusName(RunStatus status) => status.ToString().ToLowerInvariant();

    private static RunStatus ParseStatus(string status) => Enum.Parse<RunStatus>(status, ignoreCase: true);
}
