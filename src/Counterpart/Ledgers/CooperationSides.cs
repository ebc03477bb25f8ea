using System.Globalization;
using Counterpart.Organizations;

namespace Counterpart.Ledgers;

/// <summary>
/// Small rules shared by the investment, consumption and donation ledgers: which province an organization lies in
/// (an "eastern" counterpart in the same province as the western side is a clerk's mistake), and how amounts and
/// dates are written back in exports so that they read in again unchanged.
/// </summary>
internal static class CooperationSides
{
    /// <summary>The province an organization lies in, or null for one outside any province (the tree's roots).</summary>
    public static Organization? ProvinceOf(OrgDirectory orgs, Organization org)
    {
        for (var o = org; o is not null; o = o.ParentId is { } p ? orgs[p] : null)
        {
            if (o.Kind == OrgKind.Province)
            {
                return o;
            }
        }

        return null;
    }

    /// <summary>True when both organizations lie in one province: then one of them cannot be the eastern side of the other.</summary>
    public static bool SameProvince(OrgDirectory orgs, Organization east, Organization west, out Organization? province)
    {
        province = ProvinceOf(orgs, east);
        return province is not null && ProvinceOf(orgs, west)?.Id == province.Id;
    }

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
