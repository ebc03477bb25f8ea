using System.Diagnostics;
using Counterpart.Reports;
using SkiaSharp;

namespace Counterpart.Tests.Reports;

/// <summary>
/// The chart drawing measured in its pixels: bars as long as their values on an axis from 0, nothing drawn for a missing
/// or zero value, the same image for the same input, quickly. Drawn in Skia's default typeface, so these run without
/// Chinese fonts (the text is then boxes, which these tests do not read).
/// </summary>
public sealed class ReportChartsTests
{
    private static readonly ReportCharts Charts = ReportCharts.FromTypeface(SKTypeface.Default);

    [Fact]
    public void Columns_BarHeightsAreProportionalToTheValues_FromABaselineAtZero()
    {
        var chart = new ColumnChart("资金", "金额", "万元", ["2021年", "2022年", "2023年", "2024年"],
            [new ChartSeries("甲", [400m, 200m, 100m, 0m]), new ChartSeries("乙", [300m, null, 50m, 100m])]);

        var image = Charts.Columns(chart);

        using var bitmap = SKBitmap.Decode(image.Png);
        var first = Bars(bitmap, image.Plot, ReportCharts.Palette[0]);
        var second = Bars(bitmap, image.Plot, ReportCharts.Palette[1]);
        Assert.Equal(3, first.Count);   // 0 draws no bar
        Assert.Equal(3, second.Count);  // nor does a missing value
        // The axis goes to 500 (400 + room for its label): the tallest bar is 4/5 of the plot.
        Assert.InRange(first[0].Height, image.Plot.Height * 0.8 - 2, image.Plot.Height * 0.8 + 2);
        var unit = first[0].Height / 400.0;
        Assert.All(first.Zip([400, 200, 100]).Concat(second.Zip([300, 50, 100])), bar => Assert.InRange(bar.First.Height, bar.Second * unit - 2, bar.Second * unit + 2));
        Assert.All(first.Concat(second), bar => Assert.InRange(bar.Bottom, image.Plot.Bottom - 2, image.Plot.Bottom + 1));
        // Left to right by category, the second series beside the first.
        Assert.True(first[0].X < second[0].X && second[0].X < first[1].X && first[2].X < second[2].X);
    }

    [Fact]
    public void Completion_BarLengthsAreProportionalToThePercentages()
    {
        var chart = new CompletionChart("完成率", [
            new CompletionBar("甲", 117.6m, "进度正常", ChartTone.Good),
            new CompletionBar("乙", 50m, "完成困难", ChartTone.Bad),
            new CompletionBar("丙", null, "暂无数据", ChartTone.Bad),
            new CompletionBar("丁", 100m, "进度正常", ChartTone.Good),
        ], TimeProgress: 80m);

        var image = Charts.Completion(chart);

        using var bitmap = SKBitmap.Decode(image.Png);
        var good = Rows(bitmap, image.Plot, ReportCharts.ToneColor(ChartTone.Good));
        var bad = Rows(bitmap, image.Plot, ReportCharts.ToneColor(ChartTone.Bad));
        Assert.Equal(2, good.Count);
        Assert.Single(bad);
        var unit = good[1].Width / 100.0;
        Assert.InRange(good[0].Width, 117.6 * unit - 2, 117.6 * unit + 2);
        Assert.InRange(bad[0].Width, 50 * unit - 2, 50 * unit + 2);
        Assert.All(good.Concat(bad), bar => Assert.InRange(bar.Left, image.Plot.Left - 1, image.Plot.Left + 2));
    }

    [Fact]
    public void Columns_TheSameInputGivesTheSamePng_InWellUnderASecond()
    {
        var chart = new ColumnChart("人数", "人数", "人", ["2021年", "2022年", "2023年", "2024年", "2025年"],
            [new ChartSeries("转移就业", [4061m, 5109m, 5498m, 5942m, 3683m]), new ChartSeries("其中脱贫劳动力", [2502m, 3433m, 3579m, 3722m, 2184m])]);
        var first = Charts.Columns(chart);

        var watch = Stopwatch.StartNew();
        var second = Charts.Columns(chart);
        watch.Stop();

        Assert.Equal(first.Png, second.Png);
        Assert.Equal((1600, 900), (second.Width, second.Height));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"A chart took {watch.Elapsed.TotalMilliseconds:0} ms.");
    }

    [Theory]
    [InlineData(5.29, 6, 1)]
    [InlineData(5942, 7000, 1000)]
    [InlineData(400, 500, 100)]
    [InlineData(117.6, 140, 20)]
    [InlineData(0, 6, 1)]
    public void NiceScale_RoundStepsWithRoomAboveTheLargestValue(double max, double axis, double step) =>
        Assert.Equal((axis, step), ReportCharts.NiceScale(max));

    [Fact]
    public void Describe_SaysWhatTheChartShowsAndEveryValue()
    {
        var chart = new ColumnChart("2021—2022年资金投入情况", "金额", "亿元", ["2021年", "2022年"],
            [new ChartSeries("财政援助资金", [0.38m, 0.4m]), new ChartSeries("消费帮扶", [2.85m, null])], Decimals: 2);

        Assert.Equal("柱状图：2021—2022年资金投入情况，单位亿元。2021年：财政援助资金0.38，消费帮扶2.85；2022年：财政援助资金0.40。", chart.Describe());
    }

    /// <summary>The bars of one colour inside the plot, left to right: where each starts, and its height and bottom edge at its middle, in pixels.</summary>
    private static List<(int X, int Height, int Bottom)> Bars(SKBitmap bitmap, SKRectI plot, SKColor color) =>
        [.. Runs(plot.Left, plot.Right, x => Enumerable.Range(plot.Top, plot.Height + 2).Any(y => bitmap.GetPixel(x, y) == color)).Select(run =>
        {
            var middle = (run.Start + run.End) / 2;
            var ys = Enumerable.Range(plot.Top, plot.Height + 2).Where(y => bitmap.GetPixel(middle, y) == color).ToList();
            return (run.Start, ys.Count, ys.Max());
        })];

    /// <summary>
    /// The horizontal bars of one colour inside the plot, top to bottom: where each starts and its length, in pixels — the
    /// run from the bar's start, across gaps of up to 4 px where a dashed reference line crosses it, but not on into its
    /// label (which may be in the same colour, 7 px or more away); the widest over its rows.
    /// </summary>
    private static List<(int Left, int Width)> Rows(SKBitmap bitmap, SKRectI plot, SKColor color)
    {
        (int Left, int Right)? Bar(int y)
        {
            var left = Enumerable.Range(plot.Left - 2, 6).Where(x => bitmap.GetPixel(x, y) == color).Cast<int?>().FirstOrDefault();
            if (left is not { } start)
            {
                return null;
            }

            var right = start;
            for (var x = start + 1; x < plot.Right + 40 && x - right <= 5; x++)
            {
                right = bitmap.GetPixel(x, y) == color ? x : right;
            }

            return (start, right);
        }

        return [.. Runs(plot.Top, plot.Bottom, y => Bar(y) is not null).Select(run =>
        {
            var rows = Enumerable.Range(run.Start, run.End - run.Start + 1).Select(y => Bar(y)!.Value).ToList();
            var (left, right) = (rows.Min(r => r.Left), rows.Max(r => r.Right));
            return (left, right - left + 1);
        })];
    }

    /// <summary>The runs of consecutive positions where <paramref name="has"/> holds.</summary>
    private static List<(int Start, int End)> Runs(int from, int to, Func<int, bool> has)
    {
        var runs = new List<(int Start, int End)>();
        for (var i = from; i < to; i++)
        {
            if (!has(i))
            {
                continue;
            }

            if (runs.Count > 0 && runs[^1].End == i - 1)
            {
                runs[^1] = (runs[^1].Start, i);
            }
            else
            {
                runs.Add((i, i));
            }
        }

        return runs;
    }
}
