using System.Text.Json;
using System.Text.RegularExpressions;
using Counterpart.Accounts;
using Counterpart.Ledgers.Files;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Counterpart.Tests.Browser;

/// <summary>
/// What readers see in a real browser over the reference data: the dashboard's figures, the rows behind one, the export,
/// and what accounts outside 独山县's scope (or without a data role) are refused.
/// </summary>
public sealed class ReadingBrowserTests(BrowserHost host) : IClassFixture<BrowserHost>
{
    [Fact]
    public async Task Dashboard_ViewerOfDushan_ShowsTheReferenceFigures()
    {
        await using var session = await host.SignInAsync(Roles.Viewer, "522726");
        var page = session.Page;

        await page.GotoInteractiveAsync("/");

        var cards = page.Locator(".cp-cards");
        foreach (var text in new[] { "2.05亿元", "117个", "5.43亿元", "20.35亿元", "22,033人" })
        {
            await Expect(cards).ToContainTextAsync(text);
        }

        await Expect(page.Locator("#cp-pairing option:checked")).ToHaveTextAsync("黄埔区 → 独山县");
        await Expect(page.Locator("h1")).ToContainTextAsync("独山县");
        // The charts are drawn by ECharts in the browser (SVG), not only prerendered placeholders.
        await Expect(page.Locator(".cp-chart svg").First).ToBeVisibleAsync();
        await BrowserHost.ScreenshotAsync(page, "dashboard.png");
    }

    [Fact]
    public async Task Dashboard_ClickLaborCard_OpensTheRowsBehindTheFigure()
    {
        await using var session = await host.SignInAsync(Roles.Viewer, "522726");
        var page = session.Page;
        await page.GotoInteractiveAsync("/");

        await page.ClickAsync(".cp-figure[data-code=labor_transferred]");

        await Expect(page).ToHaveURLAsync(new Regex("/figures/labor_transferred$"));
        await Expect(page.Locator("[data-total]")).ToContainTextAsync("共 22,033 人");
        await Expect(page.Locator("table.cp-grid tbody tr")).ToHaveCountAsync(50);
        var pager = page.Locator(".cp-pager .ant-pagination");
        await Expect(pager).ToBeVisibleAsync();
        await Expect(pager.Locator(".ant-pagination-item-2")).ToBeVisibleAsync();
        var firstRow = await page.Locator("table.cp-grid tbody tr").First.InnerTextAsync();
        await BrowserHost.ScreenshotAsync(page, "drill-labor.png");

        // The second page holds other rows.
        await pager.Locator(".ant-pagination-item-2").ClickAsync();
        await Expect(pager.Locator(".ant-pagination-item-active")).ToHaveTextAsync("2");
        await Expect(page.Locator("table.cp-grid tbody tr").First).Not.ToHaveTextAsync(firstRow);
        await Expect(page.Locator("[data-total]")).ToContainTextAsync("共 22,033 人");
    }

    [Fact]
    public async Task ProjectsLedger_ExportExcel_DownloadsEveryProjectOfTheYears()
    {
        await using var session = await host.SignInAsync(Roles.Viewer, "522726");
        var page = session.Page;
        await page.GotoInteractiveAsync("/ledgers/projects");
        await Expect(page.Locator("table.cp-grid tbody tr")).ToHaveCountAsync(20);
        await Expect(page.Locator(".cp-pager")).ToContainTextAsync("共 117 条");

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("a:has-text('导出 Excel')"));
        var file = Path.Combine(Path.GetTempPath(), "counterpart-export-" + Guid.NewGuid().ToString("N") + ".xlsx");
        try
        {
            await download.SaveAsAsync(file);
            Assert.EndsWith(".xlsx", download.SuggestedFilename, StringComparison.OrdinalIgnoreCase);
            await using var stream = File.OpenRead(file);
            using var reader = TableFile.Open(stream, download.SuggestedFilename);
            Assert.Contains("项目编号", reader.Header.Select(h => h.Trim('*', ' ')));
            var rows = reader.Rows().Where(r => !r.IsBlank).ToList();
            Assert.True(rows.Count >= 117, $"the export has {rows.Count} rows, expected the 117 projects of 2021–2025");
            var code = reader.Header.Select((h, i) => (h, i)).First(p => p.h.Trim('*', ' ') == "项目编号").i;
            Assert.Contains(rows, r => r.Cell(code) == "DS-2021-001");
        }
        finally
        {
            File.Delete(file);
        }

        // The drawer of a row, for the docs' picture of the ledger page.
        await page.Locator("table.cp-grid tbody tr").First.ClickAsync();
        await Expect(page.Locator(".ant-drawer-content")).ToContainTextAsync("记录详情");
        await Expect(page.Locator(".ant-drawer-content")).ToContainTextAsync("项目编号");
        await BrowserHost.ScreenshotAsync(page, "ledger-projects.png");
    }

    [Fact]
    public async Task ProjectsLedger_ClerkOfAnotherCounty_SeesNoneOfDushansRecords()
    {
        await using var session = await host.SignInAsync(Roles.Clerk, BrowserHost.OtherCounty);
        var page = session.Page;

        await page.GotoInteractiveAsync("/ledgers/projects");
        await page.FillAsync("input[placeholder='搜索名称、编号…']", "DS-2021-001");
        await page.ClickAsync(".cp-toolbar button:has-text('查询')");
        await Expect(page.Locator(".cp-empty")).ToHaveTextAsync("没有符合条件的记录");
        await Expect(page.Locator("table.cp-grid")).ToHaveCountAsync(0);

        // Nor through the API, with the same session's cookie.
        var response = await page.APIRequest.GetAsync("/api/v1/ledgers/projects/records?search=DS-2021-001");
        Assert.Equal(200, response.Status);
        using var json = JsonDocument.Parse(await response.TextAsync());
        Assert.Equal(0, json.RootElement.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task FigureRows_ClerkOfAnotherCounty_DoesNotShowDushansFigure()
    {
        await using var session = await host.SignInAsync(Roles.Clerk, BrowserHost.OtherCounty);
        var page = session.Page;

        await page.GotoInteractiveAsync("/figures/labor_transferred");
        await Expect(page.Locator("h1")).ToContainTextAsync("背后的记录");
        // Give the circuit time to load whatever it would load.
        await page.WaitForTimeoutAsync(1000);

        Assert.DoesNotContain("22,033", await page.Locator("body").InnerTextAsync(), StringComparison.Ordinal);
        await Expect(page.Locator("table.cp-grid")).ToHaveCountAsync(0);
        await page.GotoInteractiveAsync("/");
        await Expect(page.Locator("main, body").First).ToContainTextAsync("没有结对关系");
        Assert.DoesNotContain("22,033", await page.Locator("body").InnerTextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProjectsLedger_AuditorWithoutTwoFactor_IsSentToTwoFactorSetUp()
    {
        await using var session = await host.SignInAsync(Roles.Auditor, null);
        var page = session.Page;

        var response = await page.GotoAsync("/ledgers/projects");

        var path = page.PathOf();
        Assert.True(path.StartsWith("/account/2fa", StringComparison.Ordinal) || path.StartsWith("/denied", StringComparison.Ordinal) || response?.Status == 403,
            $"the auditor reached {path} ({response?.Status})");
        await Expect(page.Locator("table.cp-grid")).ToHaveCountAsync(0);
        Assert.DoesNotContain("DS-2021-001", await page.ContentAsync(), StringComparison.Ordinal);
    }
}
