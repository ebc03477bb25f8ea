using Counterpart.Data;
using Counterpart.Consumption;
using Counterpart.Donations;
using Counterpart.Organizations;
using Counterpart.Projects;
using Microsoft.EntityFrameworkCore;

namespace Counterpart.Indicators;

/// <summary>Money: fiscal aid and projects, consumption assistance, donations.</summary>
internal static class FundIndicators
{
    /// <summary>Cooperation funds disbursed to projects in the west (拨付到位), by date of disbursement.</summary>
    public static Task<Measure> FiscalAid(IndicatorContext ctx, CancellationToken ct) =>
        ctx.SumAsync(CooperationDisbursements(ctx, null), ct);

    /// <summary>The part of fiscal aid spent on follow-up support of relocation sites (搬迁后扶 projects).</summary>
    public static Task<Measure> RelocationSupport(IndicatorContext ctx, CancellationToken ct) =>
        ctx.SumAsync(CooperationDisbursements(ctx, ProjectCategory.RelocationFollowUp), ct);

    private static IQueryable<DatedAmount> CooperationDisbursements(IndicatorContext ctx, ProjectCategory? category) =>
        CooperationDisbursementRows(ctx, category).Select(f => new DatedAmount(f.Date, f.Amount));

    /// <summary>The fund movements fiscal aid sums (the figure and its list of rows read this one query).</summary>
    internal static IQueryable<ProjectFund> CooperationDisbursementRows(IndicatorContext ctx, ProjectCategory? category)
    {
        var projects = ctx.Selected<Project>();
        if (category is { } c)
        {
            projects = projects.Where(p => p.Category == c);
        }

        var approvedOnly = ctx.ApprovedOnly;
        return projects.SelectMany(p => p.Funds)
            .Where(f => f.Source == FundSource.Cooperation && f.Stage == FundStage.Disbursement && f.Date >= ctx.Start && f.Date <= ctx.End)
            .Where(f => !approvedOnly || f.ReviewState == ReviewStatus.Approved);
    }

    /// <summary>Projects approved (立项) in the period that received cooperation funds; reserve projects do not count.</summary>
    public static Task<Measure> Projects(IndicatorContext ctx, CancellationToken ct) =>
        ctx.CountAsync(ProjectRows(ctx).Select(p => p.ApprovedOn!.Value), ct);

    /// <summary>The projects the projects figure counts.</summary>
    internal static IQueryable<Project> ProjectRows(IndicatorContext ctx)
    {
        var approvedOnly = ctx.ApprovedOnly;
        return ctx.Selected<Project>()
            .Where(p => p.Status != ProjectStatus.Reserve && p.ApprovedOn != null && p.ApprovedOn >= ctx.Start && p.ApprovedOn <= ctx.End)
            .Where(p => p.Funds.Any(f => f.Source == FundSource.Cooperation && (!approvedOnly || f.ReviewState == ReviewStatus.Approved)));
    }

    /// <summary>Sales and purchases that count toward the east; each voucher is stored once per seller.</summary>
    public static Task<Measure> ConsumptionSales(IndicatorContext ctx, CancellationToken ct) =>
        ctx.SumAsync(SaleRows(ctx).Select(s => new DatedAmount(s.Date, s.Amount)), ct);

    /// <summary>The sales consumption assistance sums.</summary>
    internal static IQueryable<Sale> SaleRows(IndicatorContext ctx) =>
        ctx.Selected<Sale>().Where(s => s.CountsForEast && s.Date >= ctx.Start && s.Date <= ctx.End);

    public static Task<Measure> Donations(IndicatorContext ctx, CancellationToken ct) =>
        ctx.SumAsync(DonationRows(ctx).Select(d => new DatedAmount(d.Date, d.Amount)), ct);

    internal static IQueryable<Donation> DonationRows(IndicatorContext ctx) =>
        ctx.Selected<Donation>().Where(d => d.Date >= ctx.Start && d.Date <= ctx.End);

    /// <summary>
    /// Co-built parks (共建园区), by the date they were established: the park is the west side and its co-builder the
    /// east side, so parks roll up on both sides like every other sided row.
    /// </summary>
    public static async Task<Measure> Parks(IndicatorContext ctx, CancellationToken ct)
    {
        var dates = (await ParkRowsAsync(ctx, ct)).Select(p => p.EstablishedOn).ToList();
        return Measure.Of(dates.Count, ctx.Years.ToDictionary(y => y, y => (decimal)dates.Count(d => d.Year == y)));
    }

    /// <summary>The co-built parks the parks figure counts: in the selection and the scope, established in the period.</summary>
    internal static async Task<List<(long Id, string Code, string Name, string CoBuiltBy, DateOnly EstablishedOn)>> ParkRowsAsync(IndicatorContext ctx, CancellationToken ct)
    {
        var parks = await ctx.Db.Organizations.AsNoTracking()
            .Where(o => o.Kind == OrgKind.IndustrialPark && o.CoBuiltByOrgId != null && o.EstablishedOn != null)
            .Select(o => new { o.Id, o.Code, o.Name, o.Path, EastPath = o.CoBuiltBy!.Path, EastName = o.CoBuiltBy.Name, o.EstablishedOn })
            .ToListAsync(ct);
        return [.. parks.Where(p => ctx.Selection.Includes(p.EastPath, p.Path) && (ctx.Scope.Contains(p.Path) || ctx.Scope.Contains(p.EastPath)) && ctx.InPeriod(p.EstablishedOn!.Value))
            .Select(p => (p.Id, p.Code, p.Name, p.EastName, p.EstablishedOn!.Value))];
    }
}
