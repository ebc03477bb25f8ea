using System.Text;
using System.Text.RegularExpressions;
using Counterpart.Accounts;
using Counterpart.Data;
using Counterpart.Projects;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Counterpart.Tests.Browser;

/// <summary>
/// A clerk of 独山县 at work in a real browser, on a private copy of the reference data: a project entered, refused,
/// corrected, found, edited and deleted in the ledger page; a file refused and then imported through the wizard.
/// </summary>
public sealed class WritingBrowserTests(BrowserHost host) : IClassFixture<BrowserHost>
{
    private const string Search = "input[placeholder='搜索名称、编号…']";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ProjectsLedger_ClerkEntersEditsAndDeletesAProject_ThroughTheForm()
    {
        await using var session = await host.SignInAsync(Roles.Clerk, "522726");
        var page = session.Page;
        var code = "BT-" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();
        await page.GotoInteractiveAsync("/ledgers/projects");

        await page.Locator(".cp-toolbar button").Filter(new() { HasTextRegex = Spaced("新增") }).ClickAsync();
        var modal = page.Locator(".ant-modal-content");
        await Expect(modal).ToContainTextAsync("新增：帮扶项目台账");
        await page.FillAsync("#f-code", code);
        await page.FillAsync("#f-year", "2024");
        await page.FillAsync("#f-name", "浏览器测试轴承实训项目");
        await page.SelectOptionAsync("#f-category", "就业帮扶");
        await page.SelectOptionAsync("#f-status", "实施");
        await page.FillAsync("#f-place", "522726100200");
        await page.FillAsync("#f-east", "440112");
        await page.FillAsync("#f-approved", "2024-02-20");
        await page.FillAsync("#f-households", "12");
        await page.FillAsync("#f-persons", "36");
        await page.FillAsync("#f-owner", "522726");

        // 实施 without 开工日期: refused, the reason under the field, nothing stored.
        await OkButton(modal, "保存").ClickAsync();
        var started = page.Locator(".cp-field.has-error").Filter(new() { Has = page.Locator("#f-started") });
        await Expect(started.Locator(".cp-help")).ToHaveTextAsync("项目状态为“实施”，须填开工日期");
        await Expect(modal).ToContainTextAsync("未保存");
        Assert.Null(await StoredAsync(code));

        await page.FillAsync("#f-started", "2024-03-25");
        var sw0 = System.Diagnostics.Stopwatch.StartNew();
        await OkButton(modal, "保存").ClickAsync();
        await Expect(page.Locator(".ant-message")).ToContainTextAsync("已新增（草稿）");
        Console.Error.WriteLine("PROBE new save " + sw0.ElapsedMilliseconds);
        await Expect(modal).ToBeHiddenAsync();
        var stored = await StoredAsync(code);
        Assert.NotNull(stored);
        Assert.Equal(new DateOnly(2024, 3, 25), stored.StartedOn);
        Assert.Equal(ProjectStatus.Implementing, stored.Status);

        await FindAsync(page, code);
        var rows = page.Locator("table.cp-grid tbody tr");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows).ToContainTextAsync("浏览器测试轴承实训项目");
        await Expect(rows).ToContainTextAsync("草稿");

        // Open it, edit the name.
        await rows.First.ClickAsync();
        var drawer = page.Locator(".ant-drawer-content");
        await Expect(drawer).ToContainTextAsync("记录详情");
        await Expect(drawer).ToContainTextAsync(code);
        await drawer.Locator("button").Filter(new() { HasTextRegex = Spaced("编辑") }).ClickAsync();
        await Expect(modal).ToContainTextAsync("编辑记录");
        await Expect(page.Locator("#f-code")).ToBeDisabledAsync();
        await Expect(page.Locator("#f-started")).ToHaveValueAsync("2024-03-25");
        await page.FillAsync("#f-name", "浏览器测试轴承实训基地改名");
        var sw = System.Diagnostics.Stopwatch.StartNew();
        await OkButton(modal, "保存").ClickAsync();
        page.Console += (_, m) => Console.Error.WriteLine("PROBE console " + m.Text);
        try
        {
            await Expect(page.Locator(".ant-message")).ToContainTextAsync("已保存（草稿）", new() { Timeout = 15000 });
        }
        catch (PlaywrightException)
        {
            Console.Error.WriteLine("PROBE modal: " + await page.Locator(".ant-modal-content").AllInnerTextsAsync().ContinueWith(t => string.Join("|", t.Result), TaskScheduler.Default));
            Console.Error.WriteLine("PROBE body: " + await page.Locator("body").InnerTextAsync());
            await page.ScreenshotAsync(new() { Path = "/tmp/probe-edit.png" });
            throw;
        }
        Console.Error.WriteLine("PROBE edit save " + sw.ElapsedMilliseconds);
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows).ToContainTextAsync("浏览器测试轴承实训基地改名");
        Assert.Equal("浏览器测试轴承实训基地改名", (await StoredAsync(code))?.Name);

        // Open it again and delete it, confirming.
        await rows.First.ClickAsync();
        await Expect(drawer).ToContainTextAsync("浏览器测试轴承实训基地改名");
        await drawer.Locator("button").Filter(new() { HasTextRegex = Spaced("删除") }).ClickAsync();
        var confirm = page.Locator(".ant-popover:visible");
        await Expect(confirm).ToContainTextAsync("确定删除这条记录吗");
        await confirm.Locator("button").Filter(new() { HasTextRegex = Spaced("删除") }).ClickAsync();
        await Expect(page.Locator(".ant-message")).ToContainTextAsync("已删除");
        await FindAsync(page, code);
        await Expect(page.Locator(".cp-empty")).ToHaveTextAsync("没有符合条件的记录");
        Assert.Null(await StoredAsync(code));
    }

    [Fact]
    public async Task ImportWizard_ClerkUploadsABadFileThenAGoodOne_OnlyTheGoodOneIsImported()
    {
        await using var session = await host.SignInAsync(Roles.Clerk, "522726");
        var page = session.Page;
        var code = "BT-" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();
        await page.GotoInteractiveAsync("/import");

        await page.SelectOptionAsync("#ledger", "projects");
        await Expect(page.Locator(".cp-panel")).ToContainTextAsync("帮扶项目台账");
        await page.Locator("button").Filter(new() { HasTextRegex = Spaced("下一步") }).ClickAsync();
        await Expect(page.Locator(".cp-panel")).ToContainTextAsync("向“帮扶项目台账”导入");

        // 实施 without 开工日期: the file is refused with the reason per cell.
        await page.SetInputFilesAsync("#file", Csv("bad.csv", $"{code},2024,浏览器导入测试项目,产业发展,实施,522726100200,522726"));
        await Expect(page.Locator(".ant-alert-error")).ToContainTextAsync("文件未通过检查");
        var errors = page.Locator("table.cp-grid[aria-label='错误'] tbody tr");
        await Expect(errors).ToHaveCountAsync(1);
        await Expect(errors).ToContainTextAsync("开工日期");
        await Expect(errors).ToContainTextAsync("须填开工日期");
        await BrowserHost.ScreenshotAsync(page, "import-errors.png");
        Assert.Null(await StoredAsync(code));
        Assert.Equal(0, await ApiCountAsync(page, code));

        // The same project as 储备 needs no dates.
        await page.Locator("button").Filter(new() { HasTextRegex = Spaced("重新上传") }).ClickAsync();
        await page.SetInputFilesAsync("#file", Csv("good.csv", $"{code},2024,浏览器导入测试项目,产业发展,储备,522726100200,522726"));
        await Expect(page.Locator(".ant-alert-success")).ToContainTextAsync("检查通过");
        await Expect(page.Locator(".ant-alert-success")).ToContainTextAsync("将新增 1 行");
        Assert.Null(await StoredAsync(code));

        await page.Locator("button").Filter(new() { HasTextRegex = Spaced("确认导入") }).ClickAsync();
        await Expect(page.Locator(".ant-result-title")).ToHaveTextAsync("导入完成");
        await Expect(page.Locator(".ant-result")).ToContainTextAsync("新增 1 行");
        var stored = await StoredAsync(code);
        Assert.NotNull(stored);
        Assert.Equal(ProjectStatus.Reserve, stored.Status);
        Assert.Equal(ReviewStatus.Draft, stored.ReviewState);
        Assert.Equal(1, await ApiCountAsync(page, code));
    }

    /// <summary>A button's text: AntDesign spaces a two-character Chinese label (“保 存”), so match either way.</summary>
    private static Regex Spaced(string text) => new("^\\s*" + string.Join("\\s*", text.Select(c => Regex.Escape(c.ToString()))) + "\\s*$");

    private static ILocator OkButton(ILocator modal, string text) =>
        modal.Locator(".ant-modal-footer button").Filter(new() { HasTextRegex = Spaced(text) });

    /// <summary>
    /// Searches with the 查询 button. (Enter in the box searches for the text the box held before: the box is bound on
    /// change, which the browser fires after the keydown that runs the search — reported, not worked around in the app.)
    /// </summary>
    private static async Task FindAsync(IPage page, string text)
    {
        await page.FillAsync(Search, text);
        await page.Locator(".cp-toolbar button").Filter(new() { HasTextRegex = Spaced("查询") }).ClickAsync();
    }

    /// <summary>A projects file as Excel saves “CSV UTF-8”: with a byte-order mark.</summary>
    private static FilePayload Csv(string name, string row) => new()
    {
        Name = name,
        MimeType = "text/csv",
        Buffer = [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes("项目编号,项目年度,项目名称,项目类别,项目状态,项目地点,填报单位\r\n" + row + "\r\n")],
    };

    private async Task<Project?> StoredAsync(string code)
    {
        await using var db = host.Database.NewContext();
        return await db.Rows<Project>(Scope.Everything).AsNoTracking().SingleOrDefaultAsync(p => p.Code == code, Ct);
    }

    /// <summary>How many projects the record API finds for <paramref name="code"/>, with the page's session.</summary>
    private static async Task<int> ApiCountAsync(IPage page, string code)
    {
        var response = await page.APIRequest.GetAsync("/api/v1/ledgers/projects/records?search=" + Uri.EscapeDataString(code));
        Assert.Equal(200, response.Status);
        using var json = System.Text.Json.JsonDocument.Parse(await response.TextAsync());
        return json.RootElement.GetProperty("total").GetInt32();
    }
}
