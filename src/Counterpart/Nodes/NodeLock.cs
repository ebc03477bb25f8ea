using Counterpart.Data;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Counterpart.Nodes;

/// <summary>
/// One node at a time: the work every process does at start (migrations, the personal-data key check, built-in data,
/// the first administrator, the indicator summaries, the reference data, the data-protection key ring) and the key ring's
/// upkeep run under this lock, so two web nodes (or a node and the CLI) starting together do not both migrate, seed or
/// rebuild. On PostgreSQL it is a session-level advisory lock held on a connection of its own (released when the
/// connection closes, so a killed process never leaves it behind); on SQLite — one machine — an exclusive lock on a file
/// beside the database file.
/// </summary>
public static class NodeLock
{
    /// <summary>The advisory lock's key: a fixed number, the same for every node of one database.</summary>
    internal const long AdvisoryKey = 0x436F_756E_7465_7270; // "Counterp"

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    /// <summary>Waits for the lock (logging once that another process holds it) and holds it until disposed.</summary>
    public static async Task<IAsyncDisposable> AcquireAsync(DatabaseSettings settings, ILogger logger, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(logger);
        var waiting = false;
        while (true)
        {
            if (await TryAcquireAsync(settings, ct) is { } held)
            {
                if (waiting)
                {
                    logger.LogInformation("Another node finished its start-up work; continuing.");
                }

                return held;
            }

            if (!waiting)
            {
                logger.LogInformation("Another node (or the CLI) is starting on this database; waiting for it to finish its start-up work.");
                waiting = true;
            }

            await Task.Delay(Poll, ct);
        }
    }

    /// <summary>The lock if no other process holds it, else null.</summary>
    public static async Task<IAsyncDisposable?> TryAcquireAsync(DatabaseSettings settings, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.Provider == DatabaseProvider.Postgres ? await TryPostgresAsync(settings.ConnectionString, ct) : TrySqlite(settings.ConnectionString);
    }

    private static async Task<IAsyncDisposable?> TryPostgresAsync(string connectionString, CancellationToken ct)
    {
        // Not pooled: the lock lives exactly as long as this connection.
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        try
        {
            await connection.OpenAsync(ct);
            await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", connection);
            command.Parameters.AddWithValue("key", AdvisoryKey);
            if ((bool)(await command.ExecuteScalarAsync(ct))!)
            {
                return new Held(async () =>
                {
                    try
                    {
                        await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", connection);
                        unlock.Parameters.AddWithValue("key", AdvisoryKey);
                        await unlock.ExecuteScalarAsync(CancellationToken.None);
                    }
                    finally
                    {
                        await connection.DisposeAsync();
                    }
                });
            }
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        await connection.DisposeAsync();
        return null;
    }

    private static Held? TrySqlite(string connectionString)
    {
        var source = new SqliteConnectionStringBuilder(connectionString).DataSource;
        if (string.IsNullOrEmpty(source) || source == ":memory:" || source.StartsWith("file:", StringComparison.Ordinal))
        {
            return new Held(() => ValueTask.CompletedTask);
        }

        // FileShare.None is an exclusive advisory lock (flock) on Unix and a sharing lock on Windows, in and across processes.
        // The file is never deleted: a process waiting on a deleted file's handle would hold a lock nobody else sees.
        var path = Path.GetFullPath(source) + ".startup-lock";
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        try
        {
            var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            return new Held(() => file.DisposeAsync());
        }
        catch (IOException)
        {
            return null;
        }
    }

    private sealed class Held(Func<ValueTask> release) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => release();
    }
}
