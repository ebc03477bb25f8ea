using System.Globalization;
using System.Linq.Expressions;
using Counterpart.Data;
using Counterpart.Organizations;
using Counterpart.People;
using Counterpart.Projects;
using Microsoft.EntityFrameworkCore;

namespace Counterpart.Ledgers;

/// <summary>
/// 帮扶项目台账: one row per project, identified by its 项目编号. Its money is kept in the separate project-funds ledger
/// (one row per allocation, disbursement or payment) and its performance targets in project-outcomes, both keyed by the
/// same 项目编号, because a project has many of each and they are filled at different times.
/// </summary>
public sealed class ProjectLedger : EntityLedger<Project>
{
    internal static readonly ChoiceLabels<ProjectCategory> Categories = new()
    {
        ["产业发展"] = ProjectCategory.Industry, ["就业帮扶"] = ProjectCategory.Employment, ["基础设施"] = ProjectCategory.Infrastructure,
        ["公共服务"] = ProjectCategory.PublicService, ["搬迁后续扶持"] = ProjectCategory.RelocationFollowUp, ["教育帮扶"] = ProjectCategory.Education,
        ["医疗帮扶"] = ProjectCategory.Medical, ["其他"] = ProjectCategory.Other,
    };

    internal static readonly ChoiceLabels<ProjectStatus> Statuses = new()
    {
        ["储备"] = ProjectStatus.Reserve, ["立项"] = ProjectStatus.Approved, ["实施"] = ProjectStatus.Implementing,
        ["完工"] = ProjectStatus.Completed, ["验收"] = ProjectStatus.Accepted,
    };

    /// <summary>The date column each status is reached on, in the order of the statuses (储备 has none).</summary>
    private static readonly (ProjectStatus Status, string Key)[] Milestones =
        [(ProjectStatus.Approved, "approved"), (ProjectStatus.Implementing, "started"), (ProjectStatus.Completed, "completed"), (ProjectStatus.Accepted, "accepted")];

    /// <summary>Everything but the code: a re-imported project may change any of it.</summary>
    private static readonly UpdatableFields<Project> Updatable = new UpdatableFields<Project>()
        .Add(p => p.Year).Add(p => p.Name, SameText).Add(p => p.Category).Add(p => p.Status).Add(p => p.Content, SameText)
        .Add(p => p.WestOrgId).Add(p => p.EastOrgId).Add(p => p.BeneficiaryOrgId)
        .Add(p => p.ApprovedOn).Add(p => p.StartedOn).Add(p => p.CompletedOn).Add(p => p.AcceptedOn)
        .Add(p => p.BenefitHouseholds).Add(p => p.BenefitPersons).Add(p => p.BenefitPersonsLifted).Add(p => p.BenefitMechanism, SameText).Add(p => p.AssetOwner, SameText)
        .Add(p => p.OwnerOrgId);

    public override string Name => "projects";

    public override string Title => "帮扶项目台账";

    public override string NaturalKey => "项目编号";

    public override IReadOnlyList<LedgerColumn> Columns { get; } =
    [
        new("code", "项目编号", CellKind.Text, true, "项目库中的编号，全系统唯一；资金和绩效目标按它对应到项目", "DS-2024-012") { MaxLength = 64, Aliases = ["项目代码"] },
        new("year", "项目年度", CellKind.WholeNumber, true, "项目计划（立项）年度", "2024") { Aliases = ["年度", "实施年度"] },
        new("name", "项目名称", CellKind.Text, true, "项目的完整名称", "独山县轴承产业实训基地建设项目") { MaxLength = 200 },
        new("category", "项目类别", CellKind.Choice, true, "项目属于哪一类", "就业帮扶") { Choices = [.. Categories.Keys], Aliases = ["项目类型"] },
        new("status", "项目状态", CellKind.Choice, true, "储备 → 立项 → 实施 → 完工 → 验收；每个状态须填对应的日期", "完工") { Choices = [.. Statuses.Keys], Aliases = ["实施状态", "项目进度"] },
        new("content", "建设内容", CellKind.Text, false, "建设内容及规模", "新建实训车间1200平方米，购置实训设备40台（套）") { MaxLength = 2000, Aliases = ["建设内容及规模", "主要建设内容"] },
        new("place", "项目地点", CellKind.Organization, true, "项目建在哪里：村（社区）、安置点、园区或单位，填到村；填代码或完整名称", "522726-P01-02") { Aliases = ["实施地点", "建设地点"] },
        new("east", "东部协作单位", CellKind.Organization, false, "出资或牵头帮扶的东部区县或单位", "440112") { Aliases = ["东部单位", "帮扶方"] },
        new("beneficiary", "受益主体", CellKind.Organization, false, "直接受扶持的企业或单位；没有的不填", "") { Aliases = ["受益单位", "受扶持企业"] },
        new("approved", "立项日期", CellKind.Date, false, "立项批复的日期；状态为立项及以后的须填", "2024-02-20") { Aliases = ["立项时间"] },
        new("started", "开工日期", CellKind.Date, false, "实际开工的日期；状态为实施及以后的须填", "2024-03-25") { Aliases = ["实际开工日期", "开工时间"] },
        new("completed", "完工日期", CellKind.Date, false, "实际完工的日期；状态为完工、验收的须填", "2024-12-10") { Aliases = ["实际完工日期", "完工时间"] },
        new("accepted", "验收日期", CellKind.Date, false, "竣工验收的日期；状态为验收的须填", "") { Aliases = ["验收时间"] },
        new("households", "受益户数", CellKind.WholeNumber, false, "联农带农带动的户数", "120") { Aliases = ["带动户数"] },
        new("persons", "受益人数", CellKind.WholeNumber, false, "联农带农带动的人数，不少于户数", "360") { Aliases = ["带动人数"] },
        new("lifted", "其中脱贫人口", CellKind.WholeNumber, false, "受益人数中的脱贫人口（含监测对象），不多于受益人数", "200") { Aliases = ["其中：脱贫人口", "脱贫人口受益数", "带动脱贫人口数"] },
        new("mechanism", "联农带农方式", CellKind.Text, false, "就业带动、分红、土地流转、订单收购、资产收益等", "就业带动") { MaxLength = 200, Aliases = ["利益联结机制", "联农带农机制"] },
        new("asset_owner", "资产归属", CellKind.Text, false, "项目形成资产的所有权人", "独山县轴承产业实训基地") { MaxLength = 200, Aliases = ["资产权属", "产权归属"] },
        new("owner", "填报单位", CellKind.Organization, true, "负责这条记录的单位", "522726"),
    ];

    internal override string? Check(RowValues row, OrgDirectory orgs, DateOnly today)
    {
        if (row.Get<int?>("year") is { } year && (year < 2000 || year > today.Year + 2))
        {
            row.Fail("year", $"项目年度应在 2000 年到 {today.Year + 2} 年之间", "取值不在范围内");
        }

        CheckPlaces(row, orgs);
        CheckMilestones(row, today);
        CheckBeneficiaries(row);
        return row.Ok ? row.Get<string>("code") : null;
    }

    private static void CheckPlaces(RowValues row, OrgDirectory orgs)
    {
        var place = row.Get<Organization>("place");
        if (place is { Kind: OrgKind.Nation or OrgKind.Province or OrgKind.Prefecture })
        {
            row.Fail("place", $"“{place.Name}”是省、市一级；项目地点应填到县以下的村（社区）、安置点、园区或单位", "逻辑矛盾");
        }

        if (row.Get<Organization>("east") is { } east && place is not null && orgs.CommonProvince(east, place) is { } province)
        {
            row.Fail("east", $"“{east.Name}”与项目地点同在{province.Name}，不是东部协作单位", "逻辑矛盾");
        }

        if (row.Get<Organization>("beneficiary") is { } beneficiary && Organization.IsPlace(beneficiary.Kind))
        {
            row.Fail("beneficiary", $"“{beneficiary.Name}”是地方而不是企业或单位；地方请填在“项目地点”", "逻辑矛盾");
        }
    }

    /// <summary>立项 ≤ 开工 ≤ 完工 ≤ 验收, none in the future, and the status agrees with the dates filled.</summary>
    private void CheckMilestones(RowValues row, DateOnly today)
    {
        (string Key, DateOnly Date)? previous = null;
        foreach (var (_, key) in Milestones)
        {
            if (row.Get<DateOnly?>(key) is not { } date)
            {
                continue;
            }

            if (date > today)
            {
                row.Fail(key, $"{Header(key)}晚于今天；只填已经发生的日期", "逻辑矛盾");
            }
            else if (previous is { } p && date < p.Date)
            {
                row.Fail(key, $"{Header(key)}早于{Header(p.Key)}（{p.Date:yyyy-MM-dd}）", "逻辑矛盾");
            }

            previous = (key, date);
        }

        if (row.Get<string>("status") is not { } label)
        {
            return;
        }

        var status = Statuses[label];
        var reached = Milestones.Where(m => row.Has(m.Key)).Select(m => m.Status).DefaultIfEmpty(ProjectStatus.Reserve).Max();
        if (Milestones.FirstOrDefault(m => m.Status == status) is { Key: not null } own && !row.Has(own.Key) && !HasFailed(row, own.Key))
        {
            row.Fail(own.Key, $"项目状态为“{label}”，须填{Header(own.Key)}", "逻辑矛盾");
        }
        else if (reached > status)
        {
            var (_, key) = Milestones.First(m => m.Status == reached);
            row.Fail("status", $"已填{Header(key)}，项目状态至少应为“{Statuses[reached]}”", "逻辑矛盾");
        }
    }

    private static void CheckBeneficiaries(RowValues row)
    {
        foreach (var key in new[] { "households", "persons", "lifted" })
        {
            if (row.Get<int?>(key) < 0)
            {
                row.Fail(key, "不能为负数", "取值不在范围内");
            }
        }

        var (households, persons, lifted) = (row.Get<int?>("households") ?? 0, row.Get<int?>("persons") ?? 0, row.Get<int?>("lifted") ?? 0);
        if (lifted > persons && persons >= 0)
        {
            row.Fail("lifted", $"其中脱贫人口（{lifted}）多于受益人数（{persons}）", "逻辑矛盾");
        }

        if (persons > 0 && households > persons)
        {
            row.Fail("persons", $"受益人数（{persons}）少于受益户数（{households}）", "逻辑矛盾");
        }
    }

    private string Header(string key) => Columns.First(c => c.Key == key).Header;

    private bool HasFailed(RowValues row, string key) => row.Errors.Any(e => e.Column == Header(key));

    internal override async Task ApplyAsync(ImportApplyContext context, IReadOnlyList<RowValues> rows, CancellationToken ct)
    {
        var stored = await ByCodeAsync(context.Db, rows.Select(r => r.Get<string>("code")!), ct);
        foreach (var row in rows)
        {
            var fresh = new Project
            {
                Code = row.Get<string>("code")!, Year = row.Get<int?>("year")!.Value, Name = row.Get<string>("name")!, Category = Categories[row.Get<string>("category")!],
                Status = Statuses[row.Get<string>("status")!], Content = row.Get<string>("content"), WestOrgId = row.Get<Organization>("place")!.Id,
                EastOrgId = row.Get<Organization>("east")?.Id, BeneficiaryOrgId = row.Get<Organization>("beneficiary")?.Id,
                ApprovedOn = row.Get<DateOnly?>("approved"), StartedOn = row.Get<DateOnly?>("started"), CompletedOn = row.Get<DateOnly?>("completed"),
                AcceptedOn = row.Get<DateOnly?>("accepted"), BenefitHouseholds = row.Get<int?>("households") ?? 0, BenefitPersons = row.Get<int?>("persons") ?? 0,
                BenefitPersonsLifted = row.Get<int?>("lifted") ?? 0, BenefitMechanism = row.Get<string>("mechanism"), AssetOwner = row.Get<string>("asset_owner"),
                OwnerOrgId = row.Get<Organization>("owner")!.Id,
            };
            context.Upsert(stored.GetValueOrDefault(fresh.Code), fresh, Updatable);
        }
    }

    /// <summary>Stored projects by code (untracked, without children), looked up 500 codes at a time.</summary>
    internal static async Task<Dictionary<string, Project>> ByCodeAsync(CounterpartDbContext db, IEnumerable<string> codes, CancellationToken ct)
    {
        var found = new Dictionary<string, Project>(StringComparer.Ordinal);
        foreach (var chunk in codes.Distinct(StringComparer.Ordinal).Chunk(500))
        {
            foreach (var p in await db.Rows<Project>(Scope.Everything).Where(p => chunk.Contains(p.Code)).ToListAsync(ct))
            {
                found[p.Code] = p;
            }
        }

        return found;
    }

    /// <summary>
    /// For a child ledger's <see cref="LedgerDefinition.CheckStoredAsync"/>: fails each row whose 项目编号 names no stored
    /// project, and returns the stored projects the rows name.
    /// </summary>
    internal static async Task<Dictionary<string, Project>> CheckProjectsStoredAsync(ImportApplyContext context, IReadOnlyList<RowValues> rows, CancellationToken ct)
    {
        var projects = await ByCodeAsync(context.Db, rows.Select(r => r.Get<string>("project")!), ct);
        foreach (var row in rows.Where(r => !projects.ContainsKey(r.Get<string>("project")!)))
        {
            row.Fail("project", "帮扶项目台账中没有这个项目编号；请先导入该项目，或核对编号", "引用不存在");
        }

        return projects;
    }

    /// <summary>The stored project a child row names (its existence was checked by <see cref="CheckProjectsStoredAsync"/>).</summary>
    internal static Project Require(Dictionary<string, Project> projects, RowValues row)
    {
        var code = row.Get<string>("project")!;
        return projects.TryGetValue(code, out var project)
            ? project
            : throw new InvalidOperationException($"Row {row.Row} names project {code}, which is not stored; CheckStoredAsync refuses such rows.");
    }

    /// <summary>Text compared as a file would carry it (full-width letters and brackets read as half-width), so an export re-imports unchanged.</summary>
    internal static bool SameText(string? stored, string? fresh) => CellParsers.Normalize(stored) == CellParsers.Normalize(fresh);

    internal override IQueryable<Project> Dated(CounterpartDbContext db, Scope scope, int fromYear, int toYear) =>
        db.Rows<Project>(scope).Where(p => p.Year >= fromYear && p.Year <= toYear);

    internal override IOrderedQueryable<Project> InOrder(IQueryable<Project> rows) => rows.OrderBy(p => p.Year).ThenBy(p => p.Id);

    internal override IReadOnlyDictionary<string, Expression<Func<Project, object?>>> SortKeys { get; } = new Dictionary<string, Expression<Func<Project, object?>>>
    {
        ["code"] = p => p.Code, ["year"] = p => p.Year, ["name"] = p => p.Name, ["category"] = p => p.Category, ["status"] = p => p.Status,
        ["approved"] = p => p.ApprovedOn, ["completed"] = p => p.CompletedOn, ["persons"] = p => p.BenefitPersons,
    };

    internal override Expression<Func<Project, bool>> Search(string text) => p => p.Code.Contains(text) || p.Name.Contains(text) || p.WestOrg!.Name.Contains(text);

    internal override async IAsyncEnumerable<LedgerRow> CellsAsync(IQueryable<Project> rows, PersonalDataProtector protector, bool unmasked,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var projected = rows.Select(p => new
            {
                p.Id, p.ReviewState, p.Code, p.Year, p.Name, p.Category, p.Status, p.Content, Place = p.WestOrg!.Code, East = p.EastOrg!.Code, Beneficiary = p.BeneficiaryOrg!.Code,
                p.ApprovedOn, p.StartedOn, p.CompletedOn, p.AcceptedOn, p.BenefitHouseholds, p.BenefitPersons, p.BenefitPersonsLifted, p.BenefitMechanism,
                p.AssetOwner, Owner = p.Owner!.Code,
            }).AsAsyncEnumerable();
        await foreach (var p in projected.WithCancellation(ct))
        {
            yield return new LedgerRow(p.Id, p.ReviewState,
            [
                p.Code, Number(p.Year), p.Name, Categories[p.Category], Statuses[p.Status], p.Content ?? "", p.Place, p.East ?? "", p.Beneficiary ?? "",
                Iso(p.ApprovedOn), Iso(p.StartedOn), Iso(p.CompletedOn), Iso(p.AcceptedOn), Number(p.BenefitHouseholds), Number(p.BenefitPersons),
                Number(p.BenefitPersonsLifted), p.BenefitMechanism ?? "", p.AssetOwner ?? "", p.Owner,
            ]);
        }
    }

    internal static string Iso(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";

    private static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// Whom a batch of a project's child rows (funds, outcomes) belongs to: those rows carry no 填报单位, so the batch is the
/// owner's of the project its first row names, learnt while the first chunk is applied (the batch is created after it).
/// </summary>
internal sealed class ProjectOwners(string ledger)
{
    private readonly Dictionary<string, long> owners = new(StringComparer.Ordinal);

    /// <summary>Remembers the owners of the projects a chunk names.</summary>
    public void Learn(IEnumerable<Project> projects)
    {
        foreach (var project in projects)
        {
            owners.TryAdd(project.Code, project.OwnerOrgId);
        }
    }

    public long OfBatch(IReadOnlyList<RowValues> rows) =>
        owners.TryGetValue(rows[0].Get<string>("project")!, out var owner)
            ? owner
            : throw new InvalidOperationException($"The owner of a {ledger} batch is known only once its first rows have been applied.");
}
