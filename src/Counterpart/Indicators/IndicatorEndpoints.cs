using System.Text.Encodings.Web;
using System.Text.Json;
using Counterpart.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Counterpart.Indicators;

public static class IndicatorEndpoints
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The same, with enums by name (National, Good, Done …) rather than by number.</summary>
    internal static readonly JsonSerializerOptions JsonWithEnumNames = new(Json) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    public static RouteGroupBuilder MapIndicatorApi(this RouteGroupBuilder api)
    {
        api.MapGet("/summary", GetSummary)
            .RequireAuthorization(Accounts.Policies.ReadData)
            .WithName("GetSummary")
            .WithSummary("Every indicator of the catalog for a pairing (east:west) or an organization subtree, over a range of years.");
        api.MapGet("/summary/{code}/rows", GetEvidence)
            .RequireAuthorization(Accounts.Policies.ReadData)
            .WithName("GetIndicatorRows")
            .WithSummary("The rows behind one figure of a pairing (year, breakdown + key to narrow), counted by its rule; total is the figure for counts, sum (万元) for amounts.");
        api.MapGet("/indicators", () => Results.Json(IndicatorCatalog.All.Select(i => new
        {
            i.Code, i.NameZh, i.NameEn, i.Unit, i.SourceLedger, i.RuleZh, i.RuleEn,
            Disaggregations = i.Disaggregations.Select(d => d.ToString()),
        }), Json)).WithName("ListIndicators").WithSummary("The indicator catalog with units and counting rules.");
        return api;
    }

    private static async Task<IResult> GetEvidence(IndicatorService service, string code, string? pairing, int? from, int? to, int? year, string? breakdown, string? key,
        int? page, int? size, bool? approvedOnly, System.Security.Claims.ClaimsPrincipal user, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(pairing))
        {
            return Results.Problem(title: "请给出 pairing 参数，例如 pairing=440112:522726。", statusCode: StatusCodes.Status400BadRequest);
        }

        var fromYear = from ?? 2021;
        var evidence = await service.EvidenceAsync(pairing, fromYear, to ?? fromYear + 4, Accounts.UserContext.ReadScope(user), approvedOnly ?? false, code,
            new EvidenceFilter(year, breakdown, key, page ?? 1, size ?? 50), ct);
        return Results.Json(evidence, Json);
    }

    private static async Task<IResult> GetSummary(IndicatorService service, string? pairing, string? org, int? from, int? to, bool? approvedOnly, System.Security.Claims.ClaimsPrincipal user, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(pairing) == string.IsNullOrWhiteSpace(org))
        {
            return Results.Problem(title: "请给出 pairing 或 org 参数之一（只能二选一），例如 pairing=440112:522726。", statusCode: StatusCodes.Status400BadRequest);
        }

        var fromYear = from ?? 2021;
        var toYear = to ?? fromYear + 4;
        // Figures count only the rows the account may read (its subtree, and what the other side of its pairings recorded about it).
        var scope = Accounts.UserContext.ReadScope(user);
        var summary = !string.IsNullOrWhiteSpace(pairing)
            ? await service.ForPairingAsync(pairing!, fromYear, toYear, scope, approvedOnly ?? false, ct)
            : await service.ForOrganizationAsync(org!, fromYear, toYear, scope, approvedOnly ?? false, ct);
        return Results.Text(SummaryJson.ToJson(summary).ToJsonString(Json), "application/json; charset=utf-8");
    }
}
