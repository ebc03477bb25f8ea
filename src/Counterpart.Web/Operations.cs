using System.Diagnostics;
using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json;
using Counterpart.Data;
using Counterpart.Operations;
using Counterpart.People;
using Microsoft.AspNetCore.HttpOverrides;
using IPNetwork = System.Net.IPNetwork;
using Microsoft.Data.Sqlite;
using Npgsql;
using OpenTelemetry.Metrics;

namespace Counterpart.Web;

/// <summary>
/// What operators and load balancers need from a node (ADR 17, docs/deployment.md): liveness (<c>/health</c>) and
/// readiness (<c>/health/ready</c>), metrics in Prometheus format (<c>/metrics</c>, only to the networks
/// <c>Counterpart:Metrics:AllowFrom</c> lists — loopback by default — and never through the reverse proxy), JSON
/// console logs with the request id (<c>Counterpart:Logging:Json</c>) and one log line per request, the client
/// address and scheme forwarded by a trusted reverse proxy, and a connection held open for as long as the site runs
/// so that <c>db restore</c> can tell the site is running.
/// </summary>
internal static partial class Operations
{
    public static void AddOperations(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        if (configuration.GetValue("Counterpart:Logging:Json", false))
        {
            builder.Logging.AddJsonConsole(o =>
            {
                // Scopes carry the request id, trace id and path of everything logged while serving a request.
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
                o.JsonWriterOptions = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
            });
        }

        // ASP.NET Core's "Request starting …" line carries the query string — what a user searched for, an ID number
        // included — so it stays off whatever the configuration says; the request log below writes the path only.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(CounterpartMetrics.MeterName)
            // Request rates and durations by route, Kestrel connections, rate-limiter rejections …
            .AddAspNetCoreInstrumentation()
            // Blazor Server circuits open on this node (what sticky sessions spread), and the .NET runtime (GC, thread pool).
            .AddMeter("Microsoft.AspNetCore.Components.Server.Circuits", "System.Runtime")
            .AddPrometheusExporter());
        builder.Services.AddSingleton(MetricsAccess.From(configuration));
        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // Loopback is trusted by default (nginx on the same machine); a proxy elsewhere is listed by address.
            foreach (var proxy in configuration.GetSection("Counterpart:ReverseProxy:KnownProxies").Get<string[]>() ?? [])
            {
                o.KnownProxies.Add(IPAddress.Parse(proxy));
            }
        });
        builder.Services.AddHostedService<DatabasePresence>();
    }

    /// <summary>First in the pipeline: the client's address and scheme, the request log, and the metrics guard.</summary>
    public static void UseOperations(this WebApplication app)
    {
        app.UseForwardedHeaders();
        if (app.Configuration.GetValue("Counterpart:Logging:Requests", app.Configuration.GetValue("Counterpart:Logging:Json", false)))
        {
            app.Use(LogRequestAsync);
        }

        var access = app.Services.GetRequiredService<MetricsAccess>();
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/metrics", StringComparison.OrdinalIgnoreCase) && !access.Allows(context))
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                context.Response.ContentType = "text/plain; charset=utf-8";
                await context.Response.WriteAsync("Metrics are served only to the networks in Counterpart:Metrics:AllowFrom, directly (not through a proxy).", context.RequestAborted);
                return;
            }

            await next(context);
        });
    }

    public static void MapOperations(this WebApplication app)
    {
        // Liveness: the process answers. No database, so a slow database never gets a node restarted.
        app.MapGet("/health", (HttpContext context) =>
        {
            context.Response.Headers.CacheControl = "no-store";
            return Results.Ok(new { status = "ok" });
        });
        // Readiness: whether to send this node traffic (database, migrations, personal-data key).
        app.MapGet("/health/ready", async (HttpContext context, CounterpartDbContext db, PersonalDataProtector protector, ILoggerFactory logs, CancellationToken ct) =>
        {
            context.Response.Headers.CacheControl = "no-store";
            var result = await Readiness.CheckAsync(db, protector, ct);
            if (result.Ready)
            {
                return Results.Ok(new { status = "ready" });
            }

            LogUnready(logs.CreateLogger("Counterpart.Health"), result.Reason!);
            return Results.Json(new { status = "unready", reason = result.Reason }, statusCode: StatusCodes.Status503ServiceUnavailable);
        });
        app.MapPrometheusScrapingEndpoint("/metrics");
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Not ready: {Reason}")]
    private static partial void LogUnready(ILogger logger, string reason);

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "HTTP {Method} {Path} ({Route}) responded {StatusCode} in {ElapsedMs} ms")]
    private static partial void LogRequest(ILogger logger, string method, string path, string route, int statusCode, long elapsedMs);

    /// <summary>
    /// One line per request — method, path, route, status, time — in the request's scope (request id, trace id). Never
    /// the query string: searches and filters travel there. Paths carry no personal data: routes take internal ids,
    /// ledger names, organization and indicator codes.
    /// </summary>
    private static async Task LogRequestAsync(HttpContext context, RequestDelegate next)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Counterpart.Requests");
            if (logger.IsEnabled(LogLevel.Information))
            {
                var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "-";
                var path = context.Request.Path.Value ?? "";
                var elapsed = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                LogRequest(logger, context.Request.Method, path, route, context.Response.StatusCode, elapsed);
            }
        }
    }
}

/// <summary>
/// Who may read /metrics: a client connected directly (no forwarding header — a request through the reverse proxy is
/// refused even from an allowed address) from one of the networks in <c>Counterpart:Metrics:AllowFrom</c> (CIDR, e.g.
/// <c>10.0.5.0/24</c>); by default loopback only. An empty list turns metrics off for everyone.
/// </summary>
internal sealed class MetricsAccess(IReadOnlyList<IPNetwork> allowed)
{
    public static MetricsAccess From(IConfiguration configuration)
    {
        var section = configuration.GetSection("Counterpart:Metrics:AllowFrom");
        var networks = section.Exists()
            ? (section.Get<string[]>() ?? []).Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => IPNetwork.Parse(s.Trim())).ToList()
            : [IPNetwork.Parse("127.0.0.0/8"), IPNetwork.Parse("::1/128")];
        return new MetricsAccess(networks);
    }

    public IReadOnlyList<IPNetwork> Allowed => allowed;

    public bool Allows(HttpContext context)
    {
        var headers = context.Request.Headers;
        if (headers.ContainsKey("X-Forwarded-For") || headers.ContainsKey("X-Original-For") || headers.ContainsKey("Forwarded"))
        {
            return false;
        }

        var address = context.Connection.RemoteIpAddress;
        if (address is null)
        {
            return false;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        return allowed.Any(n => n.Contains(address));
    }
}

/// <summary>
/// One connection to the database, opened when the site has started and closed when it stops: while it is open, the
/// database is visibly in use — SQLite: a shared lock that <c>db restore</c>'s exclusive lock cannot get past;
/// PostgreSQL: a session named <c>counterpart-web</c> that <c>db restore</c> sees — even when the site is idle and
/// its pool has closed every other connection. It costs one connection per node (count it in max_connections).
/// </summary>
internal sealed partial class DatabasePresence(DatabaseSettings settings, ILogger<DatabasePresence> logger) : IHostedService, IAsyncDisposable
{
    private System.Data.Common.DbConnection? connection;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            connection = settings.Provider == DatabaseProvider.Postgres
                ? new NpgsqlConnection(new NpgsqlConnectionStringBuilder(settings.ConnectionString) { Pooling = false, ApplicationName = "counterpart-web" }.ConnectionString)
                : new SqliteConnection(new SqliteConnectionStringBuilder(settings.ConnectionString) { Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString());
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            // SQLite takes the shared lock on the first read and keeps it while the connection is open (WAL mode).
            command.CommandText = settings.Provider == DatabaseProvider.Postgres ? "SELECT 1" : "SELECT count(*) FROM sqlite_master";
            await command.ExecuteScalarAsync(cancellationToken);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException)
        {
            // Only a guard for restores: the site runs without it (the readiness check reports the database).
            LogNoPresence(logger, e.Message);
            await DisposeAsync();
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        if (connection is not null)
        {
            await connection.DisposeAsync();
            connection = null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not hold the presence connection to the database ({Error}); db restore will not see that the site runs.")]
    private static partial void LogNoPresence(ILogger logger, string error);
}
