using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Counterpart.Trainings;

internal sealed class TrainingConfiguration : IEntityTypeConfiguration<TrainingSession>
{
    public void Configure(EntityTypeBuilder<TrainingSession> b)
    {
        b.Property(t => t.Title).HasMaxLength(200);
        b.HasOne(t => t.EastOrg).WithMany().HasForeignKey(t => t.EastOrgId);
        b.HasOne(t => t.WestOrg).WithMany().HasForeignKey(t => t.WestOrgId);
        b.HasIndex(t => t.StartDate);
    }
}
