using System.Net;
using System.Text.RegularExpressions;
using Counterpart.Accounts;
using System.Text.Json.Nodes;
using Counterpart.Data;
using Counterpart.Indicators;
using Counterpart.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Counterpart.Tests.Hosts;

/// <summary>The web host over the reference database: health, the summary API, the landing page.</summary>
public sealed class WebHostTests(ReferenceDatabases databases)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    internal static WebApplicationFactory<Program> Factory(TestDatabase db, TimeProvider? clock = null) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("ConnectionStrings:Counterpart", db.Settings.ConnectionString);
            b.UseSetting("Counterpart:PersonalDataKey", Convert.ToBase64String(ReferenceDatabases.TestKey));
            b.UseSetting("Logging:LogLevel:Default", "Warning");
            if (clock is not null)
            {
                // Sessions, lockouts and security-stamp checks all read the one clock.
                b.ConfigureServices(services => services.AddSingleton(clock));
            }
        });

    /// <summary>A new account of <paramref name="role"/> in <paramref name="org"/>, signed in through the login form; the client keeps its cookie.</summary>
    internal static async Task<HttpClient> SignedInClientAsync(WebApplicationFactory<Program> app, string role = Roles.Viewer, string? org = "522726")
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var (name, password) = await CreateAccountAsync(app, role, org);
        var response = await SignInAsync(client, name, password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    internal static async Task<(string Name, string Password)> CreateAccountAsync(WebApplicationFactory<Program> app, string role, string? org)
    {
        var name = "t" + Guid.NewGuid().ToString("N")[..12];
        await using var scope = app.Services.CreateAsyncScope();
        var (_, password) = await scope.ServiceProvider.GetRequiredService<AccountAdmin>().CreateAsync(WriteContext.System("test"), name, "测试 " + name, role, org, null, Ct);
        return (name, password);
    }

    /// <summary>Posts the login form as a browser would: its antiforgery token from the page, the cookie kept by the client.</summary>
    internal static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string name, string password) =>
        await PostFormAsync(client, "/login", await client.GetStringAsync(new Uri("/login", UriKind.Relative), Ct), ("userName", name), ("password", password));

    /// <summary>Posts a form of <paramref name="page"/> to <paramref name="path"/> with the page's antiforgery token and the given fields.</summary>
    internal static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string path, string page, params (string Name, string Value)[] fields)
    {
        var token = Regex.Match(page, "name=\"(__RequestVerificationToken)\" value=\"([^\"]+)\"");
        var values = fields.ToDictionary(f => f.Name, f => f.Value);
        values[token.Groups[1].Value] = token.Groups[2].Value;
        using var form = new FormUrlEncodedContent(values);
        return await client.PostAsync(new Uri(path, UriKind.Relative), form, Ct);
    }

    /// <summary>A private database holding the hand-built tree (so no reference data is seeded over it), and a host on it.</summary>
    internal static async Task<(TestDatabase Db, WebApplicationFactory<Program> App)> PrivateHostAsync(DatabaseProvider provider, TimeProvider? clock = null)
    {
        var db = await TestDatabase.CreateAsync(provider);
        await using (var ctx = db.NewContext())
        {
            await TestTree.CreateAsync(ctx);
        }

        return (db, Factory(db, clock));
    }

    [Fact]
    public async Task Health_Get_ReturnsOk()
    {
        await using var app = Factory(await databases.GetAsync(DatabaseProvider.Sqlite));
        using var client = app.CreateClient();

        var response = await client.GetAsync(new Uri("/health", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("ok", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Summary_ReferencePairing_ReturnsEveryIndicatorInItsCatalogUnit(DatabaseProvider provider)
    {
        await using var app = Factory(await databases.GetAsync(provider));
        using var client = await SignedInClientAsync(app);

        var json = JsonNode.Parse(await client.GetStringAsync(new Uri("/api/v1/summary?pairing=440112:522726&from=2021&to=2025", UriKind.Relative), Ct))!;
        var indicators = json["indicators"]!.AsObject();

        Assert.Equal(IndicatorCatalog.All.Select(i => i.Code).Order(), indicators.Select(p => p.Key).Order());
        Assert.Equal(22033m, indicators["labor_transferred"]!.GetValue<decimal>());
        Assert.Equal(20512.3m, indicators["fiscal_aid"]!.GetValue<decimal>());
        Assert.Equal("2.05亿元", json["details"]!["fiscal_aid"]!["text"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Summary_PairingByNames_EqualsPairingByCodes(DatabaseProvider provider)
    {
        await using var app = Factory(await databases.GetAsync(provider));
        using var client = await SignedInClientAsync(app);

        var byCode = JsonNode.Parse(await client.GetStringAsync(new Uri("/api/v1/summary?pairing=440112:522726", UriKind.Relative), Ct))!["indicators"]!.ToJsonString();
        var byName = JsonNode.Parse(await client.GetStringAsync(new Uri("/api/v1/summary?pairing=黄埔区:独山县", UriKind.Relative), Ct))!["indicators"]!.ToJsonString();

        Assert.Equal(byCode, byName);
    }

    [Theory]
    [InlineData("/api/v1/summary?pairing=&org=999999", "找不到组织")]
    [InlineData("/api/v1/summary?pairing=440112:999999", "找不到组织")]
    [InlineData("/api/v1/summary?pairing=522726:440112", "没有结对关系")]
    [InlineData("/api/v1/summary?pairing=440112", "格式不对")]
    [InlineData("/api/v1/summary", "pairing 或 org")]
    [InlineData("/api/v1/summary?pairing=440112:522726&from=2025&to=2021", "年度范围")]
    public async Task Summary_BadRequest_ExplainsTheProblemInChinese(string url, string expected)
    {
        await using var app = Factory(await databases.GetAsync(DatabaseProvider.Sqlite));
        using var client = await SignedInClientAsync(app);

        var response = await client.GetAsync(new Uri(url, UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Dashboard_Get_ShowsTheHeadlineFiguresInChinese_PrerenderedForTheFirstScreen(DatabaseProvider provider)
    {
        await using var app = Factory(await databases.GetAsync(provider));
        using var client = await SignedInClientAsync(app);

        // Blazor writes Chinese as character references in the prerendered page; read it as a browser would.
        var html = WebUtility.HtmlDecode(await client.GetStringAsync(new Uri("/", UriKind.Relative), Ct));
        var approved = WebUtility.HtmlDecode(await client.GetStringAsync(new Uri("/?approvedOnly=true", UriKind.Relative), Ct));

        Assert.Contains("<html lang=\"zh-CN\">", html, StringComparison.Ordinal);
        Assert.Matches("data-coverage[^<]*<span[^>]*>\\s*含未审核数据", html);
        Assert.Matches("data-coverage[^<]*<span[^>]*>\\s*仅含已审核数据", approved);
        foreach (var text in new[] { "2.05亿元", "117个", "5.43亿元", "20.35亿元", "22,033人", "黄埔区 → 独山县" })
        {
            // The reference data is loaded by the system, so it is approved: the same figures either way.
            Assert.Contains(text, html, StringComparison.Ordinal);
            Assert.Contains(text, approved, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Summary_OrganizationSubtree_RollsUpToTheProvince(DatabaseProvider provider)
    {
        await using var app = Factory(await databases.GetAsync(provider));
        using var client = await SignedInClientAsync(app, Roles.Viewer, "520000");

        async Task<JsonNode> Get(string org) => JsonNode.Parse(await client.GetStringAsync(new Uri($"/api/v1/summary?org={org}", UriKind.Relative), Ct))!["indicators"]!;

        var county = await Get("522726");
        var province = await Get("520000");
        // One assisted county in the reference data: the province's figures are the county's.
        Assert.Equal(county.ToJsonString(), province.ToJsonString());
        Assert.Equal(22033m, county["labor_transferred"]!.GetValue<decimal>());
    }
}
