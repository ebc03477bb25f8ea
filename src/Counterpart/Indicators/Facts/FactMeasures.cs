using System.Linq.Expressions;
using Counterpart.Data;
using Counterpart.Labor;
using Counterpart.Organizations;
using Counterpart.Projects;
using Counterpart.Trainings;
using Microsoft.EntityFrameworkCore;

namespace Counterpart.Indicators.Facts;

/// <summary>
/// The indicators of the high-volume ledgers read from the maintained facts: SQL sums and distinct counts over a few
/// rows per owner, sides and year instead of every ledger row. Each method gives the same figure as its counterpart
/// computed from rows (tested on both databases).
/// </summary>
internal static class FactMeasures
{
    private const decimal FenPerTenThousandYuan = 1_000_000m;

    public static Task<Measure> FiscalAid(IndicatorContext ctx, CancellationToken ct) =>
        SumAmountAsync(ctx, Of(ctx, FactKind.FundsDisbursed), ct);

    public static Task<Measure> RelocationSupport(IndicatorContext ctx, CancellationToken ct) =>
        SumAmountAsync(ctx, Of(ctx, FactKind.FundsDisbursed).Where(f => f.Category == (int)ProjectCategory.RelocationFollowUp), ct);

    public static Task<Measure> Projects(IndicatorContext ctx, CancellationToken ct) => SumCountAsync(ctx, Of(ctx, FactKind.ProjectsFunded), ct);

    public static Task<Measure> ConsumptionSales(IndicatorContext ctx, CancellationToken ct) => SumAmountAsync(ctx, Of(ctx, FactKind.Sales), ct);

    public static Task<Measure> Donations(IndicatorContext ctx, CancellationToken ct) => SumAmountAsync(ctx, Of(ctx, FactKind.Donations), ct);

    public static Task<Measure> Trainings(IndicatorContext ctx, TrainingDomain domain, bool marketOrientedOnly, CancellationToken ct) =>
        SumCountAsync(ctx, Sessions(ctx, domain, marketOrientedOnly), ct);

    public static async Task<Measure> Trainees(IndicatorContext ctx, TrainingDomain domain, bool marketOrientedOnly, CancellationToken ct)
    {
        var byYear = await Sessions(ctx, domain, marketOrientedOnly).GroupBy(f => f.Year)
            .Select(g => new { Year = g.Key, Value = g.Sum(f => f.Value) }).ToListAsync(ct);
        return ByYear(ctx, byYear.ToDictionary(r => r.Year, r => (decimal)r.Value));
    }

    /// <summary>Distinct persons helped into stable employment, with the breakdowns of <see cref="LaborIndicators.Transferred"/>.</summary>
    public static async Task<Measure> Transferred(IndicatorContext ctx, bool liftedOnly, CancellationToken ct)
    {
        var jobs = CountedJobs(ctx, liftedOnly);
        var measure = await DistinctPersonsAsync(ctx, jobs, ct);
        var breakdowns = new Dictionary<string, IReadOnlyDictionary<string, decimal>>
        {
            ["destination"] = await DistinctByAsync(jobs, f => f.Category, c => ((EmploymentDestination)c).ToString(), ct),
        };
        if (!liftedOnly)
        {
            breakdowns["household"] = await DistinctByAsync(jobs, f => f.Variant, v => ((HouseholdType)v).ToString(), ct);
        }

        return measure with { Breakdowns = breakdowns };
    }

    /// <summary>Distinct persons in stable jobs at the local entity of a landed guided enterprise.</summary>
    public static async Task<Measure> EnterpriseJobs(IndicatorContext ctx, IReadOnlyCollection<long> employers, bool liftedOnly, CancellationToken ct)
    {
        var jobs = CountedJobs(ctx, liftedOnly).Where(f => employers.Contains(f.RefId));
        var measure = await DistinctPersonsAsync(ctx, jobs, ct);
        return liftedOnly ? measure : measure with
        {
            Breakdowns = new Dictionary<string, IReadOnlyDictionary<string, decimal>>
            {
                ["household"] = await DistinctByAsync(jobs, f => f.Variant, v => ((HouseholdType)v).ToString(), ct),
            },
        };
    }

    /// <summary>Facts of a kind in the period, the selection and the reader's scope.</summary>
    private static IQueryable<IndicatorFact> Of(IndicatorContext ctx, FactKind kind)
    {
        var db = ctx.Db;
        var facts = db.Facts.Where(f => f.Kind == kind && f.Year >= ctx.FromYear && f.Year <= ctx.ToYear);
        if (ctx.ApprovedOnly)
        {
            facts = facts.Where(f => f.Approved);
        }
        if (ctx.Selection.IsPairing)
        {
            var west = OrgIdsUnder(db, ctx.Selection.WestPath!);
            var east = OrgIdsUnder(db, ctx.Selection.EastPath!);
            facts = facts.Where(f => west.Contains(f.WestOrgId) && east.Contains(f.EastOrgId));
        }
        else
        {
            var any = OrgIdsUnder(db, ctx.Selection.AnyPath!);
            facts = facts.Where(f => any.Contains(f.WestOrgId) || any.Contains(f.EastOrgId));
        }

        if (ctx.Scope.Paths is { } paths)
        {
            var org = Expression.Parameter(typeof(Organization), "o");
            var inScope = Expression.Lambda<Func<Organization, bool>>(ScopeQueries.AnyPrefix(Expression.Property(org, nameof(Organization.Path)), paths), org);
            // As for rows (Scope): owned in scope, or either side in scope.
            var visible = db.Organizations.Where(inScope).Select(o => o.Id);
            facts = facts.Where(f => visible.Contains(f.OwnerOrgId) || visible.Contains(f.EastOrgId) || visible.Contains(f.WestOrgId));
        }

        return facts;
    }

    private static IQueryable<long> OrgIdsUnder(CounterpartDbContext db, string path) =>
        db.Organizations.Where(o => o.Path.StartsWith(path)).Select(o => o.Id);

    private static IQueryable<IndicatorFact> Sessions(IndicatorContext ctx, TrainingDomain domain, bool marketOrientedOnly) =>
        Of(ctx, FactKind.Trainings).Where(f => f.Category == (int)domain && (!marketOrientedOnly || f.Variant == 1));

    /// <summary>Jobs stable on the as-of date, under the public-welfare-post rule; optionally only 脱贫 persons.</summary>
    private static IQueryable<IndicatorFact> CountedJobs(IndicatorContext ctx, bool liftedOnly)
    {
        var asOf = ctx.AsOf;
        var jobs = Of(ctx, FactKind.Jobs).Where(f => f.Since <= asOf);
        if (!ctx.Rules.CountPublicWelfarePosts)
        {
            jobs = jobs.Where(f => f.Category != (int)EmploymentDestination.PublicWelfarePost);
        }

        return liftedOnly ? jobs.Where(f => f.Variant == (int)HouseholdType.Lifted) : jobs;
    }

    private static async Task<Measure> SumAmountAsync(IndicatorContext ctx, IQueryable<IndicatorFact> facts, CancellationToken ct)
    {
        var byYear = await facts.GroupBy(f => f.Year).Select(g => new { Year = g.Key, Value = g.Sum(f => f.Value) }).ToListAsync(ct);
        return ByYear(ctx, byYear.ToDictionary(r => r.Year, r => r.Value / FenPerTenThousandYuan));
    }

    private static async Task<Measure> SumCountAsync(IndicatorContext ctx, IQueryable<IndicatorFact> facts, CancellationToken ct)
    {
        var byYear = await facts.GroupBy(f => f.Year).Select(g => new { Year = g.Key, Count = g.Sum(f => f.Count) }).ToListAsync(ct);
        return ByYear(ctx, byYear.ToDictionary(r => r.Year, r => (decimal)r.Count));
    }

    /// <summary>Additive figures: the total is the sum of the years.</summary>
    private static Measure ByYear(IndicatorContext ctx, Dictionary<int, decimal> stored)
    {
        var byYear = ctx.Years.ToDictionary(y => y, y => stored.GetValueOrDefault(y));
        return Measure.Of(byYear.Values.Sum(), byYear);
    }

    /// <summary>Persons do not add up: distinct within each year, and distinct over the whole period.</summary>
    private static async Task<Measure> DistinctPersonsAsync(IndicatorContext ctx, IQueryable<IndicatorFact> jobs, CancellationToken ct)
    {
        var byYear = await jobs.GroupBy(f => f.Year)
            .Select(g => new { Year = g.Key, Persons = g.Select(f => f.SubjectId).Distinct().Count() }).ToListAsync(ct);
        var total = await jobs.Select(f => f.SubjectId).Distinct().CountAsync(ct);
        var stored = byYear.ToDictionary(r => r.Year, r => (decimal)r.Persons);
        return Measure.Of(total, ctx.Years.ToDictionary(y => y, y => stored.GetValueOrDefault(y)));
    }

    private static async Task<IReadOnlyDictionary<string, decimal>> DistinctByAsync(
        IQueryable<IndicatorFact> jobs, Expression<Func<IndicatorFact, int>> dimension, Func<int, string> label, CancellationToken ct)
    {
        var rows = await jobs.GroupBy(dimension)
            .Select(g => new { Key = g.Key, Persons = g.Select(f => f.SubjectId).Distinct().Count() }).ToListAsync(ct);
        return rows.ToDictionary(r => label(r.Key), r => (decimal)r.Persons);
    }
}
