using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Counterpart.Projects;

internal sealed class ProjectConfiguration : IEntityTypeConfiguration<Project>
{
    public void Configure(EntityTypeBuilder<Project> b)
    {
        b.Property(p => p.Code).HasMaxLength(64);
        b.Property(p => p.Name).HasMaxLength(200);
        b.Property(p => p.Content).HasMaxLength(2000);
        b.Property(p => p.BenefitMechanism).HasMaxLength(200);
        b.Property(p => p.AssetOwner).HasMaxLength(200);
        b.HasIndex(p => p.Code).IsUnique();
        b.HasOne(p => p.WestOrg).WithMany().HasForeignKey(p => p.WestOrgId);
        b.HasOne(p => p.EastOrg).WithMany().HasForeignKey(p => p.EastOrgId);
        b.HasOne(p => p.BeneficiaryOrg).WithMany().HasForeignKey(p => p.BeneficiaryOrgId);
        b.HasMany(p => p.Funds).WithOne(f => f.Project).HasForeignKey(f => f.ProjectId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(p => p.Outcomes).WithOne(o => o.Project).HasForeignKey(o => o.ProjectId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ProjectOutcomeConfiguration : IEntityTypeConfiguration<ProjectOutcome>
{
    public void Configure(EntityTypeBuilder<ProjectOutcome> b)
    {
        b.Property(o => o.Name).HasMaxLength(200);
        b.Property(o => o.Unit).HasMaxLength(32);
        b.Property(o => o.Baseline).HasPrecision(18, 2);
        b.Property(o => o.Target).HasPrecision(18, 2);
        b.Property(o => o.Actual).HasPrecision(18, 2);
    }
}

internal sealed class ProjectFundConfiguration : IEntityTypeConfiguration<ProjectFund>
{
    public void Configure(EntityTypeBuilder<ProjectFund> b) => b.HasIndex(f => new { f.ProjectId, f.Source, f.Stage, f.Date });
}
