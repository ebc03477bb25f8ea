using Counterpart.Accounts;
using Counterpart.Audit;
using Counterpart.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Counterpart.Reports;

public static class ReportEndpoints
{
    public const string DocxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static RouteGroupBuilder MapReportApi(this RouteGroupBuilder api)
    {
        api.MapGet("/reports/five-year", (string? pairing, int? from, int? to, bool? approvedOnly, PairingReview review, CounterpartDbContext db, HttpContext http, CancellationToken ct) =>
            {
                var (first, last) = (from ?? 2021, to ?? (from ?? 2021) + 4);
                return SendAsync(http, db, pairing, approvedOnly ?? false, (spec, output) => review.WriteAsync(spec, first, last, http.User.ReadScope(), approvedOnly ?? false, output, ct),
                    $"五年工作总结（Word），结对 {pairing}，{first}—{last} 年", DocxType, $"东西部协作{first}-{last}年工作总结.docx", ct);
            })
            .RequireAuthorization(Policies.ReadData).WithName("FiveYearReview")
            .WithSummary("The review of a pairing over the years (default 2021–2025) as a Word document written from the figures, within the account's scope.");
        api.MapGet("/reports/annual", (string? pairing, int? year, bool? approvedOnly, PairingReview review, CounterpartDbContext db, TimeProvider clock, HttpContext http, CancellationToken ct) =>
            {
                var reportYear = year ?? ChinaTime.Today(clock).Year - 1;
                return SendAsync(http, db, pairing, approvedOnly ?? false, (spec, output) => review.WriteAsync(spec, reportYear, reportYear, http.User.ReadScope(), approvedOnly ?? false, output, ct),
                    $"年度工作报告（Word），结对 {pairing}，{reportYear} 年", DocxType, $"东西部协作{reportYear}年度工作报告.docx", ct);
            })
            .RequireAuthorization(Policies.ReadData).WithName("AnnualReport")
            .WithSummary("The annual report of a pairing for one year (default: last year) as a Word document, with the agreement's targets against the actuals.");
        api.MapGet("/reports/tables", (string? pairing, int? from, int? to, bool? approvedOnly, StatisticalTables tables, CounterpartDbContext db, HttpContext http, CancellationToken ct) =>
            {
                var (first, last) = (from ?? 2021, to ?? (from ?? 2021) + 4);
                return SendAsync(http, db, pairing, approvedOnly ?? false, (spec, output) => tables.WriteAsync(spec, first, last, http.User.ReadScope(), approvedOnly ?? false, output, ct),
                    $"统计表（Excel），结对 {pairing}，{first}—{last} 年", XlsxType, $"东西部协作{first}-{last}年统计表.xlsx", ct);
            })
            .RequireAuthorization(Policies.ReadData).WithName("StatisticalTables")
            .WithSummary("The statistical workbook of a pairing: one sheet per area, plain values by year with units.");
        return api;
    }

    /// <summary>Writes a report of a pairing, records its download in the audit trail, and sends it.</summary>
    private static async Task<IResult> SendAsync(HttpContext http, CounterpartDbContext db, string? pairing, bool approvedOnly, Func<string, Stream, Task> write,
        string what, string contentType, string fileName, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(pairing))
        {
            return Results.Problem(title: "请用 pairing 参数指定结对，例如 pairing=440112:522726。", statusCode: StatusCodes.Status400BadRequest);
        }

        var output = new MemoryStream();
        await write(pairing, output);
        await new LedgerWriter(db).WriteAsync(http.Writer() with { AuditEachRow = false }, (d, _) =>
        {
            AuditTrail.Add(d, AuditAction.Exported, detail: what + (approvedOnly ? "，仅含已审核数据" : ""));
            return Task.CompletedTask;
        }, ct);
        output.Position = 0;
        return Results.File(output, contentType, fileName);
    }
}
