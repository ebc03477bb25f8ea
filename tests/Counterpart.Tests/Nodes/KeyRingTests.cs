using System.Security.Cryptography;
using Counterpart.Data;
using Counterpart.Nodes;
using Counterpart.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Counterpart.Tests.Nodes;

/// <summary>
/// The data-protection key ring in the database: what one process protects another opens (the nodes of ADR 16); the keys
/// are stored encrypted under the personal-data key, so a process with another key opens nothing; the next key is made
/// two weeks before the current one expires, to come into force when it does.
/// </summary>
public sealed class KeyRingTests
{
    public static TheoryData<DatabaseProvider> Providers => Checkout.BothProviders;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ServiceProvider Node(TestDatabase db, byte[] personalDataKey, TimeProvider? clock = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Counterpart"] = db.Settings.ConnectionString, ["Counterpart:PersonalDataKey"] = Convert.ToBase64String(personalDataKey),
        }).Build();
        var services = new ServiceCollection().AddLogging().AddCounterpart(configuration);
        if (clock is not null)
        {
            services.AddSingleton(clock);
        }

        return services.BuildServiceProvider();
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Protect_OnOneNode_OpensOnAnother_ButNotWithAnotherPersonalDataKey_AndTheKeyIsStoredEncrypted(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var otherKey = RandomNumberGenerator.GetBytes(32);
        await using var a = Node(db, ReferenceDatabases.TestKey);
        await using var b = Node(db, ReferenceDatabases.TestKey);
        await using var stranger = Node(db, otherKey);
        await KeyRing.EnsureKeyAsync(a, Ct);

        var payload = a.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect("会话");
        var opened = b.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Unprotect(payload);
        var refused = Assert.ThrowsAny<CryptographicException>(() => stranger.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Unprotect(payload));

        await using var ctx = db.NewContext();
        // The first key, made by node A (the stranger, finding no key it can open, may have made one of its own).
        var xml = (await ctx.Database.SqlQueryRaw<string>("SELECT \"Xml\" AS \"Value\" FROM \"DataProtectionKeys\" ORDER BY \"Id\"").ToListAsync(Ct))[0];
        Assert.Equal("会话", opened);
        Assert.NotNull(refused);
        Assert.Contains("encryptedSecret", xml, StringComparison.Ordinal);
        Assert.Contains($"personalDataKeyId=\"{Counterpart.People.PersonalDataKeys.KeyId(ReferenceDatabases.TestKey)}\"", xml, StringComparison.Ordinal);
        Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnsureKey_MakesTheFirstKey_ThenItsSuccessorTwoWeeksBeforeItExpires_EachAudited()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var clock = new MovableClock(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
        await using var node = Node(db, ReferenceDatabases.TestKey, clock);

        var first = await KeyRing.EnsureKeyAsync(node, Ct);
        var again = await KeyRing.EnsureKeyAsync(node, Ct);
        clock.Advance(TimeSpan.FromDays(90) - KeyRing.SuccessorMargin - TimeSpan.FromDays(1));
        var notYet = await KeyRing.EnsureKeyAsync(node, Ct);
        clock.Advance(TimeSpan.FromDays(2));
        var successor = await KeyRing.EnsureKeyAsync(node, Ct);
        var afterSuccessor = await KeyRing.EnsureKeyAsync(node, Ct);

        await using var ctx = db.NewContext();
        Assert.NotNull(first);
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), first.ActivationDate);
        Assert.Equal(first.ActivationDate.AddDays(90), first.ExpirationDate);
        Assert.Null(again);
        Assert.Null(notYet);
        Assert.NotNull(successor);
        Assert.Equal(first.ExpirationDate, successor.ActivationDate);
        Assert.Null(afterSuccessor);
        Assert.Equal(2, await ctx.AuditRecords.CountAsync(r => r.Detail != null && r.Detail.StartsWith("新建数据保护密钥"), Ct));
    }
}
