using System.Text;
using Counterpart.Data;
using Counterpart.Labor;
using Counterpart.Ledgers;
using Counterpart.People;
using Counterpart.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Counterpart.Tests.Ledgers;

/// <summary>
/// Files larger than one chunk: rows are written chunk after chunk while the rest is still being read, in bulk for new
/// rows, and the whole file is still all or nothing, idempotent and undoable.
/// </summary>
public sealed class StreamingImportTests
{
    public static TheoryData<DatabaseProvider> Providers => Checkout.BothProviders;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Rows for <paramref name="persons"/> persons with two jobs each (the second job a chunk or more later).</summary>
    private static string BigFile(int persons, Func<int, string>? lastRow = null)
    {
        var text = new StringBuilder(LaborImportTests.Header).Append('\n');
        for (var job = 0; job < 2; job++)
        {
            for (var p = 0; p < persons; p++)
            {
                var id = ResidentId.Create("522726", new DateOnly(1970, 1, 1).AddDays(p % 9000), 100 + (p / 9000 * 2));
                var income = job == 0 ? "3000.5" : "4200";
                text.Append(CultureInfoFree($"工人{p},{id},,1390000{p % 10000:D4},甲村,{(p % 3 == 0 ? "脱贫户" : "一般农户")},到东部,440112,某厂,,{(job == 0 ? "2023-03-01" : "2024-03-01")},,{income},是,440112,522726\n"));
            }
        }

        if (lastRow is not null)
        {
            text.Append(lastRow(persons)).Append('\n');
        }

        return text.ToString();
    }

    private static string CultureInfoFree(FormattableString s) => FormattableString.Invariant(s);

    private static async Task<(TestDatabase Db, CounterpartDbContext Ctx, LedgerImporter Importer)> ArrangeAsync(DatabaseProvider provider)
    {
        var db = await TestDatabase.CreateAsync(provider);
        var ctx = db.NewContext();
        await TestTree.CreateAsync(ctx);
        ctx.ChangeTracker.Clear();
        return (db, ctx, new LedgerImporter(ctx, ReferenceDatabases.Protector, new FixedClock(Services.Today)));
    }

    private static Task<ImportReport> Import(LedgerImporter importer, string csv, bool dryRun = false) =>
        importer.ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv)), "就业.csv", "labor", new ImportOptions("测试员", dryRun), null, Ct);

    private static async Task<(int Persons, int Jobs, int Batches)> CountsAsync(CounterpartDbContext ctx) =>
        (await ctx.Rows<Person>(Scope.Everything).CountAsync(Ct), await ctx.Rows<Employment>(Scope.Everything).CountAsync(Ct), await ctx.Rows<ImportBatch>(Scope.Everything).CountAsync(Ct));

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Import_ManyChunks_InsertsInBulkThenReimportsUnchangedAndUndoes(DatabaseProvider provider)
    {
        var (db, ctx, importer) = await ArrangeAsync(provider);
        await using var _ = db;
        await using var __ = ctx;
        var file = BigFile(6_000);

        var first = await Import(importer, file);
        var again = await Import(importer, file);
        var changed = await Import(importer, file.Replace(",4200,", ",4300,", StringComparison.Ordinal));

        Assert.Equal((ImportStatus.Committed, 12_000, 12_000, 0, 0), (first.Status, first.RowsRead, first.Inserted, first.Updated, first.Unchanged));
        Assert.Equal((ImportStatus.Committed, 0, 0, 12_000), (again.Status, again.Inserted, again.Updated, again.Unchanged));
        Assert.Equal((0, 6_000, 6_000), (changed.Inserted, changed.Updated, changed.Unchanged));
        Assert.Equal((6_000, 12_000, 3), await CountsAsync(ctx));

        // Values written in bulk read back as the change tracker would have written them.
        var sample = await ctx.Rows<Employment>(Scope.Everything).Include(e => e.Person).OrderBy(e => e.Id).FirstAsync(Ct);
        Assert.Equal(("工人0", 3000.5m, new DateOnly(2023, 3, 1), EmploymentDestination.ToEast, HouseholdType.Lifted),
            (sample.Person!.Name, sample.MonthlyIncome, sample.StartDate, sample.Destination, sample.Person.HouseholdType));
        Assert.Equal(ResidentId.Create("522726", new DateOnly(1970, 1, 1), 100), ReferenceDatabases.Protector.Decrypt(sample.Person.IdNumber.Cipher));
        Assert.Equal(6_000, await ctx.Rows<Employment>(Scope.Everything).CountAsync(e => e.MonthlyIncome == 4300m, Ct));

        await importer.UndoAsync(changed.BatchId!.Value, "测试员", Ct);
        Assert.Equal(6_000, await ctx.Rows<Employment>(Scope.Everything).CountAsync(e => e.MonthlyIncome == 4200m, Ct));
        await importer.UndoAsync(first.BatchId!.Value, "测试员", Ct);
        Assert.Equal((0, 0, 3), await CountsAsync(ctx));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Import_BadRowAfterSeveralChunksWereWritten_SavesNothing(DatabaseProvider provider)
    {
        var (db, ctx, importer) = await ArrangeAsync(provider);
        await using var _ = db;
        await using var __ = ctx;
        var file = BigFile(6_000, n => $"坏行,{LaborImportTests.IdA},男,,不存在村,脱贫户,到东部,440112,某厂,,2023-03-01,,100,是,440112,522726");

        var report = await Import(importer, file);

        Assert.Equal((ImportStatus.Rejected, 12_001, 1), (report.Status, report.RowsRead, report.Rejected));
        var error = Assert.Single(report.Errors);
        Assert.Equal((12_002, "户籍村（社区）", "不存在村"), (error.Row, error.Column, error.Value));
        Assert.Equal((0, 0, 0), await CountsAsync(ctx));
    }

    [Fact]
    public async Task Import_TensOfThousandsOfBadRows_ListsTheFirstTenThousandAndCountsTheRest()
    {
        var (db, ctx, importer) = await ArrangeAsync(DatabaseProvider.Sqlite);
        await using var _ = db;
        await using var __ = ctx;
        var file = BigFile(6_000).Replace(",甲村,", ",丁村,", StringComparison.Ordinal);

        var report = await Import(importer, file);

        Assert.Equal((ImportStatus.Rejected, 12_000), (report.Status, report.Rejected));
        Assert.Equal(LedgerImporter.MaxErrors, report.Errors.Count);
        Assert.Contains(report.Notices, n => n.Contains("另有 2000 条错误", StringComparison.Ordinal));
        Assert.Equal((0, 0, 0), await CountsAsync(ctx));
    }
}
