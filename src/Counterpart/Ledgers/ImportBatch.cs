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
