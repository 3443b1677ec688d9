using System.Globalization;
using Assay.Tests;
using Assay.Tracking;
using Microsoft.Data.Sqlite;

namespace Assay.Sqlite.Tests;

/// <summary>The run store contract against a SQLite file.</summary>
public sealed class SqliteRunStoreContractTests : RunStoreContract
{
    private readonly TempFolder _temp = new();

    private string StorePath => _temp.Path("a.db");

    protected override IRunStore OpenStore() => SqliteRunStore.Open(StorePath);

    protected override void SetStartedAt(string runId, DateTimeOffset startedAt) =>
        Execute("UPDATE runs SET started_at = $value WHERE id = $id", runId, startedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));

    protected override void SetOwner(string runId, int pid, string host)
    {
        Execute("UPDATE runs SET pid = $value WHERE id = $id", runId, pid);
        Execute("UPDATE runs SET host = $value WHERE id = $id", runId, host);
    }

    protected override void SetSchemaVersion(int version) => Execute($"PRAGMA user_version = {version}", null, null);

    protected override void DowngradeToVersion2()
    {
        SqliteConnection.ClearAllPools();
        Execute("DROP TABLE predictions; DROP TABLE latency_samples; PRAGMA user_version = 2", null, null);
    }

    protected override long RowCount(string table, string runId)
    {
        using var connection = Connect();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM {table} WHERE run_id = $id";
        command.Parameters.AddWithValue("$id", runId);
        return (long)command.ExecuteScalar()!;
    }

    protected override void DisposeBackend()
    {
        SqliteConnection.ClearAllPools();
        _temp.Dispose();
    }

    private void Execute(string sql, string? runId, object? value)
    {
        using var connection = Connect();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        if (runId is not null) command.Parameters.AddWithValue("$id", runId);
        if (value is not null) command.Parameters.AddWithValue("$value", value);
        command.ExecuteNonQuery();
    }

    private SqliteConnection Connect()
    {
        var connection = new SqliteConnection($"Data Source={StorePath};Pooling=false");
        connection.Open();
        return connection;
    }
}
