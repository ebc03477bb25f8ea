using System.Text;
using Counterpart.Data;
using Counterpart.Ledgers;
using Counterpart.Organizations;
using Counterpart.Tests.Infrastructure;

namespace Counterpart.Tests.Ledgers;

/// <summary>Two promises of the ledger exchange shown end to end: ambiguous names list their candidates; exports never carry a live formula.</summary>
public sealed class ExchangeEdgeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(TestDatabase Db, CounterpartDbContext Ctx, LedgerImporter Importer)> ArrangeAsync()
    {
        var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var ctx = db.NewContext();
        var t = await TestTree.CreateAsync(ctx);
        await new LedgerWriter(ctx).WriteAsync(WriteContext.System("test"), async (d, c) =>
        {
            // A second 甲村, in another town: the name alone no longer says which one.
            var twin = new Organization { Code = "522726101201", Name = "甲村", Kind = OrgKind.Village, ParentId = t.TownB.Id };
            d.Add(twin);
            await d.SaveChangesAsync(c);
            OrganizationTree.AssignPath(twin, t.TownB);
        }, Ct);
        ctx.ChangeTracker.Clear();
        return (db, ctx, new LedgerImporter(ctx, ReferenceDatabases.Protector, new FixedClock(Services.Today)));
    }

    [Fact]
    public async Task Import_OrganizationNamedByAnAmbiguousName_IsAnErrorListingTheCandidates()
    {
        var (db, ctx, importer) = await ArrangeAsync();
        await using var _ = db;
        await using var __ = ctx;
        var file = $"{LaborImportTests.Header}\n王小明,{LaborImportTests.IdA},男,,甲村,脱贫户,到东部,440112,某厂,,2023-05-01,,4500,是,440112,522726\n";

        var report = await importer.ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(file)), "就业.csv", "labor", new ImportOptions("测试员"), null, Ct);

        var error = Assert.Single(report.Errors);
        Assert.Equal((ImportStatus.Rejected, 2, "户籍村（社区）", "甲村"), (report.Status, error.Row, error.Column, error.Value));
        Assert.Contains("名称不唯一", error.Reason, StringComparison.Ordinal);
        Assert.Contains("522726100200", error.Reason, StringComparison.Ordinal);
        Assert.Contains("522726101201", error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Export_TextThatWouldRunAsAFormula_IsNeutralised(bool csv)
    {
        var (db, ctx, importer) = await ArrangeAsync();
        await using var _ = db;
        await using var __ = ctx;
        var file = $"{LaborImportTests.Header}\n王小明,{LaborImportTests.IdA},男,,522726100200,脱贫户,到东部,440112,=HYPERLINK(\"http://x\"),,2023-05-01,,4500,是,440112,522726\n"
            + $"李小红,{LaborImportTests.IdB},女,,522726100200,脱贫户,到东部,440112,＠SUM(1),,2023-06-01,,4500,是,440112,522726\n";
        Assert.Equal(ImportStatus.Committed, (await importer.ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(file)), "就业.csv", "labor", new ImportOptions("测试员"), null, Ct)).Status);
        var output = new MemoryStream();

        await new LedgerExporter(ctx, ReferenceDatabases.Protector).ExportAsync("labor", output, csv, Scope.Everything, 2023, 2023, unmasked: false, WriteContext.System("测试员"), Ct);

        using var reader = Counterpart.Ledgers.Files.TableFile.Open(new MemoryStream(output.ToArray()), csv ? "a.csv" : "a.xlsx");
        var employers = reader.Rows().Select(r => r.Cell(8)).ToList();
        Assert.Equal(["'=HYPERLINK(\"http://x\")", "'@SUM(1)"], employers); // the importer reads ＠ as @
    }
}
