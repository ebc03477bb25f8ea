using System.Security.Cryptography;
using Counterpart.Data;
using Counterpart.Ledgers;
using Microsoft.EntityFrameworkCore;
using SkiaSharp;

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

    /// <summary>
    /// A JPEG of at most 240 px on its longest side, turned upright by the photo's EXIF orientation and laid on white (a
    /// PNG's transparency). The codec reads only the header first: an image claiming more than <see cref="MaxPixels"/>
    /// is refused before any pixel memory is allocated (a decompression bomb is a few KB that claims gigapixels).
    /// </summary>
    internal static byte[] Thumbnail(byte[] bytes, string name)
    {
        using var stream = new SKMemoryStream(bytes);
        using var codec = SKCodec.Create(stream, out var opened);
        if (codec is null || opened != SKCodecResult.Success)
        {
            throw new DomainException($"“{name}”的图片内容已损坏，无法打开。");
        }

        var (width, height) = (codec.Info.Width, codec.Info.Height);
        if ((long)width * height > MaxPixels)
        {
            throw new DomainException($"“{name}”的像素过多（{width}×{height}），请缩小后再上传。");
        }

        // JPEG decodes directly at 1/2, 1/4 or 1/8 size; keep a size no smaller than the thumbnail.
        var scaled = codec.GetScaledDimensions((float)ThumbnailSide / Math.Max(width, height));
        var decode = Math.Max(scaled.Width, scaled.Height) >= ThumbnailSide ? scaled : codec.Info.Size;
        using var bitmap = new SKBitmap(new SKImageInfo(decode.Width, decode.Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        var decoded = codec.GetPixels(bitmap.Info, bitmap.GetPixels());
        if (decoded is not (SKCodecResult.Success or SKCodecResult.IncompleteInput))
        {
            throw new DomainException($"“{name}”的图片内容已损坏，无法打开。");
        }

        var origin = codec.EncodedOrigin;
        var sideways = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        var (uprightWidth, uprightHeight) = sideways ? (height, width) : (width, height);
        var longest = Math.Max(uprightWidth, uprightHeight);
        var size = new SKSizeI(Math.Max(1, (int)Math.Round((double)uprightWidth * ThumbnailSide / longest)), Math.Max(1, (int)Math.Round((double)uprightHeight * ThumbnailSide / longest)));

        using var surface = SKSurface.Create(new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        canvas.SetMatrix(Upright(origin, size.Width, size.Height));
        using var image = SKImage.FromBitmap(bitmap);
        var target = sideways ? new SKRect(0, 0, size.Height, size.Width) : new SKRect(0, 0, size.Width, size.Height);
        canvas.DrawImage(image, target, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        using var snapshot = surface.Snapshot();
        using var jpeg = snapshot.Encode(SKEncodedImageFormat.Jpeg, 80);
        return jpeg.ToArray();
    }

    /// <summary>The transform that draws an image stored in <paramref name="origin"/> upright into a w × h thumbnail.</summary>
    private static SKMatrix Upright(SKEncodedOrigin origin, int w, int h) => origin switch
    {
        SKEncodedOrigin.TopRight => new SKMatrix(-1, 0, w, 0, 1, 0, 0, 0, 1),
        SKEncodedOrigin.BottomRight => new SKMatrix(-1, 0, w, 0, -1, h, 0, 0, 1),
        SKEncodedOrigin.BottomLeft => new SKMatrix(1, 0, 0, 0, -1, h, 0, 0, 1),
        SKEncodedOrigin.LeftTop => new SKMatrix(0, 1, 0, 1, 0, 0, 0, 0, 1),
        SKEncodedOrigin.RightTop => new SKMatrix(0, -1, w, 1, 0, 0, 0, 0, 1),
        SKEncodedOrigin.RightBottom => new SKMatrix(0, -1, w, -1, 0, h, 0, 0, 1),
        SKEncodedOrigin.LeftBottom => new SKMatrix(0, 1, 0, -1, 0, h, 0, 0, 1),
        _ => SKMatrix.Identity,
    };
}
