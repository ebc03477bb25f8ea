using Counterpart.Data;
using Counterpart.Indicators;
using Counterpart.Tests.Infrastructure;

namespace Counterpart.Tests.Indicators;

/// <summary>
/// The rows behind a figure are counted by the figure's rule: the list of the reference pairing's transfer employment is
/// 22,033 persons long, a year's list as long as that year's figure, and an amount's rows add up to the amount.
/// </summary>
public sealed class IndicatorEvidenceTests(ReferenceDatabases databases)
{
    public static TheoryData<DatabaseProvider> Providers => Checkout.BothProviders;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Pairing = "440112:522726";

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task EveryListedFigure_ItsRowsCountOrSumToTheFigure_OverThePeriodAndEachYear(DatabaseProvider provider)
    {
        var db = await databases.GetAsync(provider);
        await using var ctx = db.NewContext();
        var service = Services.Indicators(ctx);
        var summary = await service.ForPairingAsync(Pairing, 2021, 2025, Scope.Everything, Ct);
        var listed = IndicatorCatalog.All.Where(i => IndicatorService.HasEvidence(i.Code)).ToList();

        Assert.Equal(22_033, (await service.EvidenceAsync(Pairing, 2021, 2025, Scope.Everything, false, "labor_transferred", new EvidenceFilter(PageSize: 10), Ct)).Total);
        Assert.Equal(IndicatorCatalog.All.Count, listed.Count);
        foreach (var indicator in listed)
        {
            var measure = summary.Results.Single(r => r.Indicator == indicator).Measure;
            var all = await service.EvidenceAsync(Pairing, 2021, 2025, Scope.Everything, false, indicator.Code, new EvidenceFilter(PageSize: 5), Ct);
            Assert.Equal(measure.Total, Figure(all));
            Assert.True(all.Rows.Count <= 5);
            Assert.All(all.Rows, r => Assert.Equal(all.Headers.Count, r.Cells.Count));
            foreach (var (year, value) in measure.ByYear)
            {
                var ofYear = await service.EvidenceAsync(Pairing, 2021, 2025, Scope.Everything, false, indicator.Code, new EvidenceFilter(year, PageSize: 1), Ct);
                Assert.Equal(value, Figure(ofYear));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task LaborByDestinationAndHousehold_EachPartListsAsManyPersonsAsTheBreakdownCounts(DatabaseProvider provider)
    {
        var db = await databases.GetAsync(provider);
        await using var ctx = db.NewContext();
        var service = Services.Indicators(ctx);
        var summary = await service.ForPairingAsync(Pairing, 2021, 2025, Scope.Everything, Ct);
        foreach (var breakdown in new[] { "destination", "household" })
        {
            var parts = summary.Results.Single(r => r.Indicator.Code == "labor_transferred").Measure.Breakdowns[breakdown];
            Assert.NotEmpty(parts);
            foreach (var (key, value) in parts)
            {
                var part = await service.EvidenceAsync(Pairing, 2021, 2025, Scope.Everything, false, "labor_transferred", new EvidenceFilter(Breakdown: breakdown, Key: key, PageSize: 1), Ct);
                Assert.Equal(value, part.Total);
            }
        }
    }

    [Fact]
    public async Task EveryIndicator_HasAList_AndAnUnknownCodeIsRefusedInChinese()
    {
        var db = await databases.GetAsync(DatabaseProvider.Sqlite);
        await using var ctx = db.NewContext();

        var e = await Assert.ThrowsAsync<DomainException>(() =>
            Services.Indicators(ctx).EvidenceAsync(Pairing, 2021, 2025, Scope.Everything, false, "no_such_code", new EvidenceFilter(), Ct));

        Assert.All(IndicatorCatalog.All, i => Assert.True(IndicatorService.HasEvidence(i.Code), i.Code));
        Assert.Contains("暂不提供明细", e.Message, StringComparison.Ordinal);
    }

    private static decimal Figure(EvidencePage page) => page.Sum ?? page.Total;
}
