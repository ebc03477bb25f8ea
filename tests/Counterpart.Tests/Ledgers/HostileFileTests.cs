using System.IO.Compression;
using System.Text;
using Counterpart.Ledgers.Files;
using Counterpart.Tests.Infrastructure;

namespace Counterpart.Tests.Ledgers;

/// <summary>Malformed and hostile files get a clear Chinese message (a LedgerFileException), never a crash.</summary>
public sealed class HostileFileTests
{
    private static readonly string[] RefusalWords = ["压缩炸弹", "损坏", "格式有误"];

    private static LedgerFileException Refused(byte[] bytes, string name = "台账.xlsx") =>
        Assert.Throws<LedgerFileException>(() =>
        {
            using var reader = TableFile.Open(new MemoryStream(bytes), name);
            _ = reader.Rows().ToList();
        });

    [Fact]
    public void ZipBomb_HighlyCompressedPart_IsRefusedBeforeInflating()
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var s = zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.SmallestSize).Open();
            var zeros = new byte[1 << 20];
            for (var i = 0; i < 64; i++)
            {
                s.Write(zeros);
            }
        }

        Assert.Contains("压缩炸弹", Refused(ms.ToArray()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ZipBomb_TooManyParts_IsRefused()
    {
        var parts = Enumerable.Range(0, 2_100).ToDictionary(i => $"p/{i}.xml", _ => "<a/>");

        Assert.Contains("部件", Refused(XlsxBuilder.Zip(parts)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ZipBomb_PartInflatingBeyondItsDeclaredSize_IsStopped()
    {
        var bytes = XlsxBuilder.Workbook([["姓名"], .. Enumerable.Range(0, 2000).Select(i => new[] { "某人" + i })]);
        DeclareUncompressedSize(bytes, "xl/worksheets/sheet1.xml", 300);

        var error = Refused(bytes);

        // .NET stops the inflater at the declared size; the sheet then ends mid-element. Either way: refused, clearly.
        Assert.Contains(RefusalWords, m => error.Message.Contains(m, StringComparison.Ordinal));
    }

    [Fact]
    public void ExternalEntity_InASheet_IsNeverResolved()
    {
        var secret = Path.GetTempFileName();
        File.WriteAllText(secret, "SECRET-CONTENT");
        var sheet = $"<?xml version=\"1.0\"?><!DOCTYPE w [<!ENTITY x SYSTEM \"file://{secret}\">]><worksheet xmlns=\"{XlsxBuilder.Ns}\"><sheetData>"
            + "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&x;</t></is></c></row></sheetData></worksheet>";

        var error = Refused(XlsxBuilder.Workbook([], sheetXmlOverride: sheet));

        Assert.DoesNotContain("SECRET", error.Message, StringComparison.Ordinal);
        Assert.Contains("格式有误", error.Message, StringComparison.Ordinal);
        File.Delete(secret);
    }

    [Fact]
    public void Truncated_Workbook_IsReportedAsDamaged()
    {
        var bytes = XlsxBuilder.Workbook([["姓名", "身份证号"], ["甲", "1"]]);

        var error = Refused(bytes[..(bytes.Length / 2)]);

        Assert.Contains("损坏", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PasswordProtectedOrLegacyXls_IsRefusedWithAdvice()
    {
        var cfb = new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0 };

        Assert.Contains("密码", Refused(cfb).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("%PDF-1.7 ...", "a.xlsx", "不是有效的 .xlsx")]
    [InlineData("%PDF-1.7 ...", "a.csv", "PDF")]
    [InlineData("", "a.csv", "空的")]
    public void NotATable_IsRefusedWithAClearMessage(string content, string name, string expected) =>
        Assert.Contains(expected, Refused(Encoding.ASCII.GetBytes(content), name).Message, StringComparison.Ordinal);

    [Fact]
    public void EmptySheet_IsReported() =>
        Assert.Contains("空的", Refused(XlsxBuilder.Workbook([])).Message, StringComparison.Ordinal);

    [Fact]
    public void NotAWorkbook_ZipWithoutParts_IsReported() =>
        Assert.Contains("不是有效的 Excel", Refused(XlsxBuilder.Zip(new Dictionary<string, string> { ["a.txt"] = "x" })).Message, StringComparison.Ordinal);

    [Fact]
    public void HiddenSheet_IsIgnoredWithANotice()
    {
        using var reader = TableFile.Open(new MemoryStream(XlsxBuilder.Workbook([["姓名"], ["甲"]], extraSheetState: "hidden")), "a.xlsx");

        Assert.Contains(reader.Notices, n => n.Contains("隐藏", StringComparison.Ordinal));
        Assert.Equal("甲", reader.Rows().Single().Cell(0));
    }

    [Fact]
    public void Formula_IsFlaggedOnItsCell()
    {
        using var reader = TableFile.Open(new MemoryStream(XlsxBuilder.Workbook([["姓名", "金额"], ["甲", "=B3*2"]])), "a.xlsx");

        Assert.Equal([1], reader.Rows().Single().FormulaColumns);
    }

    [Fact]
    public void UnclosedQuote_InCsv_IsReportedAsTruncated() =>
        Assert.Contains("双引号", Refused(Encoding.UTF8.GetBytes("姓名,备注\n甲,\"未闭合\n"), "a.csv").Message, StringComparison.Ordinal);

    [Fact]
    public void OversizedFile_IsRefusedBeforeReading()
    {
        var limits = FileLimits.Default with { MaxFileBytes = 10 };

        var error = Assert.Throws<LedgerFileException>(() => TableFile.Open(new MemoryStream(new byte[100]), "a.csv", limits));

        Assert.Contains("超过上限", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Rewrites the uncompressed size a zip declares for one entry, in the local header and the central directory.</summary>
    private static void DeclareUncompressedSize(byte[] zip, string entry, uint size)
    {
        var name = Encoding.UTF8.GetBytes(entry);
        for (var i = 0; i + 46 < zip.Length; i++)
        {
            var local = BitConverter.ToUInt32(zip, i) == 0x04034b50 && zip.AsSpan(i + 30, name.Length).SequenceEqual(name);
            var central = BitConverter.ToUInt32(zip, i) == 0x02014b50 && zip.AsSpan(i + 46, name.Length).SequenceEqual(name);
            if (local)
            {
                BitConverter.TryWriteBytes(zip.AsSpan(i + 22, 4), size);
            }
            else if (central)
            {
                BitConverter.TryWriteBytes(zip.AsSpan(i + 24, 4), size);
            }
        }
    }
}
