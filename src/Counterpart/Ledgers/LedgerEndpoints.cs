using Counterpart.Accounts;
using Counterpart.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Counterpart.Ledgers;

public static class LedgerEndpoints
{
    public static RouteGroupBuilder MapLedgerApi(this RouteGroupBuilder api)
    {
        // An API call, not a form post: antiforgery is for the pages (cookies there are SameSite=Lax and the API answers
        // 401 instead of redirecting).
        api.MapPost("/imports", ImportAsync)
            .RequireAuthorization(Accounts.Policies.EnterData)
            .DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(Files.FileLimits.Default.MaxFileBytes + 1024 * 1024))
            .WithName("ImportLedgerFile")
            .WithSummary("Import an .xlsx or .csv file (multipart field 'file') into a ledger; all or nothing; dryRun=true saves nothing; format=xlsx returns a rejected file as a workbook with its errors marked. A committed import is followed by the data-quality rules of its ledger over its rows ('quality': warnings, never a rollback).");
        api.MapPost("/imports/{id:long}/undo", UndoAsync).RequireAuthorization(Accounts.Policies.EnterData).DisableAntiforgery().WithName("UndoImport").WithSummary("Undo a committed import as a whole.");
        api.MapGet("/exports/{ledger}", ExportAsync).RequireAuthorization(Accounts.Policies.ReadData).WithName("ExportLedger")
            .WithSummary("A ledger in its template's columns (.xlsx or .csv), filtered by organization subtree (org) and years; ID and phone numbers masked.");
        api.MapGet("/templates/{ledger}", TemplateAsync).WithName("GetLedgerTemplate").WithSummary("A ledger's template (.xlsx with notes and drop-downs, or .csv).");
        api.MapGet("/ledgers", () => Results.Json(LedgerCatalog.All.Select(l => new
        {
            l.Name, l.Title, l.NaturalKey,
            Columns = l.Columns.Select(c => new { c.Key, c.Header, Kind = c.Kind.ToString(), c.Required, c.Meaning, c.Format, c.Example, c.Choices }),
        }), Indicators.IndicatorEndpoints.Json)).WithName("ListLedgers");
        return api;
    }

    private static async Task<IResult> ImportAsync(IFormFile? file, [FromQuery] string? ledger, [FromQuery] bool? dryRun, [FromQuery] string? format, LedgerImporter importer,
        Quality.ImportQualityCheck quality, HttpContext http, CancellationToken ct)
    {
        if (file is null || file.Length == 0)
        {
            return Results.Problem(title: "请以 multipart/form-data 上传文件（字段名 file）。", statusCode: StatusCodes.Status400BadRequest);
        }

        if (string.IsNullOrWhiteSpace(ledger))
        {
            return Results.Problem(title: "请用 ledger 参数指定台账，例如 ledger=labor。", statusCode: StatusCodes.Status400BadRequest);
        }

        var path = Path.Combine(Path.GetTempPath(), "counterpart-upload-" + Guid.NewGuid().ToString("N"));
        await using var buffer = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        await file.CopyToAsync(buffer, ct);
        buffer.Position = 0;
        var who = http.Writer();
        var report = await importer.ImportAsync(buffer, Path.GetFileName(file.FileName), ledger, new ImportOptions(who.Actor, dryRun ?? false) { Who = who }, null, ct);
        // After the commit, outside its transaction: the rules that concern this ledger, for the batch's rows (warnings only).
        report = await quality.CheckAsync(report, who.Scope, ct);
        if (report.Status == ImportStatus.Rejected && string.Equals(format, "xlsx", StringComparison.OrdinalIgnoreCase) && report.Errors.Any(e => e.Row > 0))
        {
            // The user's own rows back, bad cells highlighted, with an error column.
            var workbook = new MemoryStream();
            await ErrorWorkbook.WriteAsync(buffer, file.FileName, LedgerCatalog.Get(ledger), report, workbook, ct);
            workbook.Position = 0;
            http.Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Results.File(workbook, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Path.GetFileNameWithoutExtension(file.FileName) + "-错误.xlsx");
        }

        return Results.Json(ToDto(report), Indicators.IndicatorEndpoints.Json,
            statusCode: report.Status == ImportStatus.Rejected ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status200OK);
    }

    private static async Task<IResult> UndoAsync(long id, LedgerImporter importer, CounterpartDbContext db, HttpContext http, CancellationToken ct)
    {
        // Only an import owned inside the account's subtree (the undo itself runs as the system: it deletes in bulk).
        var who = http.Writer();
        if (!await db.Rows<ImportBatch>(Scope.Everything).AnyAsync(b => b.Id == id, ct))
        {
            return Results.Problem(title: $"没有编号为 {id} 的导入记录。", statusCode: StatusCodes.Status404NotFound);
        }

        if (!await db.Rows<ImportBatch>(who.Scope).AnyAsync(b => b.Id == id, ct))
        {
            return Results.Problem(title: $"导入 {id} 不属于您的管辖范围，不能撤销。", statusCode: StatusCodes.Status403Forbidden);
        }

        // Review (ADR 11): what is submitted or approved is no longer the clerk's to take back.
        var state = await db.Rows<ImportBatch>(who.Scope).Where(b => b.Id == id).Select(b => b.ReviewState).SingleAsync(ct);
        if (!Review.ReviewRules.Editable(state))
        {
            return Results.Problem(title: state == ReviewStatus.Approved
                ? $"导入 {id} 已审核通过，不能撤销；如需更正，请联系审核员退回。"
                : $"导入 {id} 已提交审核，不能撤销；请先撤回提交。", statusCode: StatusCodes.Status409Conflict);
        }

        await importer.UndoAsync(id, who.Actor, ct);
        return Results.NoContent();
    }

    private static async Task<IResult> ExportAsync(string ledger, string? format, string? org, int? from, int? to, LedgerExporter exporter, CounterpartDbContext db, HttpContext http, CancellationToken ct)
    {
        var definition = LedgerCatalog.Get(ledger);
        var csv = string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase);
        var who = http.Writer();
        var scope = who.Scope;
        if (!string.IsNullOrWhiteSpace(org))
        {
            // Narrowed to a unit of the account's own subtree, never widened.
            var unit = await Organizations.OrganizationTree.ResolveAsync(db, org, ct);
            if (!scope.Contains(unit.Path))
            {
                return Results.Problem(title: $"{unit.Name}（{unit.Code}）不在您的管辖范围内，不能导出其数据。", statusCode: StatusCodes.Status403Forbidden);
            }

            scope = Scope.Of(unit);
        }

        http.Response.ContentType = csv ? "text/csv; charset=utf-8" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        http.Response.Headers.ContentDisposition = $"attachment; filename*=UTF-8''{Uri.EscapeDataString(definition.Title + "." + (csv ? "csv" : "xlsx"))}";
        // Personal numbers stay masked in API exports (unmasked exports need the review work). CSV is streamed straight to
        // the response; a workbook goes through a temporary file first, because the zip writer finishes it with
        // synchronous writes, which the server refuses on a response body.
        if (csv)
        {
            await exporter.ExportAsync(ledger, http.Response.Body, csv, scope, from ?? 2000, to ?? 2100, unmasked: false, who with { AuditEachRow = false }, ct);
            return Results.Empty;
        }

        var path = Path.Combine(Path.GetTempPath(), "counterpart-export-" + Guid.NewGuid().ToString("N"));
        await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        await exporter.ExportAsync(ledger, file, csv, scope, from ?? 2000, to ?? 2100, unmasked: false, who with { AuditEachRow = false }, ct);
        file.Position = 0;
        http.Response.ContentLength = file.Length;
        await file.CopyToAsync(http.Response.Body, ct);
        return Results.Empty;
    }

    private static async Task<IResult> TemplateAsync(string ledger, string? format, CancellationToken ct)
    {
        var definition = LedgerCatalog.Get(ledger);
        var csv = string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase);
        var output = new MemoryStream();
        await (csv ? TemplateWriter.WriteCsvAsync(definition, output, ct) : TemplateWriter.WriteXlsxAsync(definition, output, ct));
        output.Position = 0;
        return Results.File(output, csv ? "text/csv; charset=utf-8" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            $"{definition.Title}模板.{(csv ? "csv" : "xlsx")}");
    }

    /// <summary>
    /// The report as the API returns it: counts, errors both flat and grouped by kind, and — after a committed import —
    /// the data-quality check (null when none ran), each violation with its rows, the ledger page that lists them and
    /// which of them this import wrote.
    /// </summary>
    public static object ToDto(ImportReport r) => new
    {
        r.Ledger, r.FileName, r.Sha256, Status = r.Status.ToString(), r.BatchId, r.RowsRead, r.Inserted, r.Updated, r.Unchanged, r.Rejected, r.Notices,
        ErrorGroups = r.ErrorsByKind.Select(g => new { Kind = g.Key, Count = g.Count() }),
        Errors = r.Errors,
        Quality = r.Quality is not { } q ? null : new
        {
            q.Completed, Summary = q.Completed ? (q.Violations.Count == 0 ? "没有发现问题" : $"发现 {q.Violations.Count} 处问题（提醒，导入已保存）") : Counterpart.Quality.ImportQuality.NotCompletedText,
            q.Years, q.Pairings, q.Rules, Count = q.Violations.Count,
            Violations = q.Violations.Select(v => new
            {
                v.Year, v.Violation.Rule, v.Violation.RuleName, Importance = v.Violation.Importance.ToString(), v.Violation.Message, v.Violation.Instructions,
                v.Violation.RowKind, v.Violation.RowIds, v.ImportedRowIds, Rows = v.Violation.RowsLink, Quality = $"/quality?year={v.Year}",
            }),
        },
    };
}
