using Counterpart.Data;
using Counterpart.Organizations;
using Counterpart.Projects;

namespace Counterpart.NeedsOffers;

public enum MatchStatus
{
    Open,
    Matched,
    Closed,
}

/// <summary>An item of the western side's needs list (独山所需).</summary>
public sealed class Need : LedgerRecord
{
    public required string Title { get; set; }
    public required string Area { get; set; }
    public int Year { get; set; }
    public long WestOrgId { get; set; }
    public Organization? WestOrg { get; set; }
    public MatchStatus Status { get; set; }
    public long? MatchedProjectId { get; set; }
    public Project? MatchedProject { get; set; }
}

/// <summary>An item of the eastern side's offers (黄埔所能).</summary>
public sealed class Offer : LedgerRecord
{
    public required string Title { get; set; }
    public required string Area { get; set; }
    public int Year { get; set; }
    public long EastOrgId { get; set; }
    public Organization? EastOrg { get; set; }
    public MatchStatus Status { get; set; }
    public long? MatchedNeedId { get; set; }
    public Need? MatchedNeed { get; set; }
}
