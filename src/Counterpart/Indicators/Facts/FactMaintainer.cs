using System.Data.Common;
using System.Globalization;
using System.Text;
using Counterpart.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage;

namespace Counterpart.Indicators.Facts;

/// <summary>
/// Keeps <see cref="IndicatorFact"/> in step with the ledgers inside every write's transaction: around each SaveChanges
/// (<see cref="BeforeSaveAsync"/>), each bulk insert (<see cref="AroundBulkInsertAsync{T}"/>) and each raw range statement
/// (an undo's deletes, a review's change of state: <see cref="AroundRawChangeAsync"/>), the facts of the touched roots are taken away as stored before and added
/// as stored after; only the difference is written. Nothing is maintained until the facts were built once
/// (<see cref="EnsureBuiltAsync"/>), which records the counting rules they follow.
/// </summary>
public static class FactMaintainer
{
    internal static readonly string[] KeyColumns =
    [
        nameof(IndicatorFact.Kind), nameof(IndicatorFact.OwnerOrgId), nameof(IndicatorFact.EastOrgId), nameof(IndicatorFact.WestOrgId),
        nameof(IndicatorFact.Year), nameof(IndicatorFact.Approved), nameof(IndicatorFact.Category), nameof(IndicatorFact.Variant), nameof(IndicatorFact.RefId),
        nameof(IndicatorFact.SubjectId), nameof(IndicatorFact.Since),
    ];

    private const int RootBatch = 5000;

    /// <summary>
    /// Builds the facts from every ledger row when they were never built or were built under other counting rules.
    /// Returns true when it rebuilt them.
    /// </summary>
    public static async Task<bool> EnsureBuiltAsync(CounterpartDbContext db, CountingRules rules, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(rules);
        var state = await db.FactStates.AsNoTracking().SingleOrDefaultAsync(ct);
        if (state?.StableEmploymentMonths == rules.StableEmploymentMonths)
        {
            return false;
        }

        await RebuildAsync(db, rules, ct);
        return true;
    }

    /// <summary>Throws the facts away and builds them again from every ledger row, in one transaction.</summary>
    public static async Task RebuildAsync(CounterpartDbContext db, CountingRules rules, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(rules);
        await new LedgerWriter(db).WriteAsync(WriteContext.System("indicator-facts"), async (d, c) =>
        {
            if (d.Database.IsNpgsql())
            {
                // Writers that maintain facts wait until the rebuild has committed.
                await d.Database.ExecuteSqlRawAsync("LOCK TABLE \"IndicatorFacts\", \"IndicatorFactStates\" IN EXCLUSIVE MODE", c);
            }

            await d.Database.ExecuteSqlRawAsync("DELETE FROM \"IndicatorFacts\"", c);
            await ComputeAllAsync(d, new FactRules(rules.StableEmploymentMonths), set => ApplyAsync(d, set, c), c);

            var state = await d.FactStates.SingleOrDefaultAsync(c);
            if (state is null)
            {
                d.FactStates.Add(state = new IndicatorFactState { Id = 1 });
            }

            state.StableEmploymentMonths = rules.StableEmploymentMonths;
            state.BuiltAtUtc = DateTime.UtcNow;
            await d.SaveChangesAsync(c);
        }, ct);
    }

    /// <summary>
    /// Recomputes every fact from the ledger rows (writing nothing) and compares them with the stored ones, under the
    /// rules they were built with: the differences, empty when the summaries are right. For operators and tests.
    /// </summary>
    public static async Task<IReadOnlyList<string>> VerifyAsync(CounterpartDbContext db, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (await StoredRulesAsync(db, ct) is not { } rules)
        {
            return ["The indicator summaries were never built."];
        }

        var expected = new FactSet();
        await ComputeAllAsync(db, rules, set =>
        {
            foreach (var (key, cell) in set.Cells)
            {
                expected.Add(key, cell.Count, cell.Value, 1);
            }

            return Task.CompletedTask;
        }, ct);
        var stored = (await db.Facts.ToListAsync(ct)).ToDictionary(
            f => new FactKey(f.Kind, f.OwnerOrgId, f.EastOrgId, f.WestOrgId, f.Year, f.Approved, f.Category, f.Variant, f.RefId, f.SubjectId, f.Since), f => (f.Count, f.Value));
        var differences = new List<string>();
        foreach (var key in expected.Cells.Keys.Union(stored.Keys))
        {
            var want = expected.Cells.GetValueOrDefault(key);
            var have = stored.GetValueOrDefault(key);
            if (want != have)
            {
                differences.Add(string.Create(CultureInfo.InvariantCulture, $"{key}: rows give {want.Count}/{want.Value}, stored {have.Count}/{have.Value}"));
            }
        }

        return differences;
    }

    private static async Task ComputeAllAsync(CounterpartDbContext db, FactRules rules, Func<FactSet, Task> each, CancellationToken ct)
    {
        foreach (var source in FactSource.All)
        {
            var roots = await source.AllRoots(db).ToListAsync(ct);
            foreach (var batch in roots.Chunk(RootBatch))
            {
                var set = new FactSet();
                await source.ContributeAsync(db, batch, rules, set, 1, ct);
                await each(set);
            }
        }
    }

    /// <summary>The rules the stored facts follow, or null when they were never built (then they are not maintained).</summary>
    internal static async Task<FactRules?> StoredRulesAsync(CounterpartDbContext db, CancellationToken ct)
    {
        var months = await db.FactStates.AsNoTracking().Select(s => (int?)s.StableEmploymentMonths).SingleOrDefaultAsync(ct);
        return months is { } m ? new FactRules(m) : null;
    }

    /// <summary>
    /// Before SaveChanges: finds the roots the tracked changes touch and takes their stored facts away. The returned
    /// object adds them back as saved, after SaveChanges. Null when nothing touches a fact.
    /// </summary>
    internal static async Task<PendingFacts?> BeforeSaveAsync(CounterpartDbContext db, CancellationToken ct)
    {
        var touched = new List<(FactSource Source, EntityEntry Entry, string Column)>();
        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted))
            {
                continue;
            }

            foreach (var source in FactSource.All)
            {
                if (source.RootColumns.TryGetValue(entry.Metadata.ClrType, out var column))
                {
                    touched.Add((source, entry, column));
                }
            }
        }

        if (touched.Count == 0 || await StoredRulesAsync(db, ct) is not { } rules)
        {
            return null;
        }

        var pending = new PendingFacts(db, rules);
        foreach (var group in touched.GroupBy(t => t.Source))
        {
            var roots = pending.RootsOf(group.Key);
            foreach (var (_, entry, column) in group)
            {
                var property = entry.Property(column);
                if (!property.IsTemporary && property.CurrentValue is long current && current > 0)
                {
                    roots.Add(current);
                }
                else if (entry.State == EntityState.Added)
                {
                    pending.AddedLater.Add((group.Key, entry, column));
                }
            }

            // A changed or deleted row may have belonged to another root than it names now.
            foreach (var byType in group.Where(t => t.Entry.State != EntityState.Added && t.Column != "Id").GroupBy(t => t.Entry.Metadata))
            {
                var ids = byType.Select(t => (long)t.Entry.Property("Id").CurrentValue!).ToList();
                roots.UnionWith(await StoredRootsAsync(db, byType.Key.GetTableName()!, byType.First().Column, ids, ct));
            }
        }

        await pending.ContributeAsync(-1, ct);
        return pending;
    }

    /// <summary>Bulk inserts (which bypass SaveChanges) keep the facts of the roots they touch in step.</summary>
    internal static async Task AroundBulkInsertAsync<T>(CounterpartDbContext db, IReadOnlyList<T> rows, Func<Task> insert, CancellationToken ct)
        where T : class
    {
        var sources = FactSource.All.Where(s => s.RootColumns.ContainsKey(typeof(T))).ToList();
        if (sources.Count == 0 || await StoredRulesAsync(db, ct) is not { } rules)
        {
            await insert();
            return;
        }

        var entity = db.Model.FindEntityType(typeof(T))!;
        var pending = new PendingFacts(db, rules);
        var direct = new FactSet();
        foreach (var source in sources.ToList())
        {
            if (await source.ContributeNewRowsAsync(db, rows, rules, direct, ct))
            {
                sources.Remove(source);
            }
        }

        foreach (var source in sources)
        {
            var column = source.RootColumns[typeof(T)];
            if (column != "Id")
            {
                var getter = entity.FindProperty(column)!.GetGetter();
                pending.RootsOf(source).UnionWith(rows.Select(r => Convert.ToInt64(getter.GetClrValue(r), CultureInfo.InvariantCulture)));
            }
        }

        await pending.ContributeAsync(-1, ct);
        await insert();
        foreach (var source in sources.Where(s => s.RootColumns[typeof(T)] == "Id" && s.NewRootsContribute))
        {
            var getter = entity.FindProperty("Id")!.GetGetter();
            pending.RootsOf(source).UnionWith(rows.Select(r => (long)getter.GetClrValue(r)!));
        }

        await pending.AfterSaveAsync(ct);
        await ApplyAsync(db, direct, ct);
    }

    /// <summary>
    /// A raw statement over the rows <paramref name="firstId"/>…<paramref name="lastId"/>: the delete of an undone bulk
    /// insert, or the change of review state of an import's rows.
    /// </summary>
    internal static async Task AroundRawChangeAsync(CounterpartDbContext db, Type entityType, long firstId, long lastId, Func<Task> change, CancellationToken ct)
    {
        var sources = FactSource.All.Where(s => s.RootColumns.ContainsKey(entityType)).ToList();
        if (sources.Count == 0 || await StoredRulesAsync(db, ct) is not { } rules)
        {
            await change();
            return;
        }

        var table = db.Model.FindEntityType(entityType)!.GetTableName()!;
        var pending = new PendingFacts(db, rules);
        foreach (var source in sources)
        {
            var column = source.RootColumns[entityType];
            var sql = $"SELECT DISTINCT \"{column}\" AS \"Value\" FROM \"{table}\" WHERE \"Id\" BETWEEN {{0}} AND {{1}}";
            pending.RootsOf(source).UnionWith(await db.Database.SqlQueryRaw<long>(sql, firstId, lastId).ToListAsync(ct));
        }

        await pending.ContributeAsync(-1, ct);
        await change();
        await pending.AfterSaveAsync(ct);
    }

    private static async Task<List<long>> StoredRootsAsync(CounterpartDbContext db, string table, string column, List<long> ids, CancellationToken ct)
    {
        var result = new List<long>();
        foreach (var batch in ids.Where(i => i > 0).Chunk(RootBatch))
        {
            var list = string.Join(",", batch.Select(i => i.ToString(CultureInfo.InvariantCulture)));
            var sql = $"SELECT \"{column}\" AS \"Value\" FROM \"{table}\" WHERE \"Id\" IN ({list})";
            result.AddRange(await db.Database.SqlQueryRaw<long>(sql).ToListAsync(ct));
        }

        return result;
    }

    /// <summary>Writes the non-zero differences: adds to existing cells, creates missing ones, drops cells that reach zero rows.</summary>
    internal static async Task ApplyAsync(CounterpartDbContext db, FactSet set, CancellationToken ct)
    {
        var cells = set.Cells.Where(c => c.Value.Count != 0 || c.Value.Value != 0).ToList();
        if (cells.Count == 0)
        {
            return;
        }

        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Indicator facts are written only inside a write's transaction.");
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            var columns = string.Join(",", KeyColumns.Append("Count").Append("Value").Select(c => $"\"{c}\""));
            var upsert = " ON CONFLICT (" + string.Join(",", KeyColumns.Select(c => $"\"{c}\""))
                + ") DO UPDATE SET \"Count\" = \"IndicatorFacts\".\"Count\" + excluded.\"Count\", \"Value\" = \"IndicatorFacts\".\"Value\" + excluded.\"Value\"";
            if (db.Database.IsNpgsql())
            {
                // One statement for all cells: a column array each, unnested into rows.
                Add(command, "kind", cells.Select(c => (int)c.Key.Kind).ToArray());
                Add(command, "owner", cells.Select(c => c.Key.OwnerOrgId).ToArray());
                Add(command, "east", cells.Select(c => c.Key.EastOrgId).ToArray());
                Add(command, "west", cells.Select(c => c.Key.WestOrgId).ToArray());
                Add(command, "year", cells.Select(c => c.Key.Year).ToArray());
                Add(command, "approved", cells.Select(c => c.Key.Approved).ToArray());
                Add(command, "category", cells.Select(c => c.Key.Category).ToArray());
                Add(command, "variant", cells.Select(c => c.Key.Variant).ToArray());
                Add(command, "ref", cells.Select(c => c.Key.RefId).ToArray());
                Add(command, "subject", cells.Select(c => c.Key.SubjectId).ToArray());
                Add(command, "since", cells.Select(c => c.Key.Since).ToArray());
                Add(command, "count", cells.Select(c => c.Value.Count).ToArray());
                Add(command, "value", cells.Select(c => c.Value.Value).ToArray());
                command.CommandText = $"INSERT INTO \"IndicatorFacts\" ({columns}) SELECT * FROM unnest(@kind, @owner, @east, @west, @year, @approved, @category, @variant, @ref, @subject, @since, @count, @value)" + upsert;
                await command.ExecuteNonQueryAsync(ct);
            }
            else
            {
                // One prepared single-row statement, stepped per cell.
                command.CommandText = $"INSERT INTO \"IndicatorFacts\" ({columns}) VALUES ({string.Join(",", Enumerable.Repeat("?", KeyColumns.Length + 2))})" + upsert;
                SqliteStatements.Run((Microsoft.Data.Sqlite.SqliteConnection)connection, command.CommandText, cells.Count, (statement, i) =>
                {
                    var (k, (count, value)) = cells[i];
                    object[] values = [(int)k.Kind, k.OwnerOrgId, k.EastOrgId, k.WestOrgId, k.Year, k.Approved, k.Category, k.Variant, k.RefId, k.SubjectId, k.Since, count, value];
                    for (var v = 0; v < values.Length; v++)
                    {
                        SqliteStatements.Bind(statement, v + 1, values[v]);
                    }
                });
            }
        }

        if (cells.Any(c => c.Value.Count < 0))
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "DELETE FROM \"IndicatorFacts\" WHERE \"Count\" = 0";
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    private static DbParameter Add(DbCommand command, string name, object? value)
    {
        var p = command.CreateParameter();
        p.ParameterName = "@" + name;
        p.Value = value ?? DBNull.Value;
        command.Parameters.Add(p);
        return p;
    }

    /// <summary>Roots whose facts were taken away, to be added back once the change is stored.</summary>
    internal sealed class PendingFacts(CounterpartDbContext db, FactRules rules)
    {
        private readonly Dictionary<FactSource, HashSet<long>> roots = [];
        private readonly FactSet set = new();

        /// <summary>New rows whose root id is known only after SaveChanges.</summary>
        public List<(FactSource Source, EntityEntry Entry, string Column)> AddedLater { get; } = [];

        public HashSet<long> RootsOf(FactSource source)
        {
            if (!roots.TryGetValue(source, out var ids))
            {
                roots[source] = ids = [];
            }

            return ids;
        }

        public async Task ContributeAsync(int sign, CancellationToken ct)
        {
            foreach (var (source, ids) in roots)
            {
                foreach (var batch in ids.Chunk(RootBatch))
                {
                    await source.ContributeAsync(db, batch, rules, set, sign, ct);
                }
            }
        }

        public async Task AfterSaveAsync(CancellationToken ct)
        {
            foreach (var (source, entry, column) in AddedLater)
            {
                if (entry.Property(column).CurrentValue is long id && id > 0)
                {
                    RootsOf(source).Add(id);
                }
            }

            await ContributeAsync(1, ct);
            await ApplyAsync(db, set, ct);
        }
    }
}
