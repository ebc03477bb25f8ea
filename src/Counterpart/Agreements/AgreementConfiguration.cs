using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Counterpart.Agreements;

internal sealed class AgreementConfiguration : IEntityTypeConfiguration<Agreement>
{
    public void Configure(EntityTypeBuilder<Agreement> b)
    {
        b.Property(a => a.Title).HasMaxLength(200);
        b.HasIndex(a => new { a.PairingId, a.Year }).IsUnique();
        b.HasMany(a => a.Targets).WithOne(t => t.Agreement).HasForeignKey(t => t.AgreementId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AgreementTargetConfiguration : IEntityTypeConfiguration<AgreementTarget>
{
    public void Configure(EntityTypeBuilder<AgreementTarget> b)
    {
        b.Property(t => t.IndicatorCode).HasMaxLength(64);
        b.Property(t => t.Target).HasPrecision(18, 2);
        b.HasIndex(t => new { t.AgreementId, t.IndicatorCode }).IsUnique();
    }
}
