using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Counterpart.Accounts;
using Counterpart.Data;
using Counterpart.Ledgers;
using Counterpart.Pairings;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Counterpart.Bench.National;

/// <summary>
/// The load test at national size: the real web host (Release build) over the national database, and on the same
/// machine, over loopback, a closed loop of N virtual users (200 by default) — each a client of its own with its own
/// cookies and connection, a clerk of its own county — that send one request after another for a fixed time. One phase
/// per endpoint: the ceiling (/health, a trivial JSON answer of the same server), the five-year summary of the user's
/// pairing (JSON API), the first page of the labor ledger in the user's scope (JSON API), the dashboard (the HTML the
/// server renders) and sign-in (form fetched and posted). Each phase starts with one unrecorded request per user, so
/// the recorded window measures the steady state. Rate limits are lifted for the run: they guard a real deployment
/// against abuse and would otherwise be what is measured.
/// </summary>
internal static class NationalLoad
{
    private const string Password = "Bench-load-2026!x";

    internal sealed record Phase(string What, string Path, long Requests, long Errors, double Seconds, double P50, double P95, double P99, string FirstError)
    {
        public double Rps => Requests / Seconds;
    }

    public static async Task<int> RunAsync(DatabaseSettings database, string keyFile, int users, int seconds, string? write)
    {
        var accounts = await PrepareAccountsAsync(database, keyFile, users);
        var port = 5300 + Environment.ProcessId % 300;
        var dataDir = Path.Combine(Path.GetTempPath(), "counterpart-load-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(dataDir);
        using var server = PagesBench.StartServer(port, new Dictionary<string, string>
        {
            ["ConnectionStrings__Counterpart"] = database.ConnectionString,
            ["Counterpart__Database__Provider"] = database.Provider.ToString(),
            ["Counterpart__KeyFile"] = Path.GetFullPath(keyFile),
            ["Counterpart__DataDirectory"] = dataDir,
            ["Counterpart__SeedReferenceData"] = "false",
            ["Counterpart__RateLimits__ApiPerMinute"] = "100000000",
            ["Counterpart__RateLimits__LoginPerMinute"] = "100000000",
        });
        var clients = accounts.Select(_ => PagesBench.Client(port)).ToArray();
        try
        {
            var started = Stopwatch.StartNew();
            await PagesBench.WaitUntilUpAsync(clients[0]);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{database.Describe()}: host up after {started.Elapsed.TotalSeconds:F1} s; {users} users, {seconds} s per phase"));
            var phases = new List<Phase>();

            // Sign-in first: it leaves every user signed in for the phases after it.
            phases.Add(await RunPhaseAsync("sign-in (form + post)", "/login", clients, seconds, async (client, i) =>
            {
                client.DefaultRequestHeaders.Clear();
                await PagesBench.SignInAsync(client, accounts[i].UserName, Password);
                return HttpStatusCode.Redirect;
            }, HttpStatusCode.Redirect));
            phases.Add(await RunPhaseAsync("ceiling: trivial JSON", "/health", clients, seconds, (client, _) => GetAsync(client, "/health")));
            phases.Add(await RunPhaseAsync("summary, 5 years (JSON)", "/api/v1/summary?pairing=…&from=2021&to=2025", clients, seconds,
                (client, i) => GetAsync(client, $"/api/v1/summary?pairing={accounts[i].Pairing}&from=2021&to=2025")));
            phases.Add(await RunPhaseAsync("labor ledger, page 1 (JSON)", "/api/v1/ledgers/labor/records?page=1&size=50", clients, seconds,
                (client, _) => GetAsync(client, "/api/v1/ledgers/labor/records?page=1&size=50")));
            phases.Add(await RunPhaseAsync("dashboard (HTML)", "/", clients, seconds, (client, _) => GetAsync(client, "/")));

            var ceiling = phases.Single(p => p.Path == "/health").Rps;
            foreach (var p in phases)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{p.What,-30} {p.Requests,8:N0} req {p.Rps,9:F1}/s ({p.Rps / ceiling * 100,5:F1} % of ceiling)  p50 {p.P50,8:F1} ms  p95 {p.P95,8:F1} ms  p99 {p.P99,8:F1} ms  errors {p.Errors}{(p.Errors > 0 ? " first: " + p.FirstError : "")}"));
            }

            if (write is not null)
            {
                Write(write, database, users, seconds, phases, ceiling);
            }

            return phases.Sum(p => p.Errors) == 0 ? 0 : 1;
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }

            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
            Directory.Delete(dataDir, recursive: true);
        }
    }

    private static async Task<HttpStatusCode> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), HttpCompletionOption.ResponseContentRead);
        return response.StatusCode;
    }

    /// <summary>
    /// Every user sends requests back to back until the phase ends: one unrecorded request each first (all at once), then
    /// the recorded window of <paramref name="seconds"/>. A request that throws or answers other than
    /// <paramref name="expected"/> is an error.
    /// </summary>
    private static async Task<Phase> RunPhaseAsync(string what, string path, HttpClient[] clients, int seconds, Func<HttpClient, int, Task<HttpStatusCode>> request,
        HttpStatusCode expected = HttpStatusCode.OK)
    {
        var firstError = "";
        await Task.WhenAll(clients.Select(async (c, i) =>
        {
            try
            {
                await request(c, i);
            }
            catch (Exception e) when (e is HttpRequestException or InvalidOperationException or TaskCanceledException)
            {
                firstError = e.Message;
            }
        }));
        var latencies = clients.Select(_ => new List<double>()).ToArray();
        var errors = new long[clients.Length];
        var window = Stopwatch.StartNew();
        var end = TimeSpan.FromSeconds(seconds);
        await Task.WhenAll(clients.Select((c, i) => Task.Run(async () =>
        {
            while (window.Elapsed < end)
            {
                var t = Stopwatch.GetTimestamp();
                try
                {
                    var status = await request(c, i);
                    if (status != expected)
                    {
                        errors[i]++;
                        firstError = $"HTTP {(int)status}";
                    }
                }
                catch (Exception e) when (e is HttpRequestException or InvalidOperationException or TaskCanceledException)
                {
                    errors[i]++;
                    firstError = e.Message;
                }

                latencies[i].Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            }
        })));
        var elapsed = window.Elapsed.TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        double At(double q) => all.Length == 0 ? 0 : all[Math.Min(all.Length - 1, (int)Math.Ceiling(all.Length * q) - 1)];
        return new Phase(what, path, all.Length, errors.Sum(), elapsed, At(0.50), At(0.95), At(0.99), firstError);
    }

    /// <summary>
    /// One clerk per county, first counties first (round again past the last): "load.0001" … with a known password.
    /// Made once; later runs reuse them (the password is set again).
    /// </summary>
    private static async Task<List<(string UserName, string Pairing)>> PrepareAccountsAsync(DatabaseSettings database, string keyFile, int users)
    {
        await using var services = NationalGenerator.Services(database, keyFile);
        await services.CheckPersonalDataKeyAsync();
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CounterpartDbContext>();
        var admin = scope.ServiceProvider.GetRequiredService<AccountAdmin>();
        var manager = scope.ServiceProvider.GetRequiredService<UserManager<Account>>();
        await admin.EnsureRolesAsync();
        var pairings = await db.Rows<Pairing>(Scope.Everything).Where(p => p.Kind == PairingKind.DistrictCounty)
            .OrderBy(p => p.WestOrg!.Code).Select(p => new { East = p.EastOrg!.Code, West = p.WestOrg!.Code }).ToListAsync();
        var accounts = new List<(string, string)>();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < users; i++)
        {
            var pairing = pairings[i % pairings.Count];
            var name = string.Create(CultureInfo.InvariantCulture, $"load.{i + 1:D4}");
            if (await manager.FindByNameAsync(name) is null)
            {
                await admin.CreateAsync(WriteContext.System("national-load"), name, $"压力测试录入员{i + 1}", Roles.Clerk, pairing.West, Password);
            }

            accounts.Add((name, $"{pairing.East}:{pairing.West}"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{users} accounts ready in {clock.Elapsed.TotalSeconds:F1} s"));
        return accounts;
    }

    private static void Write(string path, DatabaseSettings database, int users, int seconds, List<Phase> phases, double ceiling)
    {
        var tag = database.Provider == DatabaseProvider.Postgres ? "national-load-postgres" : "national-load-sqlite";
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture,
                $"Measured {DateTime.UtcNow:yyyy-MM-dd} on {Environment.ProcessorCount} cores shared by the server and the client, {(database.Provider == DatabaseProvider.Postgres ? "PostgreSQL" : "SQLite")}, the national dataset; ")
            .Append(CultureInfo.InvariantCulture, $"{users} concurrent users (each a clerk of its own county), {seconds} s per endpoint after one unrecorded request per user.\n\n")
            .Append("| Endpoint | Path | Requests | Requests/s | Share of ceiling | p50 (ms) | p95 (ms) | p99 (ms) | Errors |\n|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
        foreach (var p in phases)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"| {p.What} | `{p.Path}` | {p.Requests:N0} | {p.Rps:F1} | {p.Rps / ceiling * 100:F1} % | {p.P50:F1} | {p.P95:F1} | {p.P99:F1} | {p.Errors} |\n");
        }

        var doc = File.ReadAllText(path);
        var begin = $"<!-- {tag}:begin -->";
        var end = $"<!-- {tag}:end -->";
        var from = doc.IndexOf(begin, StringComparison.Ordinal);
        var to = doc.IndexOf(end, StringComparison.Ordinal);
        doc = from >= 0 && to > from ? doc[..(from + begin.Length)] + "\n" + text + doc[to..] : doc + $"\n{begin}\n{text}{end}\n";
        File.WriteAllText(path, doc);
    }
}
