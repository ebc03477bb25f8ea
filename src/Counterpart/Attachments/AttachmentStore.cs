using System.Security.Cryptography;
using Counterpart.Data;
using Counterpart.Ledgers;
using Microsoft.EntityFrameworkCore;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Processing;

namespace Counterpart.Attachments;

/// <summary>An attachment as lists show it (without its bytes).</summary>
public sealed record AttachmentInfo(long Id, string FileName, AttachmentType Type, long Size, string? Note, string UploadedBy, DateTimeOffset UploadedAtUtc, bool HasThumbnail, ReviewStatus State);

/// <summary>
/// Photos and scans on ledger rows: checked by content (JPEG, PNG or PDF, at most <see cref="MaxBytes"/>; images at most
/// <see cref="MaxPixels"/>), a thumbnail made for photos, stored with the row's owner so that the row's scope rules apply.
/// </summary>
public sealed class AttachmentStore(CounterpartDbContext db, TimeProvider clock)
{
    public const long MaxBytes = 10 * 1024 * 1024;
    public const long MaxPixels = 50_000_000;
    private const int ThumbnailSide = 240;

    public async Task<IReadOnlyList<AttachmentInfo>> ListAsync(string ledger, long recordId, Scope scope, CancellationToken ct = default) =>
        await db.Rows<Attachment>(scope).Where(a => a.Ledger == ledger && a.RecordId == recordId).OrderBy(a => a.Id)
            .Select(a => new AttachmentInfo(a.Id, a.FileName, a.Type, a.Size, a.Note, a.UploadedBy, a.UploadedAtUtc, a.Thumbnail != null, a.ReviewState))
            .ToListAsync(ct);

    /// <summary>The file (or its thumbnail), if the scope may read it; the thumbnail of a document is null.</summary>
    public async Task<(string FileName, AttachmentType Type, byte[]? Bytes)?> ContentAsync(long id, Scope scope, bool thumbnail, CancellationToken ct = default)
    {
        var found = await db.Rows<Attachment>(scope).Where(a => a.Id == id)
            .Select(a => new { a.FileName, a.Type, Bytes = thumbnail ? a.Thumbnail : a.Content }).SingleOrDefaultAsync(ct);
        return found is null ? null : (found.FileName, found.Type, found.Bytes);
    }

    /// <summary>
    /// Adds a file to row <paramref name="recordId"/> of <paramref name="ledger"/>: the row must exist in the writer's scope
    /// and be a row of its own (a fund movement's evidence goes on its project); the file is refused, with its name and
    /// the reason, when its content is not a JPEG, PNG or PDF, when it is too large, or when an image is too large to open.
    /// </summary>
    public async Task<AttachmentInfo> AddAsync(string ledger, long recordId, string fileName, Stream content, string? note, WriteContext who, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(who);
        var definition = LedgerCatalog.Get(ledger);
        var name = Path.GetFileName(fileName ?? "").Trim();
        name = name.Length == 0 ? "附件" : name[..Math.Min(name.Length, 200)];
        var bytes = await ReadAsync(content, name, ct);
        var type = TypeOf(bytes) ?? throw new DomainException($"“{name}”不是 JPEG、PNG 图片或 PDF 文件（按文件内容判断，不看扩展名），不能作为附件。");
        var thumbnail = type == AttachmentType.Pdf ? null : Thumbnail(bytes, name);
        var id = await new LedgerWriter(db).WriteAsync(who, async (d, c) =>
        {
            var row = await definition.FindTrackedAsync(d, who.Scope, recordId, c)
                ?? throw new DomainException($"{definition.Title}中没有编号为 {recordId} 的记录，或它不在您的管辖范围内。") { Status = 404 };
            if (row is not LedgerRecord record)
            {
                throw new DomainException($"{definition.Title}的记录是上级记录的一部分；请把附件加在它所属的记录上（如项目资金的凭证加在项目上）。");
            }

            var attachment = new Attachment
            {
                Ledger = definition.Name, RecordId = recordId, OwnerOrgId = record.OwnerOrgId, FileName = name, Type = type, Size = bytes.Length,
                Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)), Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim()[..Math.Min(note.Trim().Length, 500)],
                Content = bytes, Thumbnail = thumbnail, UploadedBy = who.Actor, UploadedAtUtc = clock.GetUtcNow(),
            };
            d.Add(attachment);
            await d.SaveChangesAsync(c);
            return attachment.Id;
        }, ct);
        return (await ListAsync(definition.Name, recordId, Scope.Everything, ct)).Single(a => a.Id == id);
    }

    public async Task DeleteAsync(long id, WriteContext who, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(who);
        await new LedgerWriter(db).WriteAsync(who, async (d, c) =>
        {
            var attachment = await d.Rows<Attachment>(who.Scope).Where(a => a.Id == id).AsTracking().SingleOrDefaultAsync(c)
                ?? throw new DomainException($"没有编号为 {id} 的附件，或它不在您的管辖范围内。") { Status = 404 };
            d.Remove(attachment);
        }, ct);
    }

    private static async Task<byte[]> ReadAsync(Stream content, string name, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81_920];
        int read;
        while ((read = await content.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                throw new DomainException($"“{name}”超过 {MaxBytes / 1024 / 1024} MB，不能作为附件；请压缩图片或拆分文件。");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.Length == 0 ? throw new DomainException($"“{name}”是空文件。") : buffer.ToArray();
    }

    /// <summary>The type by the file's signature.</summary>
    internal static AttachmentType? TypeOf(ReadOnlySpan<byte> bytes) =>
        bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]) ? AttachmentType.Jpeg
        : bytes.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) ? AttachmentType.Png
        : bytes.StartsWith("%PDF-"u8) ? AttachmentType.Pdf
        : null;

    /// <summary>A JPEG of at most 240 px on its longest side; the image's size is read before it is decoded.</summary>
    private static byte[] Thumbnail(byte[] bytes, string name)
    {
        try
        {
            var info = Image.Identify(bytes) ?? throw new DomainException($"“{name}”无法作为图片打开。");
            if ((long)info.Width * info.Height > MaxPixels)
            {
                throw new DomainException($"“{name}”的像素过多（{info.Width}×{info.Height}），请缩小后再上传。");
            }

            using var image = Image.Load(bytes);
            image.Mutate(x => x.Resize(new ResizeOptions { Size = new Size(ThumbnailSide, ThumbnailSide), Mode = ResizeMode.Max }));
            using var output = new MemoryStream();
            image.SaveAsJpeg(output);
            return output.ToArray();
        }
        catch (Exception e) when (e is ImageFormatException or UnknownImageFormatException or InvalidImageContentException)
        {
            throw new DomainException($"“{name}”的图片内容已损坏，无法打开。");
        }
    }
}
