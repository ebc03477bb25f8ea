using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Counterpart.Accounts;
using Counterpart.Data;
using Counterpart.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace Counterpart.Tests.Hosts;

/// <summary>
/// Personal access tokens: issued from a browser session, shown once and stored as a hash, acting as their account
/// within the token's scope, and refused once revoked or expired.
/// </summary>
public sealed class AccessTokenTests
{
    public static TheoryData<DatabaseProvider> Providers => Checkout.BothProviders;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly Uri Summary = new("/api/v1/summary?org=522726", UriKind.Relative);

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Token_ReadsAsItsAccount_ReadOnlyCannotImport_RevokedAndExpiredAreRefused(DatabaseProvider provider)
    {
        var clock = new MovableClock(DateTimeOffset.UtcNow);
        var (db, app) = await WebHostTests.PrivateHostAsync(provider, clock);
        await using var _ = db;
        await using var __ = app;
        using var browser = await WebHostTests.SignedInClientAsync(app, Roles.Clerk, "522726");

        var readOnly = await IssueAsync(browser, "只读同步", "read", 30);
        var readWrite = await IssueAsync(browser, "上传脚本", "readwrite", 30);
        var list = JsonNode.Parse(await browser.GetStringAsync(new Uri("/api/v1/tokens", UriKind.Relative), Ct))!.AsArray();

        using var reader = Bearer(app, readOnly.Token);
        using var writer = Bearer(app, readWrite.Token);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync(Summary, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostAsync(new Uri("/api/v1/imports?ledger=labor", UriKind.Relative), null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await writer.PostAsync(new Uri("/api/v1/imports?ledger=labor", UriKind.Relative), null, Ct)).StatusCode);
        // Tokens are managed from a browser session only: a token is not accepted there at all.
        Assert.Equal(HttpStatusCode.Unauthorized, (await writer.GetAsync(new Uri("/api/v1/tokens", UriKind.Relative), Ct)).StatusCode);
        Assert.Equal(2, list.Count);
        Assert.DoesNotContain(readOnly.Token, list.ToJsonString(), StringComparison.Ordinal);

        // Stored as a hash only.
        await using (var ctx = db.NewContext())
        {
            var stored = await ctx.AccessTokens.AsNoTracking().ToListAsync(Ct);
            Assert.All(stored, t => Assert.Equal(64, t.Hash.Length));
            Assert.DoesNotContain(stored, t => t.Hash.Contains(readOnly.Token[4..], StringComparison.Ordinal));
        }

        Assert.Equal(HttpStatusCode.NoContent, (await browser.DeleteAsync(new Uri($"/api/v1/tokens/{readOnly.Id}", UriKind.Relative), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await reader.GetAsync(Summary, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await writer.GetAsync(Summary, Ct)).StatusCode);

        clock.Advance(TimeSpan.FromDays(31));
        Assert.Equal(HttpStatusCode.Unauthorized, (await writer.GetAsync(Summary, Ct)).StatusCode);
        using var forged = Bearer(app, "cpt_" + new string('A', 43));
        Assert.Equal(HttpStatusCode.Unauthorized, (await forged.GetAsync(Summary, Ct)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Token_BadRequests_AreExplainedInChinese(DatabaseProvider provider)
    {
        var (db, app) = await WebHostTests.PrivateHostAsync(provider);
        await using var _ = db;
        await using var __ = app;
        using var browser = await WebHostTests.SignedInClientAsync(app, Roles.Viewer, "522726");

        var tooLong = await browser.PostAsJsonAsync(new Uri("/api/v1/tokens", UriKind.Relative), new { name = "x", scope = "read", days = 400 }, Ct);
        var badScope = await browser.PostAsJsonAsync(new Uri("/api/v1/tokens", UriKind.Relative), new { name = "x", scope = "admin", days = 30 }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Contains("1—366 天", await tooLong.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Contains("read（只读）或 readwrite（读写）", await badScope.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    private static async Task<(long Id, string Token)> IssueAsync(HttpClient browser, string name, string scope, int days)
    {
        var response = await browser.PostAsJsonAsync(new Uri("/api/v1/tokens", UriKind.Relative), new { name, scope, days }, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;
        return (json["id"]!.GetValue<long>(), json["token"]!.GetValue<string>());
    }

    private static HttpClient Bearer(WebApplicationFactory<Program> app, string token)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
