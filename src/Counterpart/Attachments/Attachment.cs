using Counterpart.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Counterpart.Attachments;

/// <summary>What a file is, from its first bytes (never from its name).</summary>
public enum AttachmentType
{
    Jpeg,
    Png,
    Pdf,
}

/// <summary>
/// A photo or scanned document kept as evidence on a ledger row (a project's site photo, an honour's certificate, an
/// inspection's rectification proof). It belongs to the row's owner, so it is read and written within the same scope as
/// its row, goes through review and the audit trail like any row (the bytes are recorded as “（已加密）”, never copied
/// into the trail), and is stored in the database so that every web node and every backup has it.
/// </summary>
public sealed class Attachment : LedgerRecord
{
    /// <summary>The ledger of the row (its name in the ledger catalog, e.g. "projects").</summary>
    public required string Ledger { get; set; }

    /// <summary>The row's id in that ledger.</summary>
    public long RecordId { get; set; }

    public required string FileName { get; set; }
    public AttachmentType Type { get; set; }
    public long Size { get; set; }
    public required string Sha256 { get; set; }
    public string? Note { get; set; }
    public required byte[] Content { get; set; }

    /// <summary>A small JPEG of a photo (longest side 240 px); null for documents.</summary>
    public byte[]? Thumbnail { get; set; }

    public required string UploadedBy { get; set; }
    public DateTimeOffset UploadedAtUtc { get; set; }
}

internal sealed class AttachmentConfiguration : IEntityTypeConfiguration<Attachment>
{
    public void Configure(EntityTypeBuilder<Attachment> b)
    {
        b.HasIndex(a => new { a.Ledger, a.RecordId });
        b.Property(a => a.Ledger).HasMaxLength(64);
        b.Property(a => a.FileName).HasMaxLength(200);
        b.Property(a => a.Sha256).HasMaxLength(64);
        b.Property(a => a.Note).HasMaxLength(500);
        b.Property(a => a.UploadedBy).HasMaxLength(256);
    }
}
