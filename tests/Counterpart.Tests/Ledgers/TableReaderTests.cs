using Counterpart.Ledgers;
using Counterpart.Ledgers.Files;
using Counterpart.People;

namespace Counterpart.Tests.Ledgers;

/// <summary>The readers against files written by real office software (see Fixtures/README.md).</summary>
public sealed class TableReaderTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    private static (IReadOnlyList<string> Header, List<TableRow> Rows, ITableReader Reader) Read(string path)
    {
        using var stream = File.OpenRead(path);
        using var reader = TableFile.Open(stream, Path.GetFileName(path));
        return (reader.Header, reader.Rows().ToList(), reader);
    }

    [Fact]
    public void Xlsx_WrittenByLibreOffice_ReadsSharedStringsDatesNumbersAndLineBreaks()
    {
        var (header, rows, _) = Read(Fixture("libreoffice-basic.xlsx"));

        Assert.Equal(["姓名", "身份证号", "就业起始日期", "月收入(元)", "备注"], header);
        Assert.Equal(2, rows.Count);
        Assert.Equal((2, "张三", "522726199001011234"), (rows[0].Number, rows[0].Cell(0), rows[0].Cell(1)));
        Assert.Equal(new DateOnly(2023, 5, 1), CellParsers.Date(rows[0].Cell(2)).Value);
        Assert.Equal(3500m, CellParsers.Amount(rows[0].Cell(3)).Value);
        Assert.Equal("两行\n备注", rows[0].Cell(4));
        Assert.Equal("含,逗号", rows[1].Cell(4));
        Assert.Equal(new DateOnly(2023, 6, 1), CellParsers.Date(rows[1].Cell(2)).Value);
    }

    [Fact]
    public void Xlsx_IdStoredAsNumberByLibreOffice_IsReportedAsDamagedByExcel()
    {
        var (_, rows, _) = Read(Fixture("libreoffice-id-as-number.xlsx"));

        var parsed = ResidentId.Parse(rows[0].Cell(1));

        Assert.Equal(ResidentIdError.ExcelScientificNotation, parsed.Error);
        Assert.Contains("文本", parsed.ErrorMessageZh, StringComparison.Ordinal);
        Assert.True(ResidentId.Parse(rows[1].Cell(1)).Error != ResidentIdError.ExcelScientificNotation);
    }

    [Fact]
    public void Csv_GbkWithoutBom_IsDetectedAndRead()
    {
        using var stream = File.OpenRead(Fixture("libreoffice-gbk.csv"));
        using var reader = (CsvReader)TableFile.Open(stream, "台账.csv");
        var rows = reader.Rows().ToList();

        Assert.Equal("GB18030", reader.EncodingName);
        Assert.Equal("姓名", reader.Header[0]);
        Assert.Equal(["张三", "522726199001011234", "2023-05-01", "3500", "两行\n备注"], rows[0].Cells);
        Assert.Equal((3, "含,逗号"), (rows[1].Number, rows[1].Cell(4)));
    }

    [Fact]
    public void Csv_GbkWithCrlfAsExcelWritesIt_IsReadWithTheCellsLineBreak()
    {
        using var stream = File.OpenRead(Fixture("excel-style-gbk-crlf.csv"));
        using var reader = (CsvReader)TableFile.Open(stream, "台账.csv");
        var rows = reader.Rows().ToList();

        Assert.Equal("GB18030", reader.EncodingName);
        Assert.Equal(["张三", "522726199001011234", "2023-05-01", "3500", "两行\n备注"], rows[0].Cells);
        Assert.Equal((3, "含,逗号"), (rows[1].Number, rows[1].Cell(4)));
        Assert.DoesNotContain(rows.SelectMany(r => r.Cells), c => c.EndsWith('\r'));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Csv_Utf8WithOrWithoutBom_IsRead(bool bom)
    {
        var text = "姓名,金额（万元）\r\n王五,\"1,200\"\r\n\r\n赵六,3\r\n";
        var bytes = (bom ? new byte[] { 0xEF, 0xBB, 0xBF } : []).Concat(System.Text.Encoding.UTF8.GetBytes(text)).ToArray();
        using var reader = TableFile.Open(new MemoryStream(bytes), "a.csv");
        var rows = reader.Rows().ToList();

        Assert.Equal(["姓名", "金额(万元)"], reader.Header);
        Assert.Equal("UTF-8", ((CsvReader)reader).EncodingName);
        Assert.Equal(["王五", "1,200"], rows[0].Cells);
        Assert.True(rows[1].IsBlank);
        Assert.Equal((4, "赵六"), (rows[2].Number, rows[2].Cell(0)));
    }

    [Fact]
    public void Csv_Utf16TabSeparated_IsRead()
    {
        var bytes = System.Text.Encoding.Unicode.GetPreamble().Concat(System.Text.Encoding.Unicode.GetBytes("姓名\t性别\n王五\t男\n")).ToArray();
        using var reader = TableFile.Open(new MemoryStream(bytes), "a.txt");

        Assert.Equal(["姓名", "性别"], reader.Header);
        Assert.Equal(["王五", "男"], reader.Rows().Single().Cells);
    }
}
