using Counterpart.Accounts;
using Counterpart.Audit;
using Counterpart.Data;
using Counterpart.Labor;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Counterpart.People;

/// <summary>
/// Showing one person's full ID and phone number: only to an account holding the reveal permission, only for a person
/// it may read, only with a reason — and always audited (who, whom, why) in the same transaction as nothing else.
/// </summary>
public static class RevealEndpoints
{
    public sealed record RevealRequest(string? Reason);

    public static RouteGroupBuilder MapRevealApi(this RouteGroupBuilder api)
    {
        api.MapPost("/persons/{id:long}/reveal", RevealAsync).RequireAuthorization(Policies.RevealPersonalData)
            .WithName("RevealPersonalData")
            .WithSummary("One person's full ID and phone number, for an account with the reveal permission and a stated reason (audited).");
        return api;
    }

    private static async Task<IResult> RevealAsync(long id, RevealRequest request, CounterpartDbContext db, PersonalDataProtector protector, HttpContext http, CancellationToken ct)
    {
        var reason = request.Reason?.Trim() ?? "";
        if (reason.Length < 4)
        {
            return Results.Problem(title: "请写明查看完整身份证号和电话的理由（至少 4 个字），例如“核对脱贫户身份”。", statusCode: StatusCodes.Status400BadRequest);
        }

        var who = http.Writer();
        // A person the account may read: registered in its subtree, or with a job it may read.
        var person = await db.Rows<Person>(who.Scope).Where(p => p.Id == id).Select(p => new { p.Id, p.Name, p.IdNumber.Cipher, p.PhoneCipher }).SingleOrDefaultAsync(ct)
            ?? await db.Rows<Employment>(who.Scope).Where(e => e.PersonId == id).Select(e => new { e.Person!.Id, e.Person.Name, e.Person.IdNumber.Cipher, e.Person.PhoneCipher })
                .FirstOrDefaultAsync(ct);
        if (person is null)
        {
            return Results.Problem(title: $"没有编号为 {id} 的人员，或不在您的管辖范围内。", statusCode: StatusCodes.Status404NotFound);
        }

        await new LedgerWriter(db).WriteAsync(who with { AuditEachRow = false }, (d, _) =>
        {
            AuditTrail.Add(d, AuditAction.PersonalDataRevealed, nameof(Person), person.Id, "理由：" + reason);
            return Task.CompletedTask;
        }, ct);
        return Results.Json(new
        {
            person.Id, person.Name, IdNumber = protector.Decrypt(person.Cipher), Phone = person.PhoneCipher is { } phone ? protector.Decrypt(phone) : null,
        }, Indicators.IndicatorEndpoints.Json);
    }
}
