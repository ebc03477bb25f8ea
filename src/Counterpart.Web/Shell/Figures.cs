using System.Globalization;
using Counterpart.Indicators;

namespace Counterpart.Web.Shell;

/// <summary>How the pages print figures: amounts in 万元 or 亿元 with separators, persons and items as whole numbers.</summary>
internal static class Figures
{
    private static readonly CultureInfo Zh = CultureInfo.GetCultureInfo("zh-CN");

    public static string Of(Indicator indicator, Measure measure) => FigureFormat.Format(indicator, measure);

    /// <summary>A value in the indicator's unit (amounts are 万元), for tables by year.</summary>
    public static string Value(decimal value) => value.ToString("#,0.##", Zh);

    /// <summary>The link to the rows behind a figure (a year of it, a part of a breakdown).</summary>
    public static string Link(string code, int? year = null, string? breakdown = null, string? key = null)
    {
        var query = new List<string>();
        if (year is { } y)
        {
            query.Add("year=" + y.ToString(CultureInfo.InvariantCulture));
        }

        if (breakdown is not null && key is not null)
        {
            query.Add("breakdown=" + Uri.EscapeDataString(breakdown));
            query.Add("key=" + Uri.EscapeDataString(key));
        }

        return $"/figures/{code}" + (query.Count > 0 ? "?" + string.Join("&", query) : "");
    }

    public static string PartName(string breakdown, string key) => BreakdownNames.Of(breakdown, key);
}
