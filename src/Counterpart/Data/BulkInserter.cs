using System.Data.Common;
using System.Globalization;
using System.Linq.Expressions;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using SQLitePCL;

namespace Counterpart.Data;

/// <summary>
/// Inserts many new rows of one entity type at once, inside the current <see cref="LedgerWriter"/> write and its
/// transaction, bypassing the change tracker: on SQLite one prepared INSERT reused for every row, on PostgreSQL a binary
/// COPY. Ids are reserved from the table's own sequence first and set on the entities, so rows that refer to them can be
/// written next and the import can record (and undo) exactly what it inserted. Columns, names and value conversions come
/// from the EF model, so the rows are stored exactly as SaveChanges would store them.
/// </summary>
internal sealed class BulkInserter<T> where T : class
{
    private readonly CounterpartDbContext db;
    private readonly string table;
    private readonly IProperty key;
    private readonly List<Column> columns = [];

    public BulkInserter(CounterpartDbContext db)
    {
        this.db = db;
        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not an entity.");
        table = entity.GetTableName()!;
        var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
        key = entity.FindPrimaryKey()!.Properties.Single();
        var row = Expression.Parameter(typeof(T), "row");
        foreach (var p in entity.GetProperties().Where(p => !p.IsPrimaryKey()))
        {
            columns.Add(Column.Of(p, store, Getter(row, Expression.Property(row, PropertyOf(p)))));
        }

        foreach (var owned in entity.GetNavigations().Where(n => n.TargetEntityType.IsOwned() && !n.IsCollection))
        {
            var part = Expression.Property(row, owned.PropertyInfo!);
            foreach (var p in owned.TargetEntityType.GetProperties().Where(p => !p.IsPrimaryKey()))
            {
                var value = Expression.Convert(Expression.Property(part, PropertyOf(p)), typeof(object));
                columns.Add(Column.Of(p, store, Getter(row, Expression.Condition(Expression.Equal(part, Expression.Constant(null)), Expression.Constant(null), value))));
            }
        }
    }

    /// <summary>Inserts the rows, sets their ids, and returns the ids in runs of consecutive values (first, last).</summary>
    public async Task<IReadOnlyList<(long First, long Last)>> InsertAsync(IReadOnlyList<T> rows, CancellationToken ct)
    {
        if (db.CurrentWrite is null)
        {
            throw new InvalidOperationException("Bulk inserts run only inside LedgerWriter.WriteAsync.");
        }

        if (rows.Count == 0)
        {
            return [];
        }

        await CheckScopeAsync(db.CurrentWrite, rows, ct);
        Review.ReviewRules.StampNewRows(db.CurrentWrite, rows);
        await Review.YearLocks.CheckNewRowsAsync(db, db.CurrentWrite, rows, ct);

        IReadOnlyList<(long First, long Last)> runs = [];
        await Indicators.Facts.FactMaintainer.AroundBulkInsertAsync(db, rows, async () => runs = await InsertRowsAsync(rows, ct), ct);
        return runs;
    }

    private async Task<IReadOnlyList<(long First, long Last)>> InsertRowsAsync(IReadOnlyList<T> rows, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction() ?? throw new InvalidOperationException("Bulk inserts need the write's transaction.");
        var ids = connection is NpgsqlConnection
            ? await ReservePostgresAsync(connection, transaction, rows.Count, ct)
            : await ReserveSqliteAsync(connection, transaction, rows.Count, ct);
        for (var i = 0; i < rows.Count; i++)
        {
            key.PropertyInfo!.SetValue(rows[i], ids[i]);
        }

        if (connection is NpgsqlConnection npgsql)
        {
            await CopyAsync(npgsql, rows, ids, ct);
        }
        else
        {
            InsertSqlite((SqliteConnection)connection, InsertSql(), rows, ids, columns);
        }

        return Runs(ids);
    }

    /// <summary>The change tracker's scope rule (<see cref="LedgerWriter"/>) for rows that skip it: every owner inside the writer's scope.</summary>
    private async Task CheckScopeAsync(WriteContext who, IReadOnlyList<T> rows, CancellationToken ct)
    {
        if (who.Scope.Paths is null || rows is not IReadOnlyList<LedgerRecord> records)
        {
            return;
        }

        var owners = records.Select(r => r.OwnerOrgId).Distinct().ToList();
        var paths = await db.Organizations.Where(o => owners.Contains(o.Id)).Select(o => new { o.Id, o.Path }).ToListAsync(ct);
        if (paths.Count != owners.Count || paths.Any(p => !who.Scope.Contains(p.Path)))
        {
            throw new DomainException($"“{who.Actor}”无权修改不属于其管辖范围的数据。");
        }
    }

    private async Task<long[]> ReserveSqliteAsync(DbConnection connection, DbTransaction transaction, int count, CancellationToken ct)
    {
        // The write transaction holds SQLite's single write lock, so nobody else takes ids meanwhile; ids of deleted rows
        // (still in sqlite_sequence) are never reused, as AUTOINCREMENT promises.
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"""
            SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = '{table}'), 0), COALESCE((SELECT MAX("{Name(key)}") FROM "{table}"), 0))
            """;
        var last = Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
        return [.. Enumerable.Range(1, count).Select(i => last + i)];
    }

    private async Task<long[]> ReservePostgresAsync(DbConnection connection, DbTransaction transaction, int count, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"""SELECT nextval(pg_get_serial_sequence('"{table}"', '{Name(key)}')) FROM generate_series(1, {count.ToString(CultureInfo.InvariantCulture)})""";
        var ids = new long[count];
        await using var reader = await command.ExecuteReaderAsync(ct);
        for (var i = 0; await reader.ReadAsync(ct); i++)
        {
            ids[i] = reader.GetInt64(0);
        }

        return ids;
    }

    /// <summary>
    /// One statement prepared once and stepped per row through SQLite's own API: Microsoft.Data.Sqlite looks every
    /// parameter up by name on every execution, which costs more than the insert itself. Values are bound in the text
    /// forms Microsoft.Data.Sqlite uses, so EF reads them back as if it had written them (tested).
    /// </summary>
    private static void InsertSqlite(SqliteConnection connection, string sql, IReadOnlyList<T> rows, long[] ids, List<Column> columns) =>
        SqliteStatements.Run(connection, sql, rows.Count, (statement, r) =>
        {
            raw.sqlite3_bind_int64(statement, 1, ids[r]);
            for (var c = 0; c < columns.Count; c++)
            {
                SqliteStatements.Bind(statement, c + 2, columns[c].ProviderValue(rows[r]));
            }
        });

    private string InsertSql()
    {
        var names = new[] { Name(key) }.Concat(columns.Select(c => c.Name)).ToList();
        return $"INSERT INTO \"{table}\" ({string.Join(", ", names.Select(n => $"\"{n}\""))}) VALUES ({string.Join(", ", names.Select(_ => "?"))})";
    }

    private async Task CopyAsync(NpgsqlConnection connection, IReadOnlyList<T> rows, long[] ids, CancellationToken ct)
    {
        var names = new[] { Name(key) }.Concat(columns.Select(c => c.Name));
        await using var writer = await connection.BeginBinaryImportAsync(
            $"COPY \"{table}\" ({string.Join(", ", names.Select(n => $"\"{n}\""))}) FROM STDIN (FORMAT BINARY)", ct);
        for (var r = 0; r < rows.Count; r++)
        {
            await writer.StartRowAsync(ct);
            await writer.WriteAsync(ids[r], "bigint", ct);
            foreach (var column in columns)
            {
                if (column.ProviderValue(rows[r]) is { } value)
                {
                    await writer.WriteAsync(value, column.StoreType, ct);
                }
                else
                {
                    await writer.WriteNullAsync(ct);
                }
            }
        }

        await writer.CompleteAsync(ct);
    }

    private static string Name(IProperty p) => p.GetColumnName();

    private static System.Reflection.PropertyInfo PropertyOf(IProperty p) =>
        p.PropertyInfo ?? throw new InvalidOperationException($"{typeof(T).Name}.{p.Name} is a shadow property; bulk insert needs every column on the class.");

    /// <summary>A compiled getter of one column's value (reflection per cell would cost more than the insert).</summary>
    private static Func<T, object?> Getter(ParameterExpression row, Expression value) =>
        Expression.Lambda<Func<T, object?>>(Expression.Convert(value, typeof(object)), row).Compile();

    private static List<(long, long)> Runs(long[] ids)
    {
        var runs = new List<(long, long)>();
        var start = ids[0];
        for (var i = 1; i <= ids.Length; i++)
        {
            if (i == ids.Length || ids[i] != ids[i - 1] + 1)
            {
                runs.Add((start, ids[i - 1]));
                if (i < ids.Length)
                {
                    start = ids[i];
                }
            }
        }

        return runs;
    }

    private sealed record Column(IProperty Property, string Name, string StoreType, Func<T, object?> Get, Func<object?, object?> ToProvider)
    {
        public static Column Of(IProperty p, StoreObjectIdentifier store, Func<T, object?> get)
        {
            var mapping = p.GetRelationalTypeMapping();
            var converter = mapping.Converter;
            var storeType = mapping.StoreType;
            var bracket = storeType.IndexOf('(', StringComparison.Ordinal);
            return new Column(p, p.GetColumnName(store)!, bracket > 0 ? storeType[..bracket] : storeType, get, Provider(p, converter));
        }

        /// <summary>The model's conversion; for an enum stored as text, its values converted once up front (Enum.ToString is slow).</summary>
        private static Func<object?, object?> Provider(IProperty p, Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter? converter)
        {
            if (converter is null)
            {
                return v => v;
            }

            var type = Nullable.GetUnderlyingType(p.ClrType) ?? p.ClrType;
            if (type.IsEnum && converter.ProviderClrType == typeof(string))
            {
                var names = Enum.GetValues(type).Cast<object>().Distinct().ToDictionary(v => v, converter.ConvertToProvider);
                return v => v is null ? null : names[v];
            }

            return v => v is null ? null : converter.ConvertToProvider(v);
        }

        public object? ProviderValue(T row) => ToProvider(Get(row));
    }
}

/// <summary>
/// Finds which of many key values are already stored, by a unique column, faster than a LINQ <c>Contains</c> query:
/// on SQLite one prepared statement probed per value through SQLite's own API; on PostgreSQL one <c>= ANY(array)</c>
/// query. Returns value → id; the caller loads full entities only for the values found (none, for new rows).
/// </summary>
internal static class KeyLookup
{
    public static async Task<Dictionary<string, long>> IdsAsync<T>(CounterpartDbContext db, string column, IReadOnlyCollection<string> values, CancellationToken ct)
    {
        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not an entity.");
        var table = entity.GetTableName()!;
        var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
        var known = entity.GetProperties().Concat(entity.GetNavigations().Where(n => n.TargetEntityType.IsOwned()).SelectMany(n => n.TargetEntityType.GetProperties()))
            .Any(p => p.GetColumnName(store) == column);
        if (!known)
        {
            throw new InvalidOperationException($"{table} has no column {column}.");
        }

        var found = new Dictionary<string, long>(StringComparer.Ordinal);
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await db.Database.OpenConnectionAsync(ct);
        }

        var sql = $"SELECT \"Id\" FROM \"{table}\" WHERE \"{column}\" = ?";
        if (connection is NpgsqlConnection npgsql)
        {
            await using var command = npgsql.CreateCommand();
            command.Transaction = (NpgsqlTransaction?)db.Database.CurrentTransaction?.GetDbTransaction();
            command.CommandText = $"SELECT \"{column}\", \"Id\" FROM \"{table}\" WHERE \"{column}\" = ANY(@values)";
            command.Parameters.Add(new NpgsqlParameter("values", values.ToArray()));
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                found[reader.GetString(0)] = reader.GetInt64(1);
            }

            return found;
        }

        var handle = ((SqliteConnection)connection).Handle!;
        if (raw.sqlite3_prepare_v2(handle, sql, out var statement) != raw.SQLITE_OK)
        {
            throw new SqliteException(raw.sqlite3_errmsg(handle).utf8_to_string(), 1);
        }

        try
        {
            foreach (var value in values)
            {
                raw.sqlite3_bind_text(statement, 1, value);
                if (raw.sqlite3_step(statement) == raw.SQLITE_ROW)
                {
                    found[value] = raw.sqlite3_column_int64(statement, 0);
                }

                raw.sqlite3_reset(statement);
            }
        }
        finally
        {
            raw.sqlite3_finalize(statement);
        }

        return found;
    }
}

