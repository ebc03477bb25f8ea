using Counterpart.Data;
using Counterpart.Organizations;

namespace Counterpart.Investment;

public enum InvestmentStatus
{
    Agreed,
    Landed,
    Withdrawn,
}

/// <summary>
/// An eastern enterprise guided to invest in the west (引导企业投资): signed → landed, with the money that
/// actually arrived recorded year by year in <see cref="InvestmentInflow"/>.
/// </summary>
public sealed class GuidedInvestment : LedgerRecord, ISidedRecord
{
    /// <summary>The eastern parent enterprise.</summary>
    public long? EastOrgId { get; set; }
    public Organization? EastOrg { get; set; }

    /// <summary>Where it lands: the local entity (subsidiary or plant) in the west tree.</summary>
    public long WestOrgId { get; set; }
    public Organization? WestOrg { get; set; }

    public long? ParkOrgId { get; set; }
    public Organization? Park { get; set; }
    public required string Industry { get; set; }
    public InvestmentStatus Status { get; set; }
    public DateOnly SignedOn { get; set; }
    public DateOnly? LandedOn { get; set; }

    /// <summary>Contracted amount in 元 (协议投资额).</summary>
    public decimal SignedAmount { get; set; }
    public List<InvestmentInflow> Inflows { get; set; } = [];
}

/// <summary>Investment actually arrived (实际到位) on a date; 元.</summary>
public sealed class InvestmentInflow : Data.IReviewed
{
    public long Id { get; set; }

    /// <summary>Its own review state (see <see cref="Data.IReviewed"/>).</summary>
    public Data.ReviewStatus ReviewState { get; set; } = Data.ReviewStatus.Approved;

    public long InvestmentId { get; set; }
    public GuidedInvestment? Investment { get; set; }
    public DateOnly Date { get; set; }
    public decimal Amount { get; set; }
}
