using System.Text;
using Counterpart.Data;
using Counterpart.Ledgers;
using Counterpart.Pairings;
using Counterpart.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Counterpart.Tests.Ledgers;

/// <summary>The pairings ledger against the reference data (dry runs: the shared database is never changed).</summary>
public sealed class PairingImportTests(ReferenceDatabases databases)
{
    public static TheoryData<DatabaseProvider> Providers => Checkout.BothProviders;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ExportThenDryRunImport_ReferencePairings_AreAllUnchanged(DatabaseProvider provider)
    {
        var reference = await databases.GetAsync(provider);
        await using var ctx = reference.NewContext();
        var exported = new MemoryStream();

        var count = await new LedgerExporter(ctx, ReferenceDatabases.Protector).ExportAsync("pairings", exported, csv: true, Scope.Everything, 2021, 2025, unmasked: false, WriteContext.System("测试员"), Ct);
        var report = await new LedgerImporter(ctx, ReferenceDatabases.Protector, new FixedClock(Services.Today))
            .ImportAsync(new MemoryStream(exported.ToArray()), "结对.csv", "pairings", new ImportOptions("测试员", DryRun: true), null, Ct);

        Assert.Equal(await ctx.Rows<Pairing>(Scope.Everything).CountAsync(Ct), count);
        Assert.True(report.Status == ImportStatus.Validated, string.Join("；", report.Errors.Select(e => $"{e.Row} {e.Column} {e.Value} {e.Reason}")));
        Assert.Equal((0, 0, count), (report.Inserted, report.Updated, report.Unchanged));
    }

    [Fact]
    public async Task DryRunImport_NewSchoolPairingAndBadRows_CountsAndExplains()
    {
        var reference = await databases.GetAsync(DatabaseProvider.Sqlite);
        await using var ctx = reference.NewContext();
        var importer = new LedgerImporter(ctx, ReferenceDatabases.Protector, new FixedClock(Services.Today));
        const string header = "结对类型,东部单位,西部单位,所属区县结对,开始日期,结束日期,填报单位\n";

        var good = await importer.ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(header + "学校结对,440112-S01,522726-S05,440112:522726,2024-03-01,,522726\n")),
            "结对.csv", "pairings", new ImportOptions("测试员", DryRun: true), null, Ct);
        var bad = await importer.ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(header
                + "学校结对,440112-S01,440112-S01,440112:522726,2024-03-01,,522726\n"
                + "师徒结对,440112-S01,522726-S05,,2024-03-01,,522726\n"
                + "学校结对,440112-S01,522726-S05,440112/522726,2024-03-01,2023-01-01,522726\n")),
            "结对.csv", "pairings", new ImportOptions("测试员", DryRun: true), null, Ct);

        Assert.Equal((ImportStatus.Validated, 1), (good.Status, good.Inserted));
        Assert.Equal(ImportStatus.Rejected, bad.Status);
        Assert.Contains(bad.Errors, e => e.Row == 2 && e.Reason.Contains("不能是同一个", StringComparison.Ordinal));
        Assert.Contains(bad.Errors, e => e.Row == 3 && e.Column == "结对类型");
        Assert.Contains(bad.Errors, e => e.Row == 4 && e.Column == "所属区县结对");
        Assert.Contains(bad.Errors, e => e.Row == 4 && e.Column == "结束日期");
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Import_UnitPairingUnderADistrictPairingNotStored_IsARowErrorAndSavesNothing(DatabaseProvider provider)
    {
        var reference = await databases.GetAsync(provider);
        await using var ctx = reference.NewContext();
        var before = await ctx.Rows<Pairing>(Scope.Everything).CountAsync(Ct);
        const string file = "结对类型,东部单位,西部单位,所属区县结对,开始日期,结束日期,填报单位\n"
            + "学校结对,440112-S01,522726-S05,440112:522726,2024-03-01,,522726\n"
            + "学校结对,440112-S01,522726-S05,440106:522726,2024-04-01,,522726\n";

        var report = await new LedgerImporter(ctx, ReferenceDatabases.Protector, new FixedClock(Services.Today))
            .ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(file)), "结对.csv", "pairings", new ImportOptions("测试员", DryRun: true), null, Ct);

        Assert.Equal((ImportStatus.Rejected, 1), (report.Status, report.Rejected));
        var error = Assert.Single(report.Errors);
        Assert.Equal((3, "所属区县结对", "440106:522726", "引用不存在"), (error.Row, error.Column, error.Value, error.Kind));
        Assert.Contains("系统中没有这个区县结对", error.Reason, StringComparison.Ordinal);
        Assert.Equal(before, await ctx.Rows<Pairing>(Scope.Everything).CountAsync(Ct));
    }
}
