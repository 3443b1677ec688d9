using System.Data.Common;
using System.Globalization;
using Assay.Tracking;
using Microsoft.Data.Sqlite;

namespace Assay.Sqlite;

/// <summary>The default run store: one SQLite file in WAL mode (crash-safe, readable while a run writes).</summary>
/// <remarks>Honours the <see cref="IRunStore"/> contract; an Assay store is marked by its application id.</remarks>
public sealed class SqliteRunStore : RelationalRunStore
{
    public const string DefaultPath = "assay.db";

    /// <summary>'ASSY': marks a SQLite file as an Assay store.</summary>
    private const int ApplicationId = 0x41535359;

    private SqliteRunStore(string path, SqliteConnection connection)
        : base(connection, path)
    {
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
            store.Initialize();
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

    // SQLite has no LIMIT ALL; a negative limit means none.
    protected override string NoLimit => "-1";

    // Times are TEXT in one fixed-width UTC format, so text order is time order (the start-time filters and sorts rely on it).
    protected override object TimeValue(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    protected override DateTimeOffset ReadTime(DbDataReader reader, int ordinal) =>
        DateTimeOffset.Parse(reader.GetString(ordinal), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    // Only '*' is a wildcard: GLOB's other specials are bracketed so a model named 'a?b' matches itself.
    protected override (string Condition, string Pattern) GlobMatch(string column, string parameter, string glob) =>
        ($"{column} GLOB {parameter}", glob.Replace("[", "[[]", StringComparison.Ordinal).Replace("?", "[?]", StringComparison.Ordinal));

    protected override void Migrate()
    {
        var applicationId = Scalar<long>(null, "PRAGMA application_id");
        var version = Scalar<long>(null, "PRAGMA user_version");
        var tables = Scalar<long>(null, "SELECT count(*) FROM sqlite_master");
        if (applicationId != ApplicationId && (applicationId != 0 || tables > 0))
            throw new StoreException($"{Name}: is a SQLite database but not an Assay store");
        CheckSchemaVersion(version);

        // Only once the file is known to be ours: these change it. WAL cannot be entered inside a transaction.
        Execute(null, "PRAGMA journal_mode = WAL");
        Execute(null, "PRAGMA synchronous = NORMAL");
        if (version == SchemaVersion) return;

        using var transaction = Connection.BeginTransaction();
        MigrateTables(transaction, version, timestampType: "TEXT", realType: "REAL", blobType: "BLOB");
        Execute(transaction, $"PRAGMA application_id = {ApplicationId}");
        Execute(transaction, $"PRAGMA user_version = {SchemaVersion}");
        transaction.Commit();
    }
}
