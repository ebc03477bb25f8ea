using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Counterpart.Accounts;
using Counterpart.Consumption;
using Counterpart.Data;
using Counterpart.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Counterpart.Tests.Hosts;

/// <summary>
/// A reviewer locks a year of their subtree; afterwards clerks' imports and edits touching that year are refused with a
/// message naming the year and who locked it, and nothing is saved; other years, and the server's own (system) writes,
/// go on; unlocking lets the year be written again.
/// </summary>
public sealed class YearLockTests
{
    public static TheoryData<DatabaseProvider> Providers => Checkout.BothProviders;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task LockedYear_RefusesClerkImports_ForThatYearOnly_UntilUnlocked(DatabaseProvider provider)
    {
        var (db, app) = await WebHostTests.PrivateHostAsync(provider);
        await using var _ = db;
        await using var __ = app;
        using var reviewer = await WebHostTests.SignedInClientAsync(app, Roles.Reviewer, "522726");
        using var townReviewer = await WebHostTests.SignedInClientAsync(app, Roles.Reviewer, "522726100000");
        using var clerk = await WebHostTests.SignedInClientAsync(app, Roles.Clerk, "522726");

        var locked = await reviewer.PostAsJsonAsync(new Uri("/api/v1/locks", UriKind.Relative), new { org = "522726", year = 2023 }, Ct);
        var lockId = JsonNode.Parse(await locked.Content.ReadAsStringAsync(Ct))!["id"]!.GetValue<long>();
        var outOfScope = await townReviewer.PostAsJsonAsync(new Uri("/api/v1/locks", UriKind.Relative), new { org = "522726", year = 2024 }, Ct);
        var byClerk = await clerk.PostAsJsonAsync(new Uri("/api/v1/locks", UriKind.Relative), new { org = "522726", year = 2024 }, Ct);
        var refused = await LaborFiles.ImportAsync(clerk, LaborFiles.Jobs(2023, 0), Ct);
        var otherYear = await LaborFiles.ImportAsync(clerk, LaborFiles.Jobs(2024, 1), Ct);
        var unlocked = await reviewer.DeleteAsync(new Uri($"/api/v1/locks/{lockId}", UriKind.Relative), Ct);
        var afterUnlock = await LaborFiles.ImportAsync(clerk, LaborFiles.Jobs(2023, 0), Ct);

        Assert.Equal(HttpStatusCode.Created, locked.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, outOfScope.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byClerk.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var report = await refused.Content.ReadAsStringAsync(Ct);
        Assert.Contains("2023 年度的数据已由独山县锁定", report, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, otherYear.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, unlocked.StatusCode);
        Assert.Equal(HttpStatusCode.OK, afterUnlock.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task LockedYear_RefusesScopedEdits_IntoOrOutOfIt_ButNotTheSystem(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var ctx = db.NewContext();
        var t = await TestTree.CreateAsync(ctx);
        var sale = new Sale { OwnerOrgId = t.Dushan.Id, WestOrgId = t.Dushan.Id, Date = new DateOnly(2024, 5, 1), Amount = 10m, VoucherNo = "V1" };
        await TestTree.AddAsync(ctx, sale, new Review.YearLock { OrgId = t.Dushan.Id, Year = 2023, LockedBy = "审核员", LockedAtUtc = DateTime.UtcNow });
        ctx.ChangeTracker.Clear();
        var clerk = new WriteContext("录入员", Scope.Of(t.Dushan));
        var writer = new LedgerWriter(ctx);

        var intoLocked = await Assert.ThrowsAsync<DomainException>(() => writer.WriteAsync(clerk, (d, _) =>
        {
            d.Attach(sale);
            sale.Date = new DateOnly(2023, 12, 31);
            return Task.CompletedTask;
        }, Ct));
        ctx.ChangeTracker.Clear();
        var newInLocked = await Assert.ThrowsAsync<DomainException>(() => writer.WriteAsync(clerk, (d, _) =>
        {
            d.Add(new Sale { OwnerOrgId = t.VillageA.Id, WestOrgId = t.VillageA.Id, Date = new DateOnly(2023, 1, 1), Amount = 1m, VoucherNo = "V2" });
            return Task.CompletedTask;
        }, Ct));
        var outsideScope = await Assert.ThrowsAsync<DomainException>(() => writer.WriteAsync(clerk, (d, _) =>
        {
            d.Add(new Sale { OwnerOrgId = t.Libo.Id, WestOrgId = t.Libo.Id, Date = new DateOnly(2024, 1, 1), Amount = 1m, VoucherNo = "V3" });
            return Task.CompletedTask;
        }, Ct));
        ctx.ChangeTracker.Clear();
        await writer.WriteAsync(WriteContext.System("服务器"), (d, _) =>
        {
            d.Add(new Sale { OwnerOrgId = t.Dushan.Id, WestOrgId = t.Dushan.Id, Date = new DateOnly(2023, 2, 1), Amount = 1m, VoucherNo = "V4" });
            return Task.CompletedTask;
        }, Ct);

        Assert.Contains("2023 年度的数据已由独山县锁定", intoLocked.Message, StringComparison.Ordinal);
        Assert.Contains("2023 年度", newInLocked.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("锁定", outsideScope.Message, StringComparison.Ordinal);
        Assert.Equal(new DateOnly(2024, 5, 1), (await ctx.Rows<Sale>(Scope.Everything).SingleAsync(s => s.VoucherNo == "V1", Ct)).Date);
        Assert.Equal(2, await ctx.Rows<Sale>(Scope.Everything).CountAsync(Ct));
    }

}
