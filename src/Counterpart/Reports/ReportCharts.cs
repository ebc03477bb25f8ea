using System.Globalization;
using SkiaSharp;

namespace Counterpart.Reports;

/// <summary>
/// Charts for printed reports, drawn with SkiaSharp into PNG: a title, a legend, the value axis named with its unit,
/// gridlines, and every bar labelled with its value, in a CJK font found through fontconfig. Sizes are laid out for a
/// chart printed <see cref="PrintWidthCm"/> wide (the text width of an A4 page), where the text comes out at 8–11 pt.
/// The same input gives the same pixels. Without a Chinese font (or without Skia's native library) the charts are
/// <see cref="Available">unavailable</see> and callers leave them out: Chinese drawn in a Latin font prints as boxes.
/// </summary>
public sealed class ReportCharts
{
    /// <summary>The printed width the charts are laid out for.</summary>
    public const double PrintWidthCm = 15.5;

    /// <summary>Pixels per layout unit: layouts are 640 units wide, images 1,600 px (≈ 260 dpi at <see cref="PrintWidthCm"/>).</summary>
    private const float Scale = 2.5f;

    private const float LayoutWidth = 640;

    /// <summary>Blue, orange, green, grey: distinct in colour and, printed in black and white, in lightness.</summary>
    internal static readonly SKColor[] Palette = [new(0x2F, 0x55, 0x97), new(0xED, 0x7D, 0x31), new(0x70, 0xAD, 0x47), new(0x7F, 0x7F, 0x7F)];

    internal static SKColor ToneColor(ChartTone tone) => tone switch
    {
        ChartTone.Good => new SKColor(0x38, 0x8E, 0x3C),
        ChartTone.Warning => new SKColor(0xED, 0x7D, 0x31),
        _ => new SKColor(0xC0, 0x00, 0x00),
    };

    private static readonly SKColor Ink = new(0x26, 0x26, 0x26);
    private static readonly SKColor Muted = new(0x59, 0x59, 0x59);
    private static readonly SKColor Grid = new(0xD9, 0xD9, 0xD9);
    private static readonly CultureInfo Zh = CultureInfo.GetCultureInfo("zh-CN");

    private readonly SKTypeface? regular;
    private readonly SKTypeface? bold;

    private ReportCharts(SKTypeface? regular, SKTypeface? bold, string? unavailableReason)
    {
        this.regular = regular;
        this.bold = bold;
        UnavailableReason = unavailableReason;
    }

    /// <summary>True when a font with Chinese characters was found: the charts can be drawn.</summary>
    public bool Available => regular is not null;

    /// <summary>Why the charts cannot be drawn (for the log), or null.</summary>
    public string? UnavailableReason { get; }

    /// <summary>Charts in the system's simplified-Chinese font (fontconfig's match for '中' in zh-CN: Noto Sans CJK SC where installed).</summary>
    public static ReportCharts FromSystemFonts()
    {
        try
        {
            var fonts = SKFontManager.Default;
            var regular = fonts.MatchCharacter(null, SKFontStyle.Normal, ["zh-CN"], '中');
            using var probe = regular is null ? null : new SKFont(regular);
            if (regular is null || !probe!.ContainsGlyph('中'))
            {
                regular?.Dispose();
                return Unavailable("no font with Chinese characters was found (install fonts-noto-cjk)");
            }

            var bold = fonts.MatchCharacter(regular.FamilyName, SKFontStyle.Bold, ["zh-CN"], '中') ?? regular;
            return new ReportCharts(regular, bold, null);
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or EntryPointNotFoundException)
        {
            return Unavailable($"SkiaSharp's native library could not be loaded ({e.Message})");
        }
    }

    /// <summary>Charts drawn in the given typeface (tests; a host with a font file of its own).</summary>
    public static ReportCharts FromTypeface(SKTypeface regular, SKTypeface? bold = null)
    {
        ArgumentNullException.ThrowIfNull(regular);
        return new ReportCharts(regular, bold ?? regular, null);
    }

    public static ReportCharts Unavailable(string reason) => new(null, null, reason);

    /// <summary>Grouped columns with value labels, the value axis from 0.</summary>
    public ChartImage Columns(ColumnChart chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        const float height = 360;
        return Draw(height, (canvas, fonts) =>
        {
            var top = DrawTitle(canvas, fonts, chart.Title);
            top = DrawLegend(canvas, fonts, top + 8, [.. chart.Series.Select((s, i) => (s.Name, Palette[i % Palette.Length]))]);
            var max = (double)chart.Series.SelectMany(s => s.Values).Select(v => v ?? 0).DefaultIfEmpty(0).Max();
            var (axisMax, step) = NiceScale(max);
            var tickFormat = "#,0." + new string('#', Math.Max(chart.Decimals, DecimalsOf(step)));
            var ticks = Ticks(axisMax, step).Select(t => (Value: t, Label: t.ToString(tickFormat, Zh))).ToList();
            var axisName = $"{chart.Axis}（{chart.Unit}）";

            // The axis name sits above the value axis; the plot leaves room for the tick labels and the categories.
            top += 10 + fonts.Small.Size;
            var left = 14 + ticks.Max(t => fonts.Small.MeasureText(t.Label));
            var plot = new SKRect(left, top + 10, LayoutWidth - 16, height - 34);
            canvas.DrawText(axisName, 8, top, SKTextAlign.Left, fonts.Small, fonts.Paint(Muted));

            foreach (var (value, label) in ticks)
            {
                var y = plot.Bottom - (float)(value / axisMax) * plot.Height;
                canvas.DrawLine(plot.Left, y, plot.Right, y, fonts.Line(value == 0 ? Muted : Grid, 1));
                canvas.DrawText(label, plot.Left - 6, y + fonts.Small.Size * 0.35f, SKTextAlign.Right, fonts.Small, fonts.Paint(Muted));
            }

            var band = plot.Width / Math.Max(1, chart.Categories.Count);
            var seriesCount = Math.Max(1, chart.Series.Count);
            const float gap = 2;
            var barWidth = (band * (seriesCount == 1 ? 0.5f : 0.78f) - gap * (seriesCount - 1)) / seriesCount;
            var format = chart.ValueFormat;

            // Value labels as large as fit over their bar (8–11 units), so neighbours never overlap.
            var labels = chart.Series.SelectMany(s => s.Values).Where(v => v is not null).Select(v => v!.Value.ToString(format, Zh)).ToList();
            using var valueFont = fonts.Sized(FitSize(fonts.Small, labels, barWidth + gap, 8, 11));
            for (var c = 0; c < chart.Categories.Count; c++)
            {
                var center = plot.Left + band * (c + 0.5f);
                canvas.DrawText(chart.Categories[c], center, plot.Bottom + 8 + fonts.Small.Size, SKTextAlign.Center, fonts.Small, fonts.Paint(Ink));
                var x = center - (barWidth * seriesCount + gap * (seriesCount - 1)) / 2;
                for (var s = 0; s < chart.Series.Count; s++, x += barWidth + gap)
                {
                    var series = chart.Series[s];
                    if (c >= series.Values.Count || series.Values[c] is not { } v)
                    {
                        continue;
                    }

                    var barTop = plot.Bottom - (float)((double)Math.Max(0, v) / axisMax) * plot.Height;
                    canvas.DrawRect(new SKRect(x, barTop, x + barWidth, plot.Bottom), fonts.Fill(Palette[s % Palette.Length]));
                    canvas.DrawText(v.ToString(format, Zh), x + barWidth / 2, barTop - 3, SKTextAlign.Center, valueFont, fonts.Paint(Ink));
                }
            }

            return plot;
        });
    }

    /// <summary>Completion bars (percent) coloured by status, with the target line at 100 % and the time-progress line.</summary>
    public ChartImage Completion(CompletionChart chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        const float row = 34;
        var height = 118 + row * Math.Max(1, chart.Bars.Count);
        return Draw(height, (canvas, fonts) =>
        {
            var top = DrawTitle(canvas, fonts, chart.Title);
            var tones = chart.Bars.Where(b => b.Percent is not null).DistinctBy(b => b.Tone).OrderBy(b => b.Tone).Select(b => (b.Status, ToneColor(b.Tone))).ToList();
            top = DrawLegend(canvas, fonts, top + 8, tones);
            var max = (double)chart.Bars.Select(b => b.Percent ?? 0).Append(100).Max();
            var (axisMax, step) = NiceScale(max);
            var names = chart.Bars.Select(b => Shorten(fonts.Regular, b.Label, 210)).ToList();
            var left = 14 + names.Select(n => fonts.Regular.MeasureText(n)).DefaultIfEmpty(0).Max();
            var plot = new SKRect(left, top + 26, LayoutWidth - 48, height - 40);

            foreach (var value in Ticks(axisMax, step))
            {
                var x = plot.Left + (float)(value / axisMax) * plot.Width;
                canvas.DrawLine(x, plot.Top, x, plot.Bottom, fonts.Line(value == 0 ? Muted : Grid, 1));
                canvas.DrawText(value.ToString("0", Zh) + "%", x, plot.Bottom + 6 + fonts.Small.Size, SKTextAlign.Center, fonts.Small, fonts.Paint(Muted));
            }

            canvas.DrawText("完成率（%）", plot.Right + 40, plot.Bottom + 8 + fonts.Small.Size * 2.2f, SKTextAlign.Right, fonts.Small, fonts.Paint(Muted));
            // Bars, then the reference lines over them, then the values on a white ground over the lines.
            var band = plot.Height / Math.Max(1, chart.Bars.Count);
            var labels = new List<(string Text, float X, float Baseline, SKFont Font, SKColor Color)>();
            for (var i = 0; i < chart.Bars.Count; i++)
            {
                var bar = chart.Bars[i];
                var middle = plot.Top + band * (i + 0.5f);
                var baseline = middle + fonts.Regular.Size * 0.35f;
                canvas.DrawText(names[i], plot.Left - 8, baseline, SKTextAlign.Right, fonts.Regular, fonts.Paint(Ink));
                if (bar.Percent is not { } percent)
                {
                    labels.Add((bar.Status, plot.Left + 6, baseline, fonts.Small, Muted));
                    continue;
                }

                var end = plot.Left + (float)((double)Math.Max(0, percent) / axisMax) * plot.Width;
                canvas.DrawRect(new SKRect(plot.Left, middle - band * 0.3f, end, middle + band * 0.3f), fonts.Fill(ToneColor(bar.Tone)));
                // A bar short of its mark says so in its colour (a 0 % bar is not seen at all).
                var text = percent.ToString("0.0", Zh) + "%" + (bar.Tone == ChartTone.Good ? "" : $"（{bar.Status}）");
                labels.Add((text, end + 5, baseline, fonts.Small, bar.Tone == ChartTone.Good ? Ink : ToneColor(bar.Tone)));
            }

            // With both lines, their labels lean apart (time progress is always left of the target) so they never overlap.
            var withProgress = chart.TimeProgress is { } p && p < 100;
            Reference(canvas, fonts, plot, axisMax, 100, "目标 100%", Ink, withProgress ? SKTextAlign.Left : SKTextAlign.Center);
            if (withProgress)
            {
                Reference(canvas, fonts, plot, axisMax, (double)chart.TimeProgress!.Value, $"时序进度 {chart.TimeProgress.Value.ToString("0", Zh)}%", Muted, SKTextAlign.Right);
            }

            foreach (var (text, x, baseline, font, color) in labels)
            {
                var width = font.MeasureText(text);
                canvas.DrawRect(new SKRect(x - 2, baseline - font.Size, x + width + 2, baseline + font.Size * 0.3f), fonts.Fill(SKColors.White));
                canvas.DrawText(text, x, baseline, SKTextAlign.Left, font, fonts.Paint(color));
            }

            return plot;
        });
    }

    private ChartImage Draw(float height, Func<SKCanvas, Fonts, SKRect> draw)
    {
        if (regular is null || bold is null)
        {
            throw new InvalidOperationException("Report charts are unavailable: " + UnavailableReason);
        }

        var info = new SKImageInfo((int)Math.Ceiling(LayoutWidth * Scale), (int)Math.Ceiling(height * Scale), SKColorType.Rgba8888, SKAlphaType.Opaque);
        using var surface = SKSurface.Create(info);
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        canvas.Scale(Scale);
        using var fonts = new Fonts(regular, bold);
        var plot = draw(canvas, fonts);
        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        var pixels = new SKRectI((int)Math.Round(plot.Left * Scale), (int)Math.Round(plot.Top * Scale), (int)Math.Round(plot.Right * Scale), (int)Math.Round(plot.Bottom * Scale));
        return new ChartImage(png.ToArray(), info.Width, info.Height, pixels);
    }

    private static float DrawTitle(SKCanvas canvas, Fonts fonts, string title)
    {
        const float baseline = 26;
        canvas.DrawText(title, LayoutWidth / 2, baseline, SKTextAlign.Center, fonts.Title, fonts.Paint(Ink));
        return baseline;
    }

    /// <summary>A centred row of colour keys under the title; returns the baseline of the row.</summary>
    private static float DrawLegend(SKCanvas canvas, Fonts fonts, float top, List<(string Name, SKColor Color)> entries)
    {
        var baseline = top + fonts.Small.Size + 4;
        if (entries.Count == 0)
        {
            return baseline;
        }

        const float key = 10;
        const float spacing = 22;
        var widths = entries.Select(e => key + 5 + fonts.Small.MeasureText(e.Name)).ToList();
        var x = (LayoutWidth - widths.Sum() - spacing * (entries.Count - 1)) / 2;
        for (var i = 0; i < entries.Count; i++)
        {
            canvas.DrawRect(new SKRect(x, baseline - key + 1, x + key, baseline + 1), fonts.Fill(entries[i].Color));
            canvas.DrawText(entries[i].Name, x + key + 5, baseline, SKTextAlign.Left, fonts.Small, fonts.Paint(Ink));
            x += widths[i] + spacing;
        }

        return baseline;
    }

    private static void Reference(SKCanvas canvas, Fonts fonts, SKRect plot, double axisMax, double value, string label, SKColor color, SKTextAlign align)
    {
        var x = plot.Left + (float)(value / axisMax) * plot.Width;
        using var dashes = SKPathEffect.CreateDash([5, 3], 0);
        using var dashed = new SKPaint { Color = color, IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = 1.2f, PathEffect = dashes };
        canvas.DrawLine(x, plot.Top - 4, x, plot.Bottom, dashed);
        var labelX = align switch { SKTextAlign.Left => x - 4, SKTextAlign.Right => x + 4, _ => x };
        canvas.DrawText(label, labelX, plot.Top - 8, align, fonts.Small, fonts.Paint(color));
    }

    /// <summary>An axis from 0 in steps of 1, 2, 2.5 or 5 × 10ⁿ, with room above the largest value for its label.</summary>
    internal static (double Max, double Step) NiceScale(double max, int ticks = 6)
    {
        if (max <= 0 || double.IsNaN(max))
        {
            return (ticks, 1);
        }

        var raw = max / ticks;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var step = (raw / magnitude) switch
        {
            <= 1 => 1,
            <= 2 => 2,
            <= 2.5 => 2.5,
            <= 5 => 5,
            _ => 10,
        } * magnitude;
        var top = Math.Ceiling(max / step - 1e-9) * step;
        return (top < max * 1.08 ? top + step : top, step);
    }

    private static IEnumerable<double> Ticks(double max, double step)
    {
        for (var i = 0; i * step <= max * (1 + 1e-9); i++)
        {
            yield return Math.Round(i * step, 10);
        }
    }

    private static int DecimalsOf(double step)
    {
        for (var d = 0; d < 6; d++)
        {
            if (Math.Abs(step * Math.Pow(10, d) - Math.Round(step * Math.Pow(10, d))) < 1e-9)
            {
                return d;
            }
        }

        return 6;
    }

    private static float FitSize(SKFont font, List<string> labels, float width, float min, float max)
    {
        if (labels.Count == 0)
        {
            return max;
        }

        var widest = labels.Max(l => font.MeasureText(l)) / font.Size;
        return Math.Clamp(width / widest, min, max);
    }

    private static string Shorten(SKFont font, string text, float width)
    {
        if (font.MeasureText(text) <= width)
        {
            return text;
        }

        while (text.Length > 1 && font.MeasureText(text + "…") > width)
        {
            text = text[..^1];
        }

        return text + "…";
    }

    /// <summary>The fonts and paints of one drawing (Skia objects hold native memory: disposed with the drawing).</summary>
    private sealed class Fonts(SKTypeface regular, SKTypeface bold) : IDisposable
    {
        private readonly List<IDisposable> owned = [];

        public SKFont Title { get; } = new(bold, 16) { Subpixel = true, Edging = SKFontEdging.Antialias };

        public SKFont Regular { get; } = new(regular, 12.5f) { Subpixel = true, Edging = SKFontEdging.Antialias };

        public SKFont Small { get; } = new(regular, 11.5f) { Subpixel = true, Edging = SKFontEdging.Antialias };

        public SKFont Sized(float size) => new(regular, size) { Subpixel = true, Edging = SKFontEdging.Antialias };

        public SKPaint Paint(SKColor color) => Own(new SKPaint { Color = color, IsAntialias = true });

        /// <summary>Bars are filled without antialiasing: crisp edges in print, and heights that can be measured in pixels.</summary>
        public SKPaint Fill(SKColor color) => Own(new SKPaint { Color = color, IsAntialias = false, Style = SKPaintStyle.Fill });

        public SKPaint Line(SKColor color, float width) => Own(new SKPaint { Color = color, IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = width });

        private SKPaint Own(SKPaint paint)
        {
            owned.Add(paint);
            return paint;
        }

        public void Dispose()
        {
            Title.Dispose();
            Regular.Dispose();
            Small.Dispose();
            owned.ForEach(o => o.Dispose());
        }
    }
}
