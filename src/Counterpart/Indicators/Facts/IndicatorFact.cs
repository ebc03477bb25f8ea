using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Counterpart.Indicators.Facts;

/// <summary>What a row of <see cref="IndicatorFact"/> counts.</summary>
public enum FactKind
{
    /// <summary>Cooperation funds disbursed to a project (拨付到位); Category = project category; Value in 分.</summary>
    FundsDisbursed = 1,

    /// <summary>A project approved in the year that has cooperation funds and is not a reserve project; Count = 1.</summary>
    ProjectsFunded = 2,

    /// <summary>Sales that count for the east; Value in 分.</summary>
    Sales = 3,

    /// <summary>Donations; Value in 分.</summary>
    Donations = 4,

    /// <summary>Training sessions; Category = domain, Variant = 1 when market-oriented; Count = sessions, Value = attendance.</summary>
    Trainings = 5,

    /// <summary>
    /// Jobs of one person that become stable on <see cref="IndicatorFact.Since"/>; Category = destination, Variant =
    /// household type, RefId = employer organization, SubjectId = person; Count = jobs. Distinct persons are counted at
    /// query time, since persons do not add up across years or places.
    /// </summary>
    Jobs = 6,
}

/// <summary>
/// One cell of the indicator summaries: how many ledger rows (Count) and how much (Value) fall on one combination of
/// owner, sides, year and the dimensions of a <see cref="FactKind"/>. Kept up to date in the transaction of every write
/// by <see cref="FactMaintainer"/>; never edited by hand. Organizations are ids without foreign keys (0 = no eastern
/// side), so the combination can be a unique key that writers add to concurrently.
/// </summary>
public sealed class IndicatorFact
{
    public long Id { get; set; }
    public FactKind Kind { get; set; }
    public long OwnerOrgId { get; set; }
    public long EastOrgId { get; set; }
    public long WestOrgId { get; set; }
    public int Year { get; set; }

    /// <summary>Whether the rows were approved in review (ADR 11): approved-only summaries read only these cells.</summary>
    public bool Approved { get; set; }
    public int Category { get; set; }
    public int Variant { get; set; }
    public long RefId { get; set; }
    public long SubjectId { get; set; }
    public DateOnly Since { get; set; }
    public long Count { get; set; }
    public long Value { get; set; }
}

/// <summary>
/// Under which counting rules the facts were built. Without this row the facts are not maintained and figures are
/// computed from the ledger rows; with rules different from the configured ones, likewise, until a rebuild.
/// </summary>
public sealed class IndicatorFactState
{
    public int Id { get; set; }
    public int StableEmploymentMonths { get; set; }
    public DateTime BuiltAtUtc { get; set; }
}

internal sealed class IndicatorFactConfiguration : IEntityTypeConfiguration<IndicatorFact>
{
    public void Configure(EntityTypeBuilder<IndicatorFact> b)
    {
        b.Property(f => f.Kind).HasConversion<int>();
        b.HasIndex(FactMaintainer.KeyColumns).IsUnique();
        b.HasIndex(f => new { f.Kind, f.WestOrgId, f.Year });
        b.HasIndex(f => new { f.Kind, f.EastOrgId, f.Year });
        b.HasIndex(f => f.Count).HasFilter("\"Count\" = 0");
    }
}

internal sealed class IndicatorFactStateConfiguration : IEntityTypeConfiguration<IndicatorFactState>
{
    public void Configure(EntityTypeBuilder<IndicatorFactState> b) => b.Property(s => s.Id).ValueGeneratedNever();
}
