using System.Globalization;
using System.Security.Claims;
using Counterpart.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;

namespace Counterpart.Accounts;

/// <summary>Personal access tokens of the signed-in account: issued, listed and revoked from a browser session only.</summary>
public static class AccountEndpoints
{
    public sealed record TokenRequest(string Name, string? Scope, int? Days);

    public static RouteGroupBuilder MapAccountApi(this RouteGroupBuilder api)
    {
        var tokens = api.MapGroup("/tokens").RequireAuthorization(Policies.ManageTokens);
        tokens.MapPost("/", IssueAsync).WithName("IssueAccessToken")
            .WithSummary("Issue a personal access token (scope read or readwrite, 1–366 days); the token is in this response only.");
        tokens.MapGet("/", ListAsync).WithName("ListAccessTokens").WithSummary("The account's tokens (never the tokens themselves).");
        tokens.MapDelete("/{id:long}", RevokeAsync).WithName("RevokeAccessToken").WithSummary("Revoke one of the account's tokens.");
        return api;
    }

    private static async Task<IResult> IssueAsync(TokenRequest request, AccessTokenService service, HttpContext http, CancellationToken ct)
    {
        var scope = request.Scope?.Trim().ToUpperInvariant() switch
        {
            null or "" or "READ" => TokenScope.Read,
            "READWRITE" => TokenScope.ReadWrite,
            _ => throw new DomainException($"令牌范围“{request.Scope}”无效：只能是 read（只读）或 readwrite（读写）。"),
        };
        var (token, record) = await service.IssueAsync(http.AccountWriter(), AccountId(http.User), request.Name, scope, request.Days ?? 90, ct);
        return Results.Json(new { record.Id, token, record.Prefix, Scope = record.Scope.ToString(), record.ExpiresAtUtc },
            Indicators.IndicatorEndpoints.Json, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> ListAsync(AccessTokenService service, HttpContext http, CancellationToken ct) =>
        Results.Json((await service.ListAsync(AccountId(http.User), ct)).Select(t => new
        {
            t.Id, t.Name, t.Prefix, Scope = t.Scope.ToString(), t.CreatedAtUtc, t.ExpiresAtUtc, t.RevokedAtUtc,
        }), Indicators.IndicatorEndpoints.Json);

    private static async Task<IResult> RevokeAsync(long id, AccessTokenService service, HttpContext http, CancellationToken ct) =>
        await service.RevokeAsync(http.AccountWriter(), AccountId(http.User), id, ct)
            ? Results.NoContent()
            : Results.Problem(title: $"没有编号为 {id} 的令牌。", statusCode: StatusCodes.Status404NotFound);

    private static long AccountId(ClaimsPrincipal user) =>
        long.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new DomainException("未登录。"), CultureInfo.InvariantCulture);
}
