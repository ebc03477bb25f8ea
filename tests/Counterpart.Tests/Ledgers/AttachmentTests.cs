using System.Buffers.Binary;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Counterpart.Accounts;
using Counterpart.Data;
using Counterpart.Tests.Hosts;
using Counterpart.Tests.Infrastructure;
using Counterpart.Attachments;
using Microsoft.EntityFrameworkCore;
using SkiaSharp;

namespace Counterpart.Tests.Ledgers;

/// <summary>
/// Photos and scans on ledger rows: checked by content and size, a thumbnail for photos, read and written within the
/// scope of their row, deleted through the audited write path.
/// </summary>
public sealed class AttachmentTests
{
    public static TheoryData<DatabaseProvider> Providers => Checkout.BothProviders;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Photo_AttachedToAProject_HasAThumbnail_StaysInScope_AndIsDeletedWithAnAuditEntry(DatabaseProvider provider)
    {
        var (db, app) = await WebHostTests.PrivateHostAsync(provider);
        await using var _ = db;
        await using var __ = app;
        using var clerk = await WebHostTests.SignedInClientAsync(app, Roles.Clerk, "522726");
        using var otherClerk = await WebHostTests.SignedInClientAsync(app, Roles.Clerk, "522722");
        var created = await clerk.PostAsJsonAsync(new Uri("/api/v1/ledgers/projects/records", UriKind.Relative), new Dictionary<string, string?>
        {
            ["code"] = "DS-A-1", ["year"] = "2024", ["name"] = "甲村茶叶加工厂", ["category"] = "产业发展", ["status"] = "储备", ["place"] = "522726100200", ["owner"] = "522726",
        }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var list = JsonNode.Parse(await clerk.GetStringAsync(new Uri("/api/v1/ledgers/projects/records", UriKind.Relative), Ct))!;
        var project = (long)list["rows"]![0]!["id"]!;
        var attachments = new Uri($"/api/v1/ledgers/projects/records/{project}/attachments", UriKind.Relative);
        var png = Png(800, 600);

        var photo = await UploadAsync(clerk, attachments, "现场照片.png", png);
        var pdf = await UploadAsync(clerk, attachments, "验收报告.pdf", "%PDF-1.4\n%%EOF\n"u8.ToArray());
        var fake = await UploadAsync(clerk, attachments, "伪装.jpg", "这不是图片"u8.ToArray());
        var tooLarge = await UploadAsync(clerk, attachments, "大文件.pdf", [.. "%PDF-"u8.ToArray(), .. new byte[10 * 1024 * 1024]]);
        var bomb = await UploadAsync(clerk, attachments, "炸弹.png", PngClaiming(100_000, 100_000));
        var byOther = await UploadAsync(otherClerk, attachments, "别县.png", png);
        var listed = JsonNode.Parse(await clerk.GetStringAsync(attachments, Ct))!.AsArray();
        var photoId = (long)listed.Single(a => (string)a!["fileName"]! == "现场照片.png")!["id"]!;
        var pdfId = (long)listed.Single(a => (string)a!["fileName"]! == "验收报告.pdf")!["id"]!;
        var thumbnail = await clerk.GetByteArrayAsync(new Uri($"/api/v1/attachments/{photoId}/content?thumbnail=true", UriKind.Relative), Ct);
        var original = await clerk.GetByteArrayAsync(new Uri($"/api/v1/attachments/{photoId}/content", UriKind.Relative), Ct);
        var pdfThumbnail = await clerk.GetAsync(new Uri($"/api/v1/attachments/{pdfId}/content?thumbnail=true", UriKind.Relative), Ct);
        var otherList = JsonNode.Parse(await otherClerk.GetStringAsync(attachments, Ct))!.AsArray();
        var otherGet = await otherClerk.GetAsync(new Uri($"/api/v1/attachments/{photoId}/content", UriKind.Relative), Ct);
        var otherDelete = await otherClerk.DeleteAsync(new Uri($"/api/v1/attachments/{photoId}", UriKind.Relative), Ct);
        var deleted = await clerk.DeleteAsync(new Uri($"/api/v1/attachments/{photoId}", UriKind.Relative), Ct);
        var afterDelete = JsonNode.Parse(await clerk.GetStringAsync(attachments, Ct))!.AsArray();

        Assert.Equal(HttpStatusCode.Created, photo.Status);
        Assert.Equal(HttpStatusCode.Created, pdf.Status);
        Assert.Equal((HttpStatusCode.BadRequest, "“伪装.jpg”不是 JPEG、PNG 图片或 PDF 文件（按文件内容判断，不看扩展名），不能作为附件。"), (fake.Status, fake.Title));
        Assert.Equal(HttpStatusCode.BadRequest, tooLarge.Status);
        Assert.Contains("超过 10 MB", tooLarge.Title, StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.BadRequest, "“炸弹.png”的像素过多（100000×100000），请缩小后再上传。"), (bomb.Status, bomb.Title));
        Assert.Equal(HttpStatusCode.NotFound, byOther.Status);
        Assert.Equal(2, listed.Count);
        Assert.True((bool)listed.Single(a => (long)a!["id"]! == photoId)!["hasThumbnail"]!);
        Assert.Equal("Draft", (string)listed[0]!["state"]!);
        using (var image = SKBitmap.Decode(thumbnail))
        {
            Assert.Equal((240, 180), (image.Width, image.Height));
            Assert.Equal(new SKColor(200, 40, 40), image.GetPixel(120, 90), Near);
        }

        Assert.Equal([0xFF, 0xD8, 0xFF], thumbnail[..3]);
        Assert.Equal(png, original);
        Assert.Equal(HttpStatusCode.NotFound, pdfThumbnail.StatusCode);
        Assert.Empty(otherList);
        Assert.Equal(HttpStatusCode.NotFound, otherGet.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, otherDelete.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Single(afterDelete);
        await using var ctx = db.NewContext();
        var audit = await ctx.AuditRecords.Where(a => a.EntityType == "Attachment").Select(a => new { a.Action, a.EntityId, a.After, a.Before }).ToListAsync(Ct);
        Assert.Contains(audit, a => a.Action == Audit.AuditAction.Deleted && a.EntityId == photoId);
        // The file itself never goes into the trail.
        Assert.All(audit, a => Assert.DoesNotContain("iVBOR", (a.After ?? "") + (a.Before ?? ""), StringComparison.Ordinal));
    }

    [Fact]
    public void Thumbnail_OfAHeaderClaimingTenGigapixels_IsRefusedFromTheHeaderAlone()
    {
        // 56 bytes of valid PNG chunks that claim 100,000 × 100,000 pixels (40 GB of RGBA): decoding would allocate first.
        var bomb = PngClaiming(100_000, 100_000);

        var refused = Assert.Throws<DomainException>(() => AttachmentStore.Thumbnail(bomb, "炸弹.png"));

        Assert.Equal("“炸弹.png”的像素过多（100000×100000），请缩小后再上传。", refused.Message);
        Assert.True(bomb.Length < 100);
    }

    [Fact]
    public void Thumbnail_OfADamagedPng_IsRefusedAsDamaged()
    {
        var damaged = Png(800, 600)[..40];

        var refused = Assert.Throws<DomainException>(() => AttachmentStore.Thumbnail(damaged, "坏图.png"));

        Assert.Equal("“坏图.png”的图片内容已损坏，无法打开。", refused.Message);
    }

    [Fact]
    public void Thumbnail_OfATransparentPortraitPng_FitsIn240PixelsOnWhite()
    {
        using var bitmap = new SKBitmap(new SKImageInfo(300, 900, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        bitmap.Erase(SKColors.Transparent);
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);

        var thumbnail = AttachmentStore.Thumbnail(data.ToArray(), "透明.png");

        using var image = SKBitmap.Decode(thumbnail);
        Assert.Equal((80, 240), (image.Width, image.Height));
        Assert.Equal(SKColors.White, image.GetPixel(40, 120), Near);
    }

    private static readonly IEqualityComparer<SKColor> Near = EqualityComparer<SKColor>.Create(
        (a, b) => Math.Abs(a.Red - b.Red) <= 6 && Math.Abs(a.Green - b.Green) <= 6 && Math.Abs(a.Blue - b.Blue) <= 6, c => 0);

    private static byte[] Png(int width, int height)
    {
        using var bitmap = new SKBitmap(width, height);
        bitmap.Erase(new SKColor(200, 40, 40));
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>A PNG whose header claims the given size, with one tiny IDAT chunk (a decoder stops for the size at the first IDAT).</summary>
    private static byte[] PngClaiming(int width, int height)
    {
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bits per sample
        header[9] = 2; // RGB
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            zlib.Write(new byte[16]);
        }

        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. Chunk("IHDR", header), .. Chunk("IDAT", compressed.ToArray()), .. Chunk("IEND", [])];
    }

    private static byte[] Chunk(string type, byte[] data)
    {
        byte[] typeAndData = [.. System.Text.Encoding.ASCII.GetBytes(type), .. data];
        var chunk = new byte[8 + data.Length + 4];
        BinaryPrimitives.WriteInt32BigEndian(chunk, data.Length);
        typeAndData.CopyTo(chunk, 4);
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + data.Length), System.IO.Hashing.Crc32.HashToUInt32(typeAndData));
        return chunk;
    }

    private static async Task<(HttpStatusCode Status, string Title)> UploadAsync(HttpClient client, Uri uri, string name, byte[] bytes)
    {
        using var form = new MultipartFormDataContent();
        using var file = new ByteArrayContent(bytes);
        form.Add(file, "file", name);
        var response = await client.PostAsync(uri, form, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        var title = response.IsSuccessStatusCode || body.Length == 0 ? "" : (string?)JsonNode.Parse(body)!["title"] ?? "";
        return (response.StatusCode, title);
    }
}
