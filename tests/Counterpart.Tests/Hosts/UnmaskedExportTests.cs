using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Counterpart.Accounts;
using Counterpart.Data;
using Counterpart.People;
using Counterpart.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Counterpart.Tests.Hosts;

/// <summary>
/// A bulk export with personal numbers in the clear needs the reveal permission, a stated purpose and a reviewer's
/// approval (not the requester's own); it can be downloaded once, by the requester, within a day; every step is audited.
/// </summary>
public sealed partial class UnmaskedExportTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task UnmaskedExport_NeedsAReviewersApproval_AndIsDownloadedOnce()
    {
        var clock = new MovableClock(Services.Today);
        var (db, app) = await WebHostTests.PrivateHostAsync(DatabaseProvider.Sqlite, clock);
        await using var _ = db;
        await using var __ = app;
        using var clerk = await WebHostTests.SignedInClientAsync(app, Roles.Clerk, "522726");
        Assert.Equal(HttpStatusCode.OK, (await LaborFiles.ImportAsync(clerk, LaborFiles.Jobs(2023, 5), Ct)).StatusCode);
        var (requester, requesterName, requesterPassword) = await PermittedClientAsync(app);
        using var ___ = requester;
        using var otherPermitted = (await PermittedClientAsync(app)).Client;
        using var reviewer = await WebHostTests.SignedInClientAsync(app, Roles.Reviewer, "522726");
        using var otherCountyReviewer = await WebHostTests.SignedInClientAsync(app, Roles.Reviewer, "522722");

        var noReason = await requester.PostAsJsonAsync(new Uri("/api/v1/unmasked-exports", UriKind.Relative), new { ledger = "labor", format = "csv" }, Ct);
        var outOfScope = await requester.PostAsJsonAsync(new Uri("/api/v1/unmasked-exports", UriKind.Relative),
            new { ledger = "labor", org = "522722", format = "csv", reason = "报送稳岗补贴名单" }, Ct);
        var created = await requester.PostAsJsonAsync(new Uri("/api/v1/unmasked-exports", UriKind.Relative),
            new { ledger = "labor", org = "522726", format = "csv", reason = "向人社部门报送稳岗补贴名单" }, Ct);
        var id = (long)JsonNode.Parse(await created.Content.ReadAsStringAsync(Ct))!["id"]!;
        var beforeApproval = await requester.GetAsync(Download(id), Ct);
        var byOtherCounty = await otherCountyReviewer.PostAsJsonAsync(Step(id, "approve"), new { }, Ct);
        var queue = JsonNode.Parse(await reviewer.GetStringAsync(new Uri("/api/v1/unmasked-exports", UriKind.Relative), Ct))!.AsArray();
        var approved = await reviewer.PostAsJsonAsync(Step(id, "approve"), new { }, Ct);
        var byAnotherAccount = await otherPermitted.GetAsync(Download(id), Ct);
        var first = await requester.GetAsync(Download(id), Ct);
        var text = await first.Content.ReadAsStringAsync(Ct);
        var second = await requester.GetAsync(Download(id), Ct);

        var refusedId = await CreateAsync(requester);
        var refuseWithoutReason = await reviewer.PostAsJsonAsync(Step(refusedId, "refuse"), new { }, Ct);
        await reviewer.PostAsJsonAsync(Step(refusedId, "refuse"), new { reason = "名单已由县人社局直接提供" }, Ct);
        var refused = await requester.GetAsync(Download(refusedId), Ct);

        // An approval left unused for more than a day has lapsed (the requester signs in again after so long).
        var late = await CreateAsync(requester);
        await reviewer.PostAsJsonAsync(Step(late, "approve"), new { }, Ct);
        clock.Advance(UnmaskedExportEndpoints.Validity + TimeSpan.FromMinutes(1));
        using var again = await SignInAsync(app, requesterName, requesterPassword);
        var expired = await again.GetAsync(Download(late), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, outOfScope.StatusCode);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, beforeApproval.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, byOtherCounty.StatusCode);
        Assert.Contains(queue, r => (long)r!["id"]! == id && (string?)r["decision"] == "Pending");
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, byAnotherAccount.StatusCode);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(3, IdNumber().Matches(text).Count(m => ResidentId.Parse(m.Value).IsValid));
        Assert.Equal(HttpStatusCode.Gone, second.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, expired.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, refuseWithoutReason.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("名单已由县人社局直接提供", await refused.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        await using var ctx = db.NewContext();
        var audit = await ctx.AuditRecords.Select(a => new { a.Action, a.Detail }).ToListAsync(Ct);
        Assert.Equal(3, audit.Count(a => a.Action == Audit.AuditAction.ExportRequested));
        Assert.Equal(3, audit.Count(a => a.Action == Audit.AuditAction.ExportDecided));
        Assert.Single(audit, a => a.Action == Audit.AuditAction.Exported && a.Detail!.Contains("含未遮蔽的个人信息", StringComparison.Ordinal));
    }

    private static async Task<(HttpClient Client, string Name, string Password)> PermittedClientAsync(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> app)
    {
        var (name, password) = await WebHostTests.CreateAccountAsync(app, Roles.Viewer, "522726");
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<AccountAdmin>().PermitAsync(WriteContext.System("安全管理员"), name, Policies.RevealPersonalData, Ct);
        }

        return (await SignInAsync(app, name, password), name, password);
    }

    private static async Task<HttpClient> SignInAsync(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> app, string name, string password)
    {
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        Assert.Equal(HttpStatusCode.Redirect, (await WebHostTests.SignInAsync(client, name, password)).StatusCode);
        return client;
    }

    private static async Task<long> CreateAsync(HttpClient requester)
    {
        var response = await requester.PostAsJsonAsync(new Uri("/api/v1/unmasked-exports", UriKind.Relative),
            new { ledger = "labor", format = "csv", reason = "核对脱贫劳动力名单" }, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (long)JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["id"]!;
    }

    private static Uri Step(long id, string step) => new($"/api/v1/unmasked-exports/{id}/{step}", UriKind.Relative);

    private static Uri Download(long id) => new($"/api/v1/unmasked-exports/{id}/download", UriKind.Relative);

    [GeneratedRegex(@"\d{17}[\dX]")]
    private static partial Regex IdNumber();

}
