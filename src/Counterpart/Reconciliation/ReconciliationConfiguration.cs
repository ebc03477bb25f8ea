using Counterpart.People;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Counterpart.Reconciliation;

internal sealed class FlowStatementConfiguration : IEntityTypeConfiguration<FlowStatement>
{
    public void Configure(EntityTypeBuilder<FlowStatement> b)
    {
        b.Property(s => s.Reference).HasMaxLength(64);
        b.Property(s => s.PersonName).HasMaxLength(64);
        b.Property(s => s.Note).HasMaxLength(500);
        // One person is in many statements (each stay, each side): the hash is an index, not a key.
        b.OwnsOne(s => s.IdNumber, id => ProtectedIdMapping.Configure(id, unique: false));
        b.HasOne(s => s.EastOrg).WithMany().HasForeignKey(s => s.EastOrgId);
        b.HasOne(s => s.WestOrg).WithMany().HasForeignKey(s => s.WestOrgId);
        b.HasIndex(s => new { s.OwnerOrgId, s.Kind, s.Date });
    }
}

internal sealed class ReconciliationNoteConfiguration : IEntityTypeConfiguration<ReconciliationNote>
{
    public void Configure(EntityTypeBuilder<ReconciliationNote> b)
    {
        b.Property(n => n.ItemKey).HasMaxLength(128);
        b.Property(n => n.Text).HasMaxLength(500);
        b.Property(n => n.Author).HasMaxLength(64);
        b.HasOne(n => n.Pairing).WithMany().HasForeignKey(n => n.PairingId);
        b.HasIndex(n => new { n.PairingId, n.Kind, n.ItemKey });
    }
}
