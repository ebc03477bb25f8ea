using System.Globalization;

namespace Counterpart.Indicators;

/// <summary>Formats figures the way Chinese reports print them: 亿元 from 10,000 万元 up, thousands separators.</summary>
public static class FigureFormat
{
    private static readonly CultureInfo Zh = CultureInfo.GetCultureInfo("zh-CN");

    /// <summary>The printed figure, or "—" when nothing was measured.</summary>
    public static string Format(Indicator indicator, Measure measure) =>
        measure is { HasValue: true } ? Format(indicator, measure.Total) : NoValue;

    public const string NoValue = "—";

    public static string Format(Indicator indicator, decimal value)
    {
        ArgumentNullException.ThrowIfNull(indicator);
        if (indicator.IsAmount)
        {
            // Decide the unit on the rounded figure, so 9,999.996万 prints as 1.00亿元, not 10,000万元.
            return Math.Round(value, 2, MidpointRounding.AwayFromZero) >= 10000m
                ? Math.Round(value / 10000m, 2, MidpointRounding.AwayFromZero).ToString("#,0.00", Zh) + "亿元"
                : value.ToString("#,0.##", Zh) + "万元";
        }

        return value.ToString("#,0.##", Zh) + indicator.Unit;
    }
}
