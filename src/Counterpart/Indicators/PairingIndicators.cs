using Counterpart.Evaluation;
using Counterpart.Pairings;
using Microsoft.EntityFrameworkCore;

namespace Counterpart.Indicators;

/// <summary>Unit pairings (schools, hospitals, agencies, social organizations) and evaluation results.</summary>
internal static class PairingIndicators
{
    /// <summary>Distinct units on one side of pairings of a kind that were in force at any time in the period.</summary>
    public static async Task<Measure> PairedUnits(IndicatorContext ctx, PairingKind kind, bool eastSide, CancellationToken ct)
    {
        var rows = await PairingRows(ctx, kind)
            .Select(p => new { p.EastOrgId, p.WestOrgId, p.StartDate, p.EndDate })
            .ToListAsync(ct);
        long Unit(long east, long west) => eastSide ? east : west;
        var byYear = ctx.Years.ToDictionary(
            y => y,
            y => (decimal)rows.Where(r => ActiveIn(y, r.StartDate, r.EndDate)).Select(r => Unit(r.EastOrgId, r.WestOrgId)).Distinct().Count());
        return Measure.Of(rows.Select(r => Unit(r.EastOrgId, r.WestOrgId)).Distinct().Count(), byYear);
    }

    /// <summary>Pairings of a kind in force at any time in the period.</summary>
    internal static IQueryable<Pairing> PairingRows(IndicatorContext ctx, PairingKind kind) =>
        ctx.Selected<Pairing>().Where(p => p.Kind == kind && p.StartDate <= ctx.End && (p.EndDate == null || p.EndDate >= ctx.Start));

    /// <summary>Whether a pairing was in force in a year.</summary>
    internal static bool ActiveIn(int year, DateOnly start, DateOnly? end) => start.Year <= year && (end is null || end.Value.Year >= year);

    /// <summary>
    /// Findings fed back by completed national evaluation rounds. A year without a completed round has no value
    /// (it is left out of the years), so "0" always means "evaluated, nothing found".
    /// </summary>
    public static async Task<Measure> EvaluationFindings(IndicatorContext ctx, CancellationToken ct)
    {
        var rounds = await NationalRounds(ctx).Select(r => new { r.Id, r.Year }).ToListAsync(ct);
        var roundIds = rounds.Select(r => r.Id).ToList();
        var findings = await FindingRows(ctx, roundIds).Select(f => f.EvaluationRoundId!.Value).ToListAsync(ct);
        var byYear = rounds.GroupBy(r => r.Year)
            .ToDictionary(g => g.Key, g => (decimal)findings.Count(f => g.Any(r => r.Id == f)));
        return Measure.Of(findings.Count, byYear) with { HasValue = rounds.Count > 0 };
    }

    /// <summary>The completed national evaluation rounds of the selection in the period.</summary>
    internal static IQueryable<EvaluationRound> NationalRounds(IndicatorContext ctx) =>
        ctx.Selected<Pairing>()
            .Join(ctx.Rows<EvaluationRound>(), p => p.Id, r => r.PairingId, (p, r) => r)
            .Where(r => r.Level == EvaluationLevel.National && r.Completed && r.Year >= ctx.FromYear && r.Year <= ctx.ToYear);

    /// <summary>The findings of those rounds.</summary>
    internal static IQueryable<Finding> FindingRows(IndicatorContext ctx, List<long> roundIds) =>
        ctx.Rows<Finding>().Where(f => f.EvaluationRoundId != null && roundIds.Contains(f.EvaluationRoundId.Value));
}
