using Counterpart.Data;
using Counterpart.Organizations;

namespace Counterpart.Donations;

public enum DonationKind
{
    Money,
    Goods,
}

/// <summary>Money or goods (at value) given by eastern society (捐款捐物); amounts in 元.</summary>
public sealed class Donation : LedgerRecord, ISidedRecord
{
    public long? EastOrgId { get; set; }
    public Organization? EastOrg { get; set; }
    public string? DonorName { get; set; }
    public long WestOrgId { get; set; }
    public Organization? WestOrg { get; set; }
    public DonationKind Kind { get; set; }
    public DateOnly Date { get; set; }
    public decimal Amount { get; set; }
    public string? Purpose { get; set; }

    /// <summary>
    /// The number of the receipt the western side issued for the gift (捐赠票据号 / 受赠凭证号); unique per recipient,
    /// so the same gift cannot be entered, or counted, twice.
    /// </summary>
    public required string ReceiptNo { get; set; }
}
