using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;
using Counterpart.Ledgers;
using Counterpart.People;

namespace Counterpart.Bench;

/// <summary>
/// A synthetic employment (labor) ledger of any size, valid against the reference data: one job per person, names
/// drawn from a pool (so they repeat, as real names do), unique ID numbers, a mix of destinations. Written as the
/// template's CSV and as an .xlsx the way Excel saves one: text in the shared-strings part, dates as serial numbers.
/// </summary>
internal sealed class LaborFile(IReadOnlyList<string> villages, string county, string east)
{
    private static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "罗", "蒙", "莫", "韦", "潘", "杨", "石", "龙", "吴", "姚"];
    private static readonly string[] Given = ["小明", "小红", "建国", "秀英", "志强", "桂芳", "海燕", "永福", "春梅", "德明", "金花", "文军", "玉兰", "光荣", "丽", "勇", "芳", "军", "敏", "静"];

    public static IReadOnlyList<string> Header { get; } = [.. new LaborLedger().Columns.Select(c => c.Header)];

    /// <summary>The cells of row <paramref name="i"/>; dates as DateOnly, amounts as decimal, the rest as text.</summary>
    public object[] Row(int i)
    {
        var birth = new DateOnly(1960, 1, 1).AddDays(i % 16_000);
        var id = ResidentId.Create(county, birth, i / 16_000 % 1000);
        var (destination, place) = (i % 10) switch
        {
            < 6 => ("到东部", east),
            < 8 => ("省内就近", "522701"),
            8 => ("其他地区", "330106"),
            _ => ("公益岗位", county),
        };
        return
        [
            Surnames[i % Surnames.Length] + Given[i / Surnames.Length % Given.Length], id, "",
            "139" + (i % 100_000_000).ToString("D8", CultureInfo.InvariantCulture), villages[i % villages.Count],
            (i % 3) switch { 0 => "脱贫户", 1 => "监测户", _ => "一般农户" }, destination, place,
            destination == "公益岗位" ? "" : "协作企业" + (i % 500).ToString(CultureInfo.InvariantCulture), "",
            new DateOnly(2021, 1, 1).AddDays(i % 1_500), "", 2_800m + (i % 40 * 100), i % 4 == 0 ? "否" : "是", destination == "到东部" ? east : "", county,
        ];
    }

    public static string Text(object cell) => cell switch
    {
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        decimal m => m.ToString(CultureInfo.InvariantCulture),
        _ => (string)cell,
    };

    public void WriteCsv(string path, int rows)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        writer.Write(string.Join(",", Header));
        writer.Write("\r\n");
        for (var i = 0; i < rows; i++)
        {
            writer.Write(string.Join(",", Row(i).Select(Text)));
            writer.Write("\r\n");
        }
    }

    /// <summary>An .xlsx as Excel writes it: every text cell a shared string, numbers and date serials as values.</summary>
    public void WriteXlsx(string path, int rows)
    {
        var strings = new Dictionary<string, int>(StringComparer.Ordinal);
        var order = new List<string>();
        int Shared(string s)
        {
            if (!strings.TryGetValue(s, out var index))
            {
                strings[s] = index = order.Count;
                order.Add(s);
            }

            return index;
        }

        using var zip = new ZipArchive(File.Create(path), ZipArchiveMode.Create);
        Part(zip, "[Content_Types].xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>
            """);
        Part(zip, "_rels/.rels", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>
            """);
        Part(zip, "xl/workbook.xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="台账" sheetId="1" r:id="rId1"/></sheets></workbook>
            """);
        Part(zip, "xl/_rels/workbook.xml.rels", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>
            """);
        Part(zip, "xl/styles.xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="1"><font><sz val="11"/><name val="等线"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>
            """);
        using (var sheet = XmlWriter.Create(zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.Optimal).Open(), new XmlWriterSettings { Encoding = new UTF8Encoding(false), CloseOutput = true }))
        {
            const string ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
            sheet.WriteStartDocument(true);
            sheet.WriteStartElement("worksheet", ns);
            sheet.WriteStartElement("sheetData", ns);
            for (var r = -1; r < rows; r++)
            {
                sheet.WriteStartElement("row", ns);
                sheet.WriteAttributeString("r", (r + 2).ToString(CultureInfo.InvariantCulture));
                var cells = r < 0 ? Header.Cast<object>().ToArray() : Row(r);
                for (var c = 0; c < cells.Length; c++)
                {
                    if (cells[c] is string { Length: 0 })
                    {
                        continue;
                    }

                    sheet.WriteStartElement("c", ns);
                    sheet.WriteAttributeString("r", ColumnName(c) + (r + 2).ToString(CultureInfo.InvariantCulture));
                    switch (cells[c])
                    {
                        case DateOnly d:
                            sheet.WriteAttributeString("s", "1");
                            sheet.WriteElementString("v", ns, (d.DayNumber - new DateOnly(1899, 12, 30).DayNumber).ToString(CultureInfo.InvariantCulture));
                            break;
                        case decimal m:
                            sheet.WriteElementString("v", ns, m.ToString(CultureInfo.InvariantCulture));
                            break;
                        default:
                            sheet.WriteAttributeString("t", "s");
                            sheet.WriteElementString("v", ns, Shared((string)cells[c]).ToString(CultureInfo.InvariantCulture));
                            break;
                    }

                    sheet.WriteEndElement();
                }

                sheet.WriteEndElement();
            }

            sheet.WriteEndElement();
            sheet.WriteEndElement();
        }

        using var sst = XmlWriter.Create(zip.CreateEntry("xl/sharedStrings.xml", CompressionLevel.Optimal).Open(), new XmlWriterSettings { Encoding = new UTF8Encoding(false), CloseOutput = true });
        const string main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
        sst.WriteStartDocument(true);
        sst.WriteStartElement("sst", main);
        sst.WriteAttributeString("uniqueCount", order.Count.ToString(CultureInfo.InvariantCulture));
        foreach (var s in order)
        {
            sst.WriteStartElement("si", main);
            sst.WriteElementString("t", main, s);
            sst.WriteEndElement();
        }

        sst.WriteEndElement();
    }

    private static void Part(ZipArchive zip, string name, string xml)
    {
        using var writer = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
        writer.Write(xml.Trim());
    }

    private static string ColumnName(int index) => index < 26 ? ((char)('A' + index)).ToString() : "A" + (char)('A' + index - 26);
}
