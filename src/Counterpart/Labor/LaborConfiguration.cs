using Counterpart.People;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Counterpart.Labor;

internal sealed class PersonConfiguration : IEntityTypeConfiguration<Person>
{
    public void Configure(EntityTypeBuilder<Person> b)
    {
        b.Property(p => p.Name).HasMaxLength(64);
        b.OwnsOne(p => p.IdNumber, ProtectedIdMapping.Configure);
        b.Navigation(p => p.IdNumber).IsRequired();
        b.HasOne(p => p.Home).WithMany().HasForeignKey(p => p.HomeOrgId);
    }
}

internal sealed class EmploymentConfiguration : IEntityTypeConfiguration<Employment>
{
    public void Configure(EntityTypeBuilder<Employment> b)
    {
        b.Property(e => e.EmployerName).HasMaxLength(200);
        b.Property(e => e.WorkPlaceCode).HasMaxLength(12);
        b.HasOne(e => e.Person).WithMany().HasForeignKey(e => e.PersonId);
        b.HasOne(e => e.WestOrg).WithMany().HasForeignKey(e => e.WestOrgId);
        b.HasOne(e => e.EastOrg).WithMany().HasForeignKey(e => e.EastOrgId);
        b.HasOne(e => e.Employer).WithMany().HasForeignKey(e => e.EmployerOrgId);
        b.HasOne<Counterpart.Organizations.Organization>().WithMany().HasForeignKey(e => e.LaborStationOrgId);
        b.HasIndex(e => new { e.PersonId, e.StartDate });
        b.HasIndex(e => e.StartDate);
    }
}
