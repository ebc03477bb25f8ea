using Counterpart.Accounts;
using Counterpart.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Counterpart.Audit;

/// <summary>The auditor's API: search the trail and verify its chain. Nobody else reads it.</summary>
public static class AuditEndpoints
{
    public const int MaxPageSize = 500;

    public static RouteGroupBuilder MapAuditApi(this RouteGroupBuilder api)
    {
        var audit = api.MapGroup("/audit").RequireAuthorization(Policies.Audit);
        audit.MapGet("/", SearchAsync).WithName("SearchAudit")
            .WithSummary("Audit entries, newest first, filtered by actor, action, entity type and id, and time (UTC); paged.");
        audit.MapGet("/verify", VerifyAsync).WithName("VerifyAudit")
            .WithSummary("Walks the whole hash chain; reports the first entry whose content, link or sequence is wrong.");
        return api;
    }

    private static async Task<IResult> SearchAsync(CounterpartDbContext db, string? actor, string? action, string? entityType, long? entityId,
        DateTime? from, DateTime? to, int? page, int? pageSize, CancellationToken ct)
    {
        var rows = db.AuditRecords;
        if (!string.IsNullOrWhiteSpace(actor))
        {
            rows = rows.Where(a => a.Actor == actor);
        }

        if (!string.IsNullOrWhiteSpace(action))
        {
            if (!Enum.TryParse<AuditAction>(action, ignoreCase: true, out var parsed))
            {
                return Results.Problem(title: $"没有操作类型“{action}”。可选：{string.Join("、", Enum.GetNames<AuditAction>())}。", statusCode: StatusCodes.Status400BadRequest);
            }

            rows = rows.Where(a => a.Action == parsed);
        }

        if (!string.IsNullOrWhiteSpace(entityType))
        {
            rows = rows.Where(a => a.EntityType == entityType);
        }

        if (entityId is { } id)
        {
            rows = rows.Where(a => a.EntityId == id);
        }

        if (from is { } f)
        {
            var utc = DateTime.SpecifyKind(f, DateTimeKind.Utc);
            rows = rows.Where(a => a.AtUtc >= utc);
        }

        if (to is { } t)
        {
            var utc = DateTime.SpecifyKind(t, DateTimeKind.Utc);
            rows = rows.Where(a => a.AtUtc <= utc);
        }

        var size = Math.Clamp(pageSize ?? 50, 1, MaxPageSize);
        var number = Math.Max(page ?? 1, 1);
        var total = await rows.CountAsync(ct);
        var items = await rows.OrderByDescending(a => a.Seq).Skip((number - 1) * size).Take(size)
            .Select(a => new
            {
                a.Seq, a.AtUtc, a.Actor, a.ActorOrgId, a.From, Action = a.Action.ToString(), a.EntityType, a.EntityId, a.Before, a.After, a.Detail, a.Hash,
            })
            .ToListAsync(ct);
        return Results.Json(new { total, page = number, pageSize = size, items }, Indicators.IndicatorEndpoints.Json);
    }

    private static async Task<IResult> VerifyAsync(CounterpartDbContext db, CancellationToken ct)
    {
        var result = await AuditTrail.VerifyAsync(db, ct);
        return Results.Json(new { result.Intact, result.Checked, result.BrokenAtSeq, result.Problem }, Indicators.IndicatorEndpoints.Json);
    }
}
