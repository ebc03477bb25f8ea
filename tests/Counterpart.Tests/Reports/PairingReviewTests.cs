using Counterpart.Agreements;
using Counterpart.Data;
using Counterpart.Evaluation;
using Counterpart.Indicators;
using Counterpart.Reports;
using Counterpart.Tests.Infrastructure;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using DocumentFormat.OpenXml.Wordprocessing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SkiaSharp;
using A = DocumentFormat.OpenXml.Drawing;
using DW = DocumentFormat.OpenXml.Drawing.Wordprocessing;

namespace Counterpart.Tests.Reports;

/// <summary>
/// The five-year review of the reference pairing, read back as Open XML: a valid document holding every figure of the
/// catalog in the report's units (the reference figures among them), a section per area, and the zero-findings result;
/// its charts as PNG images in the sections they illustrate, and the report still written without a Chinese font.
/// </summary>
public sealed class PairingReviewTests(ReferenceDatabases databases)
{
    public static TheoryData<DatabaseProvider> Providers => Checkout.BothProviders;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Sections_HoldEveryIndicatorOfTheCatalogOnce() =>
        Assert.Equal(IndicatorCatalog.All.Select(i => i.Code).Order(StringComparer.Ordinal),
            PairingReview.Sections.SelectMany(s => s.Codes).Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ReferencePairing_DocumentHoldsEveryFigureInTheReportsUnits(DatabaseProvider provider)
    {
        var db = await databases.GetAsync(provider);
        await using var ctx = db.NewContext();
        var indicators = Services.Indicators(ctx);
        using var output = new MemoryStream();

        await Review(ctx, ReportCharts.Unavailable("not needed here")).WriteAsync("440112:522726", 2021, 2025, Scope.Everything, approvedOnly: false, output, Ct);

        var (errors, paragraphs, tables) = Read(output);
        var text = string.Join("\n", paragraphs);
        var summary = await indicators.ForPairingAsync("440112:522726", 2021, 2025, Scope.Everything, Ct);

        Assert.Empty(errors);
        Assert.StartsWith("黄埔区—独山县东西部协作2021—2025年工作总结", paragraphs[0], StringComparison.Ordinal);
        foreach (var (indicator, measure) in summary.Results)
        {
            Assert.Contains(FigureFormat.Format(indicator, measure), text, StringComparison.Ordinal);
        }

        // The reference figures as the founding report prints them.
        foreach (var figure in new[] { "2.05亿元", "117个", "5.43亿元", "20.35亿元", "22,033人", "13,160人", "75人次", "126人次" })
        {
            Assert.Contains(figure, text, StringComparison.Ordinal);
        }

        Assert.Contains("2021—2025年每年均为零问题反馈", text, StringComparison.Ordinal);
        Assert.Equal(PairingReview.Sections.Count, tables);
        Assert.Contains("含未审核数据", text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AnnualReport_HoldsTheYearsTargetsAgainstTheActuals(DatabaseProvider provider)
    {
        var db = await databases.GetAsync(provider);
        await using var ctx = db.NewContext();
        using var output = new MemoryStream();

        await Review(ctx, ReportCharts.Unavailable("not needed here")).WriteAsync("440112:522726", 2025, 2025, Scope.Everything, approvedOnly: false, output, Ct);

        var (errors, paragraphs, tables) = Read(output);
        var text = string.Join("\n", paragraphs);
        var indicators = Services.Indicators(ctx);
        var progress = await new TargetTracking(ctx, indicators, TargetThresholds.Default, new FixedClock(Services.Today)).ForPairingAsync("440112:522726", 2025, Scope.Everything, ct: Ct);

        Assert.Empty(errors);
        Assert.Equal("黄埔区—独山县东西部协作2025年度工作报告", paragraphs[0]);
        Assert.Contains("协议目标完成情况", text, StringComparison.Ordinal);
        Assert.Contains("2025年度协议共4项目标，其中3项进度正常。", text, StringComparison.Ordinal);
        foreach (var p in progress)
        {
            Assert.Contains(string.Join("\n", p.Indicator.NameZh, FigureFormat.Format(p.Indicator, p.Target), FigureFormat.Format(p.Indicator, p.Actual!.Value)), text, StringComparison.Ordinal);
        }

        Assert.Contains("完成困难", text, StringComparison.Ordinal);
        Assert.Contains("2025年为零问题反馈", text, StringComparison.Ordinal);
        Assert.Equal(PairingReview.Sections.Count + 1, tables);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task FiveYearReview_HasTheMoneyAndLaborChartsAsPngImagesInTheirSections(DatabaseProvider provider)
    {
        var charts = ChineseFont.RequiredCharts();
        var db = await databases.GetAsync(provider);
        await using var ctx = db.NewContext();
        using var output = new MemoryStream();

        await Review(ctx, charts).WriteAsync("440112:522726", 2021, 2025, Scope.Everything, approvedOnly: false, output, Ct);

        var (errors, paragraphs, _) = Read(output);
        var images = Images(output);
        Assert.Empty(errors);
        Assert.Equal(2, images.Count);
        Assert.Equal([1u, 2u], images.Select(i => i.Id));
        AssertPrintable(images, 1600, 900);
        // 图1 after the overview (its three sums), 图2 in the section on labor, each image followed by its caption.
        Assert.Equal("图1　2021—2025年资金投入和消费帮扶情况", paragraphs[images[0].Paragraph + 1]);
        Assert.Equal("图2　2021—2025年农村劳动力转移就业情况", paragraphs[images[1].Paragraph + 1]);
        Assert.True(paragraphs.IndexOf("一、财政援助与项目建设") > images[0].Paragraph);
        Assert.InRange(images[1].Paragraph, paragraphs.IndexOf("四、劳务协作"), paragraphs.IndexOf("五、教育和医疗帮扶"));
        Assert.StartsWith("柱状图：2021—2025年资金投入和消费帮扶情况，单位亿元。2021年：财政援助资金0.38，", images[0].Description, StringComparison.Ordinal);
        Assert.Contains("2025年：转移就业3,683，其中脱贫劳动力2,184", images[1].Description, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AnnualReport_HasTheCompletionChartOfItsTargets(DatabaseProvider provider)
    {
        var charts = ChineseFont.RequiredCharts();
        var db = await databases.GetAsync(provider);
        await using var ctx = db.NewContext();
        using var output = new MemoryStream();

        await Review(ctx, charts).WriteAsync("440112:522726", 2025, 2025, Scope.Everything, approvedOnly: false, output, Ct);

        var (errors, paragraphs, _) = Read(output);
        var image = Assert.Single(Images(output));
        Assert.Empty(errors);
        AssertPrintable([image], 1600, null);
        Assert.Equal("图1　2025年度协议目标完成率", paragraphs[image.Paragraph + 1]);
        Assert.InRange(image.Paragraph, paragraphs.IndexOf("一、协议目标完成情况"), paragraphs.IndexOf("二、财政援助与项目建设"));
        Assert.StartsWith("条形图：2025年度协议目标完成率，以100%为目标。", image.Description, StringComparison.Ordinal);
        Assert.Contains("完成困难", image.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutAChineseFont_TheReportIsWrittenWithoutCharts_AndTheLogSaysWhy()
    {
        var db = await databases.GetAsync(DatabaseProvider.Sqlite);
        await using var ctx = db.NewContext();
        using var output = new MemoryStream();
        var log = new ListLogger();

        await Review(ctx, ReportCharts.Unavailable("no font with Chinese characters was found"), log).WriteAsync("440112:522726", 2021, 2025, Scope.Everything, false, output, Ct);

        var (errors, paragraphs, tables) = Read(output);
        Assert.Empty(errors);
        Assert.Empty(Images(output));
        Assert.DoesNotContain(paragraphs, p => p.StartsWith("图1", StringComparison.Ordinal));
        Assert.Equal(PairingReview.Sections.Count, tables);
        var warning = Assert.Single(log.Entries);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("no font with Chinese characters", warning.Message, StringComparison.Ordinal);
    }

    /// <summary>Each image: a PNG of the size drawn (height given or any), not blank, placed at 15.5 cm with its aspect ratio, with alt text.</summary>
    private static void AssertPrintable(List<Image> images, int width, int? height)
    {
        foreach (var image in images)
        {
            using var codec = SKCodec.Create(new MemoryStream(image.Png));
            Assert.Equal(SKEncodedImageFormat.Png, codec.EncodedFormat);
            using var bitmap = SKBitmap.Decode(image.Png);
            Assert.Equal(width, bitmap.Width);
            if (height is { } h)
            {
                Assert.Equal(h, bitmap.Height);
            }

            var colours = new HashSet<SKColor>();
            for (var y = 0; y < bitmap.Height; y += 4)
            {
                for (var x = 0; x < bitmap.Width; x += 4)
                {
                    colours.Add(bitmap.GetPixel(x, y));
                }
            }

            Assert.True(colours.Count >= 5, $"The chart has {colours.Count} colours.");
            Assert.Contains(colours, c => ReportCharts.Palette.Contains(c) || c == ReportCharts.ToneColor(ChartTone.Good));
            Assert.Equal(5_580_000, image.Cx);
            Assert.InRange(image.Cy, image.Cx * bitmap.Height / bitmap.Width - 1, image.Cx * bitmap.Height / bitmap.Width + 1);
            Assert.False(string.IsNullOrWhiteSpace(image.Description));
        }
    }

    private sealed record Image(uint Id, string Description, long Cx, long Cy, byte[] Png, int Paragraph);

    /// <summary>The inline images of the body in order: drawing id, alt text, extent in EMU, the PNG, the index of its paragraph.</summary>
    private static List<Image> Images(MemoryStream output)
    {
        output.Position = 0;
        using var document = WordprocessingDocument.Open(output, false);
        var main = document.MainDocumentPart!;
        var paragraphs = main.Document!.Body!.Descendants<Paragraph>().ToList();
        return [.. main.Document.Body.Descendants<DW.Inline>().Select(inline =>
        {
            var part = (ImagePart)main.GetPartById(inline.Descendants<A.Blip>().Single().Embed!.Value!);
            using var stream = part.GetStream();
            using var bytes = new MemoryStream();
            stream.CopyTo(bytes);
            Assert.Equal("image/png", part.ContentType);
            var docPr = inline.DocProperties!;
            return new Image(docPr.Id!.Value, docPr.Description?.Value ?? "", inline.Extent!.Cx!.Value, inline.Extent.Cy!.Value, bytes.ToArray(),
                paragraphs.IndexOf(inline.Ancestors<Paragraph>().First()));
        })];
    }

    private static PairingReview Review(Counterpart.Data.CounterpartDbContext ctx, ReportCharts charts, ILogger<PairingReview>? logger = null)
    {
        var clock = new FixedClock(Services.Today);
        var indicators = Services.Indicators(ctx);
        return new PairingReview(indicators, new EvaluationViews(ctx, indicators, clock), new TargetTracking(ctx, indicators, TargetThresholds.Default, clock), charts, clock,
            logger ?? NullLogger<PairingReview>.Instance);
    }

    private sealed class ListLogger : ILogger<PairingReview>
    {
        public List<(LogLevel Level, string Message)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((logLevel, formatter(state, exception)));
    }

    private static (List<string> Errors, List<string> Paragraphs, int Tables) Read(MemoryStream output)
    {
        output.Position = 0;
        using var document = WordprocessingDocument.Open(output, false);
        var errors = new OpenXmlValidator().Validate(document, Ct).Select(e => $"{e.Path?.XPath}: {e.Description}").ToList();
        var body = document.MainDocumentPart!.Document!.Body!;
        return (errors, body.Descendants<Paragraph>().Select(p => p.InnerText).ToList(), body.Descendants<Table>().Count());
    }
}
