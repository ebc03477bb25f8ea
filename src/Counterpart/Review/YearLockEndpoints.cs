using Counterpart.Accounts;
using Counterpart.Audit;
using Counterpart.Data;
using Counterpart.Organizations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Counterpart.Review;

/// <summary>Year locks: a reviewer locks or unlocks a year of an organization in their subtree; everyone in scope sees them.</summary>
public static class YearLockEndpoints
{
    public sealed record LockRequest(string? Org, int Year);

    public static RouteGroupBuilder MapYearLockApi(this RouteGroupBuilder api)
    {
        var locks = api.MapGroup("/locks");
        locks.MapGet("/", ListAsync).RequireAuthorization(Policies.ReadData).WithName("ListYearLocks").WithSummary("Year locks within the account's scope.");
        locks.MapPost("/", LockAsync).RequireAuthorization(Policies.Review).WithName("LockYear")
            .WithSummary("Lock a year of an organization's subtree: its rows of that year can no longer be written by clerks or imports.");
        locks.MapDelete("/{id:long}", UnlockAsync).RequireAuthorization(Policies.Review).WithName("UnlockYear").WithSummary("Remove a year lock.");
        return api;
    }

    private static async Task<IResult> ListAsync(CounterpartDbContext db, HttpContext http, CancellationToken ct)
    {
        var scope = http.User.ReadScope();
        var locks = await db.YearLocks.AsNoTracking().Select(l => new { l.Id, l.Year, l.Org!.Code, l.Org.Name, l.Org.Path, l.LockedBy, l.LockedAtUtc }).ToListAsync(ct);
        return Results.Json(locks.Where(l => scope.Contains(l.Path)).Select(l => new { l.Id, l.Year, Org = l.Code, OrgName = l.Name, l.LockedBy, l.LockedAtUtc }),
            Indicators.IndicatorEndpoints.Json);
    }

    private static async Task<IResult> LockAsync(LockRequest request, CounterpartDbContext db, HttpContext http, CancellationToken ct)
    {
        if (request.Year is < 2000 or > 2100)
        {
            return Results.Problem(title: $"年度 {request.Year} 无效。", statusCode: StatusCodes.Status400BadRequest);
        }

        var org = await OrganizationTree.ResolveAsync(db, request.Org ?? "", ct);
        if (!http.User.ReadScope().Contains(org.Path))
        {
            return Results.Problem(title: $"{org.Name}（{org.Code}）不在您的管辖范围内，不能锁定其年度。", statusCode: StatusCodes.Status403Forbidden);
        }

        if (await db.YearLocks.AnyAsync(l => l.OrgId == org.Id && l.Year == request.Year, ct))
        {
            return Results.Problem(title: $"{org.Name} 的 {request.Year} 年度已经锁定。", statusCode: StatusCodes.Status409Conflict);
        }

        var who = http.AccountWriter();
        var yearLock = new YearLock { OrgId = org.Id, Year = request.Year, LockedBy = who.Actor, LockedAtUtc = DateTime.UtcNow };
        await new LedgerWriter(db).WriteAsync(who, (d, _) =>
        {
            d.Add(yearLock);
            AuditTrail.Add(d, AuditAction.SettingChanged, nameof(YearLock), null, $"锁定 {org.Name}（{org.Code}）{request.Year} 年度");
            return Task.CompletedTask;
        }, ct);
        return Results.Json(new { yearLock.Id, yearLock.Year, Org = org.Code }, Indicators.IndicatorEndpoints.Json, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> UnlockAsync(long id, CounterpartDbContext db, HttpContext http, CancellationToken ct)
    {
        var found = await db.YearLocks.Include(l => l.Org).SingleOrDefaultAsync(l => l.Id == id, ct);
        if (found is null || !http.User.ReadScope().Contains(found.Org!.Path))
        {
            return Results.Problem(title: $"没有编号为 {id} 的年度锁定，或不在您的管辖范围内。", statusCode: StatusCodes.Status404NotFound);
        }

        await new LedgerWriter(db).WriteAsync(http.AccountWriter(), (d, _) =>
        {
            d.Remove(found);
            AuditTrail.Add(d, AuditAction.SettingChanged, nameof(YearLock), found.Id, $"解除 {found.Org.Name}（{found.Org.Code}）{found.Year} 年度的锁定");
            return Task.CompletedTask;
        }, ct);
        return Results.NoContent();
    }
}
