using Assay.Tests;
using Npgsql;

namespace Assay.Postgres.Tests;

/// <summary>What only the PostgreSQL store does: connection strings, connection errors, foreign tables.</summary>
public sealed class PostgresRunStoreTests
{
    [Fact]
    public void A_url_reads_as_the_same_settings_as_key_value_form()
    {
        var url = PostgresRunStore.ParseConnectionString("postgres://ann:p%40ss@db.example:6543/runs?sslmode=require&application_name=assay");
        Assert.Equal(("db.example", 6543, "ann", "p@ss", "runs", SslMode.Require, "assay"), (url.Host, url.Port, url.Username, url.Password, url.Database, url.SslMode, url.ApplicationName));
        var plain = PostgresRunStore.ParseConnectionString("Host=db.example;Port=6543;Username=ann;Database=runs");
        Assert.Equal("db.example:6543/runs", PostgresRunStore.Describe(plain));
        Assert.Equal("localhost:5432/x", PostgresRunStore.Describe(PostgresRunStore.ParseConnectionString("postgresql://localhost/x")));
        Assert.True(PostgresRunStore.IsUrl("PostgreSQL://h/db"));
        Assert.False(PostgresRunStore.IsUrl("runs/postgres.db"));
    }

    [Fact]
    public void A_malformed_connection_string_is_a_store_error_that_does_not_echo_it()
    {
        var error = Assert.Throws<StoreException>(() => PostgresRunStore.ParseConnectionString("postgres://u:secret@h/db?nonsense_key=1"));
        Assert.StartsWith("--store: cannot read the PostgreSQL connection string", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_refused_connection_is_one_line_naming_the_server_and_the_reason()
    {
        // Port 1 on loopback: nothing listens there.
        var error = Assert.Throws<StoreException>(() => PostgresRunStore.Open("postgres://u:secret@127.0.0.1:1/runs?connect_timeout=5"));
        Assert.StartsWith("127.0.0.1:1/runs: cannot open the PostgreSQL store (", error.Message, StringComparison.Ordinal);
        Assert.Contains("refused", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain('\n', error.Message);
        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
    }

    [StoreFact]
    public void An_unknown_database_is_one_line_naming_it()
    {
        var builder = PostgresRunStore.ParseConnectionString(System.Environment.GetEnvironmentVariable(PostgresTestDatabase.Variable)!);
        builder.Database = "assay_no_such_database";
        var error = Assert.Throws<StoreException>(() => PostgresRunStore.Open(builder.ConnectionString));
        Assert.Equal($"{PostgresRunStore.Describe(builder)}: cannot open the PostgreSQL store (database \"assay_no_such_database\" does not exist)", error.Message);
    }

    [StoreFact]
    public void Another_applications_tables_are_refused()
    {
        using var database = new PostgresTestDatabase();
        database.Execute("CREATE TABLE runs (x integer)");
        var error = Assert.Throws<StoreException>(() => PostgresRunStore.Open(database.ConnectionString));
        Assert.EndsWith(": has tables named like Assay's (runs, params, metrics, series) but is not an Assay store", error.Message, StringComparison.Ordinal);
    }

    [StoreFact]
    public void A_version_table_of_another_application_is_refused()
    {
        using var database = new PostgresTestDatabase();
        using (PostgresRunStore.Open(database.ConnectionString)) { }
        database.Execute("UPDATE assay_store SET application = 'other'");
        var error = Assert.Throws<StoreException>(() => PostgresRunStore.Open(database.ConnectionString));
        Assert.EndsWith(": has an assay_store table but is not an Assay store", error.Message, StringComparison.Ordinal);
    }

    [StoreFact]
    public void Opening_twice_keeps_the_schema_and_its_version()
    {
        using var database = new PostgresTestDatabase();
        using (PostgresRunStore.Open(database.ConnectionString)) { }
        using (PostgresRunStore.Open(database.ConnectionString)) { }
        using var connection = database.Connect();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT application || ':' || version FROM assay_store";
        Assert.Equal("assay:3", command.ExecuteScalar());
        command.CommandText = "SELECT count(*) FROM pg_indexes WHERE schemaname = current_schema() AND indexname IN ('runs_experiment', 'runs_model', 'runs_status', 'metrics_name_value')";
        Assert.Equal(4L, command.ExecuteScalar());
    }
}
