using Counterpart.Indicators;

namespace Counterpart.Quality;

/// <summary>How a rule reads the data: ledger rows of one year, or a pairing's figures (the indicator summaries).</summary>
public enum RuleLevel
{
    /// <summary>Over ledger rows; after an import, only the rows of the import batch and those they collide with.</summary>
    Rows,

    /// <summary>Over the figures of a pairing and year; after an import, for the pairings and years its rows touched.</summary>
    Figures,
}

/// <summary>A built-in rule and the ledgers (by <see cref="Ledgers.LedgerDefinition.Name"/>) whose imports it concerns.</summary>
public sealed record BuiltInRule(string Code, string Name, RuleLevel Level, IReadOnlyList<string> Ledgers);

/// <summary>
/// The built-in rules and which ledgers each concerns — the one place that decides which rules run after an import of a
/// ledger. Rules over figures concern the ledgers their indicators read: a jump of a labor figure is checked after a labor
/// import, not after a donations import; a configured rule, when one of its indicator codes reads the ledger.
/// </summary>
public static class QualityRuleCatalog
{
    public const string PersonInTwoCounties = "person-two-counties";
    public const string SaleThroughTwoChannels = "sale-two-channels";
    public const string PartEqualsWhole = "part-equals-whole";
    public const string YearOnYearJump = "year-on-year-jump";

    /// <summary>
    /// The ledgers each indicator's <see cref="Indicator.SourceLedger"/> stands for (the catalog names its source in words,
    /// e.g. “projects/funds”): a project's figures move with its funds and the other way round, an investment's inflows
    /// count only once it landed. A test checks that every source is here and names ledgers that exist.
    /// </summary>
    private static readonly Dictionary<string, string[]> SourceLedgers = new(StringComparer.Ordinal)
    {
        ["projects"] = ["projects", "project-funds"],
        ["projects/funds"] = ["project-funds", "projects"],
        ["investment"] = ["investment"],
        ["investment/inflows"] = ["investment-inflows", "investment"],
        ["labor/employment"] = ["labor"],
        ["consumption/sales"] = ["sales"],
        ["trainings"] = ["trainings"],
        ["talent/assignments"] = ["talent"],
        ["donations"] = ["donations"],
        ["pairings"] = ["pairings"],
        ["organizations"] = ["organizations"],
        ["evaluation"] = ["evaluations"],
    };

    /// <summary>The ledgers an indicator reads (none for a source not listed above).</summary>
    public static IReadOnlyList<string> LedgersOf(Indicator indicator)
    {
        ArgumentNullException.ThrowIfNull(indicator);
        return SourceLedgers.TryGetValue(indicator.SourceLedger, out var ledgers) ? ledgers : [];
    }

    /// <summary>The indicators whose figures an import of the ledger changes.</summary>
    public static IReadOnlySet<string> IndicatorsReading(string ledger) =>
        IndicatorCatalog.All.Where(i => LedgersOf(i).Contains(ledger, StringComparer.Ordinal)).Select(i => i.Code).ToHashSet(StringComparer.Ordinal);

    public static IReadOnlyList<BuiltInRule> BuiltIn { get; } =
    [
        new(PersonInTwoCounties, "同一人员同年出现在两个县的就业台账", RuleLevel.Rows, ["labor"]),
        new(SaleThroughTwoChannels, "同一笔采购经两个渠道重复计数", RuleLevel.Rows, ["sales"]),
        new(PartEqualsWhole, "部分等于整体而其他部分有记录", RuleLevel.Figures, ["talent"]),
        new(YearOnYearJump, "指标同比变化过大", RuleLevel.Figures,
            [.. IndicatorCatalog.All.SelectMany(LedgersOf).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)]),
    ];

    /// <summary>The built-in rules an import of the ledger concerns.</summary>
    public static IReadOnlyList<BuiltInRule> Concerning(string ledger) => [.. BuiltIn.Where(r => r.Ledgers.Contains(ledger, StringComparer.Ordinal))];

    /// <summary>Whether a configured rule reads an indicator of the ledger (an unreadable rule throws, as it does on demand).</summary>
    public static bool Concerns(QualityRule rule, string ledger)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var reading = IndicatorsReading(ledger);
        return RuleExpression.Parse(rule.Left, "左边").Codes.Concat(RuleExpression.Parse(rule.Right, "右边").Codes).Any(reading.Contains);
    }
}
