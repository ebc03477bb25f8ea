using Counterpart.Indicators;

namespace Counterpart.Tests.Indicators;

public sealed class IndicatorCatalogTests
{
    [Fact]
    public void Catalog_EveryIndicator_IsFullyDescribedOnce()
    {
        Assert.Equal(IndicatorCatalog.All.Count, IndicatorCatalog.All.Select(i => i.Code).Distinct(StringComparer.Ordinal).Count());
        Assert.All(IndicatorCatalog.All, i =>
        {
            Assert.False(string.IsNullOrWhiteSpace(i.NameZh), i.Code);
            Assert.False(string.IsNullOrWhiteSpace(i.NameEn), i.Code);
            Assert.False(string.IsNullOrWhiteSpace(i.Unit), i.Code);
            Assert.False(string.IsNullOrWhiteSpace(i.SourceLedger), i.Code);
            Assert.False(string.IsNullOrWhiteSpace(i.RuleZh), i.Code);
            Assert.False(string.IsNullOrWhiteSpace(i.RuleEn), i.Code);
            Assert.Contains(Disaggregation.ByYear, i.Disaggregations);
        });
    }

    [Fact]
    public void Catalog_PersonsAndPersonTimes_AreDifferentUnits()
    {
        Assert.Equal(Units.Persons, IndicatorCatalog.Get("cadres_sent").Unit);
        Assert.Equal(Units.PersonTimes, IndicatorCatalog.Get("cadres_received").Unit);
        Assert.Equal(Units.Persons, IndicatorCatalog.Get("labor_transferred").Unit);
        Assert.Equal(Units.PersonTimes, IndicatorCatalog.Get("teachers_sent").Unit);
    }
}
