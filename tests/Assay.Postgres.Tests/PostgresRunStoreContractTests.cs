using Assay.Tests;
using Assay.Tracking;
using Npgsql;

[assembly: StoreTestsNeed(Assay.Postgres.Tests.PostgresTestDatabase.Variable, "a PostgreSQL connection string or postgres:// URL; .ci/run starts a server and sets it")]

namespace Assay.Postgres.Tests;

/// <summary>A fresh schema in the server named by ASSAY_TEST_POSTGRES, dropped on dispose.</summary>
public sealed class PostgresTestDatabase : IDisposable
{
    public const string Variable = "ASSAY_TEST_POSTGRES";

    public PostgresTestDatabase()
    {
        var server = PostgresRunStore.ParseConnectionString(System.Environment.GetEnvironmentVariable(Variable)!);
        server.Pooling = false;
        Schema = "assay_test_" + Guid.NewGuid().ToString("N")[..12];
        // Key=value form, with the search path pointing at the fresh schema so the store's tables land there.
        ConnectionString = new NpgsqlConnectionStringBuilder(server.ConnectionString) { SearchPath = Schema }.ConnectionString;
        Execute($"CREATE SCHEMA {Schema}");
    }

    public string Schema { get; }

    public string ConnectionString { get; }

    public NpgsqlConnection Connect()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        connection.Open();
        return connection;
    }

    public void Execute(string sql, params (string Name, object Value)[] parameters)
    {
        using var connection = Connect();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        command.ExecuteNonQuery();
    }

    public void Dispose() => Execute($"DROP SCHEMA {Schema} CASCADE");
}

/// <summary>The run store contract against PostgreSQL.</summary>
public sealed class PostgresRunStoreContractTests : RunStoreContract
{
    private PostgresTestDatabase? _database;

    private PostgresTestDatabase Database => _database ??= new PostgresTestDatabase();

    protected override IRunStore OpenStore() => PostgresRunStore.Open(Database.ConnectionString);

    protected override void SetStartedAt(string runId, DateTimeOffset startedAt) =>
        Database.Execute("UPDATE runs SET started_at = @value WHERE id = @id", ("id", runId), ("value", startedAt.UtcDateTime));

    protected override void SetOwner(string runId, int pid, string host) =>
        Database.Execute("UPDATE runs SET pid = @pid, host = @host WHERE id = @id", ("id", runId), ("pid", pid), ("host", host));

    protected override void SetSchemaVersion(int version) => Database.Execute("UPDATE assay_store SET version = @version", ("version", version));

    protected override void DowngradeToVersion2() =>
        Database.Execute("DROP TABLE predictions; DROP TABLE latency_samples; UPDATE assay_store SET version = 2");

    protected override long RowCount(string table, string runId)
    {
        using var connection = Database.Connect();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM {table} WHERE run_id = @id";
        command.Parameters.AddWithValue("id", runId);
        return (long)command.ExecuteScalar()!;
    }

    protected override void DisposeBackend() => _database?.Dispose();
}
