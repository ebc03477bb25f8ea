using Counterpart.Data;
using Counterpart.Organizations;

namespace Counterpart.Consumption;

public enum SalesChannel
{
    Canteen,
    Market,
    TradeUnion,
    ECommerce,
    Platform832,
    SpecialtyStore,
    DirectPurchase,
}

public enum SaleKind
{
    /// <summary>Bought by eastern buyers (采购).</summary>
    Purchase,

    /// <summary>Sold with eastern help to other buyers (帮销).</summary>
    HelpSell,
}

/// <summary>A certified consumption-assistance product (消费帮扶产品) of the directory.</summary>
public sealed class Product : LedgerRecord
{
    public required string Code { get; set; }
    public required string Name { get; set; }
    public required string Category { get; set; }
    public long ProducerOrgId { get; set; }
    public Organization? Producer { get; set; }
    public DateOnly CertifiedOn { get; set; }
    public string? Description { get; set; }
}

/// <summary>
/// One sale or purchase with its voucher (invoice or contract number). The voucher is unique per seller,
/// so the same sale cannot be entered, or counted, twice.
/// </summary>
public sealed class Sale : LedgerRecord, ISidedRecord
{
    public long? ProductId { get; set; }
    public Product? Product { get; set; }

    /// <summary>The western seller (supplier).</summary>
    public long WestOrgId { get; set; }
    public Organization? WestOrg { get; set; }

    /// <summary>The eastern buyer or the eastern side that organised the sale.</summary>
    public long? EastOrgId { get; set; }
    public Organization? EastOrg { get; set; }

    public string? BuyerName { get; set; }
    public SaleKind Kind { get; set; }
    public SalesChannel Channel { get; set; }
    public DateOnly Date { get; set; }
    public decimal Amount { get; set; }
    public required string VoucherNo { get; set; }

    /// <summary>Whether it counts toward the eastern side's consumption-assistance figure.</summary>
    public bool CountsForEast { get; set; } = true;
}
