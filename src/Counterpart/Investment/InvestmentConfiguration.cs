using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Counterpart.Investment;

internal sealed class InvestmentConfiguration : IEntityTypeConfiguration<GuidedInvestment>
{
    public void Configure(EntityTypeBuilder<GuidedInvestment> b)
    {
        b.Property(i => i.Industry).HasMaxLength(64);
        b.HasOne(i => i.EastOrg).WithMany().HasForeignKey(i => i.EastOrgId);
        b.HasOne(i => i.WestOrg).WithMany().HasForeignKey(i => i.WestOrgId);
        b.HasOne(i => i.Park).WithMany().HasForeignKey(i => i.ParkOrgId);
        b.HasMany(i => i.Inflows).WithOne(f => f.Investment).HasForeignKey(f => f.InvestmentId).OnDelete(DeleteBehavior.Cascade);
    }
}
