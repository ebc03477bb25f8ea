using System.Text;
using Counterpart.Data;
using Counterpart.Ledgers;
using Counterpart.Organizations;
using Counterpart.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Counterpart.Tests.Ledgers;

/// <summary>Registering places and units from a file, on both databases — what a county does before any other ledger.</summary>
public sealed class OrganizationImportTests
{
    public static TheoryData<DatabaseProvider> Providers => Checkout.BothProviders;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Header = "代码,名称,类型,上级,统一社会信用代码,成立日期,共建东部单位\n";

    private static readonly string Tree = Header
        + "522726102000,丙镇,乡镇（街道）,独山县,,,\n"
        + "522726102201,新寨村,村,522726102000,,,\n"
        + "522726102202,高坡村,村,丙镇,,,\n"
        + "522726-P09,丙镇共建园区,产业园区,522726102000,,2023-04-01,440112\n"
        + "522726-W09,高坡村帮扶车间,就业帮扶车间,522726102202,,2024-1-1,\n";

    private static async Task<(TestDatabase Db, CounterpartDbContext Ctx, LedgerImporter Importer)> ArrangeAsync(DatabaseProvider provider)
    {
        var db = await TestDatabase.CreateAsync(provider);
        var ctx = db.NewContext();
        await TestTree.CreateAsync(ctx);
        ctx.ChangeTracker.Clear();
        return (db, ctx, new LedgerImporter(ctx, ReferenceDatabases.Protector, new FixedClock(Services.Today)));
    }

    private static Task<ImportReport> Import(LedgerImporter importer, string csv, string ledger = "organizations") =>
        importer.ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv)), "组织.csv", ledger, new ImportOptions("测试员"), null, Ct);

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Import_TopDownTree_CreatesItWithPathsThatRollUp(DatabaseProvider provider)
    {
        var (db, ctx, importer) = await ArrangeAsync(provider);
        await using var _ = db;
        await using var __ = ctx;

        var report = await Import(importer, Tree);

        Assert.True(report.Status == ImportStatus.Committed, string.Join("；", report.Errors.Select(e => $"{e.Row} {e.Column} {e.Reason}")));
        Assert.Equal(5, report.Inserted);
        var dushan = await ctx.Organizations.SingleAsync(o => o.Code == "522726", Ct);
        var workshop = await ctx.Organizations.SingleAsync(o => o.Code == "522726-W09", Ct);
        var park = await ctx.Organizations.SingleAsync(o => o.Code == "522726-P09", Ct);
        Assert.StartsWith(dushan.Path, workshop.Path, StringComparison.Ordinal);
        Assert.Equal(dushan.Depth + 3, workshop.Depth);
        Assert.Equal((OrgKind.IndustrialPark, new DateOnly(2023, 4, 1)), (park.Kind, park.EstablishedOn!.Value));
        Assert.NotNull(park.CoBuiltByOrgId);

        // The new village can be used at once by the labor ledger.
        var labor = LaborImportTests.GoodFile().Replace("甲村车间", "高坡村帮扶车间", StringComparison.Ordinal).Replace(",甲村,", ",新寨村,", StringComparison.Ordinal);
        Assert.Equal(ImportStatus.Committed, (await Import(importer, labor, "labor")).Status);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Import_SameTreeAgainThenRenamed_IsUnchangedThenUpdated(DatabaseProvider provider)
    {
        var (db, ctx, importer) = await ArrangeAsync(provider);
        await using var _ = db;
        await using var __ = ctx;
        await Import(importer, Tree);

        var again = await Import(importer, Tree);
        var renamed = await Import(importer, Tree.Replace("新寨村,村", "新寨社区,社区", StringComparison.Ordinal));

        Assert.Equal((0, 0, 5), (again.Inserted, again.Updated, again.Unchanged));
        Assert.Equal((0, 1, 4), (renamed.Inserted, renamed.Updated, renamed.Unchanged));
        Assert.Equal(OrgKind.Community, (await ctx.Organizations.SingleAsync(o => o.Code == "522726102201", Ct)).Kind);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Import_ChildBeforeItsParentOrAMove_IsRejected(DatabaseProvider provider)
    {
        var (db, ctx, importer) = await ArrangeAsync(provider);
        await using var _ = db;
        await using var __ = ctx;
        var childFirst = Header + "522726102201,新寨村,村,522726102000,,,\n522726102000,丙镇,乡镇（街道）,独山县,,,\n";
        var move = Header + "522726100200,甲村,村,乙镇,,,\n";
        var notAPark = Header + "522726-X1,某学校,学校,独山县,,,440112\n";

        var first = Assert.Single((await Import(importer, childFirst)).Errors);
        var movedReport = await Import(importer, move);
        var moved = Assert.Single(movedReport.Errors);
        var parkReport = await Import(importer, notAPark);
        var park = Assert.Single(parkReport.Errors);

        Assert.Equal((2, "上级"), (first.Row, first.Column));
        Assert.Contains("排在它的下级前面", first.Reason, StringComparison.Ordinal);
        Assert.Contains("暂不支持移动", moved.Reason, StringComparison.Ordinal);
        Assert.Contains("只有产业园区", park.Reason, StringComparison.Ordinal);
        Assert.Equal(13, await ctx.Organizations.CountAsync(Ct));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ExportThenImport_Tree_RoundTripsUnchangedAndUndoRemovesIt(DatabaseProvider provider)
    {
        var (db, ctx, importer) = await ArrangeAsync(provider);
        await using var _ = db;
        await using var __ = ctx;
        var created = await Import(importer, Tree);
        var exported = new MemoryStream();

        await new LedgerExporter(ctx, ReferenceDatabases.Protector).ExportAsync("organizations", exported, csv: false, Scope.Everything, 2000, 2100, unmasked: false, WriteContext.System("测试员"), Ct);
        var again = await importer.ImportAsync(new MemoryStream(exported.ToArray()), "组织导出.xlsx", "organizations", new ImportOptions("测试员"), null, Ct);

        Assert.True(again.Status == ImportStatus.Committed, string.Join("；", again.Errors.Select(e => $"{e.Row} {e.Column} {e.Value} {e.Reason}")));
        Assert.Equal((0, 0), (again.Inserted, again.Updated));

        await importer.UndoAsync(created.BatchId!.Value, "测试员", Ct);
        Assert.Equal(13, await ctx.Organizations.CountAsync(Ct));
    }
}
