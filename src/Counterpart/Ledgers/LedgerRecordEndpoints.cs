using Counterpart.Accounts;
using Counterpart.Data;
using Counterpart.Review;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Counterpart.Ledgers;

/// <summary>
/// The rows of every ledger one by one under /api/v1/ledgers/{ledger}/records: a list with paging, years, search and
/// sort; one row; a row entered or changed (the cells by column key, checked exactly like a one-row file); a row deleted.
/// Cells are the template's columns, so what the API returns is what an export would write.
/// </summary>
public static class LedgerRecordEndpoints
{
    public static RouteGroupBuilder MapLedgerRecordApi(this RouteGroupBuilder api)
    {
        var records = api.MapGroup("/ledgers/{ledger}/records");
        records.MapGet("/", ListAsync).RequireAuthorization(Policies.ReadData).WithName("ListLedgerRecords")
            .WithSummary("A page of a ledger's rows in the account's scope: from/to (years), search, sort (a column key) and desc, page (from 1) and size (at most 200).");
        records.MapGet("/{id:long}", GetAsync).RequireAuthorization(Policies.ReadData).WithName("GetLedgerRecord").WithSummary("One row, its review state and its cells.");
        records.MapPost("/", (string ledger, Dictionary<string, string?> cells, LedgerRecords service, HttpContext http, CancellationToken ct) =>
                SaveAsync(ledger, null, cells, service, http, ct))
            .RequireAuthorization(Policies.EnterData).DisableAntiforgery().WithName("CreateLedgerRecord")
            .WithSummary("Enters a row from its cells by column key (see GET /ledgers), with the same checks and messages as an import; 201 with the import's report, or 422 with its errors.");
        records.MapPut("/{id:long}", (string ledger, long id, Dictionary<string, string?> cells, LedgerRecords service, HttpContext http, CancellationToken ct) =>
                SaveAsync(ledger, id, cells, service, http, ct))
            .RequireAuthorization(Policies.EnterData).DisableAntiforgery().WithName("UpdateLedgerRecord")
            .WithSummary("Changes a row; its natural-key columns cannot change. 200 with the import's report, or 422 with its errors.");
        records.MapDelete("/{id:long}", async (string ledger, long id, LedgerRecords service, HttpContext http, CancellationToken ct) =>
            {
                await service.DeleteAsync(ledger, id, http.Writer(), ct);
                return Results.NoContent();
            })
            .RequireAuthorization(Policies.EnterData).DisableAntiforgery().WithName("DeleteLedgerRecord").WithSummary("Deletes a row with the rows that belong to it (a project's funds …).");
        return api;
    }

    private static async Task<IResult> ListAsync(string ledger, int? from, int? to, string? search, string? sort, bool? desc, int? page, int? size,
        LedgerRecords service, HttpContext http, CancellationToken ct)
    {
        var definition = LedgerCatalog.Get(ledger);
        var query = new LedgerQuery(from ?? 2000, to ?? 2100, search, sort, desc ?? false, page ?? 1, size ?? 20).Normalized();
        var result = await service.ListAsync(ledger, http.User.ReadScope(), query, ct);
        return Results.Json(new
        {
            Ledger = definition.Name, definition.Title, result.Total, query.Page, query.PageSize,
            Columns = definition.Columns.Select(c => new { c.Key, c.Header }),
            Rows = result.Rows.Select(r => ToDto(definition, r)),
        }, Indicators.IndicatorEndpoints.Json);
    }

    private static async Task<IResult> GetAsync(string ledger, long id, LedgerRecords service, HttpContext http, CancellationToken ct)
    {
        var definition = LedgerCatalog.Get(ledger);
        return await service.GetAsync(ledger, http.User.ReadScope(), id, ct) is { } row
            ? Results.Json(ToDto(definition, row), Indicators.IndicatorEndpoints.Json)
            : Results.Problem(title: $"{definition.Title}中没有编号为 {id} 的记录，或它不在您的管辖范围内。", statusCode: StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> SaveAsync(string ledger, long? id, Dictionary<string, string?> cells, LedgerRecords service, HttpContext http, CancellationToken ct)
    {
        var report = await service.SaveAsync(ledger, cells, http.Writer(), id, ct);
        var status = report.Status == ImportStatus.Rejected ? StatusCodes.Status422UnprocessableEntity
            : id is null ? StatusCodes.Status201Created : StatusCodes.Status200OK;
        return Results.Json(LedgerEndpoints.ToDto(report), Indicators.IndicatorEndpoints.Json, statusCode: status);
    }

    private static object ToDto(LedgerDefinition definition, LedgerRow row) => new
    {
        row.Id, State = row.State?.ToString(), StateZh = row.State is { } s ? ReviewRules.Label(s) : null,
        Cells = definition.Columns.Select((c, i) => (c.Key, Value: row.Cells[i])).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal),
    };
}
