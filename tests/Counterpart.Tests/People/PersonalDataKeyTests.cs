using System.Security.Cryptography;
using System.Text;
using Counterpart.Data;
using Counterpart.Labor;
using Counterpart.Ledgers;
using Counterpart.People;
using Counterpart.Reconciliation;
using Counterpart.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Counterpart.Tests.People;

/// <summary>
/// Key rotation: every stored ID and phone number (and the phone numbers kept for undoing imports) is re-encrypted and
/// re-hashed under a new key in one transaction, the old key file retired; the old key no longer opens anything; a start
/// with the wrong key is refused; a rotation interrupted before or after its commit is settled at the next start.
/// </summary>
public sealed class PersonalDataKeyTests : IDisposable
{
    public static TheoryData<DatabaseProvider> Providers => Checkout.BothProviders;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly string folder = Directory.CreateTempSubdirectory("counterpart-keys-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Rotate_ReencryptsEveryNumber_RetiresTheOldKey_AndUndoStillRestoresReadablePhones(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var ctx = db.NewContext();
        var tree = await TestTree.CreateAsync(ctx);
        var source = new PersonalDataKeySource(null, Path.Combine(folder, "personal-data.key"));
        var oldKey = source.Load();
        using var oldProtector = new PersonalDataProtector(oldKey);
        var importer = new LedgerImporter(ctx, oldProtector, new FixedClock(Services.Today));
        await ImportAsync(importer, LaborFiles.Jobs(2023, 0, phonePrefix: "1380000000"));
        var update = await ImportAsync(importer, LaborFiles.Jobs(2023, 0, phonePrefix: "1390000000"));
        var numbers = (await ctx.Rows<Person>(Scope.Everything).OrderBy(p => p.Id).Select(p => p.IdNumber.Cipher).ToListAsync(Ct)).Select(oldProtector.Decrypt).ToList();
        // A reconciliation statement naming a person by ID number, and a data-protection key (both under the old key).
        var statementId = ResidentId.Create("522726", new DateOnly(1985, 5, 5), 300);
        await TestTree.AddAsync(ctx, new FlowStatement
        {
            Kind = FlowKind.People, EastOrgId = tree.Huangpu.Id, WestOrgId = tree.Dushan.Id, PersonName = "赵六", IdNumber = oldProtector.ProtectId(statementId),
            Date = new DateOnly(2023, 3, 1), Year = 2023, OwnerOrgId = tree.Dushan.Id,
        });
        await AddKeyRingRowAsync(db);

        var newId = await PersonalDataKeys.RotateAsync(ctx, source, "运维", new FixedClock(Services.Today), Ct);
        var newKey = source.Load();
        using var newProtector = new PersonalDataProtector(newKey);
        ctx.ChangeTracker.Clear();
        var stored = await ctx.Rows<Person>(Scope.Everything).OrderBy(p => p.Id).Select(p => new { p.Id, p.IdNumber.Hash, p.IdNumber.Cipher, p.PhoneCipher }).ToListAsync(Ct);
        var statement = await ctx.Rows<FlowStatement>(Scope.Everything).Select(f => f.IdNumber!).SingleAsync(Ct);
        var keyRingRows = await ctx.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS \"Value\" FROM \"DataProtectionKeys\"").SingleAsync(Ct);
        // A node left running with the old key in memory: its imports are refused, nothing is written.
        var stale = await new LedgerImporter(ctx, oldProtector, new FixedClock(Services.Today))
            .ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(LaborFiles.Jobs(2024, 5))), "就业.csv", "labor", new ImportOptions("测试员"), null, Ct);
        var wrongKey = await Assert.ThrowsAsync<DomainException>(() =>
            PersonalDataKeys.CheckAsync(ctx, new PersonalDataKeySource(Convert.ToBase64String(oldKey), source.KeyFile), new FixedClock(Services.Today), Ct));
        await PersonalDataKeys.CheckAsync(ctx, source, new FixedClock(Services.Today), Ct);
        await new LedgerImporter(ctx, newProtector, new FixedClock(Services.Today)).UndoAsync(update.BatchId!.Value, "测试", Ct);
        var phonesAfterUndo = (await ctx.Rows<Person>(Scope.Everything).OrderBy(p => p.Id).Select(p => p.PhoneCipher!).ToListAsync(Ct)).Select(newProtector.Decrypt).ToList();

        Assert.Equal(PersonalDataKeys.KeyId(newKey), newId);
        Assert.NotEqual(Convert.ToBase64String(oldKey), Convert.ToBase64String(newKey));
        Assert.Equal(Convert.ToBase64String(oldKey), (await File.ReadAllTextAsync(Assert.Single(Directory.GetFiles(folder, "*.retired-*")), Ct)).Trim());
        Assert.False(File.Exists(source.NextKeyFile));
        Assert.Equal(numbers, stored.Select(s => newProtector.Decrypt(s.Cipher)));
        Assert.Equal(numbers.Select(newProtector.Hash), stored.Select(s => s.Hash));
        Assert.Equal(["13900000000", "13900000001", "13900000002"], stored.Select(s => newProtector.Decrypt(s.PhoneCipher!)));
        Assert.All(stored, s => Assert.ThrowsAny<CryptographicException>(() => oldProtector.Decrypt(s.Cipher)));
        Assert.Contains("个人信息密钥与数据库不符", wrongKey.Message, StringComparison.Ordinal);
        Assert.Equal(["13800000000", "13800000001", "13800000002"], phonesAfterUndo);
        Assert.Equal(statementId, newProtector.Decrypt(statement.Cipher));
        Assert.Equal(newProtector.Hash(statementId), statement.Hash);
        Assert.Equal(0, keyRingRows);
        Assert.Equal(ImportStatus.Rejected, stale.Status);
        Assert.Contains("个人信息密钥已轮换", Assert.Single(stale.Errors).Reason, StringComparison.Ordinal);
        Assert.Equal(numbers.Count, await ctx.Rows<Person>(Scope.Everything).CountAsync(Ct));
        Assert.Contains(await ctx.AuditRecords.Select(a => a.Detail).ToListAsync(Ct), d => d != null && d.Contains("轮换个人信息密钥", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_AfterARotationInterruptedBeforeOrAfterItsCommit_SettlesTheKeyFiles()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var ctx = db.NewContext();
        var source = new PersonalDataKeySource(null, Path.Combine(folder, "personal-data.key"));
        var clock = new FixedClock(Services.Today);
        var first = source.Load();
        await PersonalDataKeys.CheckAsync(ctx, source, clock, Ct);

        // Stopped before the commit: the next key was written, the data is still under the current key.
        await File.WriteAllTextAsync(source.NextKeyFile, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), Ct);
        await PersonalDataKeys.CheckAsync(ctx, source, clock, Ct);
        var afterAbort = source.Load();
        var nextLeft = File.Exists(source.NextKeyFile);

        // Stopped after the commit, before the files were swapped.
        await PersonalDataKeys.RotateAsync(ctx, source, "运维", clock, Ct);
        var second = source.Load();
        File.Move(source.KeyFile, source.NextKeyFile);
        File.Move(Directory.GetFiles(folder, "*.retired-*").Single(), source.KeyFile);
        await PersonalDataKeys.CheckAsync(ctx, source, clock, Ct);

        Assert.Equal(first, afterAbort);
        Assert.False(nextLeft);
        Assert.Equal(second, source.Load());
        Assert.False(File.Exists(source.NextKeyFile));
    }

    /// <summary>A data-protection key as a web node would have stored it.</summary>
    private static async Task AddKeyRingRowAsync(TestDatabase db)
    {
        var options = new DbContextOptionsBuilder<Counterpart.Nodes.KeyRingContext>();
        db.Settings.Configure(options);
        await using var ring = new Counterpart.Nodes.KeyRingContext(options.Options);
        ring.DataProtectionKeys.Add(new Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey { FriendlyName = "key-test", Xml = "<key />" });
        await ring.SaveChangesAsync(Ct);
    }

    private static async Task<ImportReport> ImportAsync(LedgerImporter importer, string csv)
    {
        var report = await importer.ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv)), "就业.csv", "labor", new ImportOptions("测试员"), null, Ct);
        Assert.Equal(ImportStatus.Committed, report.Status);
        return report;
    }
}
