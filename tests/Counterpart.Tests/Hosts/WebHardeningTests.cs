using System.Net;
using Counterpart.Data;
using Counterpart.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Counterpart.Tests.Hosts;

/// <summary>Security headers on every page and API answer; sign-in attempts limited per client address.</summary>
public sealed class WebHardeningTests(ReferenceDatabases databases)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/login")]
    [InlineData("/api/v1/summary?pairing=440112:522726")]
    [InlineData("/health")]
    public async Task Responses_CarryTheSecurityHeaders(string path)
    {
        await using var app = WebHostTests.Factory(await databases.GetAsync(DatabaseProvider.Sqlite));
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await client.GetAsync(new Uri(path, UriKind.Relative), Ct);

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_MoreThanTenAttemptsAMinuteFromOneAddress_AreRefusedWith429()
    {
        await using var app = WebHostTests.Factory(await databases.GetAsync(DatabaseProvider.Sqlite));
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 11; i++)
        {
            statuses.Add((await WebHostTests.SignInAsync(client, "nobody" + i, "Wrong-password-1")).StatusCode);
        }

        var refused = await WebHostTests.SignInAsync(client, "nobody", "Wrong-password-1");

        Assert.All(statuses.Take(10), s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[10]);
        Assert.Contains("请求过于频繁", await refused.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.True(refused.Headers.Contains("Retry-After"));
    }
}
