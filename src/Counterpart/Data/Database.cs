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
    /// <summary>The default: a SQLite file in the data directory (see <see cref="DataPaths"/>).</summary>
    public static string DefaultSqlite(string dataDirectory) => $"Data Source={Path.Combine(dataDirectory, "counterpart.db")}";

    public static DatabaseSettings From(string? connectionString, string? provider, string dataDirectory)
    {
        var cs = string.IsNullOrWhiteSpace(connectionString) ? DefaultSqlite(dataDirectory) : connectionString;
        var chosen = provider?.Trim().ToUpperInvariant() switch
        {
            "POSTGRES" or "POSTGRESQL" or "NPGSQL" => DatabaseProvider.Postgres,
            "SQLITE" => DatabaseProvider.Sqlite,
            _ => NamesAServer(cs) ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite,
        };
        return new DatabaseSettings(chosen, cs);
    }

    public void Configure(DbContextOptionsBuilder options)
    {
        ArgumentNullException.ThrowIfNull(options);
        switch (Provider)
        {
            case DatabaseProvider.Postgres:
                options.UseNpgsql(WithSessionDefaults(ConnectionString), o => o.MigrationsAssembly("Counterpart.Migrations.Postgres"));
                options.AddInterceptors(WriteGuardInterceptor.Instance);
                break;
            default:
                EnsureSqliteFolder(ConnectionString);
                options.UseSqlite(ConnectionString, o => o.MigrationsAssembly("Counterpart.Migrations.Sqlite"));
                options.AddInterceptors(WriteGuardInterceptor.Instance, SqliteTuning.Instance);
                break;
        }
    }

    public DbContextOptions<CounterpartDbContext> BuildOptions()
    {
        var builder = new DbContextOptionsBuilder<CounterpartDbContext>();
        Configure(builder);
        return builder.Options;
    }

    /// <summary>A safe description for logs and the console: host, port and database only, never a password.</summary>
    public string Describe()
    {
        if (Provider == DatabaseProvider.Sqlite)
        {
            return "SQLite " + new SqliteConnectionStringBuilder(ConnectionString).DataSource;
        }

        var b = new Npgsql.NpgsqlConnectionStringBuilder(ConnectionString);
        return $"PostgreSQL {b.Host}:{b.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)}/{b.Database}";
    }

    /// <summary>
    /// PostgreSQL sessions run without JIT compilation unless the connection string sets its own <c>Options</c>: the
    /// summaries' statements are short but wide (many CASE aggregates), and compiling them took longer than running them
    /// (docs/performance.md, national figures).
    /// </summary>
    internal static string WithSessionDefaults(string connectionString)
    {
        var b = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (string.IsNullOrEmpty(b.Options))
        {
            b.Options = "-c jit=off";
        }

        return b.ConnectionString;
    }

    /// <summary>PostgreSQL connection strings name a host (Host= or its synonym Server=); SQLite ones a data source.</summary>
    private static bool NamesAServer(string connectionString)
    {
        var b = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        return b.ContainsKey("Host") || b.ContainsKey("Server");
    }

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
