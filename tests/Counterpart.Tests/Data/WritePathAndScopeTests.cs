using Counterpart.Data;
using Counterpart.Donations;
using Counterpart.Labor;
using Counterpart.People;
using Counterpart.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Counterpart.Tests.Data;

public sealed class WritePathAndScopeTests
{
    public static TheoryData<DatabaseProvider> Providers => Checkout.BothProviders;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task SaveChanges_OutsideTheLedgerWriter_IsRefused(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var ctx = db.NewContext();
        var t = await TestTree.CreateAsync(ctx);
        ctx.Add(Gift(t, t.VillageA));

        await Assert.ThrowsAsync<InvalidOperationException>(() => ctx.SaveChangesAsync(TestContext.Current.CancellationToken));
        Assert.Throws<InvalidOperationException>(() => ctx.SaveChanges());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task WriteAsync_RowOwnedOutsideTheWritersScope_IsRejectedAndNothingIsSaved(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var ctx = db.NewContext();
        var t = await TestTree.CreateAsync(ctx);
        var clerkOfTownA = new WriteContext("甲镇录入员", Scope.Of(t.TownA));
        var inside = Gift(t, t.VillageA);
        inside.Owner = t.TownA;
        var outside = Gift(t, t.VillageB);
        outside.Owner = t.TownB;

        var error = await Assert.ThrowsAsync<DomainException>(() => new LedgerWriter(ctx).WriteAsync(clerkOfTownA, (d, _) =>
        {
            d.AddRange(inside, outside);
            return Task.CompletedTask;
        }, TestContext.Current.CancellationToken));

        Assert.Contains("无权", error.Message, StringComparison.Ordinal);
        await using var fresh = db.NewContext();
        Assert.Equal(0, await fresh.Rows<Donation>(Scope.Everything).CountAsync(TestContext.Current.CancellationToken));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task WriteAsync_FailureAfterAnIntermediateSave_RollsBackEverything(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var ctx = db.NewContext();
        var t = await TestTree.CreateAsync(ctx);

        await Assert.ThrowsAsync<DomainException>(() => new LedgerWriter(ctx).WriteAsync(WriteContext.System("test"), async (d, ct) =>
        {
            d.Add(Gift(t, t.VillageA));
            await d.SaveChangesAsync(ct);
            throw new DomainException("第 2 行出错");
        }, TestContext.Current.CancellationToken));

        await using var fresh = db.NewContext();
        Assert.Equal(0, await fresh.Rows<Donation>(Scope.Everything).CountAsync(TestContext.Current.CancellationToken));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Rows_ScopedToASubtree_ReturnsOnlyRowsOwnedInside(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var ctx = db.NewContext();
        var t = await TestTree.CreateAsync(ctx);
        var a = Gift(t, t.VillageA);
        a.Owner = t.VillageA;
        var b = Gift(t, t.VillageB);
        b.Owner = t.TownB;
        var c = Gift(t, t.VillageC);
        c.Owner = t.Libo;
        await TestTree.AddAsync(ctx, a, b, c);
        var ct = TestContext.Current.CancellationToken;

        Assert.Equal(3, await ctx.Rows<Donation>(Scope.Everything).CountAsync(ct));
        Assert.Equal(2, await ctx.Rows<Donation>(Scope.Of(t.Dushan)).CountAsync(ct));
        Assert.Equal(1, await ctx.Rows<Donation>(Scope.Of(t.TownA)).CountAsync(ct));
        Assert.Equal(2, await ctx.Rows<Donation>(Scope.Of(t.TownA, t.Libo)).CountAsync(ct));
        Assert.Equal(0, await ctx.Rows<Donation>(Scope.Subtrees()).CountAsync(ct));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Person_SameIdNumberTwice_IsRejectedByTheRegistry(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var ctx = db.NewContext();
        var t = await TestTree.CreateAsync(ctx);
        var id = ResidentId.Create("522726", new DateOnly(1990, 5, 6), 77);
        // The same person typed differently in another county's file normalises to the same number.
        var typedDifferently = ResidentId.Parse(" ５" + id[1..].ToLowerInvariant() + " ").Normalized!;
        await TestTree.AddAsync(ctx, NewPerson(t, id));

        Assert.Equal(id, typedDifferently);
        await Assert.ThrowsAsync<DbUpdateException>(() => TestTree.AddAsync(ctx, NewPerson(t, typedDifferently)));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Person_IdNumber_IsStoredEncryptedWithAMaskedFormOnly(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var ctx = db.NewContext();
        var t = await TestTree.CreateAsync(ctx);
        var id = ResidentId.Create("522726", new DateOnly(1985, 7, 8), 101);
        await TestTree.AddAsync(ctx, NewPerson(t, id));

        await using var fresh = db.NewContext();
        var stored = await fresh.Rows<Person>(Scope.Everything).SingleAsync(TestContext.Current.CancellationToken);
        Assert.Equal(id[..6] + "********" + id[^4..], stored.IdNumber.Masked);
        Assert.DoesNotContain(id, System.Text.Encoding.UTF8.GetString(stored.IdNumber.Cipher), StringComparison.Ordinal);
        Assert.Equal(id, ReferenceDatabases.Protector.Decrypt(stored.IdNumber.Cipher));
        Assert.Equal(ReferenceDatabases.Protector.Hash(id), stored.IdNumber.Hash);
    }

    private static Donation Gift(TestTree t, Counterpart.Organizations.Organization village) => new()
    {
        EastOrg = t.Huangpu, WestOrg = village, Kind = DonationKind.Money, Date = new DateOnly(2022, 1, 1), Amount = 1000m, Owner = t.Dushan, ReceiptNo = $"R-{Guid.NewGuid():N}",
    };

    private static Person NewPerson(TestTree t, string id) => new()
    {
        Name = "测试", IdNumber = ReferenceDatabases.Protector.ProtectId(id), BirthDate = ResidentId.Parse(id).BirthDate!.Value,
        HouseholdType = HouseholdType.General, Home = t.VillageA, Owner = t.Dushan,
    };
}
