using Counterpart.Organizations;

namespace Counterpart.Data;

/// <summary>
/// Base of every ledger row: each row has an owning organization (whose clerks keep it and whose
/// subtree scopes who may see it). Dates live on the concrete rows because their meaning differs
/// (signed on, paid on, started on ...).
/// </summary>
public abstract class LedgerRecord : IReviewed
{
    public long Id { get; set; }
    public long OwnerOrgId { get; set; }
    public Organization? Owner { get; set; }

    /// <summary>
    /// Where the row stands in review (ADR 11). Rows a clerk writes are drafts until submitted and approved; rows written
    /// by the system (reference data, the server's command line) and rows stored before review existed are approved.
    /// Changed only by <see cref="Counterpart.Review.ReviewRules"/> and <see cref="Counterpart.Review.ReviewActions"/>.
    /// </summary>
    public ReviewStatus ReviewState { get; set; } = ReviewStatus.Approved;
}

/// <summary>
/// A row with its own review state: every ledger row, and the movements recorded under one over time (a project's fund
/// movements and outcomes, an investment's inflows), which are submitted and approved on their own — a disbursement
/// entered in June is reviewed in June, without reopening the project approved in March.
/// </summary>
public interface IReviewed
{
    ReviewStatus ReviewState { get; set; }
}

/// <summary>The review states of a ledger row or an import: draft → submitted → approved, or returned with a reason.</summary>
public enum ReviewStatus
{
    Draft,
    Submitted,
    Returned,
    Approved,
}

/// <summary>
/// A row that links the helping (east) side and the helped (west) side. Indicators for a pairing
/// select rows whose east org lies in the pairing's east subtree and whose west org lies in its west subtree.
/// </summary>
public interface ISidedRecord
{
    long? EastOrgId { get; }
    Organization? EastOrg { get; }
    long WestOrgId { get; }
    Organization? WestOrg { get; }
}

/// <summary>
/// A record of a pairing as a whole (its yearly agreement, an evaluation round): readable by both sides of the pairing,
/// written by its owner.
/// </summary>
public interface IPairingRecord
{
    long PairingId { get; }
    Pairings.Pairing? Pairing { get; }
}
