using System.Net;
using Counterpart.Accounts;
using Counterpart.Data;
using Counterpart.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Counterpart.Tests.Hosts;

/// <summary>
/// Every endpoint of the running application against every role and anonymous access, from the application's own
/// endpoint list: an endpoint added without an entry here fails the test. Then the organization relations (own unit,
/// a descendant, a sibling county, another province) for the endpoints that take an organization.
/// </summary>
public sealed class AuthorizationMatrixTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Who may call what. "*" = any signed-in account; "anonymous" = no account needed.</summary>
    private static readonly Dictionary<string, (string Request, string[] Allowed)> Matrix = new(StringComparer.Ordinal)
    {
        ["GET /health"] = ("/health", ["anonymous"]),
        ["GET /health/ready"] = ("/health/ready", ["anonymous"]),
        // Metrics go to the networks of Counterpart:Metrics:AllowFrom (loopback by default), connected directly, whoever
        // is signed in — so to no client of this in-process server, which has no address (OperationsTests.Metrics_*).
        ["GET /metrics"] = ("/metrics", []),
        ["GET /login"] = ("/login", ["anonymous"]),
        ["POST /login"] = ("/login", ["anonymous"]),
        ["GET /login/2fa"] = ("/login/2fa", ["anonymous"]),
        ["POST /login/2fa"] = ("/login/2fa", ["anonymous"]),
        ["GET /denied"] = ("/denied", ["anonymous"]),
        ["POST /logout"] = ("/logout", ["*"]),
        ["GET /account"] = ("/account", ["*"]),
        ["POST /account/password"] = ("/account/password", ["*"]),
        ["GET /account/2fa"] = ("/account/2fa", ["*"]),
        ["POST /account/2fa"] = ("/account/2fa", ["*"]),
        ["GET /"] = ("/?pairing=440112:522726", ["*"]),
        // The back office (Blazor): its pages and its circuit need a signed-in account; a page of ledger data a data role.
        ["GET /figures/{Code}"] = ("/figures/labor_transferred", [Roles.Clerk, Roles.Reviewer, Roles.Viewer]),
        // Component pages also accept form posts (refused without an antiforgery token, after the sign-in check).
        ["POST /"] = ("/", ["*"]),
        ["POST /figures/{Code}"] = ("/figures/labor_transferred", [Roles.Clerk, Roles.Reviewer, Roles.Viewer]),
        ["GET /ledgers/{Name}"] = ("/ledgers/projects", [Roles.Clerk, Roles.Reviewer, Roles.Viewer]),
        ["POST /ledgers/{Name}"] = ("/ledgers/projects", [Roles.Clerk, Roles.Reviewer, Roles.Viewer]),
        ["GET /targets"] = ("/targets", [Roles.Clerk, Roles.Reviewer, Roles.Viewer]),
        ["POST /targets"] = ("/targets", [Roles.Clerk, Roles.Reviewer, Roles.Viewer]),
        ["GET /reports"] = ("/reports", [Roles.Clerk, Roles.Reviewer, Roles.Viewer]),
        ["POST /reports"] = ("/reports", [Roles.Clerk, Roles.Reviewer, Roles.Viewer]),
        ["GET /organizations"] = ("/organizations", [Roles.Clerk, Roles.Reviewer, Roles.Viewer]),
        ["POST /organizations"] = ("/organizations", [Roles.Clerk, Roles.Reviewer, Roles.Viewer]),
        ["GET /needs-offers"] = ("/needs-offers", [Roles.Clerk, Roles.Reviewer, Roles.Viewer]),
        ["POST /needs-offers"] = ("/needs-offers", [Roles.Clerk, Roles.Reviewer, Roles.Viewer]),
        ["GET /evaluation"] = ("/evaluation", [Roles.Clerk, Roles.Reviewer, Roles.Viewer]),
        ["POST /evaluation"] = ("/evaluation", [Roles.Clerk, Roles.Reviewer, Roles.Viewer]),
        ["GET /quality"] = ("/quality", [Roles.Clerk, Roles.Reviewer, Roles.Viewer]),
        ["POST /quality"] = ("/quality", [Roles.Clerk, Roles.Reviewer, Roles.Viewer]),
        ["GET /reconciliation"] = ("/reconciliation", [Roles.Clerk, Roles.Reviewer, Roles.Viewer]),
        ["POST /reconciliation"] = ("/reconciliation", [Roles.Clerk, Roles.Reviewer, Roles.Viewer]),
        ["GET /crosscheck"] = ("/crosscheck", [Roles.Clerk, Roles.Reviewer, Roles.Viewer]),
        ["POST /crosscheck"] = ("/crosscheck", [Roles.Clerk, Roles.Reviewer, Roles.Viewer]),
        ["GET /import"] = ("/import", [Roles.Clerk]),
        ["POST /import"] = ("/import", [Roles.Clerk]),
        ["GET /_framework/opaque-redirect"] = ("/_framework/opaque-redirect", ["*"]),
        ["GET /_blazor"] = ("/_blazor", ["*"]),
        ["GET /_blazor/negotiate"] = ("/_blazor/negotiate", ["*"]),
        ["GET /_blazor/disconnect/"] = ("/_blazor/disconnect/", ["*"]),
        ["GET /_blazor/initializers/"] = ("/_blazor/initializers/", ["*"]),
        ["GET /openapi/{documentName}.json"] = ("/openapi/v1.json", ["anonymous"]),
        ["GET /api/docs/{documentName?}"] = ("/api/docs/v1", ["anonymous"]),
        ["GET /api/docs/scalar.js"] = ("/api/docs/scalar.js", ["anonymous"]),
        ["GET /api/docs/scalar.aspnetcore.js"] = ("/api/docs/scalar.aspnetcore.js", ["anonymous"]),
        ["GET /api/docs/favicon.svg"] = ("/api/docs/favicon.svg", ["anonymous"]),
        ["GET /api/v1/summary"] = ("/api/v1/summary?org=522726", [Roles.Clerk, Roles.Reviewer, Roles.Viewer]),
        ["GET /api/v1/summary/{code}/rows"] = ("/api/v1/summary/labor_transferred/rows?pairing=440112:522726", [Roles.Clerk, Roles.Reviewer, Roles.Viewer]),
        ["GET /api/v1/indicators"] = ("/api/v1/indicators", ["*"]),
        ["GET /api/v1/ledgers"] = ("/api/v1/ledgers", ["*"]),
        ["GET /api/v1/templates/{ledger}"] = ("/api/v1/templates/labor?format=csv", ["*"]),
        ["GET /api/v1/exports/{ledger}"] = ("/api/v1/exports/donations?format=csv", [Roles.Clerk, Roles.Reviewer, Roles.Viewer]),
        ["GET /api/v1/ledgers/{ledger}/records/"] = ("/api/v1/ledgers/projects/records/", [Roles.Clerk, Roles.Reviewer, Roles.Viewer]),
        ["GET /api/v1/ledgers/{ledger}/records/{id:long}"] = ("/api/v1/ledgers/projects/records/999999", [Roles.Clerk, Roles.Reviewer, Roles.Viewer]),
        ["POST /api/v1/ledgers/{ledger}/records/"] = ("/api/v1/ledgers/projects/records/", [Roles.Clerk]),
        ["PUT /api/v1/ledgers/{ledger}/records/{id:long}"] = ("/api/v1/ledgers/projects/records/999999", [Roles.Clerk]),
        ["DELETE /api/v1/ledgers/{ledger}/records/{id:long}"] = ("/api/v1/ledgers/projects/records/999999", [Roles.Clerk]),
        ["GET /api/v1/ledgers/{ledger}/records/{id:long}/attachments"] = ("/api/v1/ledgers/projects/records/999999/attachments", [Roles.Clerk, Roles.Reviewer, Roles.Viewer]),
        ["POST /api/v1/ledgers/{ledger}/records/{id:long}/attachments"] = ("/api/v1/ledgers/projects/records/999999/attachments", [Roles.Clerk]),
        ["GET /api/v1/attachments/{id:long}/content"] = ("/api/v1/attachments/999999/content", [Roles.Clerk, Roles.Reviewer, Roles.Viewer]),
        ["DELETE /api/v1/attachments/{id:long}"] = ("/api/v1/attachments/999999", [Roles.Clerk]),
        ["POST /api/v1/imports"] = ("/api/v1/imports?ledger=labor", [Roles.Clerk]),
        ["POST /api/v1/imports/{id:long}/undo"] = ("/api/v1/imports/999999/undo", [Roles.Clerk]),
        ["GET /audit"] = ("/audit", [Roles.Auditor]),
        ["GET /api/v1/locks/"] = ("/api/v1/locks/", [Roles.Clerk, Roles.Reviewer, Roles.Viewer]),
        ["POST /api/v1/locks/"] = ("/api/v1/locks/", [Roles.Reviewer]),
        ["DELETE /api/v1/locks/{id:long}"] = ("/api/v1/locks/999999", [Roles.Reviewer]),
        ["GET /api/v1/review/submitted"] = ("/api/v1/review/submitted", [Roles.Reviewer]),
        ["GET /api/v1/review/{kind}/{id:long}"] = ("/api/v1/review/project/999999", [Roles.Clerk, Roles.Reviewer, Roles.Viewer]),
        ["POST /api/v1/review/{kind}/{id:long}/submit"] = ("/api/v1/review/import/999999/submit", [Roles.Clerk]),
        ["POST /api/v1/review/{kind}/{id:long}/withdraw"] = ("/api/v1/review/import/999999/withdraw", [Roles.Clerk]),
        ["POST /api/v1/review/{kind}/{id:long}/approve"] = ("/api/v1/review/import/999999/approve", [Roles.Reviewer]),
        ["POST /api/v1/review/{kind}/{id:long}/return"] = ("/api/v1/review/import/999999/return", [Roles.Reviewer]),
        // Asking for and fetching an unmasked export needs the reveal permission on top of a data role (UnmaskedExportTests).
        ["POST /api/v1/unmasked-exports/"] = ("/api/v1/unmasked-exports/", []),
        ["GET /api/v1/unmasked-exports/{id:long}/download"] = ("/api/v1/unmasked-exports/999999/download", []),
        ["GET /api/v1/unmasked-exports/"] = ("/api/v1/unmasked-exports/", [Roles.Clerk, Roles.Reviewer, Roles.Viewer]),
        ["POST /api/v1/unmasked-exports/{id:long}/approve"] = ("/api/v1/unmasked-exports/999999/approve", [Roles.Reviewer]),
        ["POST /api/v1/unmasked-exports/{id:long}/refuse"] = ("/api/v1/unmasked-exports/999999/refuse", [Roles.Reviewer]),
        ["GET /api/v1/targets"] = ("/api/v1/targets?pairing=440112:522726&year=2024", [Roles.Clerk, Roles.Reviewer, Roles.Viewer]),
        ["GET /api/v1/targets/lagging"] = ("/api/v1/targets/lagging?year=2024", [Roles.Clerk, Roles.Reviewer, Roles.Viewer]),
        ["GET /api/v1/evaluation"] = ("/api/v1/evaluation?pairing=440112:522726&year=2024", [Roles.Clerk, Roles.Reviewer, Roles.Viewer]),
        ["GET /api/v1/quality"] = ("/api/v1/quality?year=2024", [Roles.Clerk, Roles.Reviewer, Roles.Viewer]),
        ["GET /api/v1/quality/rules"] = ("/api/v1/quality/rules", [Roles.Clerk, Roles.Reviewer, Roles.Viewer]),
        ["POST /api/v1/quality/rules"] = ("/api/v1/quality/rules", [Roles.Reviewer]),
        ["DELETE /api/v1/quality/rules/{id:long}"] = ("/api/v1/quality/rules/999999", [Roles.Reviewer]),
        ["GET /api/v1/reports/five-year"] = ("/api/v1/reports/five-year", [Roles.Clerk, Roles.Reviewer, Roles.Viewer]),
        ["GET /api/v1/reports/tables"] = ("/api/v1/reports/tables", [Roles.Clerk, Roles.Reviewer, Roles.Viewer]),
        // A cross-check reads the registry of the account's scope and changes nothing (the file is not kept).
        ["POST /api/v1/crosscheck/monitoring"] = ("/api/v1/crosscheck/monitoring", [Roles.Clerk, Roles.Reviewer, Roles.Viewer]),
        ["GET /api/v1/reports/annual"] = ("/api/v1/reports/annual", [Roles.Clerk, Roles.Reviewer, Roles.Viewer]),
        ["GET /api/v1/reconciliation"] = ("/api/v1/reconciliation", [Roles.Clerk, Roles.Reviewer, Roles.Viewer]),
        ["POST /api/v1/reconciliation/notes"] = ("/api/v1/reconciliation/notes", [Roles.Clerk]),
        ["GET /api/v1/audit/"] = ("/api/v1/audit/", [Roles.Auditor]),
        ["GET /api/v1/audit/verify"] = ("/api/v1/audit/verify", [Roles.Auditor]),
        ["POST /api/v1/tokens/"] = ("/api/v1/tokens/", [Roles.Clerk, Roles.Reviewer, Roles.Viewer]),
        ["GET /api/v1/tokens/"] = ("/api/v1/tokens/", [Roles.Clerk, Roles.Reviewer, Roles.Viewer]),
        // Needs a permission on top of a data role: no role alone may call it (RevealTests covers the permitted case).
        ["POST /api/v1/persons/{id:long}/reveal"] = ("/api/v1/persons/1/reveal", []),
        ["DELETE /api/v1/tokens/{id:long}"] = ("/api/v1/tokens/999999", [Roles.Clerk, Roles.Reviewer, Roles.Viewer]),
    };

    [Fact]
    public async Task EveryEndpoint_EveryRoleAndAnonymous_GetsTheExpectedAnswer()
    {
        var (db, app) = await WebHostTests.PrivateHostAsync(DatabaseProvider.Sqlite);
        await using var _ = db;
        await using var __ = app;
        using var anonymous = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        // Static files (styles, scripts, fonts of the back office) are public and hold no data.
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.StaticAssets.StaticAssetDescriptor>() is null && e.RoutePattern.RawText != "{**path:file}")
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => $"{m} /{e.RoutePattern.RawText!.TrimStart('/')}"))
            .Distinct().Order(StringComparer.Ordinal).ToList();

        Assert.Empty(endpoints.Except(Matrix.Keys).Select(e => "not in the matrix: " + e));
        Assert.Empty(Matrix.Keys.Except(endpoints).Select(e => "no such endpoint: " + e));

        var clients = new Dictionary<string, HttpClient>();
        foreach (var role in Roles.All)
        {
            clients[role] = await WebHostTests.SignedInClientAsync(app, role, Roles.DataReaders.Contains(role) ? "522726" : null);
        }

        var wrong = new List<string>();
        foreach (var endpoint in endpoints)
        {
            var (request, allowed) = Matrix[endpoint];
            var method = new HttpMethod(endpoint[..endpoint.IndexOf(' ', StringComparison.Ordinal)]);
            foreach (var (who, client) in clients.Append(new KeyValuePair<string, HttpClient>("anonymous", anonymous)))
            {
                using var message = new HttpRequestMessage(method, new Uri(request, UriKind.Relative));
                var response = await client.SendAsync(message, Ct);
                var location = response.Headers.Location is { } l ? (l.IsAbsoluteUri ? l.AbsolutePath : l.OriginalString.Split('?')[0]) : "";
                var refused = response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
                    || (response.StatusCode == HttpStatusCode.Redirect && location is "/login" or "/denied" or "/account/2fa");
                if (refused != ShouldRefuse(who, request, allowed))
                {
                    wrong.Add($"{endpoint} as {who}: {(int)response.StatusCode} {location}");
                }
            }
        }

        Assert.Empty(wrong);
        foreach (var client in clients.Values)
        {
            client.Dispose();
        }
    }

    /// <summary>
    /// Anonymous callers are refused everything not open to all; administrators, until they have signed in with a second
    /// factor, everything but setting it up and signing out; everyone else what the matrix does not give their role.
    /// </summary>
    private static bool ShouldRefuse(string who, string request, string[] allowed)
    {
        if (allowed.Contains("anonymous"))
        {
            return false;
        }

        if (who == "anonymous")
        {
            return true;
        }

        if (Roles.Administrators.Contains(who) && !request.StartsWith("/account/2fa", StringComparison.Ordinal) && request != "/logout")
        {
            return true;
        }

        return !(allowed.Contains("*") || allowed.Contains(who));
    }

    [Theory]
    [InlineData("522726", HttpStatusCode.OK)]            // own unit
    [InlineData("522726100000", HttpStatusCode.OK)]      // a descendant (town)
    [InlineData("522722", HttpStatusCode.Forbidden)]     // a sibling county
    [InlineData("440000", HttpStatusCode.Forbidden)]     // another province
    public async Task Export_ByOrganizationRelation_OwnAndDescendantsOnly(string org, HttpStatusCode expected)
    {
        var (db, app) = await WebHostTests.PrivateHostAsync(DatabaseProvider.Sqlite);
        await using var _ = db;
        await using var __ = app;
        using var clerk = await WebHostTests.SignedInClientAsync(app, Roles.Clerk, "522726");

        var response = await clerk.GetAsync(new Uri($"/api/v1/exports/donations?format=csv&org={org}", UriKind.Relative), Ct);

        Assert.Equal(expected, response.StatusCode);
    }
}
