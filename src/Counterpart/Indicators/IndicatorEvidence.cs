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
/// The rows behind a figure, counted by the figure's own rule: <see cref="Total"/> is the figure for a count of rows or
/// persons, and <see cref="Sum"/> (万元) for an amount.
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
        ["enterprise_investment"] = InflowsAsync,
        ["labor_transferred"] = (c, f, t) => PersonsAsync(c, false, f, t),
        ["labor_transferred_lifted"] = (c, f, t) => PersonsAsync(c, true, f, t),
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

    private static async Task<EvidencePage> InflowsAsync(IndicatorContext ctx, EvidenceFilter filter, CancellationToken ct)
    {
        var rows = InvestmentIndicators.EnterpriseInvestmentRows(ctx);
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
    private static async Task<EvidencePage> PersonsAsync(IndicatorContext ctx, bool liftedOnly, EvidenceFilter filter, CancellationToken ct)
    {
        var jobs = (await LaborIndicators.CountedJobsAsync(ctx, ct)).Where(j => !liftedOnly || j.Household == HouseholdType.Lifted)
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
