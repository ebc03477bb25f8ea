using System.Globalization;
using SkiaSharp;

namespace Counterpart.Reports;

/// <summary>One series of a column chart: a value per category, or null where there is none (no bar, no label).</summary>
public sealed record ChartSeries(string Name, IReadOnlyList<decimal?> Values);

/// <summary>
/// Columns by category (years), one bar per series in each, in one unit: the values are already in
/// <paramref name="Unit"/> and printed with <paramref name="Decimals"/> decimals. <paramref name="Axis"/> names the
/// value axis (e.g. “金额”), printed with the unit as “金额（亿元）”.
/// </summary>
public sealed record ColumnChart(string Title, string Axis, string Unit, IReadOnlyList<string> Categories, IReadOnlyList<ChartSeries> Series, int Decimals = 0)
{
    internal string ValueFormat => "#,0" + (Decimals > 0 ? "." + new string('0', Decimals) : "");

    /// <summary>The chart in words, for the alt text of its image: what it shows and every value.</summary>
    public string Describe()
    {
        var zh = CultureInfo.GetCultureInfo("zh-CN");
        var byCategory = Categories.Select((category, c) => category + "：" + string.Join("，", Series
            .Where(s => c < s.Values.Count && s.Values[c] is not null)
            .Select(s => s.Name + s.Values[c]!.Value.ToString(ValueFormat, zh))));
        return $"柱状图：{Title}，单位{Unit}。{string.Join("；", byCategory)}。";
    }
}

/// <summary>How a completion bar is coloured.</summary>
public enum ChartTone
{
    Good,
    Warning,
    Bad,
}

/// <summary>One item of a completion chart: its completion in percent (null: nothing to compare), its status in words and tone.</summary>
public sealed record CompletionBar(string Label, decimal? Percent, string Status, ChartTone Tone);

/// <summary>
/// Horizontal bars of completion in percent against a line at 100 % (the target) and, when the period is not over, a
/// line at the share expected by now (<paramref name="TimeProgress"/>, 时序进度).
/// </summary>
public sealed record CompletionChart(string Title, IReadOnlyList<CompletionBar> Bars, decimal? TimeProgress)
{
    /// <summary>The chart in words, for the alt text of its image: what it shows and every item's completion and status.</summary>
    public string Describe()
    {
        var zh = CultureInfo.GetCultureInfo("zh-CN");
        var bars = Bars.Select(b => b.Label + (b.Percent is { } p ? $"完成{p.ToString("0.0", zh)}%（{b.Status}）" : b.Status));
        var progress = TimeProgress is { } t && t < 100 ? $"，时序进度{t.ToString("0", zh)}%" : "";
        return $"条形图：{Title}，以100%为目标{progress}。{string.Join("；", bars)}。";
    }
}

/// <summary>A rendered chart: PNG bytes, its size in pixels, and where the plot area is in pixels (for tests and overlays).</summary>
public sealed record ChartImage(byte[] Png, int Width, int Height, SKRectI Plot);
