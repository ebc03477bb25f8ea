using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Counterpart.Evaluation;

internal sealed class EvaluationRoundConfiguration : IEntityTypeConfiguration<EvaluationRound>
{
    public void Configure(EntityTypeBuilder<EvaluationRound> b)
    {
        b.Property(r => r.Name).HasMaxLength(200);
        b.HasOne(r => r.Pairing).WithMany().HasForeignKey(r => r.PairingId);
        b.HasIndex(r => new { r.PairingId, r.Year, r.Level }).IsUnique();
    }
}

internal sealed class FindingConfiguration : IEntityTypeConfiguration<Finding>
{
    public void Configure(EntityTypeBuilder<Finding> b)
    {
        b.Property(f => f.Area).HasMaxLength(64);
        b.Property(f => f.Description).HasMaxLength(2000);
        b.HasOne(f => f.EvaluationRound).WithMany().HasForeignKey(f => f.EvaluationRoundId);
        b.HasOne(f => f.Inspection).WithMany().HasForeignKey(f => f.InspectionId);
        b.HasOne(f => f.Concerns).WithMany().HasForeignKey(f => f.ConcernsOrgId);
    }
}

internal sealed class RectificationConfiguration : IEntityTypeConfiguration<RectificationTask>
{
    public void Configure(EntityTypeBuilder<RectificationTask> b)
    {
        b.Property(r => r.Measure).HasMaxLength(2000);
        b.Property(r => r.Evidence).HasMaxLength(2000);
        b.HasOne(r => r.Finding).WithMany(f => f.Tasks).HasForeignKey(r => r.FindingId);
    }
}
