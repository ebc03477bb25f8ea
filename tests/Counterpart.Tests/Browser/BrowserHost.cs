using System.Net;
using Counterpart.Data;
using Counterpart.Organizations;
using Counterpart.Tests.Hosts;
using Counterpart.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Counterpart.Tests.Browser;

/// <summary>
/// The real application on a loopback Kestrel port in this process, over a private copy of the SQLite reference database
/// (so a test class may write), and Debian's Chromium driven by Playwright — never a downloaded browser. One per test
/// class. Without /usr/bin/chromium the tests skip, or fail when COUNTERPART_REQUIRE_BROWSER=1 (as CI sets it).
/// </summary>
public sealed class BrowserHost(ReferenceDatabases databases) : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>A county of 黔南州 with no pairing, added to the copy: its clerk must see nothing of 独山县.</summary>
    public const string OtherCounty = "522722";

    internal static readonly string[] ChromiumArgs =
        ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

    private TestDatabase? db;
    private WebApplicationFactory<Program>? app;
    private IPlaywright? playwright;
    private IBrowser? browser;
    private string? unavailable;

    public static bool Required => Environment.GetEnvironmentVariable("COUNTERPART_REQUIRE_BROWSER") == "1";

    /// <summary>Screenshots for the docs are written only when asked (COUNTERPART_SCREENSHOTS=1), so test runs leave the tree clean.</summary>
    public static bool TakeScreenshots => Environment.GetEnvironmentVariable("COUNTERPART_SCREENSHOTS") == "1";

    public string BaseUrl { get; private set; } = "";

    public WebApplicationFactory<Program> App => app ?? throw new InvalidOperationException("The host has not started.");

    public TestDatabase Database => db ?? throw new InvalidOperationException("The host has not started.");

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            unavailable = $"{ChromiumPath} not found (install the Debian package 'chromium').";
            return;
        }

        db = await TestDatabase.CopyOfAsync(await databases.GetAsync(DatabaseProvider.Sqlite));
        await AddOtherCountyAsync(db);

        app = WebHostTests.Factory(db).WithWebHostBuilder(b =>
            // Every test signs in through the form from 127.0.0.1; the production limit (10 a minute) is tested elsewhere.
        {
            b.UseSetting("Counterpart:RateLimits:LoginPerMinute", "1000");
            // The copy has no administrator yet: the first start creates one, with this password instead of printing a random one.
            b.UseSetting("Counterpart:AdminPassword", "Browser-Tests-" + Guid.NewGuid().ToString("N"));
        });
        // A free loopback port of its own. An explicit endpoint, not UseKestrel(0): that only sets the URLs, which the app's
        // appsettings.json ("Urls": "http://localhost:5080") overrides — and 5080 is the port of a developer's running app.
        app.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        app.StartServer();
        BaseUrl = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single().TrimEnd('/');

        // The browser is Debian's: Playwright must not look for, or fetch, one of its own.
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ChromiumPath, Headless = true, Args = ChromiumArgs });
    }

    /// <summary>Skips (or, in CI, fails) the calling test when there is no browser.</summary>
    public void RequireBrowser()
    {
        if (unavailable is null)
        {
            return;
        }

        if (Required)
        {
            Assert.Fail("Chromium is required (COUNTERPART_REQUIRE_BROWSER=1) but " + unavailable);
        }

        Assert.Skip("Browser tests need Chromium: " + unavailable);
    }

    /// <summary>A new account of <paramref name="role"/> in <paramref name="org"/>, signed in through the login form in a fresh browser context.</summary>
    public async Task<BrowserSession> SignInAsync(string role, string? org)
    {
        RequireBrowser();
        var (name, password) = await WebHostTests.CreateAccountAsync(App, role, org);
        var context = await browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            ViewportSize = new ViewportSize { Width = 1440, Height = 900 },
            Locale = "zh-CN",
            TimezoneId = "Asia/Shanghai",
            AcceptDownloads = true,
            ReducedMotion = ReducedMotion.Reduce,
        });
        // AntDesign's opening animations (a modal zooms in over 0.3 s) move a button between Playwright's checks and its
        // click; with every CSS animation and transition at zero length, elements are where they end up from the start.
        // A constructed style sheet, not a <style> element: CSSOM is outside the content security policy's reach.
        if (Environment.GetEnvironmentVariable("PROBE_ANIM") != "1") await context.AddInitScriptAsync("""
            (() => {
              const sheet = new CSSStyleSheet();
              sheet.replaceSync('*, *::before, *::after { animation-duration: 0s !important; animation-delay: 0s !important; transition-duration: 0s !important; transition-delay: 0s !important; }');
              document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
            })();
            """);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login");
        await page.FillAsync("input[name=userName]", name);
        await page.FillAsync("input[name=password]", password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(url => !new Uri(url).AbsolutePath.StartsWith("/login", StringComparison.Ordinal));
        return new BrowserSession(context, page);
    }

    /// <summary>Writes a screenshot of the page into docs/images (1440 wide, animations stopped) when COUNTERPART_SCREENSHOTS=1.</summary>
    public static async Task ScreenshotAsync(IPage page, string fileName)
    {
        if (!TakeScreenshots)
        {
            return;
        }

        // ECharts animates in script, which Playwright's "animations disabled" does not stop: turn it off and wait for
        // each chart's next render to finish (or 3 s).
        await page.EvaluateAsync("""
            async () => {
              const charts = [...(window.counterpartCharts?.charts?.values() ?? [])];
              await Promise.all(charts.map(chart => new Promise(done => {
                chart.on('finished', done);
                chart.setOption({ animation: false });
                setTimeout(done, 3000);
              })));
            }
            """);
        await page.ScreenshotAsync(new PageScreenshotOptions
        {
            Path = Path.Combine(Checkout.Root, "docs", "images", fileName),
            Animations = ScreenshotAnimations.Disabled,
            Caret = ScreenshotCaret.Hide,
        });
    }

    /// <summary>荔波县 under 黔南州, in the copy only (the reference data has a single western county).</summary>
    private static async Task AddOtherCountyAsync(TestDatabase database)
    {
        await using var context = database.NewContext();
        await new LedgerWriter(context).WriteAsync(WriteContext.System("test"), async (d, ct) =>
        {
            var qiannan = await d.Organizations.SingleAsync(o => o.Code == "522700", ct);
            var libo = new Organization { Code = OtherCounty, Name = "荔波县", Kind = OrgKind.County, Parent = qiannan };
            d.Add(libo);
            await d.SaveChangesAsync(ct);
            OrganizationTree.AssignPath(libo, qiannan);
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.DisposeAsync();
        }

        playwright?.Dispose();
        if (app is not null)
        {
            await app.DisposeAsync();
        }

        if (db is not null)
        {
            await db.DisposeAsync();
        }
    }
}

/// <summary>One signed-in user's browser context and page.</summary>
public sealed class BrowserSession(IBrowserContext context, IPage page) : IAsyncDisposable
{
    public IPage Page { get; } = page;

    public IBrowserContext Context { get; } = context;

    public ValueTask DisposeAsync() => new(Context.CloseAsync());
}
