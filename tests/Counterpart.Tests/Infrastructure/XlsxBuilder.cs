using System.Globalization;
using System.IO.Compression;
using System.Security;
using System.Text;

namespace Counterpart.Tests.Infrastructure;

/// <summary>Builds minimal .xlsx packages by hand, so that each malformed or hostile variant is explicit.</summary>
public static class XlsxBuilder
{
    public const string Ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    /// <summary>A workbook whose first sheet holds the rows, all cells as inline strings unless a cell starts with '='.</summary>
    public static byte[] Workbook(IEnumerable<string[]> rows, string? extraSheetState = null, string sheetXmlOverride = "", string? sharedStringsXml = null)
    {
        var sheet = new StringBuilder($"<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"{Ns}\"><sheetData>");
        var r = 0;
        foreach (var row in rows)
        {
            r++;
            sheet.Append(CultureInfo.InvariantCulture, $"<row r=\"{r}\">");
            for (var c = 0; c < row.Length; c++)
            {
                var reference = $"{(char)('A' + c)}{r}";
                var value = row[c];
                if (value.StartsWith('='))
                {
                    sheet.Append(CultureInfo.InvariantCulture, $"<c r=\"{reference}\"><f>{SecurityElement.Escape(value[1..])}</f><v>0</v></c>");
                }
                else
                {
                    sheet.Append(CultureInfo.InvariantCulture, $"<c r=\"{reference}\" t=\"inlineStr\"><is><t>{SecurityElement.Escape(value)}</t></is></c>");
                }
            }

            sheet.Append("</row>");
        }

        sheet.Append("</sheetData></worksheet>");
        var parts = new Dictionary<string, string>
        {
            ["[Content_Types].xml"] = "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>",
            ["xl/workbook.xml"] = $"<?xml version=\"1.0\"?><workbook xmlns=\"{Ns}\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>"
                + (extraSheetState is null ? "" : $"<sheet name=\"隐藏表\" sheetId=\"2\" state=\"{extraSheetState}\" r:id=\"rId2\"/>")
                + "<sheet name=\"台账\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>",
            ["xl/_rels/workbook.xml.rels"] = "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                + "<Relationship Id=\"rId1\" Type=\"worksheet\" Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"rId2\" Type=\"worksheet\" Target=\"worksheets/sheet2.xml\"/></Relationships>",
            ["xl/worksheets/sheet1.xml"] = sheetXmlOverride.Length > 0 ? sheetXmlOverride : sheet.ToString(),
            ["xl/worksheets/sheet2.xml"] = $"<?xml version=\"1.0\"?><worksheet xmlns=\"{Ns}\"><sheetData/></worksheet>",
        };
        if (sharedStringsXml is not null)
        {
            parts["xl/sharedStrings.xml"] = sharedStringsXml;
        }

        return Zip(parts);
    }

    public static byte[] Zip(IReadOnlyDictionary<string, string> parts)
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in parts)
            {
                using var w = new StreamWriter(zip.CreateEntry(name, CompressionLevel.Optimal).Open(), new UTF8Encoding(false));
                w.Write(content);
            }
        }

        return ms.ToArray();
    }
}
