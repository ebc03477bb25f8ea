using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Counterpart.Inspections;

internal sealed class ChecklistConfiguration : IEntityTypeConfiguration<Checklist>
{
    public void Configure(EntityTypeBuilder<Checklist> b)
    {
        b.Property(c => c.Code).HasMaxLength(64);
        b.Property(c => c.Name).HasMaxLength(200);
        b.HasIndex(c => c.Code).IsUnique();
        b.HasMany(c => c.Items).WithOne().HasForeignKey(i => i.ChecklistId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ChecklistItemConfiguration : IEntityTypeConfiguration<ChecklistItem>
{
    public void Configure(EntityTypeBuilder<ChecklistItem> b)
    {
        b.Property(i => i.Text).HasMaxLength(500);
        b.HasIndex(i => new { i.ChecklistId, i.Number }).IsUnique();
    }
}

internal sealed class InspectionConfiguration : IEntityTypeConfiguration<Inspection>
{
    public void Configure(EntityTypeBuilder<Inspection> b)
    {
        b.Property(i => i.Inspector).HasMaxLength(64);
        b.Property(i => i.Summary).HasMaxLength(2000);
        b.HasOne(i => i.Site).WithMany().HasForeignKey(i => i.SiteOrgId);
        b.HasOne(i => i.Checklist).WithMany().HasForeignKey(i => i.ChecklistId);
        b.HasMany(i => i.Results).WithOne().HasForeignKey(r => r.InspectionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class InspectionResultConfiguration : IEntityTypeConfiguration<InspectionResult>
{
    public void Configure(EntityTypeBuilder<InspectionResult> b)
    {
        b.Property(r => r.Note).HasMaxLength(500);
        b.HasOne(r => r.Item).WithMany().HasForeignKey(r => r.ChecklistItemId);
    }
}
