using System.Net.Sockets;
using System.Text;
using Assay.Tracking;
using Npgsql;

namespace Assay.Postgres;

/// <summary>A run store in a PostgreSQL database, for a team or a cluster sharing one record of runs.</summary>
/// <remarks>
/// Honours the <see cref="IRunStore"/> contract with the same tables as the SQLite store; an Assay store is marked by
/// its <c>assay_store</c> table, which holds the application name and the schema version.
/// </remarks>
public sealed class PostgresRunStore : IRunStore
{
    private const string Application = "assay";
    private const int SchemaVersion = 2;

    private readonly NpgsqlConnection _connection;
    private readonly string _name;

    private PostgresRunStore(string name, NpgsqlConnection connection)
    {
        _name = name;
        _connection = connection;
    }

    /// <summary>Whether <paramref name="store"/> is a <c>postgres://</c> or <c>postgresql://</c> URL.</summary>
    public static bool IsUrl(string store) =>
        store.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || store.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads a <c>postgres://user:pass@host:port/db?sslmode=require</c> URL or an Npgsql key=value connection string.</summary>
    /// <exception cref="StoreException">The text is neither.</exception>
    public static NpgsqlConnectionStringBuilder ParseConnectionString(string store)
    {
        ArgumentNullException.ThrowIfNull(store);
        try
        {
            return IsUrl(store) ? FromUrl(store) : new NpgsqlConnectionStringBuilder(store);
        }
        catch (Exception e) when (e is ArgumentException or UriFormatException or FormatException)
        {
            // The message must not echo the text: it may hold a password.
            throw new StoreException($"--store: cannot read the PostgreSQL connection string ({e.Message.ReplaceLineEndings(" ")})", e);
        }
    }

    /// <summary>Where a connection string points, as <c>host:port/database</c> (never the password).</summary>
    public static string Describe(NpgsqlConnectionStringBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return $"{builder.Host ?? "localhost"}:{builder.Port}/{builder.Database ?? builder.Username ?? "postgres"}";
    }

    /// <summary>Connects, creates or migrates the schema, and marks runs of dead processes on this host interrupted.</summary>
    /// <exception cref="StoreException">The server refuses the connection or login, the database does not exist, it is not an Assay store, or its schema is newer.</exception>
    public static PostgresRunStore Open(string connectionString)
    {
        var builder = ParseConnectionString(connectionString);
        // One connection for the store's life; pooling would only keep idle sessions around after Dispose.
        builder.Pooling = false;
        var name = Describe(builder);
        var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            connection.Open();
            var store = new PostgresRunStore(name, connection);
            store.Migrate();
            store.MarkAbandonedRuns();
            return store;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or SocketException)
        {
            connection.Dispose();
            throw new StoreException($"{name}: cannot open the PostgreSQL store ({Reason(e)})", e);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public string StartRun(RunStart start)
    {
        ArgumentNullException.ThrowIfNull(start);
        var now = DateTimeOffset.UtcNow;
        var id = RunId.New(now);
        using var transaction = _connection.BeginTransaction();
        Execute(transaction, """
            INSERT INTO runs (id, experiment, model, status, started_at, spec_source, spec_text, spec_hash, seed, environment, pid, host)
            VALUES (@id, @experiment, @model, 'running', @started, @source, @text, @hash, @seed, @environment, @pid, @host)
            """,
            ("id", id), ("experiment", start.Experiment), ("model", start.Model), ("started", now.UtcDateTime),
            ("source", start.SpecSource), ("text", start.SpecText), ("hash", start.SpecHash), ("seed", start.Seed),
            ("environment", start.EnvironmentJson), ("pid", System.Environment.ProcessId), ("host", System.Environment.MachineName));
        foreach (var (key, value) in start.Params)
            Execute(transaction, "INSERT INTO params (run_id, key, value) VALUES (@id, @key, @value)", ("id", id), ("key", key), ("value", value));
        transaction.Commit();
        return id;
    }

    public void LogSeries(string runId, string name, int step, double value)
    {
        using var transaction = _connection.BeginTransaction();
        RequireRunning(transaction, runId);
        Execute(transaction, """
            INSERT INTO series (run_id, name, step, value) VALUES (@id, @name, @step, @value)
            ON CONFLICT (run_id, name, step) DO UPDATE SET value = EXCLUDED.value
            """,
            ("id", runId), ("name", name), ("step", step), ("value", value));
        transaction.Commit();
    }

    public void FinishRun(string runId, RunOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (outcome.Status == RunStatus.Running) throw new ArgumentException("a finished run cannot have status running", nameof(outcome));
        using var transaction = _connection.BeginTransaction();
        // The row lock makes a second finisher (another process) wait, then see the run finished.
        RequireRunning(transaction, runId);
        foreach (var (name, value) in outcome.Metrics)
        {
            if (!double.IsFinite(value)) throw new ArgumentException($"metric {name} is {value}; only finite values are recorded", nameof(outcome));
            Execute(transaction, "INSERT INTO metrics (run_id, name, value) VALUES (@id, @name, @value) ON CONFLICT (run_id, name) DO UPDATE SET value = EXCLUDED.value",
                ("id", runId), ("name", name), ("value", value));
        }
        Execute(transaction, "UPDATE runs SET status = @status, ended_at = @ended, result = @result, error = @error WHERE id = @id",
            ("id", runId), ("status", StatusName(outcome.Status)), ("ended", DateTime.UtcNow), ("result", outcome.ResultJson), ("error", outcome.Error));
        transaction.Commit();
    }

    public IReadOnlyList<RunSummary> ListRuns(RunQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Limit is < 0) throw new ArgumentOutOfRangeException(nameof(query), "limit must not be negative");
        if (query.Offset < 0) throw new ArgumentOutOfRangeException(nameof(query), "offset must not be negative");
        using var command = _connection.CreateCommand();
        var sql = new StringBuilder("SELECT r.id, r.experiment, r.model, r.status, r.started_at, r.ended_at FROM runs r");
        var sort = query.EffectiveSort;
        if (sort.Metric is not null)
        {
            sql.Append(" LEFT JOIN metrics s ON s.run_id = r.id AND s.name = @sort");
            command.Parameters.AddWithValue("sort", sort.Metric);
        }
        var conditions = new List<string>();
        if (query.Experiment is not null)
        {
            conditions.Add("r.experiment = @experiment");
            command.Parameters.AddWithValue("experiment", query.Experiment);
        }
        if (query.Model is not null)
        {
            // Only '*' is a wildcard: LIKE's own specials are escaped so a model named 'a_b' matches itself.
            var glob = query.Model.Contains('*', StringComparison.Ordinal);
            conditions.Add(glob ? @"r.model LIKE @model ESCAPE '\'" : "r.model = @model");
            command.Parameters.AddWithValue("model", glob ? EscapeLike(query.Model).Replace("*", "%", StringComparison.Ordinal) : query.Model);
        }
        if (query.Status is { } status)
        {
            conditions.Add("r.status = @status");
            command.Parameters.AddWithValue("status", StatusName(status));
        }
        if (query.StartedAfter is { } after)
        {
            conditions.Add("r.started_at >= @after");
            command.Parameters.AddWithValue("after", after.UtcDateTime);
        }
        if (query.StartedBefore is { } before)
        {
            conditions.Add("r.started_at < @before");
            command.Parameters.AddWithValue("before", before.UtcDateTime);
        }
        var where = query.Where ?? [];
        for (var i = 0; i < where.Count; i++)
        {
            conditions.Add($"EXISTS (SELECT 1 FROM metrics m WHERE m.run_id = r.id AND m.name = @w{i}name AND m.value {where[i].Operator} @w{i}value)");
            command.Parameters.AddWithValue($"w{i}name", where[i].Metric);
            command.Parameters.AddWithValue($"w{i}value", where[i].Value);
        }
        if (conditions.Count > 0) sql.Append(" WHERE ").AppendJoin(" AND ", conditions);
        var direction = sort.Descending ? "DESC" : "ASC";
        // 'IS NULL' sorts false first, so runs lacking the metric come last in either direction.
        sql.Append(sort.Metric is null
            ? $" ORDER BY r.started_at {direction}, r.id {direction}"
            : $" ORDER BY s.value IS NULL, s.value {direction}, r.started_at DESC, r.id DESC");
        // LIMIT NULL is LIMIT ALL.
        sql.Append(" LIMIT @limit OFFSET @offset");
        command.Parameters.Add(new NpgsqlParameter<int?>("limit", query.Limit));
        command.Parameters.AddWithValue("offset", query.Offset);
        command.CommandText = sql.ToString();

        var runs = new List<(string Id, string Experiment, string Model, RunStatus Status, DateTimeOffset Started, DateTimeOffset? Ended)>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                runs.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), ParseStatus(reader.GetString(3)),
                    reader.GetFieldValue<DateTimeOffset>(4), reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5)));
            }
        }
        return [.. runs.Select(r => new RunSummary(r.Id, r.Experiment, r.Model, r.Status, r.Started, r.Ended, ReadMetrics(r.Id)))];
    }

    public IReadOnlyList<string> MetricNames()
    {
        using var command = _connection.CreateCommand();
        // COLLATE "C": the same byte order as SQLite, whatever the database's collation.
        command.CommandText = "SELECT DISTINCT name COLLATE \"C\" FROM metrics ORDER BY 1";
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
            command.CommandText = "SELECT status, pid, host, started_at FROM runs WHERE id = @id FOR UPDATE";
            command.Parameters.AddWithValue("id", runId);
            using var reader = command.ExecuteReader();
            if (!reader.Read()) throw new StoreException($"{_name}: no run {runId}");
            // A run of a dead process on this host is as good as interrupted; elsewhere we cannot tell, so it stays.
            if (reader.GetString(0) == "running"
                && (reader.GetString(2) != System.Environment.MachineName || RunOwner.IsAlive(reader.GetInt32(1), reader.GetFieldValue<DateTimeOffset>(3))))
                throw new StoreException($"{_name}: run {runId} is still running; only finished or interrupted runs can be deleted");
        }
        // Params, metrics and series go with it (ON DELETE CASCADE).
        Execute(transaction, "DELETE FROM runs WHERE id = @id", ("id", runId));
        transaction.Commit();
    }

    public RunRecord? GetRun(string idOrPrefix)
    {
        ArgumentNullException.ThrowIfNull(idOrPrefix);
        using var command = _connection.CreateCommand();
        command.CommandText = """
            SELECT id, experiment, model, status, started_at, ended_at, spec_source, spec_text, spec_hash, seed, environment, result, error
            FROM runs WHERE id = @id OR id LIKE @prefix ESCAPE '\' ORDER BY id COLLATE "C" LIMIT 2
            """;
        command.Parameters.AddWithValue("id", idOrPrefix);
        command.Parameters.AddWithValue("prefix", EscapeLike(idOrPrefix) + "%");
        var rows = new List<object?[]>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var values = new object?[reader.FieldCount];
                for (var i = 0; i < values.Length; i++)
                    values[i] = reader.IsDBNull(i) ? null : i is 4 or 5 ? reader.GetFieldValue<DateTimeOffset>(i) : reader.GetValue(i);
                rows.Add(values);
            }
        }
        if (rows.Count == 0) return null;
        var row = rows.FirstOrDefault(r => (string)r[0]! == idOrPrefix) ?? (rows.Count == 1 ? rows[0] : null);
        if (row is null) throw new UsageException($"run id prefix '{idOrPrefix}' matches more than one run; give more characters");

        var id = (string)row[0]!;
        var summary = new RunSummary(id, (string)row[1]!, (string)row[2]!, ParseStatus((string)row[3]!), (DateTimeOffset)row[4]!, (DateTimeOffset?)row[5], ReadMetrics(id));
        return new RunRecord(summary, (string)row[6]!, (string)row[7]!, (string)row[8]!, (int)row[9]!, (string)row[10]!,
            ReadParams(id), ReadSeries(id), row[11] as string, row[12] as string);
    }

    public void Dispose() => _connection.Dispose();

    private void Migrate()
    {
        using var transaction = _connection.BeginTransaction();
        // Two processes opening a fresh database at once: the second waits, then finds the schema made.
        Execute(transaction, "SELECT pg_advisory_xact_lock(hashtext('assay_store'))");
        var marked = Scalar<bool>(transaction, "SELECT to_regclass('assay_store') IS NOT NULL");
        long version = 0;
        if (marked)
        {
            using var command = _connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "SELECT application, version FROM assay_store";
            using var reader = command.ExecuteReader();
            if (!reader.Read() || reader.GetString(0) != Application)
                throw new StoreException($"{_name}: has an assay_store table but is not an Assay store");
            version = reader.GetInt32(1);
        }
        else if (Scalar<bool>(transaction, "SELECT to_regclass('runs') IS NOT NULL OR to_regclass('params') IS NOT NULL OR to_regclass('metrics') IS NOT NULL OR to_regclass('series') IS NOT NULL"))
        {
            throw new StoreException($"{_name}: has tables named like Assay's (runs, params, metrics, series) but is not an Assay store");
        }
        if (version > SchemaVersion)
            throw new StoreException($"{_name}: store schema version {version} is newer than this Assay understands ({SchemaVersion}); upgrade Assay");
        if (version == SchemaVersion) return;

        // Forward-only: each step takes the schema from version N to N + 1.
        if (version < 1)
        {
            Execute(transaction, """
                CREATE TABLE assay_store (application TEXT NOT NULL, version INTEGER NOT NULL);
                INSERT INTO assay_store (application, version) VALUES ('assay', 1);
                CREATE TABLE runs (
                    id TEXT PRIMARY KEY,
                    experiment TEXT NOT NULL,
                    model TEXT NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('running', 'completed', 'failed', 'interrupted')),
                    started_at TIMESTAMPTZ NOT NULL,
                    ended_at TIMESTAMPTZ,
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
                CREATE TABLE metrics (run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE, name TEXT NOT NULL, value DOUBLE PRECISION NOT NULL, PRIMARY KEY (run_id, name));
                CREATE TABLE series (run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE, name TEXT NOT NULL, step INTEGER NOT NULL, value DOUBLE PRECISION NOT NULL, PRIMARY KEY (run_id, name, step));
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
        Execute(transaction, "UPDATE assay_store SET version = @version", ("version", SchemaVersion));
        transaction.Commit();
    }

    /// <summary>Runs still 'running' whose process on this host is gone were killed or crashed: say so.</summary>
    private void MarkAbandonedRuns()
    {
        var abandoned = new List<string>();
        using (var command = _connection.CreateCommand())
        {
            command.CommandText = "SELECT id, pid, started_at FROM runs WHERE status = 'running' AND host = @host";
            command.Parameters.AddWithValue("host", System.Environment.MachineName);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                if (!RunOwner.IsAlive(reader.GetInt32(1), reader.GetFieldValue<DateTimeOffset>(2)))
                    abandoned.Add(reader.GetString(0));
            }
        }
        foreach (var id in abandoned)
        {
            Execute(null, "UPDATE runs SET status = 'interrupted', ended_at = @ended, error = @error WHERE id = @id AND status = 'running'",
                ("id", id), ("ended", DateTime.UtcNow), ("error", "the process running it ended before the run finished"));
        }
    }

    private void RequireRunning(NpgsqlTransaction transaction, string runId)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT status FROM runs WHERE id = @id FOR UPDATE";
        command.Parameters.AddWithValue("id", runId);
        var status = command.ExecuteScalar() as string ?? throw new StoreException($"{_name}: no run {runId}");
        if (status != "running") throw new StoreException($"{_name}: run {runId} is already {status}; finished runs are immutable");
    }

    private Dictionary<string, double> ReadMetrics(string id)
    {
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        Query("SELECT name, value FROM metrics WHERE run_id = @id ORDER BY name COLLATE \"C\"", id, r => result[r.GetString(0)] = r.GetDouble(1));
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
        Query("SELECT name, step, value FROM series WHERE run_id = @id ORDER BY name COLLATE \"C\", step", id, r =>
        {
            if (!result.TryGetValue(r.GetString(0), out var points)) result[r.GetString(0)] = points = [];
            points.Add(new SeriesPoint(r.GetInt32(1), r.GetDouble(2)));
        });
        return result.ToDictionary(p => p.Key, p => (IReadOnlyList<SeriesPoint>)p.Value, StringComparer.Ordinal);
    }

    private void Query(string sql, string id, Action<NpgsqlDataReader> read)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("id", id);
        using var reader = command.ExecuteReader();
        while (reader.Read()) read(reader);
    }

    private T Scalar<T>(NpgsqlTransaction? transaction, string sql)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return (T)command.ExecuteScalar()!;
    }

    private void Execute(NpgsqlTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        command.ExecuteNonQuery();
    }

    private static NpgsqlConnectionStringBuilder FromUrl(string url)
    {
        var uri = new Uri(url);
        var builder = new NpgsqlConnectionStringBuilder { Host = uri.Host.Trim('[', ']') };
        if (uri.Port > 0) builder.Port = uri.Port;
        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0) builder.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
        }
        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length > 0) builder.Database = database;
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? "" : Uri.UnescapeDataString(pair[(equals + 1)..]);
            // libpq's names for the common URL parameters; anything else must be an Npgsql keyword.
            builder[key switch
            {
                "sslmode" => "SSL Mode",
                "connect_timeout" => "Timeout",
                "application_name" => "Application Name",
                "options" => "Options",
                _ => key,
            }] = value;
        }
        return builder;
    }

    private static string Reason(Exception e)
    {
        var reason = e switch
        {
            PostgresException postgres => postgres.MessageText,
            _ when e.InnerException is SocketException socket => socket.Message,
            _ when e.InnerException is TimeoutException => "timed out connecting",
            _ => e.Message,
        };
        return reason.ReplaceLineEndings(" ").TrimEnd('.');
    }

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);

    private static string StatusName(RunStatus status) => status.ToString().ToLowerInvariant();

    private static RunStatus ParseStatus(string status) => Enum.Parse<RunStatus>(status, ignoreCase: true);
}
