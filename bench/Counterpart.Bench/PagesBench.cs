using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Counterpart.Accounts;
using Counterpart.Data;
using Counterpart.Ledgers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Counterpart.Bench;

/// <summary>
/// Server time of the back office's first screens on the reference data: the real web host (Release build, SQLite) is
/// started over a fresh reference database, a clerk of 独山县 signs in over loopback, and each page (the prerendered HTML a
/// browser gets first) is fetched repeatedly. The floor is /health of the same server in the same run: what a request
/// costs with no work behind it.
/// </summary>
internal static partial class PagesBench
{
    private const string Begin = "<!-- pages:begin -->";
    private const string End = "<!-- pages:end -->";
    private const int Warmup = 3;
    private const int Runs = 20;

    public static async Task<int> RunAsync(string? write)
    {
        var dir = Path.Combine(Path.GetTempPath(), "counterpart-pages-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(dir);
        const string password = "Bench-pages-2026!x";
        await PrepareAsync(dir, password);
        var port = 5600 + Environment.ProcessId % 300;
        using var server = StartServer(port, new Dictionary<string, string>
        {
            ["Counterpart__DataDirectory"] = dir,
            ["Counterpart__SeedReferenceData"] = "false",
            ["Counterpart__RateLimits__ApiPerMinute"] = "100000",
        });
        try
        {
            using var client = await SignInAsync(port, "bench.clerk", password);
            var pages = new List<(string What, string Path)> { ("floor: /health", "/health"), ("首页（仪表盘）", "/"), ("劳务协作 22,033 人明细", "/figures/labor_transferred") };
            pages.AddRange(LedgerCatalog.All.Select(l => ($"台账页 {l.Title}", $"/ledgers/{l.Name}")));
            var results = new List<(string What, string Path, double Median, double P95)>();
            foreach (var (what, path) in pages)
            {
                var (median, p95) = await TimeAsync(client, path);
                results.Add((what, path, median, p95));
                Console.WriteLine($"{path,-32} median {median,7:F1} ms  p95 {p95,7:F1} ms");
            }

            var floor = results[0].Median;
            var table = new StringBuilder();
            table.AppendLine(CultureInfo.InvariantCulture, $"Measured {DateTime.UtcNow:yyyy-MM-dd} on {Environment.ProcessorCount} cores, the reference data (SQLite), Release build, loopback HTTP, a clerk of 独山县; {Runs} requests per page after {Warmup} warm-ups.");
            table.AppendLine();
            table.AppendLine("| Page | Path | Median (ms) | p95 (ms) | Ratio to floor | Target |");
            table.AppendLine("|---|---|---:|---:|---:|---|");
            foreach (var (what, path, median, p95) in results)
            {
                var target = path.StartsWith("/ledgers/", StringComparison.Ordinal) ? "< 300 ms" : "";
                table.AppendLine(CultureInfo.InvariantCulture, $"| {what} | `{path}` | {median:F1} | {p95:F1} | {median / floor:F1}× | {target} |");
            }

            Console.WriteLine(table);
            if (write is not null)
            {
                var doc = await File.ReadAllTextAsync(write);
                var from = doc.IndexOf(Begin, StringComparison.Ordinal);
                var to = doc.IndexOf(End, StringComparison.Ordinal);
                if (from < 0 || to < from)
                {
                    throw new InvalidOperationException($"{write} has no {Begin} … {End} section.");
                }

                await File.WriteAllTextAsync(write, doc[..(from + Begin.Length)] + "\n" + table + doc[to..]);
                Console.WriteLine($"written to {write}");
            }

            return 0;
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>A migrated database with the reference data and a clerk of 独山县 with a known password.</summary>
    private static async Task PrepareAsync(string dir, string password)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Counterpart"] = $"Data Source={Path.Combine(dir, "counterpart.db")}",
            ["Counterpart:DataDirectory"] = dir,
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddCounterpart(configuration);
        await using var provider = services.BuildServiceProvider();
        await provider.InitializeDatabaseAsync(seedReferenceData: true);
        await using var scope = provider.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AccountAdmin>()
            .CreateAsync(WriteContext.System("bench"), "bench.clerk", "基准测试录入员", Roles.Clerk, "522726", password);
    }

    /// <summary>The web host built next to this benchmark (same configuration), on its own port, configured by <paramref name="environment"/>.</summary>
    internal static Process StartServer(int port, IReadOnlyDictionary<string, string> environment)
    {
        var web = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../src/Counterpart.Web/bin/Release/net10.0/Counterpart.Web.dll"));
        if (!File.Exists(web))
        {
            throw new InvalidOperationException($"Build the web host first: dotnet build -c Release src/Counterpart.Web ({web} is missing).");
        }

        // --urls on the command line: appsettings.json names the default port, which would win over ASPNETCORE_URLS.
        var start = new ProcessStartInfo("dotnet", [web, "--urls", $"http://127.0.0.1:{port}"])
        {
            WorkingDirectory = Path.GetDirectoryName(web)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task<HttpClient> SignInAsync(int port, string user, string password)
    {
        var client = Client(port);
        await WaitUntilUpAsync(client);
        await SignInAsync(client, user, password);
        return client;
    }

    /// <summary>A client of its own (cookies, one connection), as one browser.</summary>
    internal static HttpClient Client(int port) =>
        new(new SocketsHttpHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false, UseCookies = true })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{port}"),
            Timeout = TimeSpan.FromMinutes(5),
        };

    /// <summary>Until /health answers (the host migrates, checks the key and starts first; up to five minutes).</summary>
    internal static async Task WaitUntilUpAsync(HttpClient client)
    {
        for (var i = 0; ; i++)
        {
            try
            {
                if ((await client.GetAsync(new Uri("/health", UriKind.Relative))).IsSuccessStatusCode)
                {
                    break;
                }
            }
            catch (HttpRequestException) when (i < 600)
            {
            }

            await Task.Delay(500);
        }
    }

    /// <summary>The sign-in form fetched and posted, as a browser does; throws unless the host redirects (signed in).</summary>
    internal static async Task SignInAsync(HttpClient client, string user, string password)
    {
        var form = await client.GetStringAsync(new Uri("/login", UriKind.Relative));
        var token = TokenPattern().Match(form).Groups[1].Value;
        using var body = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["userName"] = user, ["password"] = password });
        var response = await client.PostAsync(new Uri("/login", UriKind.Relative), body);
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"sign-in failed: {(int)response.StatusCode}");
        }
    }

    private static async Task<(double Median, double P95)> TimeAsync(HttpClient client, string path)
    {
        var times = new List<double>();
        for (var i = 0; i < Warmup + Runs; i++)
        {
            var watch = Stopwatch.StartNew();
            using var response = await client.GetAsync(new Uri(path, UriKind.Relative), HttpCompletionOption.ResponseContentRead);
            watch.Stop();
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"{path}: {(int)response.StatusCode}");
            }

            if (i >= Warmup)
            {
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
        }

        times.Sort();
        return (times[times.Count / 2], times[(int)Math.Ceiling(times.Count * 0.95) - 1]);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
