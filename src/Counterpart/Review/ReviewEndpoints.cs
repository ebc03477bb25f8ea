using Counterpart.Accounts;
using Counterpart.Data;
using Counterpart.Ledgers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Counterpart.Review;

/// <summary>
/// Review over the API (ADR 11): a clerk submits or withdraws an import or a record; a reviewer approves or returns it;
/// anyone in scope reads its state and history; a reviewer lists what waits for review in their subtree.
/// Records are named by kind — "import" for an import batch, otherwise the ledger row's kind ("project", "sale" …).
/// </summary>
public static class ReviewEndpoints
{
    public sealed record ReviewRequest(string? Reason);

    private static readonly Dictionary<string, Type> Kinds = ReviewRules.Reviewable.ToDictionary(
        t => t == typeof(ImportBatch) ? "import" : t.Name.ToLowerInvariant(), StringComparer.OrdinalIgnoreCase);

    public static RouteGroupBuilder MapReviewApi(this RouteGroupBuilder api)
    {
        var review = api.MapGroup("/review");
        review.MapGet("/submitted", SubmittedAsync).RequireAuthorization(Policies.Review).WithName("ListSubmitted")
            .WithSummary("Imports and records waiting for review in the reviewer's subtree.");
        review.MapGet("/{kind}/{id:long}", StateAsync).RequireAuthorization(Policies.ReadData).WithName("GetReviewState")
            .WithSummary("A record's or an import's review state and history (kind: import, project, sale, employment …).");
        Step(review, "submit", ReviewAction.Submit, Policies.EnterData, "Submit a draft or returned record (or an import with all its rows) for review.");
        Step(review, "withdraw", ReviewAction.Withdraw, Policies.EnterData, "Take a submission back to change it.");
        Step(review, "approve", ReviewAction.Approve, Policies.Review, "Approve a submitted record or import: clerks can no longer change it.");
        Step(review, "return", ReviewAction.Return, Policies.Review, "Return a submitted or approved record or import to the clerk, with a reason (body: {\"reason\": \"…\"}).");
        return api;
    }

    private static void Step(RouteGroupBuilder review, string verb, ReviewAction action, string policy, string summary) =>
        review.MapPost("/{kind}/{id:long}/" + verb, async (string kind, long id, HttpContext http, ReviewActions actions, CancellationToken ct) =>
            {
                var reason = http.Request.HasJsonContentType() ? (await http.Request.ReadFromJsonAsync<ReviewRequest>(ct))?.Reason : null;
                var outcome = await actions.ApplyAsync(http.Writer(), KindOf(kind), id, action, reason, ct);
                return Results.Json(new { Kind = kind, outcome.EntityId, State = outcome.State.ToString(), StateZh = ReviewRules.Label(outcome.State), outcome.Rows },
                    Indicators.IndicatorEndpoints.Json);
            })
            .RequireAuthorization(policy).DisableAntiforgery().WithName("Review" + action).WithSummary(summary);

    private static Type KindOf(string kind) => Kinds.TryGetValue(kind, out var type)
        ? type
        : throw new DomainException($"没有“{kind}”这类记录；可用的有：{string.Join("、", Kinds.Keys.Order(StringComparer.Ordinal))}。") { Status = 404 };

    private static async Task<IResult> StateAsync(string kind, long id, ReviewActions actions, HttpContext http, CancellationToken ct)
    {
        var type = KindOf(kind);
        var state = await actions.StateAsync(type, id, http.User.ReadScope(), ct);
        if (state is null)
        {
            return Results.Problem(title: $"没有编号为 {id} 的{ReviewRules.NameOf(type)}，或不在您的管辖范围内。", statusCode: StatusCodes.Status404NotFound);
        }

        var history = await actions.HistoryAsync(type, id, ct);
        return Results.Json(new
        {
            Kind = kind, Id = id, State = state.ToString(), StateZh = ReviewRules.Label(state.Value),
            ReturnReason = state == ReviewStatus.Returned ? history.FirstOrDefault(e => e.Action == ReviewAction.Return)?.Reason : null,
            History = history.Select(e => new { Action = e.Action.ToString(), ActionZh = ReviewActions.Verb(e.Action), From = e.From.ToString(), To = e.To.ToString(), e.Reason, e.Actor, e.AtUtc, e.Rows }),
        }, Indicators.IndicatorEndpoints.Json);
    }

    private static async Task<IResult> SubmittedAsync(CounterpartDbContext db, HttpContext http, CancellationToken ct)
    {
        var scope = http.User.ReadScope();
        var imports = await db.Rows<ImportBatch>(scope).Where(b => b.ReviewState == ReviewStatus.Submitted && b.UndoneAtUtc == null)
            .OrderBy(b => b.Id)
            .Select(b => new { Kind = "import", b.Id, b.Ledger, b.FileName, b.Actor, b.ImportedAtUtc, b.Inserted, b.Updated, Owner = b.Owner!.Name })
            .ToListAsync(ct);
        var records = new List<object>();
        foreach (var (kind, type) in Kinds.Where(k => k.Value != typeof(ImportBatch) && typeof(LedgerRecord).IsAssignableFrom(k.Value)))
        {
            var query = (IQueryable<LedgerRecord>)typeof(CounterpartDbContext).GetMethod(nameof(CounterpartDbContext.Rows))!.MakeGenericMethod(type).Invoke(db, [scope])!;
            var ids = await query.Where(r => r.ReviewState == ReviewStatus.Submitted).OrderBy(r => r.Id).Select(r => r.Id).Take(1000).ToListAsync(ct);
            if (ids.Count > 0)
            {
                records.Add(new { Kind = kind, Name = ReviewRules.NameOf(type), Count = ids.Count, Ids = ids });
            }
        }

        return Results.Json(new { Imports = imports, Records = records }, Indicators.IndicatorEndpoints.Json);
    }
}
