using Assay.Postgres;
using Assay.Sqlite;
using Assay.Tracking;

namespace Assay.Cli.Commands;

/// <summary>Opens the run store a <c>--store</c> value names: a PostgreSQL URL, or else a SQLite file path.</summary>
internal static class RunStores
{
    /// <summary>Opens (creating the SQLite file or the PostgreSQL tables if needed) the store <paramref name="store"/> names.</summary>
    public static IRunStore Open(string store) =>
        PostgresRunStore.IsUrl(store) ? PostgresRunStore.Open(store) : SqliteRunStore.Open(store);

    /// <summary>Opens a store for reading; a SQLite path must already exist, so a typo in --store creates nothing.</summary>
    public static IRunStore OpenExisting(string store) =>
        PostgresRunStore.IsUrl(store) ? PostgresRunStore.Open(store)
        : File.Exists(store) ? SqliteRunStore.Open(store)
        : throw new StoreException($"{store}: no experiment store here (runs are recorded by 'assay run' and 'assay eval')");

    /// <summary>The store as messages name it: a PostgreSQL URL without its password.</summary>
    public static string Describe(string store) =>
        PostgresRunStore.IsUrl(store) ? PostgresRunStore.Describe(PostgresRunStore.ParseConnectionString(store)) : store;
}
