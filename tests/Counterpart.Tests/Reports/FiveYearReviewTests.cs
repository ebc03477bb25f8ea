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
public sealed class FiveYearReviewTests(ReferenceDatabases databases)
{
    public static TheoryData<DatabaseProvider> Providers => Checkout.BothProviders;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Sections_HoldEveryIndicatorOfTheCatalogOnce() =>
        Assert.Equal(IndicatorCatalog.All.Select(i => i.Code).Order(StringComparer.Ordinal),
            FiveYearReview.Sections.SelectMany(s => s.Codes).Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ReferencePairing_DocumentHoldsEveryFigureInTheReportsUnits(DatabaseProvider provider)
    {
        var db = await databases.GetAsync(provider);
        await using var ctx = db.NewContext();
        var indicators = Services.Indicators(ctx);
        var review = new FiveYearReview(indicators, new EvaluationViews(ctx, indicators, new FixedClock(Services.Today)), new FixedClock(Services.Today));
        using var output = new MemoryStream();

        await review.WriteAsync("440112:522726", 2021, 2025, Scope.Everything, approvedOnly: false, output, Ct);

        output.Position = 0;
        using var document = WordprocessingDocument.Open(output, false);
        var errors = new OpenXmlValidator().Validate(document, Ct).Select(e => $"{e.Path?.XPath}: {e.Description}").ToList();
        var paragraphs = document.MainDocumentPart!.Document!.Body!.Descendants<Paragraph>().Select(p => p.InnerText).ToList();
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
        Assert.Equal(FiveYearReview.Sections.Count, document.MainDocumentPart.Document.Body.Descendants<Table>().Count());
        Assert.Contains("含未审核数据", text, StringComparison.Ordinal);
    }
}
