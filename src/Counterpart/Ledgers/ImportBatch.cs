using Counterpart.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Counterpart.Ledgers;

public enum ChangeAction
{
    Inserted,
    Updated,
}

/// <summary>
/// One committed import: which file (name and SHA-256), when, by whom, what it did — and, in
/// <see cref="ImportChange"/>, every row it inserted or updated, so that it can be undone as a whole.
/// </summary>
public sealed class ImportBatch : LedgerRecord
{
    public required string Ledger { get; set; }
    public required string FileName { get; set; }
    public required string Sha256 { get; set; }
    public required string Actor { get; set; }
    public DateTime ImportedAtUtc { get; set; }
    public int RowsRead { get; set; }
    public int Inserted { get; set; }
    public int Updated { get; set; }
    public int Unchanged { get; set; }
    public DateTime? UndoneAtUtc { get; set; }
    public List<ImportChange> Changes { get; set; } = [];
}

/// <summary>
/// A row an import inserted, or updated (with its values before, as JSON); or a run of rows inserted in bulk, ids
/// <see cref="EntityId"/> to <see cref="LastEntityId"/>.
/// </summary>
public sealed class ImportChange
{
    public long Id { get; set; }
    public long BatchId { get; set; }
    public required string EntityType { get; set; }
    public long EntityId { get; set; }
    public long? LastEntityId { get; set; }
    public ChangeAction Action { get; set; }
    public string? Before { get; set; }
}

/// <summary>The rows of one type that an import batch inserted or updated, read the way undo finds them.</summary>
internal static class ImportedRows
{
    /// <summary>
    /// The batch's change records of <typeparamref name="T"/> are loaded first (a run of ids per chunk inserted in bulk, a
    /// single id per row inserted or updated one by one — a handful for a clerk's file), then the rows are read by id: one
    /// primary-key range per run, a list of ids per thousand single rows. Each query has its bounds as parameters, so
    /// both engines look rows up by primary key whatever the size of the table.
    /// </summary>
    public static async Task<List<TResult>> ReadAsync<T, TResult>(CounterpartDbContext db, long batchId, System.Linq.Expressions.Expression<Func<T, TResult>> select,
        CancellationToken ct) where T : LedgerRecord
    {
        var type = typeof(T).Name;
        var changes = await db.Rows<ImportBatch>(Scope.Everything).Where(b => b.Id == batchId).SelectMany(b => b.Changes)
            .Where(c => c.EntityType == type).Select(c => new { First = c.EntityId, Last = c.LastEntityId ?? c.EntityId }).ToListAsync(ct);
        var rows = new List<TResult>();
        foreach (var run in changes.Where(c => c.Last > c.First))
        {
            rows.AddRange(await db.Rows<T>(Scope.Everything).Where(r => r.Id >= run.First && r.Id <= run.Last).Select(select).ToListAsync(ct));
        }

        foreach (var ids in changes.Where(c => c.Last == c.First).Select(c => c.First).Distinct().Chunk(1000))
        {
            rows.AddRange(await db.Rows<T>(Scope.Everything).Where(r => ids.Contains(r.Id)).Select(select).ToListAsync(ct));
        }

        return rows;
    }
}

internal sealed class ImportBatchConfiguration : IEntityTypeConfiguration<ImportBatch>
{
    public void Configure(EntityTypeBuilder<ImportBatch> b)
    {
        b.Property(x => x.Ledger).HasMaxLength(64);
        b.Property(x => x.FileName).HasMaxLength(260);
        b.Property(x => x.Sha256).HasMaxLength(64);
        b.Property(x => x.Actor).HasMaxLength(128);
        b.HasIndex(x => new { x.Ledger, x.Sha256 });
        b.HasMany(x => x.Changes).WithOne().HasForeignKey(c => c.BatchId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ImportChangeConfiguration : IEntityTypeConfiguration<ImportChange>
{
    public void Configure(EntityTypeBuilder<ImportChange> b)
    {
        b.Property(x => x.EntityType).HasMaxLength(64);
        b.HasIndex(x => new { x.EntityType, x.EntityId });
    }
}
