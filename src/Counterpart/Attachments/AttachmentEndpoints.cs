using Counterpart.Accounts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Counterpart.Attachments;

/// <summary>Attachments of a ledger row: list and upload under the row, fetch (or its thumbnail) and delete by id.</summary>
public static class AttachmentEndpoints
{
    public static RouteGroupBuilder MapAttachmentApi(this RouteGroupBuilder api)
    {
        api.MapGet("/ledgers/{ledger}/records/{id:long}/attachments", async (string ledger, long id, AttachmentStore store, HttpContext http, CancellationToken ct) =>
                Results.Json(await store.ListAsync(Ledgers.LedgerCatalog.Get(ledger).Name, id, http.User.ReadScope(), ct), Indicators.IndicatorEndpoints.JsonWithEnumNames))
            .RequireAuthorization(Policies.ReadData).WithName("ListAttachments").WithSummary("The photos and documents attached to a ledger row.");
        api.MapPost("/ledgers/{ledger}/records/{id:long}/attachments", AddAsync)
            .RequireAuthorization(Policies.EnterData).DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(AttachmentStore.MaxBytes + 1024 * 1024))
            .WithName("AddAttachment").WithSummary("Attach a JPEG, PNG or PDF (multipart field 'file', optional 'note') to a ledger row; at most 10 MB.");
        api.MapGet("/attachments/{id:long}/content", async (long id, bool? thumbnail, AttachmentStore store, HttpContext http, CancellationToken ct) =>
            {
                var found = await store.ContentAsync(id, http.User.ReadScope(), thumbnail ?? false, ct);
                if (found is not { Bytes: { } bytes } file)
                {
                    return Results.Problem(title: found is null ? $"没有编号为 {id} 的附件，或它不在您的管辖范围内。" : "这个附件是文档，没有缩略图。", statusCode: StatusCodes.Status404NotFound);
                }

                var type = thumbnail == true ? "image/jpeg" : file.Type switch { AttachmentType.Png => "image/png", AttachmentType.Pdf => "application/pdf", _ => "image/jpeg" };
                return Results.File(bytes, type, thumbnail == true ? null : file.FileName);
            })
            .RequireAuthorization(Policies.ReadData).WithName("GetAttachment").WithSummary("An attachment's file, or (thumbnail=true) a photo's thumbnail.");
        api.MapDelete("/attachments/{id:long}", async (long id, AttachmentStore store, HttpContext http, CancellationToken ct) =>
            {
                await store.DeleteAsync(id, http.Writer(), ct);
                return Results.NoContent();
            })
            .RequireAuthorization(Policies.EnterData).DisableAntiforgery().WithName("DeleteAttachment").WithSummary("Delete an attachment.");
        return api;
    }

    private static async Task<IResult> AddAsync(string ledger, long id, IFormFile? file, [FromForm] string? note, AttachmentStore store, HttpContext http, CancellationToken ct)
    {
        if (file is null || file.Length == 0)
        {
            return Results.Problem(title: "请以 multipart/form-data 上传文件（字段名 file）。", statusCode: StatusCodes.Status400BadRequest);
        }

        await using var stream = file.OpenReadStream();
        var added = await store.AddAsync(ledger, id, file.FileName, stream, note, http.Writer(), ct);
        return Results.Json(added, Indicators.IndicatorEndpoints.JsonWithEnumNames, statusCode: StatusCodes.Status201Created);
    }
}
