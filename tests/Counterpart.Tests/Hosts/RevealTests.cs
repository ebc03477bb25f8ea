using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Counterpart.Accounts;
using Counterpart.Audit;
using Counterpart.Data;
using Counterpart.Labor;
using Counterpart.People;
using Counterpart.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Counterpart.Tests.Hosts;

/// <summary>A person's full ID number: only with the permission, only with a reason, only in scope, always audited.</summary>
public sealed class RevealTests(ReferenceDatabases databases)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Reveal_NeedsThePermissionAReasonAndScope_AndIsAudited(DatabaseProvider provider)
    {
        var db = await databases.GetAsync(provider);
        await using var app = WebHostTests.Factory(db);
        long personId;
        string masked;
        await using (var ctx = db.NewContext())
        {
            var person = await ctx.Rows<Person>(Scope.Everything).OrderBy(p => p.Id).Select(p => new { p.Id, p.IdNumber.Masked }).FirstAsync(Ct);
            (personId, masked) = (person.Id, person.Masked);
        }

        var (name, password) = await WebHostTests.CreateAccountAsync(app, Roles.Reviewer, "522726");
        using var withoutPermission = await WebHostTests.SignedInClientAsync(app, Roles.Reviewer, "522726");
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<AccountAdmin>().PermitAsync(WriteContext.System("安全管理员"), name, Policies.RevealPersonalData, Ct);
        }

        using var permitted = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await WebHostTests.SignInAsync(permitted, name, password);
        using var otherProvince = await WebHostTests.SignedInClientAsync(app, Roles.Reviewer, "440000");
        var uri = new Uri($"/api/v1/persons/{personId}/reveal", UriKind.Relative);

        var refused = await withoutPermission.PostAsJsonAsync(uri, new { reason = "核对脱贫户身份" }, Ct);
        var noReason = await permitted.PostAsJsonAsync(uri, new { reason = "" }, Ct);
        var revealed = await permitted.PostAsJsonAsync(uri, new { reason = "核对脱贫户身份" }, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Contains("理由", await noReason.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, revealed.StatusCode);
        var idNumber = JsonNode.Parse(await revealed.Content.ReadAsStringAsync(Ct))!["idNumber"]!.GetValue<string>();
        Assert.True(ResidentId.Parse(idNumber).IsValid);
        Assert.Equal(masked, idNumber[..6] + "********" + idNumber[^4..]);
        await using (var ctx = db.NewContext())
        {
            var entry = await ctx.AuditRecords.Where(a => a.Actor == name && a.Action == AuditAction.PersonalDataRevealed).SingleAsync(Ct);
            Assert.Equal((nameof(Person), personId, "理由：核对脱贫户身份"), (entry.EntityType!, entry.EntityId!.Value, entry.Detail!));
            Assert.DoesNotContain(idNumber, entry.Detail, StringComparison.Ordinal);
        }

        // Outside the account's scope the person does not exist for it (the permission does not widen the scope).
        long outside;
        await using (var ctx = db.NewContext())
        {
            var town = await ctx.Organizations.SingleAsync(o => o.Code == "522726101000", Ct);
            var visible = await ctx.Rows<Person>(Scope.Of(town)).Select(p => p.Id)
                .Union(ctx.Rows<Employment>(Scope.Of(town)).Select(e => e.PersonId)).ToListAsync(Ct);
            outside = await ctx.Rows<Person>(Scope.Everything).Where(p => !visible.Contains(p.Id)).OrderBy(p => p.Id).Select(p => p.Id).FirstAsync(Ct);
        }

        var (townClerk, townPassword) = await WebHostTests.CreateAccountAsync(app, Roles.Viewer, "522726101000");
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<AccountAdmin>().PermitAsync(WriteContext.System("安全管理员"), townClerk, Policies.RevealPersonalData, Ct);
        }

        using var inTown = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await WebHostTests.SignInAsync(inTown, townClerk, townPassword);
        var notVisible = await inTown.PostAsJsonAsync(new Uri($"/api/v1/persons/{outside}/reveal", UriKind.Relative), new { reason = "核对脱贫户身份" }, Ct);
        Assert.Equal(HttpStatusCode.NotFound, notVisible.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await otherProvince.PostAsJsonAsync(uri, new { reason = "核对脱贫户身份" }, Ct)).StatusCode);
    }
}
