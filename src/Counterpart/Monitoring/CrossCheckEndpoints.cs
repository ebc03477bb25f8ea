using Counterpart.Accounts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Counterpart.Monitoring;

public static class CrossCheckEndpoints
{
    public static RouteGroupBuilder MapCrossCheckApi(this RouteGroupBuilder api)
    {
        // An API call with a file, like the import (antiforgery is for the pages); the same size limit.
        api.MapPost("/crosscheck/monitoring", CheckAsync)
            .RequireAuthorization(Policies.ReadData)
            .DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(MonitoringCrossCheck.MaxFileBytes + 1024 * 1024))
            .WithName("CrossCheckMonitoring")
            .WithSummary("Cross-check the registry within the account's scope against an export of the national anti-poverty-relapse monitoring system "
                + "(multipart field 'file', .xlsx or .csv); lists the mismatches with masked ID numbers; year= limits the employment records; "
                + "format=xlsx returns the result as a workbook. The file is not kept; nothing is changed.");
        return api;
    }

    private static async Task<IResult> CheckAsync(IFormFile? file, [FromQuery] int? year, [FromQuery] string? format, MonitoringCrossCheck check, HttpContext http, CancellationToken ct)
    {
        if (file is null || file.Length == 0)
        {
            return Results.Problem(title: file is null
                ? "请以 multipart/form-data 上传监测系统导出的文件（字段名 file）。"
                : "文件是空的。请上传从防返贫监测信息系统导出的 .xlsx 或 .csv 文件。", statusCode: StatusCodes.Status400BadRequest);
        }

        // Buffered to a temporary file that is deleted when closed: the export is read, compared and discarded (ADR 14).
        var path = Path.Combine(Path.GetTempPath(), "counterpart-crosscheck-" + Guid.NewGuid().ToString("N"));
        CrossCheckResult result;
        await using (var buffer = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose | FileOptions.Asynchronous))
        {
            await file.CopyToAsync(buffer, ct);
            buffer.Position = 0;
            result = await check.RunAsync(buffer, Path.GetFileName(file.FileName), http.User.ReadScope(), year, http.Writer(), ct);
        }

        if (string.Equals(format, "xlsx", StringComparison.OrdinalIgnoreCase))
        {
            var workbook = new MemoryStream();
            await CrossCheckWorkbook.WriteAsync(result, workbook, ct);
            workbook.Position = 0;
            return Results.File(workbook, CrossCheckWorkbook.ContentType, CrossCheckWorkbook.FileName(result));
        }

        return Results.Json(ToDto(result), Indicators.IndicatorEndpoints.Json);
    }

    /// <summary>The result as the API returns it; the file's persons not in our registry only as a count.</summary>
    public static object ToDto(CrossCheckResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new
        {
            r.FileName, r.Layout, r.Year, CheckedOn = r.CheckedOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            r.RowsRead, r.HouseholdRowsRead, r.BadRows, r.PersonsInFile, r.OursInScope, r.Matched, r.OursNotInFile, r.OursNotJudged, r.FileNotOurs,
            r.CoveredCounties, r.UncoveredCounties, r.FileCounties, r.CoverageNote, MismatchCount = r.Mismatches.Count, r.MismatchedPersons,
            ByKind = Enum.GetValues<MismatchKind>().ToDictionary(k => k.ToString(), r.CountOf),
            FigureEffects = r.FigureEffects.Select(e => new { e.Year, e.Decrease, e.Increase, e.Net }),
            Mismatches = r.Mismatches.Select(m => new
            {
                Kind = m.Kind.ToString(), m.KindLabel, m.PersonId, m.MaskedId, m.Name, m.Ours, m.Theirs, m.Sheet, m.Row, m.LiftedFlagWrong, m.Advice,
                Employment = m.Employment.Select(j => new { j.Id, j.Year }),
            }),
            r.Errors, r.Notices,
        };
    }
}
