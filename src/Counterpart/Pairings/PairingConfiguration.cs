using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Counterpart.Pairings;

internal sealed class PairingConfiguration : IEntityTypeConfiguration<Pairing>
{
    public void Configure(EntityTypeBuilder<Pairing> b)
    {
        b.HasOne(p => p.EastOrg).WithMany().HasForeignKey(p => p.EastOrgId);
        b.HasOne(p => p.WestOrg).WithMany().HasForeignKey(p => p.WestOrgId);
        b.HasOne(p => p.ParentPairing).WithMany().HasForeignKey(p => p.ParentPairingId);
        b.HasIndex(p => new { p.Kind, p.EastOrgId, p.WestOrgId, p.StartDate }).IsUnique();
    }
}
