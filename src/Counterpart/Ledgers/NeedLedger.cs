using System.Linq.Expressions;
using Counterpart.Data;
using Counterpart.NeedsOffers;
using Counterpart.Organizations;
using Counterpart.People;
using Counterpart.Projects;
using Microsoft.EntityFrameworkCore;
using static Counterpart.Ledgers.ReviewLedgerSupport;

namespace Counterpart.Ledgers;

/// <summary>
/// 需求清单（西部所需）: what a western place or unit needs, year by year. Natural key: the western unit, the year and
/// the need's title. A need may name the project that took it up (by project code, which must exist).
/// </summary>
public sealed class NeedLedger : EntityLedger<Need>
{
    internal static readonly ChoiceLabels<MatchStatus> Statuses = new()
    {
        ["待对接"] = MatchStatus.Open, ["已对接"] = MatchStatus.Matched, ["已关闭"] = MatchStatus.Closed,
    };

    private static readonly UpdatableFields<Need> Updatable = new UpdatableFields<Need>()
        .Add(n => n.Area, SameText).Add(n => n.Status).Add(n => n.MatchedProjectId).Add(n => n.OwnerOrgId);

    private readonly KeysInFile keys = new("西部单位、年度、需求名称");

    public override string Name => "needs";

    public override string Title => "需求清单（西部所需）";

    public override string NaturalKey => "西部单位 + 年度 + 需求名称";

    public override IReadOnlyList<LedgerColumn> Columns { get; } =
    [
        new("west", "西部单位", CellKind.Organization, true, "提出需求的西部地方或单位（县、乡镇、村、学校、医院、企业等）的代码或完整名称", "522726") { Aliases = ["需求单位", "提出单位"] },
        new("year", "年度", CellKind.WholeNumber, true, "需求所属的年度（四位年份）", "2026") { Aliases = ["需求年度"] },
        new("title", "需求名称", CellKind.Text, true, "一句话写明缺什么、想解决什么问题；同一单位同一年度不要重名", "农产品产地冷藏保鲜能力不足") { MaxLength = 200, Aliases = ["需求事项", "需求内容"] },
        new("area", "需求领域", CellKind.Text, true, "需求所属的领域，如产业、就业、教育、医疗、消费帮扶、人才、基础设施", "产业") { MaxLength = 64, Aliases = ["领域", "需求类别"] },
        new("status", "对接状态", CellKind.Choice, false, "待对接：还没有东部资源或项目承接；已对接：已有承接；已关闭：不再需要。不填时，填了对接项目的按已对接，否则按待对接", "已对接")
        {
            Choices = [.. Statuses.Keys], Aliases = ["状态"],
        },
        new("project", "对接项目编号", CellKind.Text, false, "承接这项需求的帮扶项目的编号，须已在项目台账中；没有项目的不填", "DS-2026-R01") { MaxLength = 64, Aliases = ["项目编号", "承接项目编号"] },
        new("owner", "填报单位", CellKind.Organization, true, "负责这条记录的单位", "522726"),
    ];

    internal override string? Check(RowValues row, OrgDirectory orgs, DateOnly today)
    {
        CheckYear(row, "year", today, yearsAhead: 1);
        if (row.Get<Organization>("west") is { Kind: OrgKind.Nation or OrgKind.Province } tooHigh)
        {
            row.Fail("west", $"“{tooHigh.Name}”是{KindName(tooHigh.Kind)}一级；需求清单由市（州）、县及以下的地方或单位提出", "逻辑矛盾");
        }

        if (row.Has("project") && row.Get<string>("status") == "待对接")
        {
            row.Fail("status", "已填对接项目编号，对接状态不能是“待对接”", "逻辑矛盾");
        }

        return row.Has("west") && row.Has("year") && row.Has("title")
            ? keys.Claim(row, $"{row.Get<Organization>("west")!.Id}|{row.Get<int?>("year")}|{row.Get<string>("title")}", "title")
            : null;
    }

    /// <summary>The status a row asks for: as written, or by default matched when a project is named and open otherwise.</summary>
    private static MatchStatus StatusOf(RowValues row) =>
        row.Get<string>("status") is { } label ? Statuses[label] : row.Has("project") ? MatchStatus.Matched : MatchStatus.Open;

    /// <summary>A need names the project that took it up by its code; the project must be in the projects ledger.</summary>
    internal override async Task CheckStoredAsync(ImportApplyContext context, IReadOnlyList<RowValues> rows, CancellationToken ct)
    {
        var projects = await ProjectsAsync(context.Db, rows, ct);
        foreach (var row in rows)
        {
            if (row.Get<string>("project") is { } code && !projects.ContainsKey(code))
            {
                row.Fail("project", "项目台账中没有这个项目编号；请先导入项目台账，或改正对接项目编号", "引用不存在");
            }
        }
    }

    /// <summary>Stored project ids by code, for the projects the rows name.</summary>
    private static async Task<Dictionary<string, long>> ProjectsAsync(CounterpartDbContext db, IReadOnlyList<RowValues> rows, CancellationToken ct) =>
        (await InChunksAsync(rows.Select(r => r.Get<string>("project")).OfType<string>(),
            chunk => db.Rows<Project>(Scope.Everything).Where(p => chunk.Contains(p.Code)).Select(p => new { p.Code, p.Id }), ct))
        .ToDictionary(p => p.Code, p => p.Id, StringComparer.Ordinal);

    internal override async Task ApplyAsync(ImportApplyContext context, IReadOnlyList<RowValues> rows, CancellationToken ct)
    {
        var db = context.Db;
        var stored = new Dictionary<(long, int, string), Need>();
        var years = rows.Select(r => r.Get<int?>("year")!.Value).Distinct().ToList();
        var found = await InChunksAsync(rows.Select(r => r.Get<Organization>("west")!.Id),
            chunk => db.Rows<Need>(Scope.Everything).Where(n => chunk.Contains(n.WestOrgId) && years.Contains(n.Year)).OrderBy(n => n.Id), ct);
        foreach (var n in found)
        {
            stored.TryAdd((n.WestOrgId, n.Year, Read(n.Title)), n);
        }

        var projects = await ProjectsAsync(db, rows, ct);
        foreach (var row in rows)
        {
            var west = row.Get<Organization>("west")!;
            var year = row.Get<int?>("year")!.Value;
            var title = row.Get<string>("title")!;
            var area = row.Get<string>("area")!;
            var status = StatusOf(row);
            long? projectId = row.Get<string>("project") is { } code ? Stored(projects, code) : null;
            var owner = row.Get<Organization>("owner")!.Id;
            var fresh = new Need { Title = title, Area = area, Year = year, WestOrgId = west.Id, Status = status, MatchedProjectId = projectId, OwnerOrgId = owner };
            context.Upsert(stored.GetValueOrDefault((west.Id, year, title)), fresh, Updatable);
        }
    }

    internal override IQueryable<Need> Dated(CounterpartDbContext db, Scope scope, int fromYear, int toYear) =>
        db.Rows<Need>(scope).Where(n => n.Year >= fromYear && n.Year <= toYear);

    internal override IReadOnlyDictionary<string, Expression<Func<Need, object?>>> SortKeys { get; } = new Dictionary<string, Expression<Func<Need, object?>>>
    {
        ["west"] = n => n.WestOrg!.Code, ["year"] = n => n.Year, ["title"] = n => n.Title, ["area"] = n => n.Area, ["status"] = n => n.Status,
    };

    internal override Expression<Func<Need, bool>> Search(string text) =>
        n => n.Title.Contains(text) || n.Area.Contains(text) || n.WestOrg!.Name.Contains(text) || n.MatchedProject!.Code.Contains(text);

    internal override async IAsyncEnumerable<LedgerRow> CellsAsync(IQueryable<Need> rows, PersonalDataProtector protector, bool unmasked,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var projected = rows
            .Select(n => new { n.Id, n.ReviewState, West = n.WestOrg!.Code, n.Year, n.Title, n.Area, n.Status, Project = n.MatchedProject!.Code, Owner = n.Owner!.Code })
            .AsAsyncEnumerable();
        await foreach (var n in projected.WithCancellation(ct))
        {
            yield return new LedgerRow(n.Id, n.ReviewState, [n.West, Number(n.Year), n.Title, n.Area, Statuses[n.Status], n.Project ?? "", n.Owner]);
        }
    }
}
