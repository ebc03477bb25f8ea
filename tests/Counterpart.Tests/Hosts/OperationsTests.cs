using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Counterpart.Accounts;
using Counterpart.Data;
using Counterpart.Indicators;
using Counterpart.People;
using Counterpart.Tests.Infrastructure;
using Counterpart.Web;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Counterpart.Tests.Hosts;

/// <summary>Readiness, metrics and their access rule, and structured logs without personal data (ADR 17).</summary>
public sealed class OperationsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task HealthReady_ReadyUntilTheDatabasesKeyIsAnother_Then503WithTheReason_WhileLivenessStaysOk(DatabaseProvider provider)
    {
        var (db, app) = await WebHostTests.PrivateHostAsync(provider);
        await using var _ = db;
        await using var __ = app;
        using var client = app.CreateClient();

        var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative), Ct);
        var readyJson = JsonNode.Parse(await ready.Content.ReadAsStringAsync(Ct))!;
        await using (var ctx = db.NewContext())
        {
            var connection = ctx.Database.GetDbConnection();
            await connection.OpenAsync(Ct);
            await using var tamper = connection.CreateCommand();
            tamper.CommandText = "UPDATE \"PersonalDataKeyStates\" SET \"KeyId\" = '0000000000000000'";
            Assert.Equal(1, await tamper.ExecuteNonQueryAsync(Ct));
        }

        var unready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative), Ct);
        var unreadyJson = JsonNode.Parse(await unready.Content.ReadAsStringAsync(Ct))!;
        var live = await client.GetAsync(new Uri("/health", UriKind.Relative), Ct);

        Assert.Equal((HttpStatusCode.OK, "ready"), (ready.StatusCode, readyJson["status"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, unready.StatusCode);
        Assert.Equal(("unready", "personal-data key does not match the database"), (unreadyJson["status"]!.GetValue<string>(), unreadyJson["reason"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("no-store", unready.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task Metrics_FromLoopbackDirectly_PrometheusTextWithImportAndSummaryMetrics_ThroughAProxyRefused()
    {
        var (db, app) = await WebHostTests.PrivateHostAsync(DatabaseProvider.Sqlite);
        await using var _ = db;
        await using var __ = app;
        app.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        app.StartServer();
        var baseUrl = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single().TrimEnd('/');
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var importer = scope.ServiceProvider.GetRequiredService<Counterpart.Ledgers.LedgerImporter>();
            await using var good = new MemoryStream(Encoding.UTF8.GetBytes(LaborFiles.Jobs(2023, 3)));
            Assert.Equal(Counterpart.Ledgers.ImportStatus.Committed, (await importer.ImportAsync(good, "就业.csv", "labor", new Counterpart.Ledgers.ImportOptions("test"), ct: Ct)).Status);
            await using var bad = new MemoryStream(Encoding.UTF8.GetBytes(LaborFiles.Jobs(2023, 4).Replace("2023-03-01", "2023-13-01", StringComparison.Ordinal)));
            Assert.Equal(Counterpart.Ledgers.ImportStatus.Rejected, (await importer.ImportAsync(bad, "就业.csv", "labor", new Counterpart.Ledgers.ImportOptions("test"), ct: Ct)).Status);
            await scope.ServiceProvider.GetRequiredService<IndicatorService>().ForOrganizationAsync("522726", 2023, 2023, Scope.Everything, Ct);
        }

        using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/health", UriKind.Relative), Ct)).StatusCode);
        var metrics = await http.GetAsync(new Uri("/metrics", UriKind.Relative), Ct);
        var text = await metrics.Content.ReadAsStringAsync(Ct);
        using var proxied = new HttpRequestMessage(HttpMethod.Get, new Uri("/metrics", UriKind.Relative));
        proxied.Headers.Add("X-Forwarded-For", "203.0.113.7");
        var throughProxy = await http.SendAsync(proxied, Ct);

        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        Assert.StartsWith("text/plain", metrics.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        Assert.Matches(@"counterpart_imports_total\{[^}]*ledger=""labor""[^}]*outcome=""committed""[^}]*\} [1-9]", text);
        Assert.Matches(@"counterpart_imports_total\{[^}]*ledger=""labor""[^}]*outcome=""rejected""[^}]*\} [1-9]", text);
        Assert.Matches(@"counterpart_import_rows_total\{[^}]*ledger=""labor""[^}]*\} [3-9]", text);
        Assert.Contains("counterpart_import_duration_seconds_bucket{", text, StringComparison.Ordinal);
        Assert.Contains("counterpart_indicator_summary_duration_seconds_count{", text, StringComparison.Ordinal);
        Assert.Contains("http_server_request_duration_seconds_bucket{", text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, throughProxy.StatusCode);
    }

    [Theory]
    [InlineData(null, "127.0.0.1", null, true)]
    [InlineData(null, "::1", null, true)]
    [InlineData(null, "::ffff:127.0.0.1", null, true)]
    [InlineData(null, "10.1.2.3", null, false)]
    [InlineData(null, "127.0.0.1", "203.0.113.7", false)]
    [InlineData("10.0.5.0/24", "10.0.5.9", null, true)]
    [InlineData("10.0.5.0/24", "127.0.0.1", null, false)]
    [InlineData("", "127.0.0.1", null, false)]
    public void MetricsAccess_ByNetworkAndForwarding_OnlyDirectClientsOfTheListedNetworks(string? allowFrom, string client, string? forwardedFor, bool allowed)
    {
        var settings = new Dictionary<string, string?>();
        if (allowFrom is not null)
        {
            settings["Counterpart:Metrics:AllowFrom:0"] = allowFrom;
        }

        var access = MetricsAccess.From(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(client);
        if (forwardedFor is not null)
        {
            context.Request.Headers["X-Forwarded-For"] = forwardedFor;
        }

        Assert.Equal(allowed, access.Allows(context));
    }

    [Fact]
    public async Task Logs_OfLaborImportsAndASearch_HoldNoIdNumberPhoneOrPovertyStatus_AndCarryTheRequestId()
    {
        var capture = new CapturingLoggerProvider();
        var (db, host) = await WebHostTests.PrivateHostAsync(DatabaseProvider.Sqlite);
        await using var _ = db;
        await using var app = host.WithWebHostBuilder(b =>
        {
            b.UseSetting("Counterpart:Logging:Json", "true");
            b.ConfigureLogging(l => l.AddProvider(capture).AddFilter<CapturingLoggerProvider>(null, LogLevel.Trace));
        });
        using var clerk = await WebHostTests.SignedInClientAsync(app, Roles.Clerk, "522726");
        var file = LaborFiles.Jobs(2023, 5, phonePrefix: "1390000000");
        var ids = Regex.Matches(file, "[0-9]{17}[0-9X]").Select(m => m.Value).ToList();

        var committed = await LaborFiles.ImportAsync(clerk, file, Ct);
        var rejected = await LaborFiles.ImportAsync(clerk, file.Replace("2023-03-01", "2023-13-01", StringComparison.Ordinal), Ct);
        var search = await clerk.GetAsync(new Uri($"/api/v1/ledgers/labor/records/?search={ids[0]}", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.OK, committed.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, rejected.StatusCode);
        Assert.Equal(HttpStatusCode.OK, search.StatusCode);
        Assert.Equal(3, ids.Count);
        // Everything at every level, but ASP.NET Core's "Request starting" line, which carries the query string (the
        // search above): the host keeps that category at Warning whatever the configuration says.
        var entries = capture.Entries.Where(e => e.Category != "Microsoft.AspNetCore.Hosting.Diagnostics").ToList();
        Assert.True(entries.Count > 50, $"only {entries.Count} log entries captured");
        var personal = ids.Concat(["13900000000", "13900000001", "13900000002", "一般农户", "脱贫户", "监测户"]).ToList();
        Assert.Empty(entries.SelectMany(e => personal.Where(p => e.Text.Contains(p, StringComparison.Ordinal)).Select(p => $"{e.Category}: {p} in {e.Text}")));
        Assert.Empty(entries.SelectMany(e => PersonalDataScanTests.IdLike().Matches(e.Text)).Where(m => ResidentId.Parse(m.Value).IsValid).Select(m => m.Value));
        // One line per request, in the request's scope (its id and trace id), with the route rather than what was typed.
        var import = entries.Where(e => e.Category == "Counterpart.Requests" && e.Text.Contains("/api/v1/imports", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, import.Count);
        Assert.All(import, e => Assert.Contains("RequestId=", e.Text, StringComparison.Ordinal));
        Assert.All(import, e => Assert.Contains("TraceId=", e.Text, StringComparison.Ordinal));
        Assert.Contains(entries, e => e.Category == "Counterpart.Requests" && e.Text.Contains("Route=/api/v1/ledgers/{ledger}/records/", StringComparison.Ordinal));
        // The console writes JSON with the scopes.
        Assert.Equal(ConsoleFormatterNames.Json, app.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue.FormatterName);
        Assert.True(app.Services.GetRequiredService<IOptionsMonitor<JsonConsoleFormatterOptions>>().CurrentValue.IncludeScopes);
    }

    /// <summary>Every log entry at every level, as text: message, state values, exception and scopes.</summary>
    private sealed class CapturingLoggerProvider : ILoggerProvider, ISupportExternalScope
    {
        private IExternalScopeProvider scopes = new LoggerExternalScopeProvider();

        public ConcurrentQueue<(string Category, string Text)> Queue { get; } = new();

        public IEnumerable<(string Category, string Text)> Entries => Queue;

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => scopes = scopeProvider;

        public void Dispose()
        {
        }

        private sealed class Logger(CapturingLoggerProvider provider, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => provider.scopes.Push(state);

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var text = new StringBuilder(formatter(state, exception));
                Append(text, state);
                text.Append(' ').Append(exception);
                provider.scopes.ForEachScope((scope, builder) => Append(builder, scope), text);
                provider.Queue.Enqueue((category, text.ToString()));
            }

            private static void Append(StringBuilder text, object? value)
            {
                if (value is IEnumerable<KeyValuePair<string, object?>> pairs)
                {
                    foreach (var (key, item) in pairs)
                    {
                        text.Append(' ').Append(key).Append('=').Append(item);
                    }

                    return;
                }

                text.Append(' ').Append(value);
            }
        }
    }
}
