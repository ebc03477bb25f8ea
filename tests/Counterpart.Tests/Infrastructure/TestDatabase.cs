using Counterpart.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Counterpart.Tests.Infrastructure;

/// <summary>A fresh, migrated database on a real engine: a temp SQLite file, or a new database in the test cluster.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string? adminConnection;
    private readonly string name;

    private TestDatabase(DatabaseSettings settings, string name, string? adminConnection)
    {
        Settings = settings;
        this.name = name;
        this.adminConnection = adminConnection;
    }

    public DatabaseSettings Settings { get; }

    public DatabaseProvider Provider => Settings.Provider;

    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider, bool migrate = true)
    {
        var name = "t_" + Guid.NewGuid().ToString("N")[..16];
        TestDatabase db;
        if (provider == DatabaseProvider.Postgres)
        {
            var admin = await PostgresServer.ConnectionStringAsync();
            await using (var conn = new NpgsqlConnection(admin))
            {
                await conn.OpenAsync();
                await using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", conn);
                await cmd.ExecuteNonQueryAsync();
            }

            var cs = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
            db = new TestDatabase(new DatabaseSettings(DatabaseProvider.Postgres, cs), name, admin);
        }
        else
        {
            var folder = Path.Combine(Path.GetTempPath(), "counterpart-tests");
            Directory.CreateDirectory(folder);
            db = new TestDatabase(new DatabaseSettings(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(folder, name + ".db")}"), name, null);
        }

        if (migrate)
        {
            await using var context = db.NewContext();
            await context.MigrateAsync();
            await Counterpart.Indicators.Facts.FactMaintainer.EnsureBuiltAsync(context, Counterpart.Indicators.CountingRules.Default);
        }

        return db;
    }

    /// <summary>
    /// A private copy of <paramref name="source"/> (SQLite's online backup, or pg_dump piped through a file into
    /// pg_restore: a few seconds for the reference data, against 10–20 s to generate it again), for tests that write to
    /// what the shared database holds.
    /// </summary>
    public static async Task<TestDatabase> CopyOfAsync(TestDatabase source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.Provider == DatabaseProvider.Postgres)
        {
            var target = await CreateAsync(DatabaseProvider.Postgres, migrate: false);
            var tools = Counterpart.Operations.PostgresTools.Find(null);
            var dump = Path.Combine(Path.GetTempPath(), "counterpart-copy-" + Guid.NewGuid().ToString("N") + ".dump");
            try
            {
                await tools.RunAsync("pg_dump", ["--format=custom", "--file=" + dump], Counterpart.Operations.PostgresTools.Environment(source.Settings.ConnectionString), default);
                await tools.RunAsync("pg_restore", ["--no-owner", "--exit-on-error", "--single-transaction", "--dbname=" + target.name, dump],
                    Counterpart.Operations.PostgresTools.Environment(target.Settings.ConnectionString), default);
            }
            finally
            {
                File.Delete(dump);
            }

            return target;
        }

        var copy = await CreateAsync(DatabaseProvider.Sqlite, migrate: false);
        await using var from = new SqliteConnection(source.Settings.ConnectionString);
        await using var to = new SqliteConnection(copy.Settings.ConnectionString);
        await from.OpenAsync();
        await to.OpenAsync();
        from.BackupDatabase(to);
        return copy;
    }

    public CounterpartDbContext NewContext() => new(Settings.BuildOptions());

    public async ValueTask DisposeAsync()
    {
        if (adminConnection is null)
        {
            SqliteConnection.ClearAllPools();
            var file = new SqliteConnectionStringBuilder(Settings.ConnectionString).DataSource;
            foreach (var f in new[] { file, file + "-wal", file + "-shm", file + ".startup-lock" })
            {
                File.Delete(f);
            }

            return;
        }

        NpgsqlConnection.ClearAllPools();
        await using var conn = new NpgsqlConnection(adminConnection);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", conn);
        await cmd.ExecuteNonQueryAsync();
    }
}
