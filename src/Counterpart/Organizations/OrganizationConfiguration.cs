using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Counterpart.Organizations;

internal sealed class OrganizationConfiguration : IEntityTypeConfiguration<Organization>
{
    public void Configure(EntityTypeBuilder<Organization> b)
    {
        b.Property(o => o.Code).HasMaxLength(64);
        b.Property(o => o.Name).HasMaxLength(200);
        b.Property(o => o.Path).HasMaxLength(400);
        b.Property(o => o.CreditCode).HasMaxLength(18);
        b.HasIndex(o => o.Code).IsUnique();
        b.HasIndex(o => o.Path);
        b.HasIndex(o => o.Name);
        b.HasOne(o => o.Parent).WithMany().HasForeignKey(o => o.ParentId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(o => o.CoBuiltBy).WithMany().HasForeignKey(o => o.CoBuiltByOrgId).OnDelete(DeleteBehavior.Restrict);
    }
}
