using System.Globalization;
using Counterpart.Labor;
using Counterpart.Ledgers;
using Microsoft.EntityFrameworkCore;

namespace Counterpart.Indicators;

/// <summary>
/// Which rows a figure, a year of it or a part of a breakdown stands for: <see cref="Year"/> (the year the rule dates a
/// row in), and a breakdown with its key (e.g. "destination" / "ToEast").
/// </summary>
public sealed record EvidenceFilter(int? Year = null, string? Breakdown = null, string? Key = null, int Page = 1, int PageSize = 50);

/// <summary>
/// The rows behind a figure, counted by the figure's own rule: <see cref="Total"/> is the figure for a count of rows,
/// persons or units, and <see cref="Sum"/> (in the indicator's unit: 万元 for amounts, 人次 for attendance) for a sum.
/// </summary>
public sealed record EvidencePage(string Ledger, string CountedAs, IReadOnlyList<string> Headers, int Total, decimal? Sum, IReadOnlyList<EvidenceRow> Rows);

/// <summary>One row of a list of evidence; <see cref="Id"/> is the ledger row's id (a person's, for persons).</summary>
public sealed record EvidenceRow(long Id, IReadOnlyList<string> Cells);

/// <summary>
/// The lists behind the figures that have one: each reads the same query as its figure (FundIndicators,
/// InvestmentIndicators, LaborIndicators), so the list and the number cannot disagree.
/// </summary>
internal static class IndicatorEvidence
{
    private delegate Task<EvidencePage> Lister(IndicatorContext ctx, EvidenceFilter filter, CancellationToken ct);

    private static readonly Dictionary<string, Lister> Listers = new(StringComparer.Ordinal)
    {
        ["fiscal_aid"] = (c, f, t) => FundsAsync(c, null, f, t),
        ["relocation_support"] = (c, f, t) => FundsAsync(c, Projects.ProjectCategory.RelocationFollowUp, f, t),
        ["projects"] = ProjectsAsync,
        ["consumption_sales"] = SalesAsync,
        ["enterprise_investment"] = (c, f, t) => InflowsAsync(c, InvestmentIndicators.EnterpriseInvestmentRows(c), f, t),
        ["labor_transferred"] = (c, f, t) => PersonsAsync(c, false, null, f, t),
        ["labor_transferred_lifted"] = (c, f, t) => PersonsAsync(c, true, null, f, t),
        ["enterprise_jobs"] = async (c, f, t) => await PersonsAsync(c, false, await InvestmentIndicators.EmployersAsync(c, t), f, t),
        ["enterprise_jobs_lifted"] = async (c, f, t) => await PersonsAsync(c, true, await InvestmentIndicators.EmployersAsync(c, t), f, t),
        ["enterprises_landed"] = EnterprisesAsync,
        ["park_investment"] = (c, f, t) => InflowsAsync(c, InvestmentIndicators.ParkInvestmentRows(c), f, t),
        ["parks"] = ParksAsync,
        ["donations"] = DonationsAsync,
        ["labor_trainings"] = (c, f, t) => SessionsAsync(c, Trainings.TrainingDomain.LaborSkills, true, false, f, t),
        ["labor_trainees"] = (c, f, t) => SessionsAsync(c, Trainings.TrainingDomain.LaborSkills, true, true, f, t),
        ["education_trainings"] = (c, f, t) => SessionsAsync(c, Trainings.TrainingDomain.Education, false, false, f, t),
        ["education_trainees"] = (c, f, t) => SessionsAsync(c, Trainings.TrainingDomain.Education, false, true, f, t),
        ["school_pairs_east"] = (c, f, t) => PairedUnitsAsync(c, Pairings.PairingKind.SchoolSchool, true, f, t),
        ["school_pairs_west"] = (c, f, t) => PairedUnitsAsync(c, Pairings.PairingKind.SchoolSchool, false, f, t),
        ["hospital_pairs_east"] = (c, f, t) => PairedUnitsAsync(c, Pairings.PairingKind.HospitalHospital, true, f, t),
        ["hospital_pairs_west"] = (c, f, t) => PairedUnitsAsync(c, Pairings.PairingKind.HospitalHospital, false, f, t),
        ["agency_village_pairs_east"] = (c, f, t) => PairedUnitsAsync(c, Pairings.PairingKind.AgencyVillage, true, f, t),
        ["agency_village_pairs_west"] = (c, f, t) => PairedUnitsAsync(c, Pairings.PairingKind.AgencyVillage, false, f, t),
        ["social_org_pairs"] = (c, f, t) => PairedUnitsAsync(c, Pairings.PairingKind.SocialOrgVillage, true, f, t),
        ["cadres_sent"] = (c, f, t) => AssignmentsAsync(c, TalentIndicators.CadresSentRows(c), false, true, f, t),
        ["cadres_received"] = (c, f, t) => AssignmentsAsync(c, TalentIndicators.CadresReceivedRows(c), false, false, f, t),
        ["teachers_sent"] = (c, f, t) => AssignmentsAsync(c, TalentIndicators.TeachersSentRows(c), true, false, f, t),
        ["teachers_received"] = (c, f, t) => AssignmentsAsync(c, TalentIndicators.TeachersReceivedRows(c), true, false, f, t),
        ["professionals_sent"] = (c, f, t) => AssignmentsAsync(c, TalentIndicators.ProfessionalsSentRows(c), true, false, f, t),
        ["professionals_received"] = (c, f, t) => AssignmentsAsync(c, TalentIndicators.ProfessionalsReceivedRows(c), true, false, f, t),
        ["evaluation_findings"] = FindingsAsync,
    };

    public static bool Has(string code) => Listers.ContainsKey(code);

    public static Task<EvidencePage> ListAsync(IndicatorContext ctx, string code, EvidenceFilter filter, CancellationToken ct) =>
        Listers.TryGetValue(code, out var lister)
            ? lister(ctx, filter with { Page = Math.Max(1, filter.Page), PageSize = Math.Clamp(filter.PageSize, 1, 200) }, ct)
            : throw new Data.DomainException($"指标“{code}”暂不提供明细列表。");

    private static async Task<EvidencePage> FundsAsync(IndicatorContext ctx, Projects.ProjectCategory? category, EvidenceFilter filter, CancellationToken ct)
    {
        var rows = FundIndicators.CooperationDisbursementRows(ctx, category);
        if (filter.Year is { } year)
        {
            rows = rows.Where(f => f.Date.Year == year);
        }

        var amounts = await rows.Select(f => f.Amount).ToListAsync(ct);
        var page = await rows.OrderBy(f => f.Date).ThenBy(f => f.Id).Skip((filter.Page - 1) * filter.PageSize).Take(filter.PageSize)
            .Select(f => new { f.Id, f.Project!.Code, f.Project.Name, Place = f.Project.WestOrg!.Name, f.Date, f.Amount }).ToListAsync(ct);
        return new EvidencePage("project-funds", "资金拨付记录", ["项目编号", "项目名称", "项目地点", "拨付日期", "金额（万元）"], amounts.Count, amounts.Sum() / 10000m,
            [.. page.Select(r => new EvidenceRow(r.Id, [r.Code, r.Name, r.Place, Iso(r.Date), TenThousand(r.Amount)]))]);
    }

    private static async Task<EvidencePage> ProjectsAsync(IndicatorContext ctx, EvidenceFilter filter, CancellationToken ct)
    {
        var rows = FundIndicators.ProjectRows(ctx);
        if (filter.Year is { } year)
        {
            rows = rows.Where(p => p.ApprovedOn!.Value.Year == year);
        }

        var total = await rows.CountAsync(ct);
        var page = await rows.OrderBy(p => p.ApprovedOn).ThenBy(p => p.Id).Skip((filter.Page - 1) * filter.PageSize).Take(filter.PageSize)
            .Select(p => new { p.Id, p.Code, p.Name, p.Category, p.Status, Place = p.WestOrg!.Name, p.ApprovedOn }).ToListAsync(ct);
        return new EvidencePage("projects", "项目", ["项目编号", "项目名称", "项目类别", "项目状态", "项目地点", "立项日期"], total, null,
            [.. page.Select(p => new EvidenceRow(p.Id, [p.Code, p.Name, ProjectLedger.Categories[p.Category], ProjectLedger.Statuses[p.Status], p.Place, Iso(p.ApprovedOn!.Value)]))]);
    }

    private static async Task<EvidencePage> SalesAsync(IndicatorContext ctx, EvidenceFilter filter, CancellationToken ct)
    {
        var rows = FundIndicators.SaleRows(ctx);
        if (filter.Year is { } year)
        {
            rows = rows.Where(s => s.Date.Year == year);
        }

        var amounts = await rows.Select(s => s.Amount).ToListAsync(ct);
        var page = await rows.OrderBy(s => s.Date).ThenBy(s => s.Id).Skip((filter.Page - 1) * filter.PageSize).Take(filter.PageSize)
            .Select(s => new { s.Id, s.VoucherNo, Seller = s.WestOrg!.Name, s.BuyerName, s.Kind, s.Channel, s.Date, s.Amount }).ToListAsync(ct);
        return new EvidencePage("sales", "销售记录", ["凭证号", "销售单位", "购买方", "类型", "渠道", "日期", "金额（万元）"], amounts.Count, amounts.Sum() / 10000m,
            [.. page.Select(s => new EvidenceRow(s.Id, [s.VoucherNo, s.Seller, s.BuyerName ?? "", SalesLedger.Kinds[s.Kind], SalesLedger.Channels[s.Channel], Iso(s.Date), TenThousand(s.Amount)]))]);
    }

    private static async Task<EvidencePage> InflowsAsync(IndicatorContext ctx, IQueryable<Investment.InvestmentInflow> rows, EvidenceFilter filter, CancellationToken ct)
    {
        if (filter.Year is { } year)
        {
            rows = rows.Where(f => f.Date.Year == year);
        }

        var amounts = await rows.Select(f => f.Amount).ToListAsync(ct);
        var page = await rows.OrderBy(f => f.Date).ThenBy(f => f.Id).Skip((filter.Page - 1) * filter.PageSize).Take(filter.PageSize)
            .Select(f => new { f.Id, East = f.Investment!.EastOrg!.Name, West = f.Investment.WestOrg!.Name, f.Investment.Industry, f.Date, f.Amount }).ToListAsync(ct);
        return new EvidencePage("investment-inflows", "投资到位记录", ["东部企业", "落地企业", "行业", "到位日期", "金额（万元）"], amounts.Count, amounts.Sum() / 10000m,
            [.. page.Select(f => new EvidenceRow(f.Id, [f.East ?? "", f.West, f.Industry, Iso(f.Date), TenThousand(f.Amount)]))]);
    }

    /// <summary>
    /// The persons of the transfer-employment figure: its counted jobs (started in the period — or the year — and stable),
    /// by person, so the list is as long as the figure. A breakdown narrows to the persons with a counted job of that
    /// destination or household type, as the breakdown counts them.
    /// </summary>
    private static async Task<EvidencePage> PersonsAsync(IndicatorContext ctx, bool liftedOnly, List<long>? employers, EvidenceFilter filter, CancellationToken ct)
    {
        var jobs = (await LaborIndicators.CountedJobsAsync(ctx, ct)).Where(j => !liftedOnly || j.Household == HouseholdType.Lifted)
            .Where(j => employers is null || (j.EmployerOrgId is { } e && employers.Contains(e)))
            .Where(j => filter.Year is not { } y || j.StartDate.Year == y)
            .Where(j => filter.Breakdown switch
            {
                "destination" => j.Destination.ToString() == filter.Key,
                "household" => j.Household.ToString() == filter.Key,
                _ => true,
            })
            .ToList();
        var persons = jobs.GroupBy(j => j.PersonId).OrderBy(g => g.Key).ToList();
        var pageGroups = persons.Skip((filter.Page - 1) * filter.PageSize).Take(filter.PageSize).ToList();
        var ids = pageGroups.Select(g => g.Key).ToList();
        var details = await ctx.Db.Rows<Person>(ctx.Scope).Where(p => EF.Parameter(ids).Contains(p.Id))
            .Select(p => new { p.Id, p.Name, p.IdNumber.Masked, Home = p.Home!.Name, p.HouseholdType }).ToDictionaryAsync(p => p.Id, ct);
        return new EvidencePage("labor", "人（按身份证号去重）", ["姓名", "身份证号", "户籍地", "户类型", "计入的就业", "首次就业开始", "就业去向"], persons.Count, null,
            [.. pageGroups.Select(g =>
            {
                var p = details[g.Key];
                return new EvidenceRow(g.Key,
                [
                    p.Name, p.Masked, p.Home, LaborLedger.Households[p.HouseholdType], g.Count().ToString(CultureInfo.InvariantCulture),
                    Iso(g.Min(j => j.StartDate)), string.Join("、", g.Select(j => LaborLedger.Destinations[j.Destination]).Distinct()),
                ]);
            })]);
    }

    private static async Task<EvidencePage> EnterprisesAsync(IndicatorContext ctx, EvidenceFilter filter, CancellationToken ct)
    {
        // Distinct eastern enterprises, each dated by the landings in the period (a year lists those that landed in it).
        var landed = await InvestmentIndicators.Landed(ctx).Where(i => i.LandedOn >= ctx.Start && i.LandedOn <= ctx.End && i.EastOrgId != null)
            .Select(i => new { East = i.EastOrgId!.Value, EastName = i.EastOrg!.Name, West = i.WestOrg!.Name, i.Industry, LandedOn = i.LandedOn!.Value }).ToListAsync(ct);
        var enterprises = landed.Where(i => filter.Year is not { } y || i.LandedOn.Year == y).GroupBy(i => i.East).OrderBy(g => g.Min(i => i.LandedOn)).ToList();
        return new EvidencePage("investment", "家企业（按东部企业去重）", ["东部企业", "落地企业", "行业", "首次落地日期"], enterprises.Count, null,
            [.. Page(enterprises, filter).Select(g => new EvidenceRow(g.Key,
                [g.First().EastName, string.Join("、", g.Select(i => i.West).Distinct()), string.Join("、", g.Select(i => i.Industry).Distinct()), Iso(g.Min(i => i.LandedOn))]))]);
    }

    private static async Task<EvidencePage> ParksAsync(IndicatorContext ctx, EvidenceFilter filter, CancellationToken ct)
    {
        var parks = (await FundIndicators.ParkRowsAsync(ctx, ct)).Where(p => filter.Year is not { } y || p.EstablishedOn.Year == y).OrderBy(p => p.EstablishedOn).ToList();
        return new EvidencePage("organizations", "个园区", ["代码", "园区名称", "共建单位", "建立日期"], parks.Count, null,
            [.. Page(parks, filter).Select(p => new EvidenceRow(p.Id, [p.Code, p.Name, p.CoBuiltBy, Iso(p.EstablishedOn)]))]);
    }

    private static async Task<EvidencePage> DonationsAsync(IndicatorContext ctx, EvidenceFilter filter, CancellationToken ct)
    {
        var rows = FundIndicators.DonationRows(ctx);
        if (filter.Year is { } year)
        {
            rows = rows.Where(d => d.Date.Year == year);
        }

        var amounts = await rows.Select(d => d.Amount).ToListAsync(ct);
        var page = await rows.OrderBy(d => d.Date).ThenBy(d => d.Id).Skip((filter.Page - 1) * filter.PageSize).Take(filter.PageSize)
            .Select(d => new { d.Id, d.ReceiptNo, Donor = d.DonorName ?? d.EastOrg!.Name, Receiver = d.WestOrg!.Name, d.Date, d.Amount, d.Purpose }).ToListAsync(ct);
        return new EvidencePage("donations", "笔捐赠", ["捐赠票据号", "捐赠方", "受赠单位", "日期", "金额（万元）", "用途"], amounts.Count, amounts.Sum() / 10000m,
            [.. page.Select(d => new EvidenceRow(d.Id, [d.ReceiptNo, d.Donor ?? "", d.Receiver, Iso(d.Date), TenThousand(d.Amount), d.Purpose ?? ""]))]);
    }

    /// <summary>Training sessions: counted (期), or their attendance summed (人次) when <paramref name="attendance"/>.</summary>
    private static async Task<EvidencePage> SessionsAsync(IndicatorContext ctx, Trainings.TrainingDomain domain, bool marketOriented, bool attendance, EvidenceFilter filter, CancellationToken ct)
    {
        var rows = LaborIndicators.Sessions(ctx, domain, marketOriented);
        if (filter.Year is { } year)
        {
            rows = rows.Where(t => t.StartDate.Year == year);
        }

        var counts = await rows.Select(t => t.Attendance).ToListAsync(ct);
        var page = await rows.OrderBy(t => t.StartDate).ThenBy(t => t.Id).Skip((filter.Page - 1) * filter.PageSize).Take(filter.PageSize)
            .Select(t => new { t.Id, t.Title, Host = t.WestOrg!.Name, East = t.EastOrg!.Name, t.StartDate, t.EndDate, t.Attendance }).ToListAsync(ct);
        return new EvidencePage("trainings", "期培训", ["培训名称", "举办单位", "东部单位", "开始日期", "结束日期", "参训人次"], counts.Count, attendance ? counts.Sum() : null,
            [.. page.Select(t => new EvidenceRow(t.Id, [t.Title, t.Host, t.East ?? "", Iso(t.StartDate), Iso(t.EndDate), t.Attendance.ToString(CultureInfo.InvariantCulture)]))]);
    }

    /// <summary>Distinct units on one side of the pairings in force (a year lists the units paired in it), with whom they are paired.</summary>
    private static async Task<EvidencePage> PairedUnitsAsync(IndicatorContext ctx, Pairings.PairingKind kind, bool eastSide, EvidenceFilter filter, CancellationToken ct)
    {
        var pairings = (await PairingIndicators.PairingRows(ctx, kind)
            .Select(p => new { p.EastOrgId, East = p.EastOrg!.Name, p.WestOrgId, West = p.WestOrg!.Name, p.StartDate, p.EndDate }).ToListAsync(ct))
            .Where(p => filter.Year is not { } y || PairingIndicators.ActiveIn(y, p.StartDate, p.EndDate)).ToList();
        var units = pairings.GroupBy(p => eastSide ? p.EastOrgId : p.WestOrgId).OrderBy(g => g.Key).ToList();
        return new EvidencePage("pairings", "个单位（按单位去重）", ["单位", "结对对象", "开始日期"], units.Count, null,
            [.. Page(units, filter).Select(g => new EvidenceRow(g.Key,
                [eastSide ? g.First().East : g.First().West, string.Join("、", g.Select(p => eastSide ? p.West : p.East).Distinct()), Iso(g.Min(p => p.StartDate))]))]);
    }

    /// <summary>Talent assignments: each counted (人次), only stays long enough when <paramref name="longStays"/>, or by person (人) when <paramref name="byPerson"/>.</summary>
    private static async Task<EvidencePage> AssignmentsAsync(IndicatorContext ctx, IQueryable<Talent.TalentAssignment> rows, bool longStays, bool byPerson, EvidenceFilter filter, CancellationToken ct)
    {
        var list = (await rows.Select(a => new { a.Id, a.PersonId, a.Person!.Name, West = a.WestOrg!.Name, East = a.EastOrg!.Name, a.Category, a.StartDate, a.EndDate, a.Post }).ToListAsync(ct))
            .Where(a => !longStays || TalentIndicators.LongStay(ctx, a.StartDate, a.EndDate))
            .Where(a => filter.Year is not { } y || a.StartDate.Year == y)
            .OrderBy(a => a.StartDate).ThenBy(a => a.Id).ToList();
        var headers = new[] { "姓名", "东部单位", "西部单位", "类别", "开始日期", "结束日期", "岗位" };
        if (byPerson)
        {
            var persons = list.GroupBy(a => a.PersonId).ToList();
            return new EvidencePage("talent", "人（按人去重）", headers, persons.Count, null,
                [.. Page(persons, filter).Select(g => new EvidenceRow(g.Key,
                    [g.First().Name, g.First().East ?? "", string.Join("、", g.Select(a => a.West).Distinct()), TalentLedger.Categories[g.First().Category], Iso(g.Min(a => a.StartDate)), g.Max(a => a.EndDate) is { } e ? Iso(e) : "", g.First().Post ?? ""]))]);
        }

        return new EvidencePage("talent", "人次", headers, list.Count, null,
            [.. Page(list, filter).Select(a => new EvidenceRow(a.Id,
                [a.Name, a.East ?? "", a.West, TalentLedger.Categories[a.Category], Iso(a.StartDate), a.EndDate is { } e ? Iso(e) : "", a.Post ?? ""]))]);
    }

    private static async Task<EvidencePage> FindingsAsync(IndicatorContext ctx, EvidenceFilter filter, CancellationToken ct)
    {
        var rounds = await PairingIndicators.NationalRounds(ctx).Where(r => filter.Year == null || r.Year == filter.Year).Select(r => r.Id).ToListAsync(ct);
        var rows = PairingIndicators.FindingRows(ctx, rounds);
        var total = await rows.CountAsync(ct);
        var page = await rows.OrderBy(f => f.Date).ThenBy(f => f.Id).Skip((filter.Page - 1) * filter.PageSize).Take(filter.PageSize)
            .Select(f => new { f.Id, f.EvaluationRound!.Year, f.Area, f.Severity, f.Description, Concerns = f.Concerns!.Name, f.Date }).ToListAsync(ct);
        return new EvidencePage("findings", "条问题", ["考核年度", "领域", "严重程度", "问题描述", "涉及单位", "发现日期"], total, null,
            [.. page.Select(f => new EvidenceRow(f.Id, [f.Year.ToString(CultureInfo.InvariantCulture), f.Area, FindingLedger.Severities[f.Severity], f.Description, f.Concerns, Iso(f.Date)]))]);
    }

    private static IEnumerable<T> Page<T>(IEnumerable<T> rows, EvidenceFilter filter) => rows.Skip((filter.Page - 1) * filter.PageSize).Take(filter.PageSize);

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string TenThousand(decimal yuan) => (yuan / 10000m).ToString("#,0.####", CultureInfo.GetCultureInfo("zh-CN"));
}

/// <summary>The Chinese names of the parts of a breakdown ("destination" / "ToEast" → 到东部), as the ledgers label them.</summary>
public static class BreakdownNames
{
    public static string Of(string breakdown, string key) => breakdown switch
    {
        "destination" when Enum.TryParse<EmploymentDestination>(key, out var d) => LaborLedger.Destinations[d],
        "household" when Enum.TryParse<HouseholdType>(key, out var h) => LaborLedger.Households[h],
        _ => key,
    };

    /// <summary>The name of a breakdown itself.</summary>
    public static string Title(string breakdown) => breakdown switch
    {
        "destination" => "就业去向",
        "household" => "户类型",
        _ => breakdown,
    };
}
