using Counterpart.Data;
using Counterpart.Organizations;
using Counterpart.People;
using Counterpart.Talent;

namespace Counterpart.Reconciliation;

/// <summary>The flows between the two sides of a pairing that both sides report and that are reconciled (对账).</summary>
public enum FlowKind
{
    /// <summary>财政援助资金: cooperation funds disbursed for a project, matched by the project's number.</summary>
    FiscalAid,

    /// <summary>干部人才: a person sent to (or received from) the other side, matched by ID number (or name).</summary>
    People,

    /// <summary>消费帮扶采购: a purchase of western products by eastern buyers, matched by the voucher number.</summary>
    Purchases,

    /// <summary>社会捐赠: a gift of money or goods, matched by the recipient's receipt number.</summary>
    Donations,
}

/// <summary>
/// One item of a side's own list of a flow (对账清单): what the district office says it sent, or what the county says it
/// received, for the flows whose ledger is kept by the other side (ADR 15). The ledgers stay the one record that figures
/// count; a statement only answers them, so it never enters an indicator.
/// </summary>
public sealed class FlowStatement : LedgerRecord, ISidedRecord
{
    public FlowKind Kind { get; set; }

    public long? EastOrgId { get; set; }
    public Organization? EastOrg { get; set; }
    public long WestOrgId { get; set; }
    public Organization? WestOrg { get; set; }

    /// <summary>The number both sides know the item by: project number, voucher or receipt number; null for people.</summary>
    public string? Reference { get; set; }

    /// <summary>For people: the person's name, and the ID number when known (matched by it before the name).</summary>
    public string? PersonName { get; set; }
    public ProtectedId? IdNumber { get; set; }

    /// <summary>For people: which way the person went; money and goods always go east → west.</summary>
    public Direction Direction { get; set; }

    public DateOnly Date { get; set; }

    /// <summary>
    /// The year whose list the item belongs to (对账年度): by default the year of <see cref="Date"/>; a transfer made on
    /// 28 December for next year's list keeps its date and belongs to next year's list.
    /// </summary>
    public int Year { get; set; }

    /// <summary>元, for money and goods; null for people.</summary>
    public decimal? Amount { get; set; }

    public string? Note { get; set; }
}

/// <summary>
/// Why an item differs between the two sides' reports (差异说明), written by either side; the latest one stands. An item
/// with a note counts as explained, one without as flagged. Readable by both sides of the pairing.
/// </summary>
public sealed class ReconciliationNote : LedgerRecord, IPairingRecord
{
    public long PairingId { get; set; }
    public Pairings.Pairing? Pairing { get; set; }
    public FlowKind Kind { get; set; }
    public Direction Direction { get; set; }

    /// <summary>The item's match key as the reconciliation shows it (see <see cref="FlowItem.Key"/>).</summary>
    public required string ItemKey { get; set; }
    public required string Text { get; set; }
    public required string Author { get; set; }
    public DateTime WrittenAtUtc { get; set; }
}
