using Counterpart.Labor;
using Counterpart.Projects;
using Counterpart.Trainings;

namespace Counterpart.Indicators.Facts;

/// <summary>
/// The indicators of the high-volume ledgers read from the maintained facts: built in memory from the reads of
/// <see cref="FactReads"/>, which every indicator of a summary shares — one grouped read of the additive facts and one
/// pass over the job facts. Each method gives the same figure as its counterpart computed from rows (tested on both
/// databases).
/// </summary>
internal static class FactMeasures
{
    private const decimal FenPerTenThousandYuan = 1_000_000m;

    public static Task<Measure> FiscalAid(IndicatorContext ctx, CancellationToken ct) =>
        SumAsync(ctx, c => c.Kind == FactKind.FundsDisbursed, c => c.Value / FenPerTenThousandYuan, ct);

    public static Task<Measure> RelocationSupport(IndicatorContext ctx, CancellationToken ct) =>
        SumAsync(ctx, c => c.Kind == FactKind.FundsDisbursed && c.Category == (int)ProjectCategory.RelocationFollowUp, c => c.Value / FenPerTenThousandYuan, ct);

    public static Task<Measure> Projects(IndicatorContext ctx, CancellationToken ct) =>
        SumAsync(ctx, c => c.Kind == FactKind.ProjectsFunded, c => c.Count, ct);

    public static Task<Measure> ConsumptionSales(IndicatorContext ctx, CancellationToken ct) =>
        SumAsync(ctx, c => c.Kind == FactKind.Sales, c => c.Value / FenPerTenThousandYuan, ct);

    public static Task<Measure> Donations(IndicatorContext ctx, CancellationToken ct) =>
        SumAsync(ctx, c => c.Kind == FactKind.Donations, c => c.Value / FenPerTenThousandYuan, ct);

    /// <summary>Training sessions of a domain (market-oriented ones only, when asked).</summary>
    public static Task<Measure> Trainings(IndicatorContext ctx, TrainingDomain domain, bool marketOrientedOnly, CancellationToken ct) =>
        SumAsync(ctx, c => IsSession(c, domain, marketOrientedOnly), c => c.Count, ct);

    /// <summary>Attendance (人次) of the same sessions.</summary>
    public static Task<Measure> Trainees(IndicatorContext ctx, TrainingDomain domain, bool marketOrientedOnly, CancellationToken ct) =>
        SumAsync(ctx, c => IsSession(c, domain, marketOrientedOnly), c => c.Value, ct);

    /// <summary>Distinct persons helped into stable employment, with the breakdowns of <see cref="LaborIndicators.Transferred"/>.</summary>
    public static async Task<Measure> Transferred(IndicatorContext ctx, bool liftedOnly, CancellationToken ct)
    {
        var persons = await ctx.FactReads.LaborPersonsAsync(ct);
        if (!persons.Consistent)
        {
            return await LaborIndicators.Transferred(ctx, liftedOnly, ct);
        }

        var measure = Measure.Of(Pick(persons.Total, liftedOnly), ctx.Years.ToDictionary(y => y, y => (decimal)Pick(persons.ByYear[y], liftedOnly)));
        var breakdowns = new Dictionary<string, IReadOnlyDictionary<string, decimal>>
        {
            ["destination"] = NonZero(persons.ByDestination.ToDictionary(d => d.Key.ToString(), d => liftedOnly ? d.Value.Lifted : d.Value.All)),
        };
        if (!liftedOnly)
        {
            breakdowns["household"] = NonZero(persons.ByHousehold.ToDictionary(h => h.Key.ToString(), h => h.Value.All));
        }

        return measure with { Breakdowns = breakdowns };

        static long Pick(Counts c, bool lifted) => lifted ? c.Lifted : c.All;
    }

    /// <summary>Distinct persons in stable jobs at the local entity of a landed guided enterprise.</summary>
    public static async Task<Measure> EnterpriseJobs(IndicatorContext ctx, bool liftedOnly, CancellationToken ct)
    {
        var persons = await ctx.FactReads.LaborPersonsAsync(ct);
        if (!persons.Consistent)
        {
            return await InvestmentIndicators.EnterpriseJobs(ctx, liftedOnly, ct);
        }

        var measure = Measure.Of(Pick(persons.Total, liftedOnly), ctx.Years.ToDictionary(y => y, y => (decimal)Pick(persons.ByYear[y], liftedOnly)));
        return liftedOnly ? measure : measure with
        {
            Breakdowns = new Dictionary<string, IReadOnlyDictionary<string, decimal>>
            {
                ["household"] = NonZero(persons.ByHousehold.ToDictionary(h => h.Key.ToString(), h => h.Value.Enterprise)),
            },
        };

        static long Pick(Counts c, bool lifted) => lifted ? c.EnterpriseLifted : c.Enterprise;
    }

    private static bool IsSession(AdditiveCell c, TrainingDomain domain, bool marketOrientedOnly) =>
        c.Kind == FactKind.Trainings && c.Category == (int)domain && (!marketOrientedOnly || c.Variant == 1);

    /// <summary>Additive figures: the cells' amounts by year; the total is the sum of the years.</summary>
    private static async Task<Measure> SumAsync(IndicatorContext ctx, Func<AdditiveCell, bool> which, Func<AdditiveCell, decimal> amount, CancellationToken ct)
    {
        var cells = (await ctx.FactReads.AdditiveAsync(ct)).Where(which).ToList();
        var byYear = ctx.Years.ToDictionary(y => y, y => cells.Where(c => c.Year == y).Sum(amount));
        return Measure.Of(byYear.Values.Sum(), byYear);
    }

    /// <summary>Breakdowns list only the parts with persons, as the computation from rows does.</summary>
    private static Dictionary<string, decimal> NonZero(Dictionary<string, long> parts) =>
        parts.Where(p => p.Value != 0).ToDictionary(p => p.Key, p => (decimal)p.Value);
}
