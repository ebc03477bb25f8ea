using Counterpart.Data;
using Counterpart.Donations;
using Counterpart.Organizations;
using Counterpart.Projects;
using Counterpart.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Counterpart.Tests.Data;

/// <summary>The ways around the one write path that must be closed, on both databases.</summary>
public sealed class WriteGuardTests
{
    public static TheoryData<DatabaseProvider> Providers => Checkout.BothProviders;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Update_DetachedRowOfAnotherTown_IsRefusedOnItsStoredOwner(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var ctx = db.NewContext();
        var t = await TestTree.CreateAsync(ctx);
        await TestTree.AddAsync(ctx, Gift(t, t.VillageB, t.TownB));
        ctx.ChangeTracker.Clear();
        var stored = await ctx.Rows<Donation>(Scope.Everything).SingleAsync(Ct);
        stored.Amount = 999_999m;
        stored.OwnerOrgId = t.TownA.Id;

        await Assert.ThrowsAsync<DomainException>(() => new LedgerWriter(ctx).WriteAsync(new WriteContext("甲镇录入员", Scope.Of(t.TownA)), (d, _) =>
        {
            d.Update(stored);
            return Task.CompletedTask;
        }, Ct));

        await using var fresh = db.NewContext();
        Assert.Equal(1000m, (await fresh.Rows<Donation>(Scope.Everything).SingleAsync(Ct)).Amount);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AddFund_ToAProjectOfAnotherTown_IsRefused(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var ctx = db.NewContext();
        var t = await TestTree.CreateAsync(ctx);
        var project = new Project { Code = "P-1", Name = "乙村项目", Year = 2023, WestOrg = t.VillageB, EastOrg = t.Huangpu, Owner = t.TownB };
        await TestTree.AddAsync(ctx, project);

        await Assert.ThrowsAsync<DomainException>(() => new LedgerWriter(ctx).WriteAsync(new WriteContext("甲镇录入员", Scope.Of(t.TownA)), (d, _) =>
        {
            d.Add(new ProjectFund { ProjectId = project.Id, Source = FundSource.Cooperation, Stage = FundStage.Disbursement, Date = new DateOnly(2023, 5, 1), Amount = 5_000_000m });
            return Task.CompletedTask;
        }, Ct));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AddFund_ToAProjectOfTheWritersTown_IsAllowed(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var ctx = db.NewContext();
        var t = await TestTree.CreateAsync(ctx);
        var project = new Project { Code = "P-2", Name = "甲村项目", Year = 2023, WestOrg = t.VillageA, EastOrg = t.Huangpu, Owner = t.TownA };
        await TestTree.AddAsync(ctx, project);

        await new LedgerWriter(ctx).WriteAsync(new WriteContext("甲镇录入员", Scope.Of(t.TownA)), (d, _) =>
        {
            d.Add(new ProjectFund { ProjectId = project.Id, Source = FundSource.Cooperation, Stage = FundStage.Disbursement, Date = new DateOnly(2023, 5, 1), Amount = 100m });
            return Task.CompletedTask;
        }, Ct);

        Assert.Single(await ctx.Rows<Project>(Scope.Everything).SelectMany(p => p.Funds).ToListAsync(Ct));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task MoveOrganization_UnderAnotherParent_IsRefused(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var ctx = db.NewContext();
        var t = await TestTree.CreateAsync(ctx);
        var libo = await ctx.Organizations.AsNoTracking().SingleAsync(o => o.Id == t.Libo.Id, Ct);
        libo.ParentId = t.TownA.Id;
        ctx.ChangeTracker.Clear();

        await Assert.ThrowsAsync<DomainException>(() => new LedgerWriter(ctx).WriteAsync(new WriteContext("甲镇录入员", Scope.Of(t.TownA)), (d, _) =>
        {
            d.Update(libo);
            return Task.CompletedTask;
        }, Ct));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ExecuteDelete_OutsideTheWriter_IsRefused(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var ctx = db.NewContext();
        var t = await TestTree.CreateAsync(ctx);
        await TestTree.AddAsync(ctx, Gift(t, t.VillageA, t.TownA));

        await Assert.ThrowsAsync<InvalidOperationException>(() => ctx.Rows<Donation>(Scope.Everything).ExecuteDeleteAsync(Ct));
        await Assert.ThrowsAsync<InvalidOperationException>(() => ctx.Database.ExecuteSqlRawAsync("DELETE FROM \"Donations\"", Ct));

        Assert.Equal(1, await ctx.Rows<Donation>(Scope.Everything).CountAsync(Ct));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ExecuteDelete_ScopedWriterRefused_SystemWriterAllowed(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var ctx = db.NewContext();
        var t = await TestTree.CreateAsync(ctx);
        await TestTree.AddAsync(ctx, Gift(t, t.VillageA, t.TownA));

        await Assert.ThrowsAsync<InvalidOperationException>(() => new LedgerWriter(ctx).WriteAsync(new WriteContext("甲镇录入员", Scope.Of(t.TownA)),
            (d, c) => d.Rows<Donation>(Scope.Of(t.TownA)).ExecuteDeleteAsync(c), Ct));
        Assert.Equal(1, await ctx.Rows<Donation>(Scope.Everything).CountAsync(Ct));

        await new LedgerWriter(ctx).WriteAsync(WriteContext.System("maintenance"), (d, c) => d.Rows<Donation>(Scope.Everything).ExecuteDeleteAsync(c), Ct);
        Assert.Equal(0, await ctx.Rows<Donation>(Scope.Everything).CountAsync(Ct));
    }

    private static Donation Gift(TestTree t, Organization village, Organization owner) => new()
    {
        EastOrg = t.Huangpu, WestOrg = village, Kind = DonationKind.Money, Date = new DateOnly(2022, 1, 1), Amount = 1000m, Owner = owner, ReceiptNo = $"R-{Guid.NewGuid():N}",
    };
}
