using System.Linq.Expressions;
using Counterpart.Data;
using Counterpart.Investment;
using Counterpart.Organizations;
using Counterpart.People;
using Microsoft.EntityFrameworkCore;
using static Counterpart.Ledgers.CooperationSides;

namespace Counterpart.Ledgers;

/// <summary>
/// 引导企业投资台账: eastern enterprises guided to invest in the west, from signing to landing (or withdrawal). The
/// entity has no number of its own, so a row is identified by the eastern enterprise, the local entity it landed in and
/// the signing date. The money that actually arrived is a separate ledger (<see cref="InvestmentInflowLedger"/>).
/// </summary>
public sealed class InvestmentLedger : EntityLedger<GuidedInvestment>
{
    internal static readonly ChoiceLabels<InvestmentStatus> Statuses = new()
    {
        ["签约"] = InvestmentStatus.Agreed, ["落地"] = InvestmentStatus.Landed, ["撤资"] = InvestmentStatus.Withdrawn,
    };

    private static readonly UpdatableFields<GuidedInvestment> Updatable = new UpdatableFields<GuidedInvestment>()
        .Add(i => i.ParkOrgId).Add(i => i.Industry, SameText).Add(i => i.Status).Add(i => i.LandedOn).Add(i => i.SignedAmount).Add(i => i.OwnerOrgId);

    /// <summary>Other headers of the key columns, which the inflows ledger repeats to name an investment.</summary>
    internal static readonly string[] EastAliases = ["投资企业", "东部投资企业", "引导企业", "投资方"];

    internal static readonly string[] WestAliases = ["落地主体", "西部落地企业", "落地企业（西部主体）", "项目企业"];

    internal static readonly string[] SignedAliases = ["协议签订日期", "签约时间"];

    public override string Name => "investment";

    public override string Title => "引导企业投资台账";

    public override string NaturalKey => "东部企业 + 落地企业 + 签约日期";

    public override IReadOnlyList<LedgerColumn> Columns { get; } =
    [
        new("east", "东部企业", CellKind.Organization, true, "被引导到西部投资的东部企业（投资方），填统一社会信用代码或完整名称", "广州穗农食用菌科技有限公司")
        {
            Aliases = EastAliases,
        },
        new("west", "落地企业", CellKind.Organization, true, "在本地设立或投资的企业（子公司、工厂）；尚未设立的，签约时可先填县", "独山穗农食用菌有限公司")
        {
            Aliases = WestAliases,
        },
        new("park", "落地园区", CellKind.Organization, false, "落在产业园区的，填园区的代码或名称；不在园区的不填", "黄埔—独山现代农业产业园")
        {
            Aliases = ["所在园区", "入驻园区", "产业园区"],
        },
        new("industry", "所属产业", CellKind.Text, true, "投资的产业或行业", "食用菌") { MaxLength = 64, Aliases = ["产业类别", "行业", "产业"] },
        new("status", "投资状态", CellKind.Choice, true, "签约：已签协议未落地；落地：已注册或开工；撤资：已退出", "落地")
        {
            Choices = [.. Statuses.Keys], Aliases = ["状态", "项目状态"],
        },
        new("signed", "签约日期", CellKind.Date, true, "投资协议签订的日期", "2021-09-15") { Aliases = SignedAliases },
        new("landed", "落地日期", CellKind.Date, false, "企业注册或开工的日期；状态为“落地”时必填，“签约”时不填", "2022-03-09")
        {
            Aliases = ["落地时间", "投产日期"],
        },
        new("amount", "协议投资额（万元）", CellKind.Amount, true, "协议约定的投资总额", "6240") { Aliases = ["协议投资额", "签约金额", "计划投资额"] },
        new("owner", "填报单位", CellKind.Organization, true, "负责这条记录的单位（县、园区等）", "522726"),
    ];

    internal override string? Check(RowValues row, OrgDirectory orgs, DateOnly today)
    {
        var east = row.Get<Organization>("east");
        var west = row.Get<Organization>("west");
        var status = row.Get<string>("status");
        var signed = row.Get<DateOnly?>("signed");
        var landed = row.Get<DateOnly?>("landed");
        if (east is not null && east.Kind != OrgKind.Enterprise)
        {
            row.Fail("east", $"“{east.Name}”在系统中不是企业；东部企业应填投资方企业", "逻辑矛盾");
        }
        else if (east is not null && west is not null && east.Id == west.Id)
        {
            row.Fail("west", "落地企业不能与东部企业是同一个", "逻辑矛盾");
        }
        else if (east is not null && west is not null && orgs.CommonProvince(east, west) is { } province)
        {
            row.Fail("east", $"与落地企业同在{province.Name}，不是东部企业", "逻辑矛盾");
        }

        if (row.Get<Organization>("park") is { Kind: not OrgKind.IndustrialPark } notPark)
        {
            row.Fail("park", $"“{notPark.Name}”不是产业园区", "逻辑矛盾");
        }

        if (status == "落地" && west is not null && !IsBusinessUnit(west))
        {
            row.Fail("west", $"已落地的投资，落地企业应填在本地登记的企业，不能是“{west.Name}”这样的地区", "逻辑矛盾");
        }

        if (status == "落地" && landed is null && !row.Errors.Exists(e => e.Column == "落地日期"))
        {
            row.Fail("landed", "投资状态为“落地”时必填", "必填项为空");
        }
        else if (status == "签约" && landed is not null)
        {
            row.Fail("landed", "投资状态为“签约”（尚未落地）时不填落地日期；已落地的请把状态改为“落地”", "逻辑矛盾");
        }
        else if (signed is { } s && landed is { } l && l < s)
        {
            row.Fail("landed", "落地日期早于签约日期", "逻辑矛盾");
        }

        if (signed > today)
        {
            row.Fail("signed", "签约日期晚于今天", "逻辑矛盾");
        }

        if (landed > today)
        {
            row.Fail("landed", "落地日期晚于今天；尚未落地的请把状态填为“签约”", "逻辑矛盾");
        }

        if (row.Get<decimal?>("amount") == 0m)
        {
            row.Fail("amount", "协议投资额应大于0", "逻辑矛盾");
        }

        return row.Ok ? KeyOf(east!, west!, signed!.Value) : null;
    }

    internal static string KeyOf(Organization east, Organization west, DateOnly signed) =>
        $"{east.Code.ToUpperInvariant()}|{west.Code.ToUpperInvariant()}|{Iso(signed)}";

    internal override async Task ApplyAsync(ImportApplyContext context, IReadOnlyList<RowValues> rows, CancellationToken ct)
    {
        var stored = await StoredAsync(context.Db, rows.Select(r => r.Get<Organization>("west")!.Id), ct);
        foreach (var row in rows)
        {
            var east = row.Get<Organization>("east")!;
            var west = row.Get<Organization>("west")!;
            var fresh = new GuidedInvestment
            {
                EastOrgId = east.Id, WestOrgId = west.Id, ParkOrgId = row.Get<Organization>("park")?.Id, Industry = row.Get<string>("industry")!,
                Status = Statuses[row.Get<string>("status")!], SignedOn = row.Get<DateOnly?>("signed")!.Value, LandedOn = row.Get<DateOnly?>("landed"),
                SignedAmount = row.Get<decimal?>("amount")!.Value, OwnerOrgId = row.Get<Organization>("owner")!.Id,
            };
            context.Upsert(stored.GetValueOrDefault((east.Id, west.Id, fresh.SignedOn)), fresh, Updatable);
        }
    }

    /// <summary>Stored investments landing in the given local entities, by natural key (the first one if a key was stored twice).</summary>
    internal static async Task<Dictionary<(long? East, long West, DateOnly Signed), GuidedInvestment>> StoredAsync(CounterpartDbContext db, IEnumerable<long> westIds, CancellationToken ct)
    {
        var byKey = new Dictionary<(long?, long, DateOnly), GuidedInvestment>();
        foreach (var chunk in westIds.Distinct().Chunk(500))
        {
            foreach (var i in await db.Rows<GuidedInvestment>(Scope.Everything).Where(i => chunk.Contains(i.WestOrgId)).OrderBy(i => i.Id).ToListAsync(ct))
            {
                byKey.TryAdd((i.EastOrgId, i.WestOrgId, i.SignedOn), i);
            }
        }

        return byKey;
    }

    internal override IQueryable<GuidedInvestment> Dated(CounterpartDbContext db, Scope scope, int fromYear, int toYear)
    {
        var (from, to) = YearSpan(fromYear, toYear);
        return db.Rows<GuidedInvestment>(scope).Where(i => i.SignedOn >= from && i.SignedOn <= to);
    }

    internal override IReadOnlyDictionary<string, Expression<Func<GuidedInvestment, object?>>> SortKeys { get; } = new Dictionary<string, Expression<Func<GuidedInvestment, object?>>>
    {
        ["east"] = i => i.EastOrg!.Code, ["west"] = i => i.WestOrg!.Code, ["industry"] = i => i.Industry, ["status"] = i => i.Status, ["signed"] = i => i.SignedOn,
        ["landed"] = i => i.LandedOn, ["amount"] = i => i.SignedAmount,
    };

    internal override Expression<Func<GuidedInvestment, bool>> Search(string text) =>
        i => i.Industry.Contains(text) || i.EastOrg!.Name.Contains(text) || i.WestOrg!.Name.Contains(text) || i.Park!.Name.Contains(text);

    internal override async IAsyncEnumerable<LedgerRow> CellsAsync(IQueryable<GuidedInvestment> rows, PersonalDataProtector protector, bool unmasked,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var projected = rows.Select(i => new
            {
                i.Id, i.ReviewState, East = i.EastOrg!.Code, West = i.WestOrg!.Code, Park = i.Park!.Code, i.Industry, i.Status, i.SignedOn, i.LandedOn, i.SignedAmount,
                Owner = i.Owner!.Code,
            }).AsAsyncEnumerable();
        await foreach (var i in projected.WithCancellation(ct))
        {
            yield return new LedgerRow(i.Id, i.ReviewState,
            [
                i.East ?? "", i.West, i.Park ?? "", i.Industry, Statuses[i.Status], Iso(i.SignedOn), Iso(i.LandedOn), Wan(i.SignedAmount), i.Owner,
            ]);
        }
    }
}
