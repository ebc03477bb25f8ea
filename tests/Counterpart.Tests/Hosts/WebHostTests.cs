using System.Net;
using System.Text.Json.Nodes;
using Counterpart.Data;
using Counterpart.Indicators;
using Counterpart.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Counterpart.Tests.Hosts;

/// <summary>The web host over the reference database: health, the summary API, the landing page.</summary>
public sealed class WebHostTests(ReferenceDatabases databases)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    internal static WebApplicationFactory<Program> Factory(TestDatabase db) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("ConnectionStrings:Counterpart", db.Settings.ConnectionString);
            b.UseSetting("Counterpart:PersonalDataKey", Convert.ToBase64String(ReferenceDatabases.TestKey));
            b.UseSetting("Logging:LogLevel:Default", "Warning");
        });

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
        using var client = app.CreateClient();

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
        using var client = app.CreateClient();

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
        using var client = app.CreateClient();

        var response = await client.GetAsync(new Uri(url, UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task LandingPage_Get_ShowsTheHeadlineFiguresInChinese(DatabaseProvider provider)
    {
        await using var app = Factory(await databases.GetAsync(provider));
        using var client = app.CreateClient();

        var html = await client.GetStringAsync(new Uri("/", UriKind.Relative), Ct);

        Assert.Contains("<html lang=\"zh-CN\">", html, StringComparison.Ordinal);
        foreach (var text in new[] { "2.05亿元", "117个", "5.43亿元", "20.35亿元", "22,033人", "黄埔区 → 独山县" })
        {
            Assert.Contains(text, html, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Summary_OrganizationSubtree_RollsUpToTheProvince(DatabaseProvider provider)
    {
        await using var app = Factory(await databases.GetAsync(provider));
        using var client = app.CreateClient();

        async Task<JsonNode> Get(string org) => JsonNode.Parse(await client.GetStringAsync(new Uri($"/api/v1/summary?org={org}", UriKind.Relative), Ct))!["indicators"]!;

        var county = await Get("522726");
        var province = await Get("520000");
        // One assisted county in the reference data: the province's figures are the county's.
        Assert.Equal(county.ToJsonString(), province.ToJsonString());
        Assert.Equal(22033m, county["labor_transferred"]!.GetValue<decimal>());
    }
}
