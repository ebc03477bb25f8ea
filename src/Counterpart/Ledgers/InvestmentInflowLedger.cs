using System.Linq.Expressions;
using Counterpart.Data;
using Counterpart.Investment;
using Counterpart.Organizations;
using Counterpart.People;
using Microsoft.EntityFrameworkCore;
using static Counterpart.Ledgers.CooperationSides;

namespace Counterpart.Ledgers;

/// <summary>
/// 投资到位台账: one row per arrival of money (实际到位) for a guided investment, which is named by its own key columns
/// (东部企业 + 落地企业 + 签约日期) and must already be registered and landed. A clerk adds a row whenever money arrives,
/// so the arrivals are their own file rather than columns of the investment. Natural key: the investment + 到位日期.
/// </summary>
public sealed class InvestmentInflowLedger : EntityLedger<InvestmentInflow>
{
    private static readonly UpdatableFields<InvestmentInflow> Updatable = new UpdatableFields<InvestmentInflow>().Add(f => f.Amount);

    public override string Name => "investment-inflows";

    public override string Title => "投资到位台账";

    public override string NaturalKey => "东部企业 + 落地企业 + 签约日期 + 到位日期";

    public override IReadOnlyList<LedgerColumn> Columns { get; } =
    [
        new("east", "东部企业", CellKind.Organization, true, "所属投资的东部企业，与引导企业投资台账中一致", "广州穗农食用菌科技有限公司")
        {
            Aliases = InvestmentLedger.EastAliases,
        },
        new("west", "落地企业", CellKind.Organization, true, "所属投资的落地企业，与引导企业投资台账中一致", "独山穗农食用菌有限公司")
        {
            Aliases = InvestmentLedger.WestAliases,
        },
        new("signed", "签约日期", CellKind.Date, true, "所属投资的签约日期，与引导企业投资台账中一致", "2021-09-15") { Aliases = InvestmentLedger.SignedAliases },
        new("date", "到位日期", CellKind.Date, true, "资金实际到账的日期；同一天到账多笔的合并为一行", "2022-04-20") { Aliases = ["到账日期", "资金到位日期"] },
        new("amount", "到位资金（万元）", CellKind.Amount, true, "这一笔实际到位的投资", "2600") { Aliases = ["到位金额", "实际到位资金", "到位资金", "到账金额"] },
    ];

    internal override string? Check(RowValues row, OrgDirectory orgs, DateOnly today)
    {
        var date = row.Get<DateOnly?>("date");
        if (date is { } d && row.Get<DateOnly?>("signed") is { } signed && d < signed)
        {
            row.Fail("date", "到位日期早于该投资的签约日期", "逻辑矛盾");
        }

        if (date > today)
        {
            row.Fail("date", "到位日期晚于今天；尚未到账的资金不登记", "逻辑矛盾");
        }

        if (row.Get<decimal?>("amount") == 0m)
        {
            row.Fail("amount", "到位资金应大于0", "逻辑矛盾");
        }

        return row.Ok
            ? InvestmentLedger.KeyOf(row.Get<Organization>("east")!, row.Get<Organization>("west")!, row.Get<DateOnly?>("signed")!.Value) + "|" + Iso(date!.Value)
            : null;
    }

    /// <summary>Inflows carry no owner of their own: the batch belongs to the local entity the money arrived at.</summary>
    internal override long BatchOwner(IReadOnlyList<RowValues> rows, OrgDirectory orgs) => rows[0].Get<Organization>("west")!.Id;

    /// <summary>The investment a row names must be registered, and landed: money cannot arrive for an investment only signed.</summary>
    internal override async Task CheckStoredAsync(ImportApplyContext context, IReadOnlyList<RowValues> rows, CancellationToken ct)
    {
        var investments = await InvestmentsOfAsync(context.Db, rows, ct);
        foreach (var row in rows)
        {
            var east = row.Get<Organization>("east")!;
            var west = row.Get<Organization>("west")!;
            if (!investments.TryGetValue((east.Id, west.Id, row.Get<DateOnly?>("signed")!.Value), out var investment))
            {
                var dates = investments.Keys.Where(k => k.East == east.Id && k.West == west.Id).Select(k => k.Signed).Order().Select(d => Iso(d)).ToList();
                row.Fail("signed", dates.Count == 0
                    ? $"引导企业投资台账中没有“{east.Name}”在“{west.Name}”的投资；请先在引导企业投资台账中登记这项投资，或核对东部企业、落地企业和签约日期"
                    : $"“{east.Name}”在“{west.Name}”的投资中没有这一天签约的（已登记的签约日期：{string.Join("、", dates)}）；请核对签约日期，或先在引导企业投资台账中登记这项投资",
                    "引用不存在");
            }
            else if (!HasLanded(investment))
            {
                row.Fail("signed", $"“{east.Name}”在“{west.Name}”的这项投资尚未落地，不能登记到位资金；请先在引导企业投资台账中把投资状态改为“落地”并填写落地日期", "逻辑矛盾");
            }
        }
    }

    private static bool HasLanded(GuidedInvestment investment) => investment.Status != InvestmentStatus.Agreed && investment.LandedOn is not null;

    private static Task<Dictionary<(long? East, long West, DateOnly Signed), GuidedInvestment>> InvestmentsOfAsync(CounterpartDbContext db, IReadOnlyList<RowValues> rows,
        CancellationToken ct) => InvestmentLedger.StoredAsync(db, rows.Select(r => r.Get<Organization>("west")!.Id), ct);

    internal override async Task ApplyAsync(ImportApplyContext context, IReadOnlyList<RowValues> rows, CancellationToken ct)
    {
        var db = context.Db;
        var investments = await InvestmentsOfAsync(db, rows, ct);
        var inflows = new Dictionary<(long Investment, DateOnly Date), InvestmentInflow>();
        foreach (var chunk in investments.Values.Select(i => i.Id).Chunk(500))
        {
            var stored = await db.Rows<GuidedInvestment>(Scope.Everything).Where(i => chunk.Contains(i.Id)).SelectMany(i => i.Inflows)
                .OrderBy(f => f.Id).ToListAsync(ct);
            foreach (var f in stored)
            {
                inflows.TryAdd((f.InvestmentId, f.Date), f);
            }
        }

        foreach (var row in rows)
        {
            var east = row.Get<Organization>("east")!;
            var west = row.Get<Organization>("west")!;
            var signed = row.Get<DateOnly?>("signed")!.Value;
            var date = row.Get<DateOnly?>("date")!.Value;
            var amount = row.Get<decimal?>("amount")!.Value;
            if (!investments.TryGetValue((east.Id, west.Id, signed), out var investment) || !HasLanded(investment))
            {
                throw new InvalidOperationException($"Row {row.Row}: its investment is not stored or not landed, yet passed CheckStoredAsync.");
            }

            context.Upsert(inflows.GetValueOrDefault((investment.Id, date)), new InvestmentInflow { InvestmentId = investment.Id, Date = date, Amount = amount }, Updatable);
        }
    }

    /// <summary>The inflows of the investments the scope may read, dated by the day the money arrived.</summary>
    internal override IQueryable<InvestmentInflow> Dated(CounterpartDbContext db, Scope scope, int fromYear, int toYear)
    {
        var (from, to) = YearSpan(fromYear, toYear);
        return db.Rows<GuidedInvestment>(scope).SelectMany(i => i.Inflows).Where(f => f.Date >= from && f.Date <= to);
    }

    /// <summary>An investment's inflows together, in the order the money arrived.</summary>
    internal override IOrderedQueryable<InvestmentInflow> InOrder(IQueryable<InvestmentInflow> rows) =>
        rows.OrderBy(f => f.InvestmentId).ThenBy(f => f.Date).ThenBy(f => f.Id);

    internal override IReadOnlyDictionary<string, Expression<Func<InvestmentInflow, object?>>> SortKeys { get; } = new Dictionary<string, Expression<Func<InvestmentInflow, object?>>>
    {
        ["east"] = f => f.Investment!.EastOrg!.Code, ["west"] = f => f.Investment!.WestOrg!.Code, ["signed"] = f => f.Investment!.SignedOn, ["date"] = f => f.Date,
        ["amount"] = f => f.Amount,
    };

    internal override Expression<Func<InvestmentInflow, bool>> Search(string text) =>
        f => f.Investment!.EastOrg!.Code.Contains(text) || f.Investment!.EastOrg!.Name.Contains(text) || f.Investment!.WestOrg!.Code.Contains(text)
            || f.Investment!.WestOrg!.Name.Contains(text) || f.Investment!.Industry.Contains(text);

    internal override async IAsyncEnumerable<LedgerRow> CellsAsync(IQueryable<InvestmentInflow> rows, PersonalDataProtector protector, bool unmasked,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var projected = rows.Select(f => new
            {
                f.Id, f.ReviewState, East = f.Investment!.EastOrg!.Code, West = f.Investment!.WestOrg!.Code, f.Investment!.SignedOn, f.Date, f.Amount,
            }).AsAsyncEnumerable();
        await foreach (var f in projected.WithCancellation(ct))
        {
            yield return new LedgerRow(f.Id, f.ReviewState, [f.East ?? "", f.West, Iso(f.SignedOn), Iso(f.Date), Wan(f.Amount)]);
        }
    }
}
