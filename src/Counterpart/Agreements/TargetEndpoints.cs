using Counterpart.Accounts;
using Counterpart.Indicators;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Counterpart.Agreements;

/// <summary>Targets vs actuals over the API, within the account's scope.</summary>
public static class TargetEndpoints
{
    public static RouteGroupBuilder MapTargetApi(this RouteGroupBuilder api)
    {
        api.MapGet("/targets", async (string? pairing, int? year, bool? approvedOnly, TargetTracking tracking, TimeProvider clock, HttpContext http, CancellationToken ct) =>
            {
                if (string.IsNullOrWhiteSpace(pairing))
                {
                    return Results.Problem(title: "请用 pairing 参数指定结对，例如 pairing=440112:522726。", statusCode: StatusCodes.Status400BadRequest);
                }

                var progress = await tracking.ForPairingAsync(pairing, year ?? Data.ChinaTime.Today(clock).Year, http.User.ReadScope(), approvedOnly ?? false, ct);
                return Results.Json(new { ApprovedOnly = approvedOnly ?? false, Targets = progress.Select(Dto) }, IndicatorEndpoints.Json);
            })
            .RequireAuthorization(Policies.ReadData).WithName("GetTargets")
            .WithSummary("A pairing's yearly targets against the actuals computed from the ledgers: completion, expected share by today, status.");
        api.MapGet("/targets/lagging", async (int? year, bool? approvedOnly, TargetTracking tracking, TimeProvider clock, HttpContext http, CancellationToken ct) =>
            {
                var progress = await tracking.LaggingAsync(year ?? Data.ChinaTime.Today(clock).Year, http.User.ReadScope(), approvedOnly ?? false, ct);
                return Results.Json(new { ApprovedOnly = approvedOnly ?? false, Targets = progress.Select(Dto) }, IndicatorEndpoints.Json);
            })
            .RequireAuthorization(Policies.ReadData).WithName("GetLaggingTargets")
            .WithSummary("Targets lagging or at risk across the agreements the account can see, worst first.");
        return api;
    }

    private static object Dto(TargetProgress p) => new
    {
        p.Pairing, p.PairingTitle, p.Year, p.Indicator.Code, Name = p.Indicator.NameZh, p.Indicator.Unit, p.Target, p.Actual, p.Completion, p.Expected,
        Status = p.Status.ToString(), StatusZh = TargetProgress.Label(p.Status),
    };
}
