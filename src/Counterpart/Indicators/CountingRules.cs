namespace Counterpart.Indicators;

/// <summary>
/// Counting rules that differ between provinces and years. Defaults are documented in docs/counting-rules.md;
/// a deployment overrides them under "Counterpart:CountingRules" in its configuration.
/// </summary>
public sealed record CountingRules
{
    public static CountingRules Default { get; } = new();

    /// <summary>
    /// A professional's stay on the other side counts as one 人次 only when it lasts at least this many days;
    /// shorter expert visits are recorded but not counted (this resolves the 75/126 figures of the reference report).
    /// </summary>
    public int ProfessionalMinStayDays { get; init; } = 30;

    /// <summary>A job counts as stable employment when it has lasted at least this many months.</summary>
    public int StableEmploymentMonths { get; init; } = 3;

    /// <summary>Whether public-welfare posts (公益岗位) count as transfer employment.</summary>
    public bool CountPublicWelfarePosts { get; init; } = true;

    /// <summary>Refuses rules that would make figures meaningless, with a message naming the setting.</summary>
    public CountingRules Validated()
    {
        if (ProfessionalMinStayDays is < 1 or > 366)
        {
            throw new InvalidOperationException($"Counterpart:CountingRules:ProfessionalMinStayDays must be 1–366 days, not {ProfessionalMinStayDays}.");
        }

        if (StableEmploymentMonths is < 0 or > 24)
        {
            throw new InvalidOperationException($"Counterpart:CountingRules:StableEmploymentMonths must be 0–24 months, not {StableEmploymentMonths}.");
        }

        return this;
    }
}
