using System.Data.Common;
using System.Net.Sockets;
using Assay.Tracking;
using Npgsql;

namespace Assay.Postgres;

/// <summary>A run store in a PostgreSQL database, for a team or a cluster sharing one record of runs.</summary>
/// <remarks>
/// Honours the <see cref="IRunStore"/> contract with the same tables as the SQLite store; an Assay store is marked by
/// its <c>assay_store</c> table, which holds the application name and the schema version.
/// </remarks>
public sealed class PostgresRunStore : RelationalRunStore
{
    private const string Application = "assay";

    private PostgresRunStore(string name, NpgsqlConnection connection)
        : base(connection, name)
    {
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
            store.Initialize();
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

    protected override string NoLimit => "ALL";

    protected override string RowLock => " FOR UPDATE";

    protected override object TimeValue(DateTimeOffset time) => time.UtcDateTime;

    protected override DateTimeOffset ReadTime(DbDataReader reader, int ordinal) => reader.GetFieldValue<DateTimeOffset>(ordinal);

    // COLLATE "C": the same byte order as SQLite, whatever the database's collation.
    protected override string Ordered(string column) => $"{column} COLLATE \"C\"";

    // Only '*' is a wildcard: LIKE's own specials are escaped so a model named 'a_b' matches itself.
    protected override (string Condition, string Pattern) GlobMatch(string column, string parameter, string glob) =>
        ($@"{column} LIKE {parameter} ESCAPE '\'", EscapeLike(glob).Replace("*", "%", StringComparison.Ordinal));

    protected override void Migrate()
    {
        using var transaction = Connection.BeginTransaction();
        // Two processes opening a fresh database at once: the second waits, then finds the schema made.
        Execute(transaction, "SELECT pg_advisory_xact_lock(hashtext('assay_store'))");
        var marked = Scalar<bool>(transaction, "SELECT to_regclass('assay_store') IS NOT NULL");
        long version = 0;
        if (marked)
        {
            using var command = Connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "SELECT application, version FROM assay_store";
            using var reader = command.ExecuteReader();
            if (!reader.Read() || reader.GetString(0) != Application)
                throw new StoreException($"{Name}: has an assay_store table but is not an Assay store");
            version = reader.GetInt32(1);
        }
        else if (Scalar<bool>(transaction, "SELECT to_regclass('runs') IS NOT NULL OR to_regclass('params') IS NOT NULL OR to_regclass('metrics') IS NOT NULL OR to_regclass('series') IS NOT NULL"))
        {
            throw new StoreException($"{Name}: has tables named like Assay's (runs, params, metrics, series) but is not an Assay store");
        }
        CheckSchemaVersion(version);
        if (version == SchemaVersion) return;

        if (version < 1)
        {
            Execute(transaction, """
                CREATE TABLE assay_store (application TEXT NOT NULL, version INTEGER NOT NULL);
                INSERT INTO assay_store (application, version) VALUES ('assay', 1);
                """);
        }
        MigrateTables(transaction, version, timestampType: "TIMESTAMPTZ", realType: "DOUBLE PRECISION", blobType: "BYTEA");
        Execute(transaction, "UPDATE assay_store SET version = @version", ("@version", SchemaVersion));
        transaction.Commit();
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
}
