using Counterpart.Organizations;

namespace Counterpart.Data;

/// <summary>
/// Base of every ledger row: each row has an owning organization (whose clerks keep it and whose
/// subtree scopes who may see it). Dates live on the concrete rows because their meaning differs
/// (signed on, paid on, started on ...).
/// </summary>
public abstract class LedgerRecord
{
    public long Id { get; set; }
    public long OwnerOrgId { get; set; }
    public Organization? Owner { get; set; }
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
