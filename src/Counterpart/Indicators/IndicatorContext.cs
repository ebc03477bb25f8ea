using Counterpart.Data;
using Microsoft.EntityFrameworkCore;

namespace Counterpart.Indicators;

public sealed record DatedAmount(DateOnly Date, decimal Amount);

public sealed record DatedKey(DateOnly Date, long Key);

/// <summary>
/// Everything a computation needs: the rows it may read (scope), what it is for (selection), the period
/// (whole years), the counting rules, and the date against which ongoing jobs are judged.
/// </summary>
public sealed class IndicatorContext(CounterpartDbContext db, Scope scope, Selection selection, int fromYear, int toYear, CountingRules rules, DateOnly asOf)
{
    public CounterpartDbContext Db { get; } = db;
    public Scope Scope { get; } = scope;
    public Selection Selection { get; } = selection;
    public int FromYear { get; } = fromYear;
    public int ToYear { get; } = toYear;
    public CountingRules Rules { get; } = rules;
    public DateOnly AsOf { get; } = asOf;

    /// <summary>Whether indicators may read the maintained facts (built under the same counting rules).</summary>
    public bool UseFacts { get; init; }

    /// <summary>Whether only rows approved in review count (ADR 11); otherwise every row, whatever its review state.</summary>
    public bool ApprovedOnly { get; init; }

    /// <summary>The reads of the maintained facts that this summary's indicators share (each made once).</summary>
    internal Facts.FactReads FactReads => factReads ??= new Facts.FactReads(this);

    private Facts.FactReads? factReads;

    public DateOnly Start { get; } = new(fromYear, 1, 1);
    public DateOnly End { get; } = new(toYear, 12, 31);

    public IEnumerable<int> Years => Enumerable.Range(FromYear, ToYear - FromYear + 1);

    /// <summary>Rows in scope and in the selection (approved ones only, when asked).</summary>
    public IQueryable<T> Selected<T>() where T : LedgerRecord, ISidedRecord => Selection.Apply(Rows<T>());

    /// <summary>Rows in scope (approved ones only, when asked): what every computation reads.</summary>
    public IQueryable<T> Rows<T>() where T : LedgerRecord =>
        ApprovedOnly ? Db.Rows<T>(Scope).Where(r => r.ReviewState == ReviewStatus.Approved) : Db.Rows<T>(Scope);

    public bool InPeriod(DateOnly d) => d >= Start && d <= End;

    /// <summary>Sums amounts in 元 and returns 万元 by year.</summary>
    public async Task<Measure> SumAsync(IQueryable<DatedAmount> rows, CancellationToken ct)
    {
        // Summed in memory: SQLite keeps decimals as text and cannot SUM them exactly.
        var list = await rows.ToListAsync(ct);
        return SumOf(list);
    }

    public Measure SumOf(IEnumerable<DatedAmount> rows)
    {
        var inPeriod = rows.Where(r => InPeriod(r.Date)).ToList();
        var byYear = Years.ToDictionary(y => y, y => inPeriod.Where(r => r.Date.Year == y).Sum(r => r.Amount) / 10000m);
        return Measure.Of(inPeriod.Sum(r => r.Amount) / 10000m, byYear);
    }

    public async Task<Measure> CountAsync(IQueryable<DateOnly> dates, CancellationToken ct)
    {
        var list = await dates.ToListAsync(ct);
        var inPeriod = list.Where(InPeriod).ToList();
        return Measure.Of(inPeriod.Count, Years.ToDictionary(y => y, y => (decimal)inPeriod.Count(d => d.Year == y)));
    }

    /// <summary>Counts distinct keys (persons, enterprises) over the period and within each year.</summary>
    public Measure DistinctOf(IEnumerable<DatedKey> rows)
    {
        var inPeriod = rows.Where(r => InPeriod(r.Date)).ToList();
        var byYear = Years.ToDictionary(y => y, y => (decimal)inPeriod.Where(r => r.Date.Year == y).Select(r => r.Key).Distinct().Count());
        return Measure.Of(inPeriod.Select(r => r.Key).Distinct().Count(), byYear);
    }

    public async Task<Measure> DistinctAsync(IQueryable<DatedKey> rows, CancellationToken ct) =>
        DistinctOf(await rows.ToListAsync(ct));
}
