using System.Globalization;
using Counterpart.Data;
using Counterpart.Indicators;
using Counterpart.Tests.Infrastructure;

namespace Counterpart.Tests.Indicators;

/// <summary>
/// Every figure of docs/reference-figures.md, computed from the generated ledgers through the catalog, on both
/// databases, compared as the report prints it (counts exactly; amounts at the report's unit and precision).
/// </summary>
public sealed class ReferenceFiguresTests(ReferenceDatabases databases)
{
    /// <summary>Code → the report's printed value and how it is printed (亿 = 亿元 with two decimals; 万 = 万元 as written).</summary>
    public static TheoryData<DatabaseProvider, string, string> Figures()
    {
        (string Code, string Printed)[] figures =
        [
            ("fiscal_aid", "2.05亿"), ("projects", "117"), ("enterprises_landed", "11"), ("enterprise_investment", "5.43亿"),
            ("enterprise_jobs", "2027"), ("enterprise_jobs_lifted", "514"), ("parks", "1"), ("park_investment", "1.54亿"),
            ("consumption_sales", "20.35亿"), ("labor_transferred", "22033"), ("labor_transferred_lifted", "13160"),
            ("labor_trainings", "83"), ("labor_trainees", "2580"), ("relocation_support", "9039.5万"),
            ("school_pairs_east", "26"), ("school_pairs_west", "39"), ("education_trainings", "159"), ("education_trainees", "21886"),
            ("teachers_sent", "75"), ("teachers_received", "126"), ("hospital_pairs_east", "2"), ("hospital_pairs_west", "3"),
            ("agency_village_pairs_east", "4"), ("agency_village_pairs_west", "5"), ("social_org_pairs", "3"), ("donations", "1599.88万"),
            ("cadres_sent", "6"), ("cadres_received", "41"), ("professionals_sent", "75"), ("professionals_received", "126"),
            ("evaluation_findings", "0"),
        ];
        var data = new TheoryData<DatabaseProvider, string, string>();
        foreach (var provider in new[] { DatabaseProvider.Sqlite, DatabaseProvider.Postgres })
        {
            foreach (var (code, printed) in figures)
            {
                data.Add(provider, code, printed);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Figures))]
    public async Task Summary_ReferencePairing2021To2025_ReproducesReportFigure(DatabaseProvider provider, string code, string printed)
    {
        var summary = await SummaryAsync(provider);

        Assert.Equal(printed, AsReportPrints(summary[code], printed));
    }

    [Fact]
    public void FigureList_ComparedWithTheSharedReferenceDocument_NamesEveryCodeItHas()
    {
        var document = Path.Combine(Checkout.Root, "..", "shared", "docs", "reference-figures.md");
        if (!File.Exists(document))
        {
            Assert.Skip("../shared/docs/reference-figures.md is not beside this checkout.");
        }

        var codes = File.ReadLines(document)
            .Where(line => line.StartsWith("| `", StringComparison.Ordinal))
            .SelectMany(line => System.Text.RegularExpressions.Regex.Matches(line.Split('|')[1], "`([a-z_]+)`").Select(m => m.Groups[1].Value))
            .ToHashSet();

        Assert.Equal(codes.Order(), Figures().Select(row => (string)row.Data.Item2).Distinct().Order());
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Summary_ReferencePairing_CoversEveryCatalogIndicator(DatabaseProvider provider)
    {
        var summary = await SummaryAsync(provider);
        var tested = Figures().Select(row => (string)row.Data.Item2).ToHashSet();

        Assert.Equal(IndicatorCatalog.All.Select(i => i.Code).Order(), summary.Results.Select(r => r.Indicator.Code).Order());
        Assert.Subset(tested, IndicatorCatalog.All.Select(i => i.Code).ToHashSet());
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task EvaluationFindings_EachYear_AreZeroForCompletedNationalRounds(DatabaseProvider provider)
    {
        var summary = await SummaryAsync(provider);
        var findings = summary.Results.Single(r => r.Indicator.Code == "evaluation_findings").Measure;

        Assert.Equal([2021, 2022, 2023, 2024, 2025], findings.ByYear.Keys.Order());
        Assert.All(findings.ByYear.Values, v => Assert.Equal(0m, v));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task EvaluationFindings_YearWithoutACompletedRound_HasNoValueRatherThanZero(DatabaseProvider provider)
    {
        var db = await databases.GetAsync(provider);
        await using var context = db.NewContext();

        var summary = await Services.Indicators(context).ForPairingAsync("440112:522726", 2020, 2020, Scope.Everything, TestContext.Current.CancellationToken);
        var findings = summary.Results.Single(r => r.Indicator.Code == "evaluation_findings");

        Assert.False(findings.Measure.HasValue);
        Assert.Equal("—", FigureFormat.Format(findings.Indicator, findings.Measure));
        Assert.Null(SummaryJson.ToJson(summary)["indicators"]!["evaluation_findings"]);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Parks_CoBuiltPark_CountsForTheWestCountyAndForTheEasternDistrict(DatabaseProvider provider)
    {
        var db = await databases.GetAsync(provider);
        await using var context = db.NewContext();
        var service = Services.Indicators(context);

        var east = await service.ForOrganizationAsync("440112", 2021, 2025, Scope.Everything, TestContext.Current.CancellationToken);
        var west = await service.ForOrganizationAsync("522726", 2021, 2025, Scope.Everything, TestContext.Current.CancellationToken);

        Assert.Equal((1m, 1m), (east["parks"], west["parks"]));
        Assert.Equal(east["park_investment"], west["park_investment"]);
    }

    private async Task<Summary> SummaryAsync(DatabaseProvider provider)
    {
        var db = await databases.GetAsync(provider);
        await using var context = db.NewContext();
        return await Services.Indicators(context).ForPairingAsync("440112:522726", 2021, 2025, Scope.Everything, TestContext.Current.CancellationToken);
    }

    /// <summary>Prints a value the way the expected text is written: "2.05亿", "9039.5万", or a plain count.</summary>
    internal static string AsReportPrints(decimal value, string expected)
    {
        if (expected.EndsWith('亿'))
        {
            return Math.Round(value / 10000m, 2, MidpointRounding.AwayFromZero).ToString("0.00", CultureInfo.InvariantCulture) + "亿";
        }

        if (expected.EndsWith('万'))
        {
            var decimals = expected.Contains('.', StringComparison.Ordinal) ? expected.Length - expected.IndexOf('.', StringComparison.Ordinal) - 2 : 0;
            return Math.Round(value, decimals, MidpointRounding.AwayFromZero).ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) + "万";
        }

        return value.ToString("0.##", CultureInfo.InvariantCulture);
    }
}
