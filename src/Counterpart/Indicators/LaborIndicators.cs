using Counterpart.Labor;
using Counterpart.Trainings;
using Microsoft.EntityFrameworkCore;

namespace Counterpart.Indicators;

/// <summary>One job as the labor indicators see it.</summary>
internal sealed record CountedJob(long PersonId, HouseholdType Household, EmploymentDestination Destination, long? EmployerOrgId, DateOnly StartDate, DateOnly? EndDate);

/// <summary>Labor cooperation: transfer employment and labor trainings.</summary>
internal static class LaborIndicators
{
    /// <summary>
    /// Jobs that count: started in the period ("since 2021" when the period starts in 2021) and stable — they
    /// lasted, or have lasted until the as-of date, at least <see cref="CountingRules.StableEmploymentMonths"/>.
    /// </summary>
    public static async Task<List<CountedJob>> CountedJobsAsync(IndicatorContext ctx, CancellationToken ct)
    {
        var rows = await ctx.Selected<Employment>()
            .Where(e => e.StartDate >= ctx.Start && e.StartDate <= ctx.End)
            .Select(e => new CountedJob(e.PersonId, e.Person!.HouseholdType, e.Destination, e.EmployerOrgId, e.StartDate, e.EndDate))
            .ToListAsync(ct);
        return [.. rows.Where(j => IsStable(j, ctx.Rules, ctx.AsOf) && (ctx.Rules.CountPublicWelfarePosts || j.Destination != EmploymentDestination.PublicWelfarePost))];
    }

    public static bool IsStable(CountedJob job, CountingRules rules, DateOnly asOf) =>
        StableFrom(job.StartDate, job.EndDate, rules.StableEmploymentMonths) is { } since && asOf >= since;

    /// <summary>
    /// The first day on which a job counts as stable, or null if it never will. A job is stable on a day when it had
    /// lasted the stable months by then — the days worked run to its end date or to that day, whichever is earlier, so
    /// a planned end date after that day is not yet worked. Worked out: stable from start + months − 1 day, provided the
    /// job did not end before that. (The indicator summaries store this date, see IndicatorFact.Since.)
    /// </summary>
    public static DateOnly? StableFrom(DateOnly start, DateOnly? end, int stableMonths)
    {
        var since = start.AddMonths(stableMonths).AddDays(-1);
        return end is { } e && e < since ? null : since;
    }

    /// <summary>Distinct persons (by ID number: one registry row per person) helped into stable employment.</summary>
    public static async Task<Measure> Transferred(IndicatorContext ctx, bool liftedOnly, CancellationToken ct)
    {
        var jobs = (await CountedJobsAsync(ctx, ct)).Where(j => !liftedOnly || j.Household == HouseholdType.Lifted).ToList();
        var measure = ctx.DistinctOf(jobs.Select(j => new DatedKey(j.StartDate, j.PersonId)));
        var byDestination = jobs.GroupBy(j => j.Destination)
            .ToDictionary(g => g.Key.ToString(), g => (decimal)g.Select(j => j.PersonId).Distinct().Count());
        var breakdowns = new Dictionary<string, IReadOnlyDictionary<string, decimal>> { ["destination"] = byDestination };
        if (!liftedOnly)
        {
            breakdowns["household"] = ByHousehold(jobs)["household"];
        }

        return measure with { Breakdowns = breakdowns };
    }

    /// <summary>Distinct persons by household type (脱贫户 / 监测户 / 一般农户): the "of whom 脱贫" disaggregation.</summary>
    public static Dictionary<string, IReadOnlyDictionary<string, decimal>> ByHousehold(IEnumerable<CountedJob> jobs) => new()
    {
        ["household"] = jobs.GroupBy(j => j.Household).ToDictionary(g => g.Key.ToString(), g => (decimal)g.Select(j => j.PersonId).Distinct().Count()),
    };

    public static Task<Measure> Trainings(IndicatorContext ctx, TrainingDomain domain, bool marketOrientedOnly, CancellationToken ct) =>
        ctx.CountAsync(Sessions(ctx, domain, marketOrientedOnly).Select(t => t.StartDate), ct);

    /// <summary>Attendance (人次) of the same sessions.</summary>
    public static async Task<Measure> Trainees(IndicatorContext ctx, TrainingDomain domain, bool marketOrientedOnly, CancellationToken ct)
    {
        var rows = await Sessions(ctx, domain, marketOrientedOnly).Select(t => new { t.StartDate, t.Attendance }).ToListAsync(ct);
        var byYear = ctx.Years.ToDictionary(y => y, y => (decimal)rows.Where(r => r.StartDate.Year == y).Sum(r => r.Attendance));
        return Measure.Of(rows.Sum(r => r.Attendance), byYear);
    }

    internal static IQueryable<TrainingSession> Sessions(IndicatorContext ctx, TrainingDomain domain, bool marketOrientedOnly) =>
        ctx.Selected<TrainingSession>()
            .Where(t => t.Domain == domain && t.StartDate >= ctx.Start && t.StartDate <= ctx.End)
            .Where(t => !marketOrientedOnly || t.MarketOriented);
}
