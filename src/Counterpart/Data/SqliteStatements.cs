using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Counterpart.Data;

/// <summary>
/// One statement prepared once and stepped per row through SQLite's own API, binding by position: Microsoft.Data.Sqlite
/// looks every parameter up by name on every execution, which costs more than the insert itself. Values are bound in the
/// text forms Microsoft.Data.Sqlite uses, so EF reads them back as if it had written them.
/// </summary>
internal static class SqliteStatements
{
    /// <summary>Prepares <paramref name="sql"/> on the connection (inside its open transaction) and steps it <paramref name="count"/> times.</summary>
    public static void Run(SqliteConnection connection, string sql, int count, Action<sqlite3_stmt, int> bindRow)
    {
        var handle = connection.Handle!;
        Check(handle, raw.sqlite3_prepare_v2(handle, sql, out var statement));
        try
        {
            for (var r = 0; r < count; r++)
            {
                bindRow(statement, r);
                var step = raw.sqlite3_step(statement);
                if (step != raw.SQLITE_DONE)
                {
                    Check(handle, step);
                }

                raw.sqlite3_reset(statement);
            }
        }
        finally
        {
            raw.sqlite3_finalize(statement);
        }
    }

    public static void Bind(sqlite3_stmt statement, int index, object? value)
    {
        _ = value switch
        {
            null => raw.sqlite3_bind_null(statement, index),
            string s => BindText(statement, index, s),
            long l => raw.sqlite3_bind_int64(statement, index, l),
            int i => raw.sqlite3_bind_int64(statement, index, i),
            bool b => raw.sqlite3_bind_int64(statement, index, b ? 1 : 0),
            decimal m => raw.sqlite3_bind_text(statement, index, m.ToString("0.0###########################", CultureInfo.InvariantCulture)),
            DateOnly d => raw.sqlite3_bind_text(statement, index, d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            byte[] bytes => raw.sqlite3_bind_blob(statement, index, bytes),
            double x => raw.sqlite3_bind_double(statement, index, x),
            _ => throw new NotSupportedException($"Raw SQLite statements cannot bind {value.GetType().Name} yet; add its SQLite form here."),
        };
    }

    private static int BindText(sqlite3_stmt statement, int index, string text)
    {
        var bytes = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (text.Length == 0 || bytes > 4096)
        {
            // An empty span would bind NULL, not ''.
            return raw.sqlite3_bind_text(statement, index, text);
        }

        Span<byte> buffer = stackalloc byte[bytes];
        var length = Encoding.UTF8.GetBytes(text, buffer);
        return raw.sqlite3_bind_text(statement, index, buffer[..length]);
    }

    private static void Check(sqlite3 handle, int result)
    {
        if (result != raw.SQLITE_OK)
        {
            throw new SqliteException(raw.sqlite3_errmsg(handle).utf8_to_string(), result);
        }
    }
}
