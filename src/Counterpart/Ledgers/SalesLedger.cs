using System.Linq.Expressions;
using Counterpart.Consumption;
using Counterpart.Data;
using Counterpart.Organizations;
using Counterpart.People;
using Microsoft.EntityFrameworkCore;
using static Counterpart.Ledgers.CooperationSides;

namespace Counterpart.Ledgers;

/// <summary>
/// 消费帮扶销售台账: one row per purchase or assisted sale, with its voucher (invoice or contract number). A voucher is
/// recorded once per western seller, so the natural key is 销售单位 + 凭证号 and the same sale is never counted twice.
/// The product is optional and named by its number in the product directory.
/// </summary>
public sealed class SalesLedger : EntityLedger<Sale>
{
    internal static readonly ChoiceLabels<SaleKind> Kinds = new()
    {
        ["采购"] = SaleKind.Purchase, ["帮销"] = SaleKind.HelpSell,
    };

    internal static readonly ChoiceLabels<SalesChannel> Channels = new()
    {
        ["食堂采购"] = SalesChannel.Canteen, ["商超市场"] = SalesChannel.Market, ["工会采购"] = SalesChannel.TradeUnion, ["电商平台"] = SalesChannel.ECommerce,
        ["832平台"] = SalesChannel.Platform832, ["专馆专柜"] = SalesChannel.SpecialtyStore, ["直采直供"] = SalesChannel.DirectPurchase,
    };

    private static readonly UpdatableFields<Sale> Updatable = new UpdatableFields<Sale>()
        .Add(s => s.ProductId).Add(s => s.Kind).Add(s => s.Channel).Add(s => s.Date).Add(s => s.Amount).Add(s => s.EastOrgId).Add(s => s.BuyerName, SameText)
        .Add(s => s.CountsForEast).Add(s => s.OwnerOrgId);

    public override string Name => "sales";

    public override string Title => "消费帮扶销售台账";

    public override string NaturalKey => "销售单位 + 凭证号";

    public override IReadOnlyList<LedgerColumn> Columns { get; } =
    [
        new("seller", "销售单位", CellKind.Organization, true, "西部供货、销售的企业或合作社，填统一社会信用代码或完整名称", "独山县刺梨食品有限公司")
        {
            Aliases = ["销售单位（西部）", "供应商", "供货单位", "销售方"],
        },
        new("voucher", "凭证号", CellKind.Text, true, "发票号码或合同编号；同一销售单位的凭证号不能重复", "FP2024000123")
        {
            MaxLength = 64, Aliases = ["发票号", "发票号码", "合同编号", "凭证编号", "票据号"],
        },
        new("product", "产品编号", CellKind.Text, false, "消费帮扶产品目录中的产品编号；不是认定产品的不填", "XFBF-522726-001")
        {
            MaxLength = 64, Aliases = ["认定产品编号", "认定编号"],
        },
        new("kind", "销售类型", CellKind.Choice, true, "采购：东部单位直接购买；帮销：东部帮助销往其他买家", "采购")
        {
            Choices = [.. Kinds.Keys], Aliases = ["类型", "消费帮扶类型"],
        },
        new("channel", "销售渠道", CellKind.Choice, true, "通过什么渠道售出", "工会采购") { Choices = [.. Channels.Keys], Aliases = ["渠道"] },
        new("date", "销售日期", CellKind.Date, true, "开票或成交的日期", "2024-06-18") { Aliases = ["日期", "开票日期", "交易日期"] },
        new("amount", "金额（元）", CellKind.Amount, true, "凭证上的金额", "12800") { Aliases = ["销售金额", "采购金额", "交易金额"] },
        new("east", "东部单位", CellKind.Organization, false, "购买的东部单位，或组织帮销的东部单位；计入东部的必填", "黄埔区总工会")
        {
            Aliases = ["东部采购单位", "采购单位", "东部帮销单位"],
        },
        new("buyer", "购买方", CellKind.Text, false, "购买方不是系统内东部单位的，填其名称", "") { MaxLength = 200, Aliases = ["购买方名称", "采购方名称", "买方"] },
        new("counts", "计入东部", CellKind.YesNo, true, "是否计入东部地区的消费帮扶数（东部采购或帮销的填是）", "是") { Aliases = ["是否计入东部", "计入东部协作"] },
        new("owner", "填报单位", CellKind.Organization, true, "负责这条记录的单位", "522726"),
    ];

    internal override string? Check(RowValues row, OrgDirectory orgs, DateOnly today)
    {
        var seller = row.Get<Organization>("seller");
        var east = row.Get<Organization>("east");
        if (seller is not null && !IsBusinessUnit(seller))
        {
            row.Fail("seller", $"“{seller.Name}”是地区或园区；销售单位应填企业、合作社等经营主体", "逻辑矛盾");
        }

        if (seller is not null && east is not null && orgs.CommonProvince(east, seller) is { } province)
        {
            row.Fail("east", $"与销售单位同在{province.Name}，不是东部单位", "逻辑矛盾");
        }

        var counts = row.Get<bool?>("counts");
        if (counts == true && east is null && !row.Errors.Exists(e => e.Column == "东部单位"))
        {
            row.Fail("east", "“计入东部”为“是”时必填（购买或组织帮销的东部单位）", "必填项为空");
        }
        else if (counts == false && east is null && !row.Has("buyer") && !row.Errors.Exists(e => e.Column == "东部单位"))
        {
            row.Fail("buyer", "东部单位和购买方至少填一项", "必填项为空");
        }

        if (row.Get<DateOnly?>("date") > today)
        {
            row.Fail("date", "销售日期晚于今天", "逻辑矛盾");
        }

        if (row.Get<decimal?>("amount") == 0m)
        {
            row.Fail("amount", "金额应大于0", "逻辑矛盾");
        }

        return row.Ok ? $"{seller!.Code.ToUpperInvariant()}|{row.Get<string>("voucher")}" : null;
    }

    /// <summary>A product number, when given, must be in the product directory.</summary>
    internal override async Task CheckStoredAsync(ImportApplyContext context, IReadOnlyList<RowValues> rows, CancellationToken ct)
    {
        var products = await ProductsOfAsync(context.Db, rows, ct);
        foreach (var row in rows)
        {
            if (row.Get<string>("product") is { } code && !products.ContainsKey(ProductLedger.CodeOf(code)))
            {
                row.Fail("product", "消费帮扶产品目录中没有这个产品编号；请先导入产品目录，或核对编号（不是认定产品的不填）", "引用不存在");
            }
        }
    }

    private static Task<Dictionary<string, Product>> ProductsOfAsync(CounterpartDbContext db, IReadOnlyList<RowValues> rows, CancellationToken ct) =>
        ProductLedger.StoredAsync(db, rows.Where(r => r.Has("product")).Select(r => ProductLedger.CodeOf(r.Get<string>("product")!)), ct);

    internal override async Task ApplyAsync(ImportApplyContext context, IReadOnlyList<RowValues> rows, CancellationToken ct)
    {
        var db = context.Db;
        var stored = new Dictionary<(long Seller, string Voucher), Sale>();
        foreach (var chunk in rows.Select(r => r.Get<string>("voucher")!).Distinct(StringComparer.Ordinal).Chunk(500))
        {
            foreach (var s in await db.Rows<Sale>(Scope.Everything).Where(s => chunk.Contains(s.VoucherNo)).ToListAsync(ct))
            {
                stored[(s.WestOrgId, s.VoucherNo)] = s;
            }
        }

        var products = await ProductsOfAsync(db, rows, ct);
        foreach (var row in rows)
        {
            var seller = row.Get<Organization>("seller")!;
            long? productId = null;
            if (row.Get<string>("product") is { } code)
            {
                productId = products.TryGetValue(ProductLedger.CodeOf(code), out var product)
                    ? product.Id
                    : throw new InvalidOperationException($"Row {row.Row}: product {code} is not stored, yet passed CheckStoredAsync.");
            }

            var fresh = new Sale
            {
                WestOrgId = seller.Id, VoucherNo = row.Get<string>("voucher")!, ProductId = productId, Kind = Kinds[row.Get<string>("kind")!],
                Channel = Channels[row.Get<string>("channel")!], Date = row.Get<DateOnly?>("date")!.Value, Amount = row.Get<decimal?>("amount")!.Value,
                EastOrgId = row.Get<Organization>("east")?.Id, BuyerName = row.Get<string>("buyer"), CountsForEast = row.Get<bool?>("counts")!.Value,
                OwnerOrgId = row.Get<Organization>("owner")!.Id,
            };
            context.Upsert(stored.GetValueOrDefault((seller.Id, fresh.VoucherNo)), fresh, Updatable);
        }
    }

    internal override IQueryable<Sale> Dated(CounterpartDbContext db, Scope scope, int fromYear, int toYear)
    {
        var (from, to) = YearSpan(fromYear, toYear);
        return db.Rows<Sale>(scope).Where(s => s.Date >= from && s.Date <= to);
    }

    internal override IReadOnlyDictionary<string, Expression<Func<Sale, object?>>> SortKeys { get; } = new Dictionary<string, Expression<Func<Sale, object?>>>
    {
        ["seller"] = s => s.WestOrg!.Code, ["voucher"] = s => s.VoucherNo, ["product"] = s => s.Product!.Code, ["kind"] = s => s.Kind, ["channel"] = s => s.Channel,
        ["date"] = s => s.Date, ["amount"] = s => s.Amount, ["east"] = s => s.EastOrg!.Code,
    };

    internal override Expression<Func<Sale, bool>> Search(string text) =>
        s => s.VoucherNo.Contains(text) || s.WestOrg!.Name.Contains(text) || s.Product!.Code.Contains(text) || s.Product!.Name.Contains(text)
            || s.EastOrg!.Name.Contains(text) || s.BuyerName!.Contains(text);

    internal override async IAsyncEnumerable<LedgerRow> CellsAsync(IQueryable<Sale> rows, PersonalDataProtector protector, bool unmasked,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var projected = rows.Select(s => new
            {
                s.Id, s.ReviewState, Seller = s.WestOrg!.Code, s.VoucherNo, Product = s.Product!.Code, s.Kind, s.Channel, s.Date, s.Amount, East = s.EastOrg!.Code, s.BuyerName,
                s.CountsForEast, Owner = s.Owner!.Code,
            }).AsAsyncEnumerable();
        await foreach (var s in projected.WithCancellation(ct))
        {
            yield return new LedgerRow(s.Id, s.ReviewState,
            [
                s.Seller, s.VoucherNo, s.Product ?? "", Kinds[s.Kind], Channels[s.Channel], Iso(s.Date), Yuan(s.Amount), s.East ?? "", s.BuyerName ?? "",
                s.CountsForEast ? "是" : "否", s.Owner,
            ]);
        }
    }
}
