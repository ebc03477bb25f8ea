using Counterpart.Data;
using Counterpart.Nodes;
using Counterpart.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Counterpart.Tests.Nodes;

/// <summary>
/// The start-up lock: one process at a time does the start-up work on a database (PostgreSQL advisory lock, SQLite lock
/// file); two hosts initializing an empty database at once migrate, record the key, create the administrator and the
/// data-protection key once.
/// </summary>
public sealed class NodeLockTests
{
    public static TheoryData<DatabaseProvider> Providers => Checkout.BothProviders;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Lock_HeldByOne_IsRefusedToTheNextUntilReleased(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, migrate: false);

        var first = await NodeLock.TryAcquireAsync(db.Settings, Ct);
        var second = await NodeLock.TryAcquireAsync(db.Settings, Ct);
        var waiting = NodeLock.AcquireAsync(db.Settings, NullLogger.Instance, Ct);
        await Task.Delay(600, Ct);
        var waitedWhileHeld = !waiting.IsCompleted;
        await first!.DisposeAsync();
        var afterRelease = await waiting.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        await afterRelease.DisposeAsync();

        Assert.NotNull(first);
        Assert.Null(second);
        Assert.True(waitedWhileHeld);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task InitializeDatabase_TwoHostsAtOnceOnAnEmptyDatabase_DoTheStartUpWorkOnce(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, migrate: false);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Counterpart"] = db.Settings.ConnectionString,
            ["Counterpart:PersonalDataKey"] = Convert.ToBase64String(ReferenceDatabases.TestKey),
            ["Counterpart:AdminPassword"] = "Node-Lock-" + Guid.NewGuid().ToString("N"),
        }).Build();
        await using var one = new ServiceCollection().AddLogging().AddCounterpart(configuration).BuildServiceProvider();
        await using var two = new ServiceCollection().AddLogging().AddCounterpart(configuration).BuildServiceProvider();

        await Task.WhenAll(
            Task.Run(() => one.InitializeDatabaseAsync(seedReferenceData: false, Ct), Ct),
            Task.Run(() => two.InitializeDatabaseAsync(seedReferenceData: false, Ct), Ct));

        await using var ctx = db.NewContext();
        Assert.Empty(await ctx.Database.GetPendingMigrationsAsync(Ct));
        Assert.Equal(1, await ctx.Accounts.CountAsync(a => a.UserName == "admin", Ct));
        Assert.Equal(1, await ctx.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS \"Value\" FROM \"DataProtectionKeys\"").SingleAsync(Ct));
        Assert.Equal(1, await ctx.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS \"Value\" FROM \"PersonalDataKeyStates\"").SingleAsync(Ct));
    }
}
