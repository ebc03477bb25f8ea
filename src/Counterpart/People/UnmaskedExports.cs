using Counterpart.Accounts;
using Counterpart.Audit;
using Counterpart.Data;
using Counterpart.Ledgers;
using Counterpart.Organizations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Counterpart.People;

public enum ExportDecision
{
    Pending,
    Approved,
    Refused,
}

/// <summary>
/// A request for one export of a ledger with personal numbers in the clear: asked with a reason by an account holding the
/// reveal permission, decided by a reviewer of the subtree who is not the requester, downloadable once by the requester
/// within a day of the approval. Every step is audited.
/// </summary>
public sealed class UnmaskedExportRequest
{
    public long Id { get; set; }
    public required string Ledger { get; set; }

    /// <summary>The unit whose subtree is exported.</summary>
    public long OrgId { get; set; }
    public Organization? Org { get; set; }
    public int FromYear { get; set; }
    public int ToYear { get; set; }
    public bool Csv { get; set; }
    public required string Reason { get; set; }
    public required string RequestedBy { get; set; }
    public DateTime RequestedAtUtc { get; set; }
    public ExportDecision Decision { get; set; }
    public string? DecidedBy { get; set; }
    public DateTime? DecidedAtUtc { get; set; }
    public string? DecisionNote { get; set; }
    public DateTime? ExpiresAtUtc { get; set; }
    public DateTime? DownloadedAtUtc { get; set; }
}

internal sealed class UnmaskedExportRequestConfiguration : IEntityTypeConfiguration<UnmaskedExportRequest>
{
    public void Configure(EntityTypeBuilder<UnmaskedExportRequest> b)
    {
        b.Property(r => r.Ledger).HasMaxLength(64);
        b.Property(r => r.Reason).HasMaxLength(500);
        b.Property(r => r.RequestedBy).HasMaxLength(128);
        b.Property(r => r.DecidedBy).HasMaxLength(128);
        b.Property(r => r.DecisionNote).HasMaxLength(500);
        b.HasOne(r => r.Org).WithMany().HasForeignKey(r => r.OrgId).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>The API of unmasked exports: request, list, approve or refuse, download once.</summary>
public static class UnmaskedExportEndpoints
{
    /// <summary>How long an approved export stays downloadable.</summary>
    public static readonly TimeSpan Validity = TimeSpan.FromHours(24);

    public sealed record ExportRequest(string? Ledger, string? Org, int? From, int? To, string? Format, string? Reason);

    public sealed record DecisionRequest(string? Reason);

    public static RouteGroupBuilder MapUnmaskedExportApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/unmasked-exports");
        group.MapPost("/", RequestAsync).RequireAuthorization(Policies.RevealPersonalData).WithName("RequestUnmaskedExport")
            .WithSummary("Ask for one export of a ledger with ID and phone numbers in the clear (reveal permission and a reason; a reviewer decides).");
        group.MapGet("/", ListAsync).RequireAuthorization(Policies.ReadData).WithName("ListUnmaskedExports")
            .WithSummary("The account's own requests, and for a reviewer those of their subtree.");
        group.MapPost("/{id:long}/approve", (long id, DecisionRequest? body, CounterpartDbContext db, HttpContext http, TimeProvider clock, CancellationToken ct) =>
                DecideAsync(id, ExportDecision.Approved, body?.Reason, db, http, clock, ct))
            .RequireAuthorization(Policies.Review).WithName("ApproveUnmaskedExport").WithSummary("Approve a pending request of the subtree (not one's own).");
        group.MapPost("/{id:long}/refuse", (long id, DecisionRequest? body, CounterpartDbContext db, HttpContext http, TimeProvider clock, CancellationToken ct) =>
                DecideAsync(id, ExportDecision.Refused, body?.Reason, db, http, clock, ct))
            .RequireAuthorization(Policies.Review).WithName("RefuseUnmaskedExport").WithSummary("Refuse a pending request, with a reason.");
        group.MapGet("/{id:long}/download", DownloadAsync).RequireAuthorization(Policies.RevealPersonalData).WithName("DownloadUnmaskedExport")
            .WithSummary("The approved export, once, by the requester, within a day of the approval.");
        return api;
    }

#pragma warning disable RS0030 // Requests are read only here, always filtered to the caller.
    private static IQueryable<UnmaskedExportRequest> Requests(CounterpartDbContext db) => db.Set<UnmaskedExportRequest>().Include(r => r.Org);
#pragma warning restore RS0030

    private static async Task<IResult> RequestAsync(ExportRequest request, CounterpartDbContext db, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        var definition = LedgerCatalog.Get(request.Ledger ?? "");
        var reason = request.Reason?.Trim() ?? "";
        if (reason.Length < 4 || reason.Length > 500)
        {
            return Results.Problem(title: "请写明导出完整个人信息的用途（4—500 个字），例如“向人社部门报送稳岗补贴名单”。", statusCode: StatusCodes.Status400BadRequest);
        }

        var who = http.Writer();
        var org = string.IsNullOrWhiteSpace(request.Org)
            ? await db.Organizations.AsNoTracking().SingleOrDefaultAsync(o => o.Id == who.OrgId, ct)
            : await OrganizationTree.ResolveAsync(db, request.Org, ct);
        if (org is null || !who.Scope.Contains(org.Path))
        {
            return Results.Problem(title: $"{org?.Name ?? "该单位"}不在您的管辖范围内，不能导出其数据。", statusCode: StatusCodes.Status403Forbidden);
        }

        var (from, to) = (request.From ?? 2000, request.To ?? 2100);
        var row = new UnmaskedExportRequest
        {
            Ledger = definition.Name, OrgId = org.Id, FromYear = from, ToYear = to, Csv = string.Equals(request.Format, "csv", StringComparison.OrdinalIgnoreCase),
            Reason = reason, RequestedBy = who.Actor, RequestedAtUtc = clock.GetUtcNow().UtcDateTime,
        };
        await new LedgerWriter(db).WriteAsync(http.AccountWriter(), (d, _) =>
        {
            d.Add(row);
            AuditTrail.Add(d, AuditAction.ExportRequested, nameof(UnmaskedExportRequest), null,
                $"申请导出未遮蔽的{definition.Title}（{org.Name}，{from}—{to} 年），用途：{reason}");
            return Task.CompletedTask;
        }, ct);
        return Results.Json(Dto(row, org), Indicators.IndicatorEndpoints.Json, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> ListAsync(CounterpartDbContext db, HttpContext http, CancellationToken ct)
    {
        var name = http.User.Identity?.Name ?? "";
        var scope = http.User.ReadScope();
        var reviewer = http.User.IsInRole(Roles.Reviewer);
        var rows = await Requests(db).AsNoTracking().OrderByDescending(r => r.Id).Take(500).ToListAsync(ct);
        return Results.Json(rows.Where(r => r.RequestedBy == name || (reviewer && scope.Contains(r.Org!.Path))).Select(r => Dto(r, r.Org!)),
            Indicators.IndicatorEndpoints.Json);
    }

    private static async Task<IResult> DecideAsync(long id, ExportDecision decision, string? note, CounterpartDbContext db, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        var request = await Requests(db).SingleOrDefaultAsync(r => r.Id == id, ct);
        if (request is null || !http.User.ReadScope().Contains(request.Org!.Path))
        {
            return Results.Problem(title: $"没有编号为 {id} 的导出申请，或不在您的管辖范围内。", statusCode: StatusCodes.Status404NotFound);
        }

        var who = http.AccountWriter();
        note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        if (string.Equals(request.RequestedBy, who.Actor, StringComparison.OrdinalIgnoreCase))
        {
            return Results.Problem(title: "不能审批自己提出的导出申请，须由其他审核员审批。", statusCode: StatusCodes.Status409Conflict);
        }

        if (request.Decision != ExportDecision.Pending)
        {
            return Results.Problem(title: $"导出申请 {id} 已由 {request.DecidedBy} 处理过。", statusCode: StatusCodes.Status409Conflict);
        }

        if (decision == ExportDecision.Refused && note is null)
        {
            return Results.Problem(title: "拒绝时请写明原因。", statusCode: StatusCodes.Status400BadRequest);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await new LedgerWriter(db).WriteAsync(who, (d, _) =>
        {
            request.Decision = decision;
            request.DecidedBy = who.Actor;
            request.DecidedAtUtc = now;
            request.DecisionNote = note;
            request.ExpiresAtUtc = decision == ExportDecision.Approved ? now + Validity : null;
            AuditTrail.Add(d, AuditAction.ExportDecided, nameof(UnmaskedExportRequest), request.Id,
                $"{(decision == ExportDecision.Approved ? "批准" : "拒绝")} {request.RequestedBy} 导出未遮蔽的台账 {request.Ledger}（{request.Org!.Name}）{(note is null ? "" : "：" + note)}");
            return Task.CompletedTask;
        }, ct);
        return Results.Json(Dto(request, request.Org!), Indicators.IndicatorEndpoints.Json);
    }

    private static async Task<IResult> DownloadAsync(long id, CounterpartDbContext db, LedgerExporter exporter, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        var request = await Requests(db).SingleOrDefaultAsync(r => r.Id == id, ct);
        var who = http.Writer();
        if (request is null || !string.Equals(request.RequestedBy, who.Actor, StringComparison.OrdinalIgnoreCase))
        {
            return Results.Problem(title: $"没有编号为 {id} 的导出申请，或不是您提出的。", statusCode: StatusCodes.Status404NotFound);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var refusal = request switch
        {
            { Decision: ExportDecision.Pending } => ("导出申请还在等待审核员审批。", StatusCodes.Status409Conflict),
            { Decision: ExportDecision.Refused } => ($"导出申请已被 {request.DecidedBy} 拒绝：{request.DecisionNote}", StatusCodes.Status409Conflict),
            { DownloadedAtUtc: not null } => ("这份导出已经下载过一次；如需再次导出，请重新申请。", StatusCodes.Status410Gone),
            { ExpiresAtUtc: { } expires } when expires <= now => ("批准已过期（批准后 24 小时内有效），请重新申请。", StatusCodes.Status410Gone),
            _ when !who.Scope.Contains(request.Org!.Path) => ("该单位已不在您的管辖范围内。", StatusCodes.Status403Forbidden),
            _ => ((string?)null, 0),
        };
        if (refusal.Item1 is { } title)
        {
            return Results.Problem(title: title, statusCode: refusal.Item2);
        }

        // Spent before the file is written: one approval, one download.
        await new LedgerWriter(db).WriteAsync(http.AccountWriter(), (_, _) =>
        {
            request.DownloadedAtUtc = now;
            return Task.CompletedTask;
        }, ct);
        var definition = LedgerCatalog.Get(request.Ledger);
        http.Response.ContentType = request.Csv ? "text/csv; charset=utf-8" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        http.Response.Headers.ContentDisposition = $"attachment; filename*=UTF-8''{Uri.EscapeDataString(definition.Title + "（未遮蔽）." + (request.Csv ? "csv" : "xlsx"))}";
        var path = Path.Combine(Path.GetTempPath(), "counterpart-export-" + Guid.NewGuid().ToString("N"));
        await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        await exporter.ExportAsync(request.Ledger, file, request.Csv, Scope.Of(request.Org!), request.FromYear, request.ToYear, unmasked: true,
            who with { AuditEachRow = false }, ct);
        file.Position = 0;
        http.Response.ContentLength = file.Length;
        await file.CopyToAsync(http.Response.Body, ct);
        return Results.Empty;
    }

    private static object Dto(UnmaskedExportRequest r, Organization org) => new
    {
        r.Id, r.Ledger, Org = org.Code, OrgName = org.Name, r.FromYear, r.ToYear, Format = r.Csv ? "csv" : "xlsx", r.Reason, r.RequestedBy, r.RequestedAtUtc,
        Decision = r.Decision.ToString(), r.DecidedBy, r.DecidedAtUtc, r.DecisionNote, r.ExpiresAtUtc, r.DownloadedAtUtc,
    };
}
