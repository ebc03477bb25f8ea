using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Counterpart.Data;

/// <summary>
/// The last line of the one-write-path rule: a statement that changes data (ExecuteDelete, ExecuteUpdate, raw SQL)
/// is refused unless it comes from SaveChanges inside <see cref="LedgerWriter"/>, from migrations, or from a
/// system-wide write (which bulk paths may use; a scoped writer cannot, since raw statements escape the scope check).
/// </summary>
internal sealed class WriteGuardInterceptor : DbCommandInterceptor
{
    public static WriteGuardInterceptor Instance { get; } = new();

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Check(command, eventData);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Check(command, eventData);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Check(command, eventData);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Check(command, eventData);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Check(command, eventData);
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Check(command, eventData);
        return ValueTask.FromResult(result);
    }

    private static void Check(DbCommand command, CommandEventData eventData)
    {
        if (eventData.Context is not CounterpartDbContext db || db.Saving || db.Migrating || IsRead(command.CommandText))
        {
            return;
        }

        if (db.CurrentWrite is { Scope.Paths: null })
        {
            return;
        }

        throw new InvalidOperationException(db.CurrentWrite is null
            ? "Data is changed only through LedgerWriter.WriteAsync; this statement ran outside it."
            : "A scoped writer cannot run bulk or raw statements: they bypass the scope check. Change tracked entities instead.");
    }

    private static bool IsRead(string sql)
    {
        var text = sql.AsSpan().TrimStart();
        while (text.StartsWith("--"))
        {
            var end = text.IndexOf('\n');
            text = end < 0 ? [] : text[(end + 1)..].TrimStart();
        }

        return text.StartsWith("SELECT", StringComparison.OrdinalIgnoreCase) || text.StartsWith("PRAGMA", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("SHOW", StringComparison.OrdinalIgnoreCase) || text.StartsWith("EXPLAIN", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("BEGIN", StringComparison.OrdinalIgnoreCase) || text.StartsWith("COMMIT", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("ROLLBACK", StringComparison.OrdinalIgnoreCase) || text.StartsWith("SAVEPOINT", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("RELEASE", StringComparison.OrdinalIgnoreCase);
    }
}
