using System.Text;
using Counterpart.Data;
using Counterpart.Labor;
using Counterpart.Ledgers;
using Counterpart.Organizations;
using Counterpart.People;
using Counterpart.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Counterpart.Tests.Ledgers;

/// <summary>Importing the labor ledger on both databases: all or nothing, idempotent, updates by natural key, undo.</summary>
public sealed class LaborImportTests(ReferenceDatabases databases)
{
    public static TheoryData<DatabaseProvider> Providers => Checkout.BothProviders;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    internal static readonly string Header = string.Join(",", new LaborLedger().Columns.Select(c => c.Header));

    internal static readonly string IdA = ResidentId.Create("522726", new DateOnly(1990, 1, 1), 123);
    internal static readonly string IdB = ResidentId.Create("522726", new DateOnly(1992, 2, 2), 234);

    /// <summary>Three jobs of two persons (one person twice), in the hand-built tree.</summary>
    internal static string GoodFile(string incomeA = "4500") => string.Join("\n",
        Header,
        $"王小明,{IdA},男,13800000000,甲村,脱贫户,到东部,440112,广州某电子有限公司,,2023-05-01,,{incomeA},是,440112,522726",
        $"李小红,{IdB},女,,乙村,监测户,帮扶车间,522726,,甲村车间,2023/6/1,,3000,否,440112,522726",
        $"王小明,{IdA},男,13800000000,甲村,脱贫户,省内就近,522701,都匀某公司,,2024年3月1日,,3800,否,440112,522726") + "\n";

    private static async Task<(TestDatabase Db, CounterpartDbContext Ctx, LedgerImporter Importer)> ArrangeAsync(DatabaseProvider provider)
    {
        var db = await TestDatabase.CreateAsync(provider);
        var ctx = db.NewContext();
        var t = await TestTree.CreateAsync(ctx);
        await new LedgerWriter(ctx).WriteAsync(WriteContext.System("test"), async (d, c) =>
        {
            var workshop = new Organization { Code = "522726-W99", Name = "甲村车间", Kind = OrgKind.Workshop, ParentId = t.VillageA.Id };
            d.Add(workshop);
            await d.SaveChangesAsync(c);
            OrganizationTree.AssignPath(workshop, t.VillageA);
        }, Ct);
        ctx.ChangeTracker.Clear();
        return (db, ctx, new LedgerImporter(ctx, ReferenceDatabases.Protector, new FixedClock(Services.Today)));
    }

    private static Task<ImportReport> Import(LedgerImporter importer, string csv, bool dryRun = false, string name = "就业.csv") =>
        importer.ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv)), name, "labor", new ImportOptions("测试员", dryRun), null, Ct);

    private static async Task<(int Persons, int Jobs, int Batches)> CountsAsync(CounterpartDbContext ctx) =>
        (await ctx.Rows<Person>(Scope.Everything).CountAsync(Ct), await ctx.Rows<Employment>(Scope.Everything).CountAsync(Ct), await ctx.Rows<ImportBatch>(Scope.Everything).CountAsync(Ct));

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Import_ValidFile_InsertsPersonsOnceAndEveryJob(DatabaseProvider provider)
    {
        var (db, ctx, importer) = await ArrangeAsync(provider);
        await using var _ = db;
        await using var __ = ctx;

        var report = await Import(importer, GoodFile());

        Assert.Equal(ImportStatus.Committed, report.Status);
        Assert.Equal((3, 3, 0, 0), (report.RowsRead, report.Inserted, report.Updated, report.Unchanged));
        Assert.Equal((2, 3, 1), await CountsAsync(ctx));
        var job = await ctx.Rows<Employment>(Scope.Everything).Include(e => e.Employer).SingleAsync(e => e.Destination == EmploymentDestination.LocalWorkshop, Ct);
        Assert.Equal(("甲村车间", 3000m), (job.Employer!.Name, job.MonthlyIncome!.Value));
        var batch = await ctx.Rows<ImportBatch>(Scope.Everything).SingleAsync(Ct);
        Assert.Equal(("就业.csv", "测试员", report.Sha256), (batch.FileName, batch.Actor, batch.Sha256));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Import_SameFileAgain_ChangesNothing(DatabaseProvider provider)
    {
        var (db, ctx, importer) = await ArrangeAsync(provider);
        await using var _ = db;
        await using var __ = ctx;
        await Import(importer, GoodFile());

        var again = await Import(importer, GoodFile());

        Assert.Equal((0, 0, 3), (again.Inserted, again.Updated, again.Unchanged));
        Assert.Equal((2, 3), ((await CountsAsync(ctx)).Persons, (await CountsAsync(ctx)).Jobs));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Import_UpdatedFile_UpdatesByNaturalKeyAndUndoRestores(DatabaseProvider provider)
    {
        var (db, ctx, importer) = await ArrangeAsync(provider);
        await using var _ = db;
        await using var __ = ctx;
        await Import(importer, GoodFile());

        var updated = await Import(importer, GoodFile(incomeA: "5200"));
        Assert.Equal((0, 1, 2), (updated.Inserted, updated.Updated, updated.Unchanged));
        Assert.Contains(5200m, await ctx.Rows<Employment>(Scope.Everything).Select(e => e.MonthlyIncome).ToListAsync(Ct));

        await importer.UndoAsync(updated.BatchId!.Value, "测试员", Ct);

        var incomes = await ctx.Rows<Employment>(Scope.Everything).Select(e => e.MonthlyIncome).ToListAsync(Ct);
        Assert.DoesNotContain(5200m, incomes);
        Assert.Contains(4500m, incomes);
        await Assert.ThrowsAsync<DomainException>(() => importer.UndoAsync(updated.BatchId!.Value, "测试员", Ct));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Undo_CommittedImport_RemovesEverythingItInserted(DatabaseProvider provider)
    {
        var (db, ctx, importer) = await ArrangeAsync(provider);
        await using var _ = db;
        await using var __ = ctx;
        var report = await Import(importer, GoodFile());

        await importer.UndoAsync(report.BatchId!.Value, "测试员", Ct);

        Assert.Equal((0, 0, 1), await CountsAsync(ctx));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Import_DryRun_CountsExactlyAndSavesNothing(DatabaseProvider provider)
    {
        var (db, ctx, importer) = await ArrangeAsync(provider);
        await using var _ = db;
        await using var __ = ctx;

        var report = await Import(importer, GoodFile(), dryRun: true);

        Assert.Equal(ImportStatus.Validated, report.Status);
        Assert.Equal(3, report.Inserted);
        Assert.Equal((0, 0, 0), await CountsAsync(ctx));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Import_OneBadRowAmongGoodOnes_RejectsTheWholeFile(DatabaseProvider provider)
    {
        var (db, ctx, importer) = await ArrangeAsync(provider);
        await using var _ = db;
        await using var __ = ctx;
        var file = GoodFile() + $"坏行,{IdB[..17]}0,女,,乙村,监测户,到东部,,,,2023-07-01,,,,,522726\n";

        var report = await Import(importer, file);

        Assert.Equal(ImportStatus.Rejected, report.Status);
        var error = Assert.Single(report.Errors);
        Assert.Equal((5, "身份证号", "身份证号错误"), (error.Row, error.Column, error.Kind));
        Assert.Equal((0, 0, 0), await CountsAsync(ctx));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite, true)]
    [InlineData(DatabaseProvider.Sqlite, false)]
    [InlineData(DatabaseProvider.Postgres, true)]
    [InlineData(DatabaseProvider.Postgres, false)]
    public async Task Export_ThenImport_RoundTripsUnchanged(DatabaseProvider provider, bool csv)
    {
        var (db, ctx, importer) = await ArrangeAsync(provider);
        await using var _ = db;
        await using var __ = ctx;
        await Import(importer, GoodFile());
        var exported = new MemoryStream();

        var count = await new LedgerExporter(ctx, ReferenceDatabases.Protector).ExportAsync("labor", exported, csv, Scope.Everything, 2000, 2100, unmasked: true, WriteContext.System("测试员"), Ct);
        var again = await importer.ImportAsync(new MemoryStream(exported.ToArray()), csv ? "导出.csv" : "导出.xlsx", "labor", new ImportOptions("测试员"), null, Ct);

        Assert.Equal(3, count);
        Assert.True(again.Status == ImportStatus.Committed, string.Join("；", again.Errors.Select(e => $"{e.Row} {e.Column} {e.Value} {e.Reason}")));
        Assert.Equal((3, 0, 0, 3), (again.RowsRead, again.Inserted, again.Updated, again.Unchanged));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Export_Masked_HoldsNoFullIdOrPhoneNumber(DatabaseProvider provider)
    {
        var (db, ctx, importer) = await ArrangeAsync(provider);
        await using var _ = db;
        await using var __ = ctx;
        await Import(importer, GoodFile());
        var exported = new MemoryStream();

        await new LedgerExporter(ctx, ReferenceDatabases.Protector).ExportAsync("labor", exported, csv: true, Scope.Everything, 2000, 2100, unmasked: false, WriteContext.System("测试员"), Ct);
        var text = Encoding.UTF8.GetString(exported.ToArray());

        Assert.DoesNotContain(IdA, text, StringComparison.Ordinal);
        Assert.DoesNotContain(IdB, text, StringComparison.Ordinal);
        Assert.DoesNotContain("13800000000", text, StringComparison.Ordinal);
        Assert.Contains(IdA[..6] + "********" + IdA[^4..], text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Export_ScopedToATown_HoldsTheRowsOwnedOrLocatedInIt(DatabaseProvider provider)
    {
        var (db, ctx, importer) = await ArrangeAsync(provider);
        await using var _ = db;
        await using var __ = ctx;
        // The first job is owned by 甲镇, the others by the county; all three are located in 甲镇 (甲村, 甲村车间).
        await Import(importer, GoodFile().Replace(",是,440112,522726\n", ",是,440112,522726100000\n", StringComparison.Ordinal));
        var townA = await ctx.Organizations.SingleAsync(o => o.Code == "522726100000", Ct);
        var townB = await ctx.Organizations.SingleAsync(o => o.Code == "522726101000", Ct);
        var county = await ctx.Organizations.SingleAsync(o => o.Code == "522726", Ct);
        var exporter = new LedgerExporter(ctx, ReferenceDatabases.Protector);
        Task<int> Export(Scope scope, int from = 2000, int to = 2100) =>
            exporter.ExportAsync("labor", new MemoryStream(), csv: true, scope, from, to, unmasked: false, WriteContext.System("测试员"), Ct);

        Assert.Equal((3, 0, 3, 1), (await Export(Scope.Of(townA)), await Export(Scope.Of(townB)), await Export(Scope.Of(county)), await Export(Scope.Of(county), 2024, 2024)));
    }

    [Fact]
    public async Task Template_SavedAgainByLibreOffice_ExampleRowPassesADryRunOnTheReferenceData()
    {
        var reference = await databases.GetAsync(DatabaseProvider.Sqlite);
        await using var ctx = reference.NewContext();
        var importer = new LedgerImporter(ctx, ReferenceDatabases.Protector, new FixedClock(Services.Today));
        await using var file = File.OpenRead(Path.Combine(AppContext.BaseDirectory, "Fixtures", "libreoffice-labor-template.xlsx"));

        var report = await importer.ImportAsync(file, "labor-template.xlsx", "labor", new ImportOptions("测试员", DryRun: true), null, Ct);

        Assert.True(report.Status == ImportStatus.Validated, string.Join("；", report.Errors.Select(e => $"{e.Row} {e.Column} {e.Value} {e.Reason}")));
        Assert.Equal(1, report.Inserted);
    }
}
