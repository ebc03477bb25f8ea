using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Counterpart.Donations;

internal sealed class DonationConfiguration : IEntityTypeConfiguration<Donation>
{
    public void Configure(EntityTypeBuilder<Donation> b)
    {
        b.Property(d => d.DonorName).HasMaxLength(200);
        b.Property(d => d.Purpose).HasMaxLength(500);
        b.Property(d => d.ReceiptNo).HasMaxLength(64);
        b.HasIndex(d => new { d.WestOrgId, d.ReceiptNo }).IsUnique();
        b.HasOne(d => d.EastOrg).WithMany().HasForeignKey(d => d.EastOrgId);
        b.HasOne(d => d.WestOrg).WithMany().HasForeignKey(d => d.WestOrgId);
    }
}
