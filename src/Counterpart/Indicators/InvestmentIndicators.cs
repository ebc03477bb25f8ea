using Counterpart.Data;
using Counterpart.Investment;
using Counterpart.Labor;
using Microsoft.EntityFrameworkCore;

namespace Counterpart.Indicators;

/// <summary>Guided enterprises, their investment and the rural laborers they employ.</summary>
internal static class InvestmentIndicators
{
    /// <summary>Distinct eastern enterprises whose investment landed (落地) in the period.</summary>
    public static Task<Measure> EnterprisesLanded(IndicatorContext ctx, CancellationToken ct) =>
        ctx.DistinctAsync(
            Landed(ctx).Where(i => i.LandedOn >= ctx.Start && i.LandedOn <= ctx.End && i.EastOrgId != null)
                .Select(i => new DatedKey(i.LandedOn!.Value, i.EastOrgId!.Value)),
            ct);

    /// <summary>Investment actually arrived (实际到位) from landed enterprises, by date of arrival.</summary>
    public static Task<Measure> EnterpriseInvestment(IndicatorContext ctx, CancellationToken ct) =>
        ctx.SumAsync(EnterpriseInvestmentRows(ctx).Select(f => new DatedAmount(f.Date, f.Amount)), ct);

    /// <summary>The part of it invested in co-built parks.</summary>
    public static Task<Measure> ParkInvestment(IndicatorContext ctx, CancellationToken ct) =>
        ctx.SumAsync(ParkInvestmentRows(ctx).Select(f => new DatedAmount(f.Date, f.Amount)), ct);

    /// <summary>The inflows of investments (approved ones only, when asked).</summary>
    private static IQueryable<InvestmentInflow> ArrivedRows(IndicatorContext ctx, IQueryable<GuidedInvestment> investments)
    {
        var approvedOnly = ctx.ApprovedOnly;
        return investments.SelectMany(i => i.Inflows).Where(f => !approvedOnly || f.ReviewState == ReviewStatus.Approved);
    }

    /// <summary>The inflows the enterprise investment figure sums (SumAsync keeps those in the period).</summary>
    internal static IQueryable<InvestmentInflow> EnterpriseInvestmentRows(IndicatorContext ctx) =>
        ArrivedRows(ctx, Landed(ctx)).Where(f => f.Date >= ctx.Start && f.Date <= ctx.End);

    /// <summary>The inflows the park investment figure sums.</summary>
    internal static IQueryable<InvestmentInflow> ParkInvestmentRows(IndicatorContext ctx) =>
        ArrivedRows(ctx, Landed(ctx).Where(i => i.Park != null && i.Park.CoBuiltByOrgId != null)).Where(f => f.Date >= ctx.Start && f.Date <= ctx.End);

    /// <summary>Distinct persons in stable jobs at a landed enterprise's local entity; optionally only 脱贫 persons.</summary>
    public static async Task<Measure> EnterpriseJobs(IndicatorContext ctx, bool liftedOnly, CancellationToken ct)
    {
        var employers = await EmployersAsync(ctx, ct);
        var jobs = (await LaborIndicators.CountedJobsAsync(ctx, ct))
            .Where(j => j.EmployerOrgId is { } e && employers.Contains(e))
            .Where(j => !liftedOnly || j.Household == HouseholdType.Lifted)
            .ToList();
        var measure = ctx.DistinctOf(jobs.Select(j => new DatedKey(j.StartDate, j.PersonId)));
        return liftedOnly ? measure : measure with { Breakdowns = LaborIndicators.ByHousehold(jobs) };
    }

    /// <summary>The same figure read from the indicator facts (the employers come from the few investment rows).</summary>
    public static Task<Measure> EnterpriseJobsFromFacts(IndicatorContext ctx, bool liftedOnly, CancellationToken ct) =>
        Facts.FactMeasures.EnterpriseJobs(ctx, liftedOnly, ct);

    /// <summary>The local entities of the landed enterprises: the employers whose jobs the enterprise-jobs figures count.</summary>
    internal static Task<List<long>> EmployersAsync(IndicatorContext ctx, CancellationToken ct) =>
        Landed(ctx).Select(i => i.WestOrgId).Distinct().ToListAsync(ct);

    internal static IQueryable<GuidedInvestment> Landed(IndicatorContext ctx) =>
        ctx.Selected<GuidedInvestment>().Where(i => i.Status == InvestmentStatus.Landed && i.LandedOn != null);
}
