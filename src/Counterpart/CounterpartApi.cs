using Counterpart.Data;
using Counterpart.Indicators;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Counterpart;

public static class CounterpartApi
{
    /// <summary>Every API group under /api/v1.</summary>
    public static RouteGroupBuilder MapCounterpartApi(this IEndpointRouteBuilder app)
    {
        // Signed-in accounts only; each endpoint names the kind of work it needs (Accounts.Policies) and reads within the
        // account's scope (Accounts.UserContext).
        var api = app.MapGroup("/api/v1").RequireAuthorization();
        api.MapIndicatorApi();
        Ledgers.LedgerEndpoints.MapLedgerApi(api);
        return api;
    }
}

/// <summary>Turns a broken domain rule into a 400 whose title is the Chinese message the user should read.</summary>
public sealed class DomainExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not DomainException domain)
        {
            return false;
        }

        httpContext.Response.StatusCode = StatusCodes.Status400BadRequest;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = { Title = domain.Message, Status = StatusCodes.Status400BadRequest },
            Exception = exception,
        });
    }
}
