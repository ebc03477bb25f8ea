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
        Ledgers.LedgerRecordEndpoints.MapLedgerRecordApi(api);
        Attachments.AttachmentEndpoints.MapAttachmentApi(api);
        Audit.AuditEndpoints.MapAuditApi(api);
        Accounts.AccountEndpoints.MapAccountApi(api);
        People.RevealEndpoints.MapRevealApi(api);
        Review.YearLockEndpoints.MapYearLockApi(api);
        Review.ReviewEndpoints.MapReviewApi(api);
        People.UnmaskedExportEndpoints.MapUnmaskedExportApi(api);
        Agreements.TargetEndpoints.MapTargetApi(api);
        Evaluation.EvaluationEndpoints.MapEvaluationApi(api);
        Quality.QualityEndpoints.MapQualityApi(api);
        Reports.ReportEndpoints.MapReportApi(api);
        Reconciliation.ReconciliationEndpoints.MapReconciliationApi(api);
        Monitoring.CrossCheckEndpoints.MapCrossCheckApi(api);
        return api;
    }
}

/// <summary>Turns a broken domain rule (or an unreadable request) into a 400 (or the rule's own status) whose title is the Chinese message the user should read.</summary>
public sealed class DomainExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var title = exception switch
        {
            DomainException domain => domain.Message,
            // A request the endpoint cannot read (no body where a file is expected, a malformed JSON body …).
            BadHttpRequestException => "请求格式不对：缺少必需的内容，或内容无法读取。请检查上传的文件或请求正文。",
            _ => null,
        };
        if (title is null)
        {
            return false;
        }

        var status = exception is DomainException { Status: var s } ? s : StatusCodes.Status400BadRequest;
        httpContext.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = { Title = title, Status = status },
            Exception = exception,
        });
    }
}
