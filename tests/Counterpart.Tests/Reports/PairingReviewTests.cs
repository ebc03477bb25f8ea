using Counterpart.Agreements;
using Counterpart.Data;
using Counterpart.Evaluation;
using Counterpart.Indicators;
using Counterpart.Reports;
using Counterpart.Tests.Infrastructure;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Counterpart.Tests.Reports;

/// <summary>
/// The five-year review of the reference pairing, read back as Open XML: a valid document holding every figure of the
/// catalog in the report's units (the reference figures among them), a section per area, and the zero-findings result.
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

        await Review(ctx).WriteAsync("440112:522726", 2021, 2025, Scope.Everything, approvedOnly: false, output, Ct);

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

        await Review(ctx).WriteAsync("440112:522726", 2025, 2025, Scope.Everything, approvedOnly: false, output, Ct);

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

    private static PairingReview Review(Counterpart.Data.CounterpartDbContext ctx)
    {
        var clock = new FixedClock(Services.Today);
        var indicators = Services.Indicators(ctx);
        return new PairingReview(indicators, new EvaluationViews(ctx, indicators, clock), new TargetTracking(ctx, indicators, TargetThresholds.Default, clock), clock);
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
