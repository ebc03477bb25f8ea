using Counterpart.Data;
using Counterpart.Organizations;

namespace Counterpart.Projects;

public enum ProjectCategory
{
    Industry,
    Employment,
    Infrastructure,
    PublicService,
    RelocationFollowUp,
    Education,
    Medical,
    Other,
}

/// <summary>储备 → 立项 → 实施 → 完工 → 验收.</summary>
public enum ProjectStatus
{
    Reserve,
    Approved,
    Implementing,
    Completed,
    Accepted,
}

public enum FundSource
{
    Cooperation,
    Integrated,
    SelfRaised,
}

/// <summary>Allocation (下达) → disbursement to the county (拨付到位) → payment to contractors (支付).</summary>
public enum FundStage
{
    Allocation,
    Disbursement,
    Payment,
}

/// <summary>A cooperation project (帮扶项目) located in the west down to the village or site.</summary>
public sealed class Project : LedgerRecord, ISidedRecord
{
    public required string Code { get; set; }
    public int Year { get; set; }
    public required string Name { get; set; }
    public ProjectCategory Category { get; set; }
    public ProjectStatus Status { get; set; }
    public string? Content { get; set; }

    /// <summary>Where the project is built: a village, community, relocation site, park or unit.</summary>
    public long WestOrgId { get; set; }
    public Organization? WestOrg { get; set; }

    /// <summary>The eastern side that funds it (usually the paired district).</summary>
    public long? EastOrgId { get; set; }
    public Organization? EastOrg { get; set; }

    /// <summary>An enterprise or unit that directly receives the support, if any.</summary>
    public long? BeneficiaryOrgId { get; set; }
    public Organization? BeneficiaryOrg { get; set; }

    public DateOnly? ApprovedOn { get; set; }
    public DateOnly? StartedOn { get; set; }
    public DateOnly? CompletedOn { get; set; }
    public DateOnly? AcceptedOn { get; set; }

    public int BenefitHouseholds { get; set; }
    public int BenefitPersons { get; set; }
    public int BenefitPersonsLifted { get; set; }
    public string? BenefitMechanism { get; set; }
    public string? AssetOwner { get; set; }

    public List<ProjectFund> Funds { get; set; } = [];
    public List<ProjectOutcome> Outcomes { get; set; } = [];
}

/// <summary>
/// A performance target of a project and the value reached (绩效目标与完成值), e.g. the beneficiary's annual output
/// before and after, tests offered by a centre, seedlings raised a year.
/// </summary>
public sealed class ProjectOutcome : Data.IReviewed
{
    public long Id { get; set; }

    /// <summary>Its own review state (see <see cref="Data.IReviewed"/>).</summary>
    public Data.ReviewStatus ReviewState { get; set; } = Data.ReviewStatus.Approved;

    public long ProjectId { get; set; }
    public Project? Project { get; set; }
    public required string Name { get; set; }
    public required string Unit { get; set; }
    public decimal? Baseline { get; set; }
    public decimal Target { get; set; }
    public decimal? Actual { get; set; }
    public int? Year { get; set; }
}

/// <summary>One movement of money for a project; amounts in 元.</summary>
public sealed class ProjectFund : Data.IReviewed
{
    public long Id { get; set; }

    /// <summary>Its own review state (see <see cref="Data.IReviewed"/>).</summary>
    public Data.ReviewStatus ReviewState { get; set; } = Data.ReviewStatus.Approved;

    public long ProjectId { get; set; }
    public Project? Project { get; set; }
    public FundSource Source { get; set; }
    public FundStage Stage { get; set; }
    public DateOnly Date { get; set; }
    public decimal Amount { get; set; }
}
