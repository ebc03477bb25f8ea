using System.Linq.Expressions;
using Counterpart.Data;
using Counterpart.NeedsOffers;
using Counterpart.Organizations;
using Counterpart.People;
using Microsoft.EntityFrameworkCore;
using static Counterpart.Ledgers.ReviewLedgerSupport;

namespace Counterpart.Ledgers;

/// <summary>
/// 资源清单（东部所能）: what an eastern place or unit can give, year by year. Natural key: the eastern unit, the year and
/// the offer's title. The need it answers is named the way the needs list names it — western unit, year, need title —
/// in three columns a clerk can copy from the needs list.
/// </summary>
public sealed class OfferLedger : EntityLedger<Offer>
{
    private static readonly string[] NeedColumns = ["need_west", "need_title", "need_year"];

    private static readonly UpdatableFields<Offer> Updatable = new UpdatableFields<Offer>()
        .Add(o => o.Area, SameText).Add(o => o.Status).Add(o => o.MatchedNeedId).Add(o => o.OwnerOrgId);

    private readonly KeysInFile keys = new("东部单位、年度、资源名称");

    public override string Name => "offers";

    public override string Title => "资源清单（东部所能）";

    public override string NaturalKey => "东部单位 + 年度 + 资源名称";

    public override IReadOnlyList<LedgerColumn> Columns { get; } =
    [
        new("east", "东部单位", CellKind.Organization, true, "能提供资源的东部地方或单位（区、街道、学校、医院、企业、社会组织等）的代码或完整名称", "440112") { Aliases = ["提供单位", "帮扶单位"] },
        new("year", "年度", CellKind.WholeNumber, true, "资源所属的年度（四位年份）", "2022") { Aliases = ["资源年度"] },
        new("title", "资源名称", CellKind.Text, true, "一句话写明能提供什么；同一单位同一年度不要重名", "协助建设园区检测中心并引入检测标准") { MaxLength = 200, Aliases = ["资源事项", "资源内容", "能提供的资源"] },
        new("area", "资源领域", CellKind.Text, true, "资源所属的领域，如产业、就业、教育、医疗、消费帮扶、人才", "产业") { MaxLength = 64, Aliases = ["领域", "资源类别"] },
        new("status", "对接状态", CellKind.Choice, false, "待对接、已对接或已关闭；不填时，填了对接需求的按已对接，否则按待对接", "已对接")
        {
            Choices = [.. NeedLedger.Statuses.Keys], Aliases = ["状态"],
        },
        new("need_west", "对接需求单位", CellKind.Organization, false, "所对接需求的西部单位（与需求清单的“西部单位”相同）；没有对接的不填", "522726") { Aliases = ["需求单位"] },
        new("need_year", "对接需求年度", CellKind.WholeNumber, false, "所对接需求的年度；不填按本行年度", "2022") { Aliases = ["需求年度"] },
        new("need_title", "对接需求名称", CellKind.Text, false, "所对接需求的名称，与需求清单中的写法一致", "轴承企业缺少就近检测能力") { MaxLength = 200, Aliases = ["需求名称"] },
        new("owner", "填报单位", CellKind.Organization, true, "负责这条记录的单位", "440112"),
    ];

    internal override string? Check(RowValues row, OrgDirectory orgs, DateOnly today)
    {
        CheckYear(row, "year", today, yearsAhead: 1);
        CheckYear(row, "need_year", today, yearsAhead: 1);
        if (row.Get<Organization>("east") is { Kind: OrgKind.Nation } nation)
        {
            row.Fail("east", $"“{nation.Name}”不能作为提供资源的东部单位", "逻辑矛盾");
        }

        var matched = NeedColumns.Any(k => !string.IsNullOrWhiteSpace(row.Raw(k)));
        if (matched && string.IsNullOrWhiteSpace(row.Raw("need_title")))
        {
            row.Fail("need_title", "填了对接需求的单位或年度，还要填对接需求名称", "必填项为空");
        }

        if (matched && string.IsNullOrWhiteSpace(row.Raw("need_west")))
        {
            row.Fail("need_west", "填了对接需求，还要填需求的西部单位", "必填项为空");
        }

        if (row.Get<Organization>("east") is { } east && row.Get<Organization>("need_west") is { } needWest)
        {
            if (east.Id == needWest.Id)
            {
                row.Fail("need_west", "对接需求的单位不能是东部单位自己", "逻辑矛盾");
            }
            else if (orgs.CommonProvince(east, needWest) is { } p)
            {
                row.Fail("need_west", $"与东部单位同在{p.Name}，不是东西部协作的对接；请填西部的需求单位", "逻辑矛盾");
            }
        }

        if (matched && row.Get<string>("status") == "待对接")
        {
            row.Fail("status", "已填对接需求，对接状态不能是“待对接”", "逻辑矛盾");
        }

        return row.Has("east") && row.Has("year") && row.Has("title")
            ? keys.Claim(row, $"{row.Get<Organization>("east")!.Id}|{row.Get<int?>("year")}|{row.Get<string>("title")}", "title")
            : null;
    }

    private static (long West, int Year, string Title)? NeedKeyOf(RowValues row) =>
        row.Get<Organization>("need_west") is { } west ? (west.Id, row.Get<int?>("need_year") ?? row.Get<int?>("year")!.Value, row.Get<string>("need_title")!) : null;

    /// <summary>
    /// The need an offer answers must be in the needs list. When the unit has a need of that name in another year, the
    /// year is what to fix; otherwise the name (or the unit) is.
    /// </summary>
    internal override async Task CheckStoredAsync(ImportApplyContext context, IReadOnlyList<RowValues> rows, CancellationToken ct)
    {
        var needs = await NeedsAsync(context.Db, rows, ct);
        foreach (var row in rows)
        {
            if (NeedKeyOf(row) is not { } key || needs.ContainsKey(key))
            {
                continue;
            }

            var west = row.Get<Organization>("need_west")!.Name;
            var otherYears = needs.Keys.Where(k => k.West == key.West && k.Title == key.Title).Select(k => k.Year).Order().ToList();
            if (otherYears.Count > 0)
            {
                var asWritten = row.Has("need_year") ? "" : $"（不填时按本行年度 {key.Year}）";
                row.Fail("need_year", $"需求清单中{west}的“{key.Title}”是 {string.Join("、", otherYears)} 年的需求，没有 {key.Year} 年的{asWritten}；请改正对接需求年度", "引用不存在");
            }
            else
            {
                row.Fail("need_title", $"需求清单中没有{west} {key.Year} 年的这项需求；请先导入需求清单，或按需求清单的写法改正对接需求的单位、年度和名称", "引用不存在");
            }
        }
    }

    /// <summary>Stored need ids by (western unit, year, title as read), for the western units the rows name.</summary>
    private static async Task<Dictionary<(long West, int Year, string Title), long>> NeedsAsync(CounterpartDbContext db, IReadOnlyList<RowValues> rows, CancellationToken ct)
    {
        var needs = new Dictionary<(long West, int Year, string Title), long>();
        foreach (var n in await InChunksAsync(rows.Select(NeedKeyOf).OfType<(long West, int Year, string Title)>().Select(w => w.West),
                     chunk => db.Rows<Need>(Scope.Everything).Where(n => chunk.Contains(n.WestOrgId)).OrderBy(n => n.Id).Select(n => new { n.WestOrgId, n.Year, n.Title, n.Id }), ct))
        {
            needs.TryAdd((n.WestOrgId, n.Year, Read(n.Title)), n.Id);
        }

        return needs;
    }

    internal override async Task ApplyAsync(ImportApplyContext context, IReadOnlyList<RowValues> rows, CancellationToken ct)
    {
        var db = context.Db;
        var years = rows.Select(r => r.Get<int?>("year")!.Value).Distinct().ToList();
        var stored = new Dictionary<(long, int, string), Offer>();
        foreach (var o in await InChunksAsync(rows.Select(r => r.Get<Organization>("east")!.Id),
                     chunk => db.Rows<Offer>(Scope.Everything).Where(o => chunk.Contains(o.EastOrgId) && years.Contains(o.Year)).OrderBy(o => o.Id), ct))
        {
            stored.TryAdd((o.EastOrgId, o.Year, Read(o.Title)), o);
        }

        var needs = await NeedsAsync(db, rows, ct);
        foreach (var row in rows)
        {
            var east = row.Get<Organization>("east")!.Id;
            var year = row.Get<int?>("year")!.Value;
            var title = row.Get<string>("title")!;
            var area = row.Get<string>("area")!;
            long? needId = NeedKeyOf(row) is { } key ? Stored(needs, key) : null;
            var status = row.Get<string>("status") is { } label ? NeedLedger.Statuses[label] : needId is null ? MatchStatus.Open : MatchStatus.Matched;
            var owner = row.Get<Organization>("owner")!.Id;
            var fresh = new Offer { Title = title, Area = area, Year = year, EastOrgId = east, Status = status, MatchedNeedId = needId, OwnerOrgId = owner };
            context.Upsert(stored.GetValueOrDefault((east, year, title)), fresh, Updatable);
        }
    }

    internal override IQueryable<Offer> Dated(CounterpartDbContext db, Scope scope, int fromYear, int toYear) =>
        db.Rows<Offer>(scope).Where(o => o.Year >= fromYear && o.Year <= toYear);

    internal override IReadOnlyDictionary<string, Expression<Func<Offer, object?>>> SortKeys { get; } = new Dictionary<string, Expression<Func<Offer, object?>>>
    {
        ["east"] = o => o.EastOrg!.Code, ["year"] = o => o.Year, ["title"] = o => o.Title, ["area"] = o => o.Area, ["status"] = o => o.Status,
    };

    internal override Expression<Func<Offer, bool>> Search(string text) =>
        o => o.Title.Contains(text) || o.Area.Contains(text) || o.EastOrg!.Name.Contains(text) || o.MatchedNeed!.Title.Contains(text);

    internal override async IAsyncEnumerable<LedgerRow> CellsAsync(IQueryable<Offer> rows, PersonalDataProtector protector, bool unmasked,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var projected = rows.Select(o => new
            {
                o.Id, o.ReviewState, East = o.EastOrg!.Code, o.Year, o.Title, o.Area, o.Status, NeedWest = o.MatchedNeed!.WestOrg!.Code, NeedYear = (int?)o.MatchedNeed!.Year,
                NeedTitle = o.MatchedNeed!.Title, Owner = o.Owner!.Code,
            })
            .AsAsyncEnumerable();
        await foreach (var o in projected.WithCancellation(ct))
        {
            yield return new LedgerRow(o.Id, o.ReviewState,
            [
                o.East, Number(o.Year), o.Title, o.Area, NeedLedger.Statuses[o.Status], o.NeedWest ?? "", o.NeedYear is { } y ? Number(y) : "", o.NeedTitle ?? "", o.Owner,
            ]);
        }
    }
}
