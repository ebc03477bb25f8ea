using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Counterpart.NeedsOffers;

internal sealed class NeedConfiguration : IEntityTypeConfiguration<Need>
{
    public void Configure(EntityTypeBuilder<Need> b)
    {
        b.Property(n => n.Title).HasMaxLength(200);
        b.Property(n => n.Area).HasMaxLength(64);
        b.HasOne(n => n.WestOrg).WithMany().HasForeignKey(n => n.WestOrgId);
        b.HasOne(n => n.MatchedProject).WithMany().HasForeignKey(n => n.MatchedProjectId);
    }
}

internal sealed class OfferConfiguration : IEntityTypeConfiguration<Offer>
{
    public void Configure(EntityTypeBuilder<Offer> b)
    {
        b.Property(o => o.Title).HasMaxLength(200);
        b.Property(o => o.Area).HasMaxLength(64);
        b.HasOne(o => o.EastOrg).WithMany().HasForeignKey(o => o.EastOrgId);
        b.HasOne(o => o.MatchedNeed).WithMany().HasForeignKey(o => o.MatchedNeedId);
    }
}
