namespace Counterpart.Indicators;

/// <summary>Ways a figure is broken down besides by year.</summary>
public enum Disaggregation
{
    ByYear,
    OfWhomLifted,
    ByDestination,
}

/// <summary>
/// One indicator of the catalog: what it is called, what unit it is in, which ledger it reads and by which rule.
/// The computation from rows is the definition of the figure; indicators of the high-volume ledgers also read it from
/// the maintained summaries (<see cref="Facts.IndicatorFact"/>), which must agree with it.
/// </summary>
public sealed record Indicator(
    string Code,
    string NameZh,
    string NameEn,
    string Unit,
    string SourceLedger,
    string RuleZh,
    string RuleEn,
    IReadOnlyList<Disaggregation> Disaggregations,
    Func<IndicatorContext, CancellationToken, Task<Measure>> FromRows,
    Func<IndicatorContext, CancellationToken, Task<Measure>>? FromFacts = null)
{
    /// <summary>
    /// The figure: from the maintained indicator facts when the indicator has them and the context may use them,
    /// otherwise from the ledger rows. Both give the same figure (tested); the facts answer at national size.
    /// </summary>
    public Task<Measure> ComputeAsync(IndicatorContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.UseFacts && FromFacts is { } facts ? facts(context, ct) : FromRows(context, ct);
    }

    /// <summary>True for amounts (万元), which are summed from 元 and shown as 万元 or 亿元.</summary>
    public bool IsAmount => Unit == Units.TenThousandYuan;
}

public static class Units
{
    public const string TenThousandYuan = "万元";
    public const string Persons = "人";
    public const string PersonTimes = "人次";
    public const string Items = "个";
    public const string Enterprises = "家";
    public const string Sessions = "期";
    public const string Schools = "所";
    public const string Hospitals = "家";
    public const string Findings = "条";
}

/// <summary>
/// A computed figure: the total for the period, the same figure for each year of it, and named breakdowns
/// (e.g. "destination" → "ToEast" → 6,000). For distinct-person indicators the years need not add up to the total:
/// a person helped in two years is one person in the total.
/// </summary>
public sealed record Measure(decimal Total, IReadOnlyDictionary<int, decimal> ByYear, IReadOnlyDictionary<string, IReadOnlyDictionary<string, decimal>> Breakdowns)
{
    /// <summary>False when nothing could be measured (e.g. no evaluation was completed): the figure is shown as no value, not 0.</summary>
    public bool HasValue { get; init; } = true;

    public static Measure Of(decimal total, IReadOnlyDictionary<int, decimal> byYear) =>
        new(total, byYear, new Dictionary<string, IReadOnlyDictionary<string, decimal>>());
}
