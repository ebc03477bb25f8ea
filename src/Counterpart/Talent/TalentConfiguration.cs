using Counterpart.People;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Counterpart.Talent;

internal sealed class TalentPersonConfiguration : IEntityTypeConfiguration<TalentPerson>
{
    public void Configure(EntityTypeBuilder<TalentPerson> b)
    {
        b.Property(p => p.Name).HasMaxLength(64);
        b.OwnsOne(p => p.IdNumber, ProtectedIdMapping.Configure);
    }
}

internal sealed class TalentAssignmentConfiguration : IEntityTypeConfiguration<TalentAssignment>
{
    public void Configure(EntityTypeBuilder<TalentAssignment> b)
    {
        b.Property(a => a.Post).HasMaxLength(200);
        b.HasOne(a => a.Person).WithMany().HasForeignKey(a => a.PersonId);
        b.HasOne(a => a.EastOrg).WithMany().HasForeignKey(a => a.EastOrgId);
        b.HasOne(a => a.WestOrg).WithMany().HasForeignKey(a => a.WestOrgId);
        b.HasIndex(a => new { a.PersonId, a.StartDate });
    }
}
