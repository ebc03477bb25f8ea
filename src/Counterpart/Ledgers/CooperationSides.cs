using System.Globalization;
using Counterpart.Organizations;

namespace Counterpart.Ledgers;

/// <summary>
/// Small rules shared by the investment, consumption and donation ledgers: which units do business, how stored text
/// compares with text read from a cell, and how amounts and dates are written back in exports so that they read in
/// again unchanged. (Whether two units lie in one province is <see cref="OrgDirectory.CommonProvince"/>.)
/// </summary>
internal static class CooperationSides
{
    /// <summary>Units that produce and sell (enterprises, co-operatives, workshops …), not places.</summary>
    public static bool IsBusinessUnit(Organization org) =>
        !Organization.IsPlace(org.Kind) && org.Kind is not (OrgKind.IndustrialPark or OrgKind.RelocationSite);

    /// <summary>
    /// Text as stored equals text as read from a cell: cells are normalised on reading (full-width punctuation to
    /// half-width, trimmed), so a stored “，” must not count as a change when the file says “,”.
    /// </summary>
    public static bool SameText(string? stored, string? read) =>
        string.Equals(CellParsers.Normalize(stored), read ?? "", StringComparison.Ordinal);

    public static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Iso(DateOnly? d) => d is { } v ? Iso(v) : "";

    public static string Yuan(decimal amount) => amount.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>An amount in 元 written in 万元 without losing a cent (2 decimals in 元 are 6 in 万元).</summary>
    public static string Wan(decimal amount) => (amount / 10_000m).ToString("0.######", CultureInfo.InvariantCulture);
}
