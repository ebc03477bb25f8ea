using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Counterpart.Data;

/// <summary>
/// Settings every SQLite connection gets when it opens: write-ahead logging (readers — the web pages — are not blocked
/// by an import writing, and a commit appends instead of rewriting pages), <c>synchronous=NORMAL</c> (durable across
/// application crashes; the usual pairing with WAL), a 64 MB page cache (index pages of large ledgers stay in memory
/// during an import) and a 5 s busy timeout so the web host and the CLI wait for each other instead of failing.
/// </summary>
internal sealed class SqliteTuning : DbConnectionInterceptor
{
    public static SqliteTuning Instance { get; } = new();

    private const string Pragmas = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536; PRAGMA busy_timeout=5000;";

    /// <summary>
    /// EF opens a read-only connection to see whether the database exists; it cannot switch a file that is not yet in WAL
    /// mode (a database copied from a backup file), so it only gets the settings that change nothing on disk.
    /// </summary>
    private const string ReadOnlyPragmas = "PRAGMA cache_size=-65536; PRAGMA busy_timeout=5000;";

    private static string For(DbConnection connection) =>
        connection is Microsoft.Data.Sqlite.SqliteConnection { ConnectionString: var cs }
        && new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(cs).Mode == Microsoft.Data.Sqlite.SqliteOpenMode.ReadOnly
            ? ReadOnlyPragmas
            : Pragmas;

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = For(connection);
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = For(connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
