using System.Globalization;
using Counterpart.Data;
using Counterpart.Reports;
using Counterpart.Tests.Infrastructure;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Counterpart.Tests.Reports;

/// <summary>The statistical workbook read back: a sheet per area, every indicator's values by year and for the period as plain numbers.</summary>
public sealed class StatisticalTablesTests(ReferenceDatabases databases)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ReferencePairing_EveryValueAsAPlainNumber()
    {
        var db = await databases.GetAsync(DatabaseProvider.Sqlite);
        await using var ctx = db.NewContext();
        var indicators = Services.Indicators(ctx);
        using var output = new MemoryStream();

        await new StatisticalTables(indicators, new FixedClock(Services.Today)).WriteAsync("440112:522726", 2021, 2025, Scope.Everything, false, output, Ct);

        output.Position = 0;
        using var book = SpreadsheetDocument.Open(output, false);
        var workbook = book.WorkbookPart!;
        var sheets = workbook.Workbook!.Sheets!.Elements<Sheet>().ToList();
        var summary = await indicators.ForPairingAsync("440112:522726", 2021, 2025, Scope.Everything, Ct);
        Assert.Equal([.. PairingReview.Sections.Select(s => s.Title), "说明"], sheets.Select(s => s.Name!.Value));
        var values = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var sheet in sheets.SkipLast(1))
        {
            var part = (WorksheetPart)workbook.GetPartById(sheet.Id!);
            foreach (var row in part.Worksheet!.Descendants<Row>().Skip(1))
            {
                var cells = row.Elements<Cell>().Select(c => c.CellValue?.Text ?? c.InnerText).ToList();
                values[cells[0]] = cells;
            }
        }

        foreach (var (indicator, measure) in summary.Results)
        {
            var row = values[indicator.Code];
            Assert.Equal(indicator.Unit, row[2]);
            if (measure.HasValue)
            {
                Assert.Equal(measure.Total, decimal.Parse(row[^1], NumberStyles.Float, CultureInfo.InvariantCulture));
                Assert.Equal(measure.ByYear[2023], decimal.Parse(row[5], NumberStyles.Float, CultureInfo.InvariantCulture));
            }
        }
    }
}
