using System.Data.Common;
using System.Text;
using Counterpart.Audit;
using Counterpart.Consumption;
using Counterpart.Data;
using Counterpart.Labor;
using Counterpart.Ledgers;
using Counterpart.Tests.Infrastructure;
using Counterpart.Tests.Ledgers;
using Microsoft.EntityFrameworkCore;

namespace Counterpart.Tests.Data;

/// <summary>
/// Every write leaves its audit entries in its own transaction — one per changed row with before and after, or one for
/// an import, an undo, an export, a seed — chained by hashes that expose any later change; the database refuses to
/// change or (within the retention period) delete them.
/// </summary>
public sealed class AuditTrailTests(ReferenceDatabases databases)
{
    public static TheoryData<DatabaseProvider> Providers => Checkout.BothProviders;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task TrackedWrites_CreateUpdateDelete_EachRecordedWithBeforeAndAfter_AndNothingForAFailedWrite(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var ctx = db.NewContext();
        var t = await TestTree.CreateAsync(ctx);
        var writer = new LedgerWriter(ctx);
        var clerk = new WriteContext("独山县录入员", Scope.Of(t.Dushan)) { OrgId = t.Dushan.Id, From = "10.0.0.7" };
        var before = await ctx.AuditRecords.CountAsync(Ct);

        var sale = new Sale { OwnerOrgId = t.Dushan.Id, WestOrgId = t.VillageA.Id, EastOrgId = t.Huangpu.Id, Date = new DateOnly(2023, 1, 5), Amount = 100m, VoucherNo = "V-1" };
        await writer.WriteAsync(clerk, (d, _) =>
        {
            d.Add(sale);
            return Task.CompletedTask;
        }, Ct);
        ctx.ChangeTracker.Clear();
        await writer.WriteAsync(clerk, (d, _) =>
        {
            d.Attach(sale);
            sale.Amount = 250.5m;
            return Task.CompletedTask;
        }, Ct);
        ctx.ChangeTracker.Clear();
        await Assert.ThrowsAsync<DomainException>(() => writer.WriteAsync(clerk, (d, _) =>
        {
            d.Add(new Sale { OwnerOrgId = t.Libo.Id, WestOrgId = t.Libo.Id, Date = new DateOnly(2023, 1, 5), Amount = 1m, VoucherNo = "V-2" });
            return Task.CompletedTask;
        }, Ct));
        await writer.WriteAsync(clerk, (d, _) =>
        {
            d.Remove(sale);
            return Task.CompletedTask;
        }, Ct);

        var entries = await ctx.AuditRecords.Where(a => a.EntityType == nameof(Sale)).OrderBy(a => a.Seq).ToListAsync(Ct);
        Assert.Equal([AuditAction.Created, AuditAction.Updated, AuditAction.Deleted], entries.Select(e => e.Action));
        Assert.All(entries, e => Assert.Equal((sale.Id, "独山县录入员", t.Dushan.Id, "10.0.0.7"), (e.EntityId!.Value, e.Actor, e.ActorOrgId!.Value, e.From)));
        Assert.Null(entries[0].Before);
        Assert.Contains("\"Amount\":100", entries[0].After, StringComparison.Ordinal);
        Assert.Contains("\"Amount\":100", entries[1].Before, StringComparison.Ordinal);
        Assert.Contains("\"Amount\":250.5", entries[1].After, StringComparison.Ordinal);
        Assert.Contains("\"VoucherNo\":\"V-1\"", entries[2].Before, StringComparison.Ordinal);
        Assert.Null(entries[2].After);
        Assert.Equal(before + 3, await ctx.AuditRecords.CountAsync(Ct));
        Assert.True((await AuditTrail.VerifyAsync(ctx, Ct)).Intact);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task PersonWritten_AuditValues_MaskTheIdNumberAndLeaveOutPovertyStatusAndPhone(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var ctx = db.NewContext();
        var t = await TestTree.CreateAsync(ctx);
        await TestTree.AddAsync(ctx, new Person
        {
            Name = "甲", IdNumber = ReferenceDatabases.Protector.ProtectId(LaborImportTests.IdA), Gender = Counterpart.People.Gender.Male,
            BirthDate = new DateOnly(1990, 1, 1), HouseholdType = HouseholdType.Lifted, HomeOrgId = t.VillageA.Id, OwnerOrgId = t.Dushan.Id,
            RegisteredOn = new DateOnly(2026, 11, 30), PhoneCipher = [1, 2, 3],
        });

        var after = await ctx.AuditRecords.Where(a => a.EntityType == nameof(Person)).Select(a => a.After!).SingleAsync(Ct);

        Assert.DoesNotContain(LaborImportTests.IdA, after, StringComparison.Ordinal);
        Assert.Contains($"\"IdNumber\":\"{LaborImportTests.IdA[..6]}********{LaborImportTests.IdA[^4..]}\"", after, StringComparison.Ordinal);
        Assert.Contains("\"HouseholdType\":\"***\"", after, StringComparison.Ordinal);
        Assert.DoesNotContain("Lifted", after, StringComparison.Ordinal);
        Assert.Contains("\"PhoneCipher\":\"（已加密）\"", after, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ImportUndoAndExport_EachRecordedAsOneEntry(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var ctx = db.NewContext();
        await TestTree.CreateAsync(ctx);
        ctx.ChangeTracker.Clear();
        var importer = new LedgerImporter(ctx, ReferenceDatabases.Protector, new FixedClock(Services.Today));
        var before = await ctx.AuditRecords.MaxAsync(a => (long?)a.Seq, Ct) ?? 0;

        var report = await importer.ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(ThreeJobs)), "就业.csv", "labor",
            new ImportOptions("导入员", false), null, Ct);
        Assert.Equal(ImportStatus.Committed, report.Status);
        await new LedgerExporter(ctx, ReferenceDatabases.Protector).ExportAsync("labor", new MemoryStream(), csv: true, Scope.Everything, 2000, 2100, unmasked: false,
            WriteContext.System("导出员") with { From = "cli" }, Ct);
        await importer.UndoAsync(report.BatchId!.Value, "撤销员", Ct);

        var entries = await ctx.AuditRecords.Where(a => a.Seq > before).OrderBy(a => a.Seq).ToListAsync(Ct);
        Assert.Equal([(AuditAction.Imported, "导入员"), (AuditAction.Exported, "导出员"), (AuditAction.ImportUndone, "撤销员")], entries.Select(e => (e.Action, e.Actor)));
        Assert.Contains("读取 3 行，新增 3", entries[0].Detail, StringComparison.Ordinal);
        Assert.Equal(report.BatchId, entries[0].EntityId);
        Assert.Contains("3 行", entries[1].Detail, StringComparison.Ordinal);
        Assert.Contains("个人信息已遮蔽", entries[1].Detail, StringComparison.Ordinal);
        Assert.True((await AuditTrail.VerifyAsync(ctx, Ct)).Intact);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task StoredEntries_RefusedToTheApplication_AndAChangeByTheDatabaseOwnerBreaksTheChain(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var ctx = db.NewContext();
        var t = await TestTree.CreateAsync(ctx);
        for (var i = 0; i < 3; i++)
        {
            await TestTree.AddAsync(ctx, new Sale { OwnerOrgId = t.Dushan.Id, WestOrgId = t.Dushan.Id, Date = new DateOnly(2023, 1, 5), Amount = 10m + i, VoucherNo = $"V{i}" });
        }

        var target = await ctx.AuditRecords.Where(a => a.EntityType == nameof(Sale)).OrderBy(a => a.Seq).Select(a => a.Seq).Skip(1).FirstAsync(Ct);
        Assert.True((await AuditTrail.VerifyAsync(ctx, Ct)).Intact);
        await using var connection = ctx.Database.GetDbConnection();
        await connection.OpenAsync(Ct);

        await Assert.ThrowsAnyAsync<DbException>(() => ExecuteAsync(connection, $"UPDATE \"AuditRecords\" SET \"Detail\" = 'x' WHERE \"Seq\" = {target}"));
        await Assert.ThrowsAnyAsync<DbException>(() => ExecuteAsync(connection, $"DELETE FROM \"AuditRecords\" WHERE \"Seq\" = {target}"));

        // Someone with the database owner's rights switches the guard off and edits an entry: verification finds it.
        await ExecuteAsync(connection, provider == DatabaseProvider.Postgres
            ? "ALTER TABLE \"AuditRecords\" DISABLE TRIGGER USER"
            : "DROP TRIGGER \"AuditRecords_NoUpdate\"; DROP TRIGGER \"AuditRecords_NoEarlyDelete\"");
        await ExecuteAsync(connection, $"UPDATE \"AuditRecords\" SET \"After\" = replace(\"After\", '11', '1') WHERE \"Seq\" = {target}");
        var edited = await AuditTrail.VerifyAsync(ctx, Ct);
        await ExecuteAsync(connection, $"DELETE FROM \"AuditRecords\" WHERE \"Seq\" = {target}");
        var removed = await AuditTrail.VerifyAsync(ctx, Ct);

        Assert.Equal(target, edited.BrokenAtSeq);
        Assert.Contains("内容与其哈希不符", edited.Problem, StringComparison.Ordinal);
        Assert.Equal(target + 1, removed.BrokenAtSeq);
        Assert.Contains("缺少记录", removed.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ReferenceData_SeededAsOneEntry_ChainIntact(DatabaseProvider provider)
    {
        var db = await databases.GetAsync(provider);
        await using var ctx = db.NewContext();

        var seeded = await ctx.AuditRecords.SingleAsync(a => a.Action == AuditAction.Seeded, Ct);
        var verification = await AuditTrail.VerifyAsync(ctx, Ct);

        Assert.Contains("条台账记录", seeded.Detail, StringComparison.Ordinal);
        Assert.True(verification.Intact, verification.Problem);
        Assert.True(verification.Checked >= 1);
    }

    /// <summary>Three jobs of two persons in the hand-built tree.</summary>
    private static string ThreeJobs => string.Join("\n",
        LaborImportTests.Header,
        $"王小明,{LaborImportTests.IdA},,13800000000,甲村,脱贫户,到东部,440112,某厂,,2023-05-01,,4500,是,440112,522726",
        $"李小红,{LaborImportTests.IdB},,,乙村,一般农户,到东部,440112,某厂,,2023-06-01,,3000,是,440112,522726",
        $"王小明,{LaborImportTests.IdA},,13800000000,甲村,脱贫户,到东部,440112,另一厂,,2024-03-01,,3800,是,440112,522726") + "\n";

    private static async Task ExecuteAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(Ct);
    }
}
