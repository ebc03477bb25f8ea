using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Counterpart.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>
/// Which database to use. SQLite (a file under data/) unless the connection string names a PostgreSQL host.
/// </summary>
public sealed record DatabaseSettings(DatabaseProvider Provider, string ConnectionString)
{
    public const string DefaultSqlite = "Data Source=data/counterpart.db";

    public static DatabaseSettings From(string? connectionString, string? provider = null)
    {
        var cs = string.IsNullOrWhiteSpace(connectionString) ? DefaultSqlite : connectionString;
        var chosen = provider?.Trim().ToUpperInvariant() switch
        {
            "POSTGRES" or "POSTGRESQL" or "NPGSQL" => DatabaseProvider.Postgres,
            "SQLITE" => DatabaseProvider.Sqlite,
            _ => cs.Contains("Host=", StringComparison.OrdinalIgnoreCase) ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite,
        };
        return new DatabaseSettings(chosen, cs);
    }

    public void Configure(DbContextOptionsBuilder options)
    {
        ArgumentNullException.ThrowIfNull(options);
        switch (Provider)
        {
            case DatabaseProvider.Postgres:
                options.UseNpgsql(ConnectionString, o => o.MigrationsAssembly("Counterpart.Migrations.Postgres"));
                break;
            default:
                EnsureSqliteFolder(ConnectionString);
                options.UseSqlite(ConnectionString, o => o.MigrationsAssembly("Counterpart.Migrations.Sqlite"));
                break;
        }
    }

    public DbContextOptions<CounterpartDbContext> BuildOptions()
    {
        var builder = new DbContextOptionsBuilder<CounterpartDbContext>();
        Configure(builder);
        return builder.Options;
    }

    /// <summary>A safe description for logs and the console: never the password.</summary>
    public string Describe() => Provider switch
    {
        DatabaseProvider.Postgres => "PostgreSQL " + string.Join(';', ConnectionString.Split(';')
            .Where(p => !p.TrimStart().StartsWith("Password", StringComparison.OrdinalIgnoreCase))),
        _ => "SQLite " + new SqliteConnectionStringBuilder(ConnectionString).DataSource,
    };

    private static void EnsureSqliteFolder(string connectionString)
    {
        var source = new SqliteConnectionStringBuilder(connectionString).DataSource;
        if (string.IsNullOrEmpty(source) || source == ":memory:" || source.StartsWith("file:", StringComparison.Ordinal))
        {
            return;
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(source));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }
    }
}
