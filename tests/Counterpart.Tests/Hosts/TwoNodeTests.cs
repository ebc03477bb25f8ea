using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Counterpart.Accounts;
using Counterpart.Data;
using Counterpart.Tests.Browser;
using Counterpart.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Counterpart.Tests.Hosts;

/// <summary>
/// Two web nodes as two real processes on one PostgreSQL database — different ports, data directories and home folders
/// (so nothing can be shared through memory or the file system), the same connection string and personal-data key —
/// started at the same moment on an empty database: one migrates and initializes while the other waits. A session opened
/// on node A works on node B (API, page, a form posted with A's antiforgery token, and back); an import on A is read, row
/// and figure, on B; a page rendered by A runs its Blazor circuit on B. ADR 16.
/// </summary>
public sealed class TwoNodeTests(TwoNodes nodes) : IClassFixture<TwoNodes>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TwoNodes_OneDatabase_ShareSessionsFormTokensAndData()
    {
        var (a, b, db) = await nodes.GetAsync();
        var (name, password) = await nodes.CreateClerkAsync();
        using var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() };
        using var onA = new HttpClient(handler, disposeHandler: false) { BaseAddress = a.BaseAddress };
        using var onB = new HttpClient(handler, disposeHandler: false) { BaseAddress = b.BaseAddress };

        // Signed in on A: the cookie (and the antiforgery cookie) were protected by node A.
        var signIn = await WebHostTests.SignInAsync(onA, name, password);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);

        // Used on B: the API, a page (prerendered, with its protected component state).
        var before = JsonNode.Parse(await onB.GetStringAsync(new Uri("/api/v1/ledgers/labor/records", UriKind.Relative), Ct))!;
        using var page = await onB.GetAsync(new Uri("/ledgers/labor", UriKind.Relative), Ct);
        var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync(Ct));
        Assert.Equal(0, before["total"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("就业", html, StringComparison.Ordinal);
        Assert.Matches("<!--Blazor:\\{[^>]*\"descriptor\":\"[^\"]+\"", html);

        // A form of node A posted to node B with A's antiforgery token: the password change succeeds there; B renews the
        // session cookie, which node A then accepts.
        var form = await onA.GetStringAsync(new Uri("/account", UriKind.Relative), Ct);
        var newPassword = "Nodes-" + Guid.NewGuid().ToString("N")[..12] + "-x9";
        using var changed = await WebHostTests.PostFormAsync(onB, "/account/password", form, ("current", password), ("password", newPassword), ("confirm", newPassword));
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Contains("密码已修改", WebUtility.HtmlDecode(await changed.Content.ReadAsStringAsync(Ct)), StringComparison.Ordinal);
        using (var again = await onA.GetAsync(new Uri("/api/v1/ledgers/labor/records", UriKind.Relative), Ct))
        {
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        }

        // An import on A, its rows and its figure on B.
        using var imported = await LaborFiles.ImportAsync(onA, LaborFiles.Jobs(2024, seed: 7), Ct);
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        var rows = JsonNode.Parse(await onB.GetStringAsync(new Uri("/api/v1/ledgers/labor/records?from=2024&to=2024", UriKind.Relative), Ct))!;
        var summary = JsonNode.Parse(await onB.GetStringAsync(new Uri("/api/v1/summary?org=522726&from=2024&to=2024", UriKind.Relative), Ct))!;
        Assert.Equal(3, rows["total"]!.GetValue<int>());
        Assert.All(rows["rows"]!.AsArray(), r => Assert.StartsWith("工人7", r!["cells"]!["name"]!.GetValue<string>(), StringComparison.Ordinal));
        Assert.Equal(3m, summary["indicators"]!["labor_transferred"]!.GetValue<decimal>());

        // Start-up ran once: one administrator, one data-protection key (audited once), stored encrypted.
        await using var check = db.NewContext();
        var keys = await check.Database.SqlQueryRaw<string>("SELECT \"Xml\" AS \"Value\" FROM \"DataProtectionKeys\"").ToListAsync(Ct);
        var xml = Assert.Single(keys);
        Assert.Contains("encryptedSecret", xml, StringComparison.Ordinal);
        Assert.Contains(nameof(Counterpart.Nodes.KeyRingDecryptor), xml, StringComparison.Ordinal);
        Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal);
        Assert.Equal(1, await check.Accounts.CountAsync(u => u.UserName == "admin", Ct));
        Assert.Single(await check.AuditRecords.Where(r => r.Detail != null && r.Detail.StartsWith("新建数据保护密钥")).ToListAsync(Ct));
        TestContext.Current.SendDiagnosticMessage(string.Create(CultureInfo.InvariantCulture,
            $"two nodes healthy after {nodes.StartedIn.TotalSeconds:F1} s; waited at start: A {a.Waited}, B {b.Waited}"));
    }

    [Fact]
    public async Task Circuit_OfAPageRenderedByNodeA_RunsOnNodeB()
    {
        if (!File.Exists(BrowserHost.ChromiumPath))
        {
            Assert.SkipWhen(!BrowserHost.Required, "Browser tests need Chromium: " + BrowserHost.ChromiumPath + " not found.");
            Assert.Fail("Chromium is required (COUNTERPART_REQUIRE_BROWSER=1) but " + BrowserHost.ChromiumPath + " was not found.");
        }

        var (a, b, _) = await nodes.GetAsync();
        var (name, password) = await nodes.CreateClerkAsync();
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = BrowserHost.ChromiumPath, Headless = true, Args = BrowserHost.ChromiumArgs,
        });
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { Locale = "zh-CN" });
        var page = await context.NewPageAsync();
        var sockets = new List<string>();
        page.WebSocket += (_, socket) => sockets.Add(socket.Url);

        // Signed in on A.
        await page.GotoAsync(new Uri(a.BaseAddress, "/login").ToString());
        await page.FillAsync("input[name=userName]", name);
        await page.FillAsync("input[name=password]", password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(url => !new Uri(url).AbsolutePath.StartsWith("/login", StringComparison.Ordinal));

        // The page at B's address, rendered by A (the proxy sent the page to A) — its component descriptors protected by A's
        // process —, then Blazor's script starts the circuit where the page's address is: on B.
        var target = new Uri(b.BaseAddress, "/ledgers/labor").ToString();
        var renderedByA = 0;
        await page.RouteAsync(target, async route =>
        {
            var response = await route.FetchAsync(new RouteFetchOptions { Url = new Uri(a.BaseAddress, "/ledgers/labor").ToString() });
            renderedByA++;
            await route.FulfillAsync(new RouteFulfillOptions { Response = response });
        });
        await page.GotoAsync(target);
        await page.WaitForInteractiveAsync();

        Assert.Equal(1, renderedByA);
        Assert.Contains(sockets, s => s.StartsWith(string.Create(CultureInfo.InvariantCulture, $"ws://127.0.0.1:{b.BaseAddress.Port}/_blazor"), StringComparison.Ordinal));
        Assert.False(await page.Locator("#blazor-error-ui").IsVisibleAsync());
    }
}

/// <summary>
/// The two nodes, started once for the class, lazily (so a missing PostgreSQL skips the tests, or fails them in CI). In the
/// Development environment: an unpublished build serves the framework's and AntDesign's static files only there; nothing
/// about keys, sessions or the database depends on it.
/// </summary>
public sealed class TwoNodes : IAsyncDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private (WebNode A, WebNode B, TestDatabase Db)? started;
    private string? key;

    public TimeSpan StartedIn { get; private set; }

    public async Task<(WebNode A, WebNode B, TestDatabase Db)> GetAsync()
    {
        await gate.WaitAsync(TestContext.Current.CancellationToken);
        try
        {
            if (started is { } done)
            {
                return done;
            }

            var clock = Stopwatch.StartNew();
            var db = await TestDatabase.CreateAsync(DatabaseProvider.Postgres, migrate: false);
            key = Convert.ToBase64String(ReferenceDatabases.TestKey);
            var a = WebNode.Start("A", db.Settings.ConnectionString, key);
            var b = WebNode.Start("B", db.Settings.ConnectionString, key);
            started = (a, b, db);
            await Task.WhenAll(a.WaitUntilHealthyAsync(TestContext.Current.CancellationToken), b.WaitUntilHealthyAsync(TestContext.Current.CancellationToken));
            StartedIn = clock.Elapsed;
            // The organizations a clerk of 独山县 works in, written as the server's operator would.
            await using var ctx = db.NewContext();
            await TestTree.CreateAsync(ctx);
            return started.Value;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>A clerk of 独山县, created the CLI's way (straight into the database); returns its name and password.</summary>
    public async Task<(string Name, string Password)> CreateClerkAsync()
    {
        var (_, _, db) = await GetAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Counterpart"] = db.Settings.ConnectionString, ["Counterpart:PersonalDataKey"] = key,
        }).Build();
        await using var services = new ServiceCollection().AddLogging().AddCounterpart(configuration).BuildServiceProvider();
        await using var scope = services.CreateAsyncScope();
        var name = "clerk" + Guid.NewGuid().ToString("N")[..8];
        var (_, password) = await scope.ServiceProvider.GetRequiredService<AccountAdmin>()
            .CreateAsync(WriteContext.System("test"), name, "测试 录入员", Roles.Clerk, "522726", null, TestContext.Current.CancellationToken);
        return (name, password);
    }

    public async ValueTask DisposeAsync()
    {
        if (started is { } done)
        {
            await done.A.DisposeAsync();
            await done.B.DisposeAsync();
            await done.Db.DisposeAsync();
        }

        gate.Dispose();
    }

    /// <summary>One web node: the application as built beside the tests, in a process of its own.</summary>
    public sealed class WebNode : IAsyncDisposable
    {
        private readonly Process process;
        private readonly StringBuilder output = new();
        private readonly string folder;

        private WebNode(Process process, string folder, Uri baseAddress)
        {
            this.process = process;
            this.folder = folder;
            BaseAddress = baseAddress;
        }

        public Uri BaseAddress { get; }

        /// <summary>Whether this node logged that it waited for the other's start-up work.</summary>
        public bool Waited
        {
            get
            {
                lock (output)
                {
                    return output.ToString().Contains("waiting for it to finish its start-up work", StringComparison.Ordinal);
                }
            }
        }

        public static WebNode Start(string name, string connectionString, string personalDataKey)
        {
            var folder = Directory.CreateTempSubdirectory("counterpart-node-" + name + "-").FullName;
            var port = FreePort();
            var app = WebAppPath();
            var start = new ProcessStartInfo(app)
            {
                // The project folder is the content root, as with dotnet run (wwwroot, appsettings.json).
                WorkingDirectory = Path.Combine(Checkout.Root, "src", "Counterpart.Web"), RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            };
            var env = start.Environment;
            env["Urls"] = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}");
            env["ASPNETCORE_ENVIRONMENT"] = "Development";
            env["DOTNET_ENVIRONMENT"] = "Development";
            env["ConnectionStrings__Counterpart"] = connectionString;
            env["Counterpart__PersonalDataKey"] = personalDataKey;
            env["Counterpart__DataDirectory"] = Path.Combine(folder, "data");
            env["Counterpart__SeedReferenceData"] = "false";
            env["Counterpart__AdminPassword"] = "Root-" + Guid.NewGuid().ToString("N");
            // A home of its own: data protection's default key folder (~/.aspnet) must not be what the nodes share.
            env["HOME"] = Path.Combine(folder, "home");
            env["Logging__LogLevel__Default"] = "Warning";
            env["Logging__LogLevel__Counterpart"] = "Information";
            Directory.CreateDirectory(env["HOME"]!);
            var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + app);
            var node = new WebNode(process, folder, new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/")));
            process.OutputDataReceived += (_, e) => node.Append(e.Data);
            process.ErrorDataReceived += (_, e) => node.Append(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return node;
        }

        public async Task WaitUntilHealthyAsync(CancellationToken ct)
        {
            using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
            var deadline = Stopwatch.StartNew();
            while (deadline.Elapsed < TimeSpan.FromMinutes(3))
            {
                if (process.HasExited)
                {
                    Assert.Fail($"node {BaseAddress} exited with {process.ExitCode.ToString(CultureInfo.InvariantCulture)}:\n{Output()}");
                }

                try
                {
                    using var response = await client.GetAsync(new Uri("/health", UriKind.Relative), ct);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        return;
                    }
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }
                catch (TaskCanceledException) when (!ct.IsCancellationRequested)
                {
                }

                await Task.Delay(200, ct);
            }

            Assert.Fail($"node {BaseAddress} was not healthy within three minutes:\n{Output()}");
        }

        public async ValueTask DisposeAsync()
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync(CancellationToken.None);
            process.Dispose();
            Directory.Delete(folder, recursive: true);
        }

        private void Append(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (output)
            {
                output.AppendLine(line);
            }
        }

        private string Output()
        {
            lock (output)
            {
                return output.ToString();
            }
        }

        /// <summary>The web application as built beside this test project (same configuration and framework).</summary>
        private static string WebAppPath()
        {
            var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var configuration = framework.Parent!.Name;
            return Path.Combine(Checkout.Root, "src", "Counterpart.Web", "bin", configuration, framework.Name, OperatingSystem.IsWindows() ? "Counterpart.Web.exe" : "Counterpart.Web");
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}
