using Counterpart.Accounts;
using Counterpart.Data;
using Counterpart.Indicators;
using Counterpart.Talent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Counterpart.Reconciliation;

/// <summary>East–west reconciliation over the API, within the account's scope.</summary>
public static class ReconciliationEndpoints
{
    public static RouteGroupBuilder MapReconciliationApi(this RouteGroupBuilder api)
    {
        api.MapGet("/reconciliation", async (string? pairing, int? from, int? to, FlowReconciliation reconciliation, TimeProvider clock, HttpContext http, CancellationToken ct) =>
            {
                if (string.IsNullOrWhiteSpace(pairing))
                {
                    return Results.Problem(title: "请用 pairing 参数指定结对，例如 pairing=440112:522726。", statusCode: StatusCodes.Status400BadRequest);
                }

                var year = ChinaTime.Today(clock).Year;
                var report = await reconciliation.ForPairingAsync(pairing, from ?? to ?? year, to ?? from ?? year, http.User.ReadScope(), ct);
                return Results.Json(report, IndicatorEndpoints.JsonWithEnumNames);
            })
            .RequireAuthorization(Policies.ReadData).WithName("Reconcile")
            .WithSummary("What the east reports sent against what the west reports received, per flow (fiscal aid, people each way, purchases, donations), with the items that differ and their explanations.");
        api.MapPost("/reconciliation/notes", async (NoteRequest request, FlowReconciliation reconciliation, HttpContext http, CancellationToken ct) =>
            {
                if (!Enum.TryParse<FlowKind>(request.Kind, ignoreCase: true, out var kind) || !Enum.IsDefined(kind))
                {
                    return Results.Problem(title: $"对账类别“{request.Kind}”无效；可用 {string.Join("、", Enum.GetNames<FlowKind>())}。", statusCode: StatusCodes.Status400BadRequest);
                }

                var direction = Direction.EastToWest;
                if (request.Direction is { Length: > 0 } d && (!Enum.TryParse(d, ignoreCase: true, out direction) || !Enum.IsDefined(direction)))
                {
                    return Results.Problem(title: $"方向“{d}”无效；可用 EastToWest、WestToEast。", statusCode: StatusCodes.Status400BadRequest);
                }

                var note = await reconciliation.ExplainAsync(http.Writer(), request.Pairing ?? "", kind, direction, request.Key ?? "", request.Text ?? "", ct);
                return Results.Json(note, IndicatorEndpoints.JsonWithEnumNames, statusCode: StatusCodes.Status201Created);
            })
            .RequireAuthorization(Policies.EnterData).WithName("ExplainReconciliationItem")
            .WithSummary("Explain why an item differs between the two sides (the item's key as the reconciliation lists it); the latest explanation stands.");
        return api;
    }

    public sealed record NoteRequest(string? Pairing, string? Kind, string? Direction, string? Key, string? Text);
}
