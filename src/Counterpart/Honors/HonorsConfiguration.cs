using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Counterpart.Honors;

internal sealed class HonorConfiguration : IEntityTypeConfiguration<Honor>
{
    public void Configure(EntityTypeBuilder<Honor> b)
    {
        b.Property(h => h.Title).HasMaxLength(200);
        b.Property(h => h.AwardedBy).HasMaxLength(200);
        b.Property(h => h.RecipientPerson).HasMaxLength(64);
        b.HasOne(h => h.Recipient).WithMany().HasForeignKey(h => h.RecipientOrgId);
    }
}

internal sealed class CaseStoryConfiguration : IEntityTypeConfiguration<CaseStory>
{
    public void Configure(EntityTypeBuilder<CaseStory> b)
    {
        b.Property(c => c.Title).HasMaxLength(200);
        b.Property(c => c.Summary).HasMaxLength(4000);
        b.Property(c => c.PhotoPaths).HasMaxLength(2000);
        b.HasOne(c => c.Subject).WithMany().HasForeignKey(c => c.SubjectOrgId);
    }
}
