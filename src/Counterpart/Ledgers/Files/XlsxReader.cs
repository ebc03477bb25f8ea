using System.IO.Compression;
using System.Xml;

namespace Counterpart.Ledgers.Files;

/// <summary>
/// A small streaming .xlsx reader over System.IO.Compression and XmlReader: the first visible sheet, shared strings,
/// inline strings, numbers as stored. Zip bombs are refused before inflating (entry count, declared sizes, ratio) and
/// while inflating (no entry may yield more than it declared); DTDs are prohibited, so no external entity is resolved.
/// </summary>
public sealed class XlsxReader : ITableReader
{
    private const string MainNs = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string RelNs = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        CloseInput = true,
    };

    private readonly ZipArchive zip;
    private readonly FileLimits limits;
    private readonly ZipArchiveEntry sheet;
    private readonly SharedStringTable sharedStrings = new();
    private readonly List<string> notices = [];
    private readonly int headerRowNumber;
    private bool started;

    public XlsxReader(Stream stream, FileLimits limits)
        : this(stream, limits, 0)
    {
    }

    /// <summary>Reads the visible sheet at <paramref name="visibleSheet"/> (0 = the first visible one, as an import reads).</summary>
    public XlsxReader(Stream stream, FileLimits limits, int visibleSheet)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfNegative(visibleSheet);
        this.limits = limits;
        try
        {
            zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
            CheckForBomb();
            sheet = FindVisibleSheet(visibleSheet);
            ReadSharedStrings();
            (Header, headerRowNumber) = ReadHeader();
        }
        catch (InvalidDataException e)
        {
            throw new LedgerFileException("文件已损坏或不完整（无法解压）；请在 Excel/WPS 中重新保存后再导入。", e);
        }
        catch (XmlException e)
        {
            throw new LedgerFileException("文件内部格式有误（XML 无法解析）；请在 Excel/WPS 中重新保存后再导入。", e);
        }
    }

    public IReadOnlyList<string> Header { get; }

    public IReadOnlyList<string> Notices => notices;

    /// <summary>The names of the workbook's visible sheets, in order.</summary>
    public IReadOnlyList<string> VisibleSheets { get; private set; } = [];

    /// <summary>The names of its hidden sheets.</summary>
    public IReadOnlyList<string> HiddenSheets { get; private set; } = [];

    public IEnumerable<TableRow> Rows()
    {
        if (started)
        {
            throw new InvalidOperationException("Rows can be read once.");
        }

        started = true;
        return Guarded(ReadRows(skipThrough: headerRowNumber));
    }

    /// <summary>Turns a malformed part met while streaming rows into the same clear message as at opening.</summary>
    private static IEnumerable<TableRow> Guarded(IEnumerable<TableRow> rows)
    {
        using var e = rows.GetEnumerator();
        while (true)
        {
            try
            {
                if (!e.MoveNext())
                {
                    yield break;
                }
            }
            catch (InvalidDataException ex)
            {
                throw new LedgerFileException("文件已损坏或不完整（无法解压）；请在 Excel/WPS 中重新保存后再导入。", ex);
            }
            catch (XmlException ex)
            {
                throw new LedgerFileException("文件内部格式有误（XML 无法解析）；请在 Excel/WPS 中重新保存后再导入。", ex);
            }

            yield return e.Current;
        }
    }

    public void Dispose() => zip.Dispose();

    private void CheckForBomb()
    {
        if (zip.Entries.Count > limits.MaxZipEntries)
        {
            throw new LedgerFileException($"压缩包内有 {zip.Entries.Count} 个部件，超过上限，不像是正常的工作簿，已拒绝。");
        }

        long total = 0;
        foreach (var entry in zip.Entries)
        {
            total += entry.Length;
            if (entry.Length > 1_000_000 && entry.Length / Math.Max(entry.CompressedLength, 1) > limits.MaxCompressionRatio)
            {
                throw new LedgerFileException("文件的压缩比异常（可能是“压缩炸弹”），已拒绝，未解压。");
            }
        }

        if (total > limits.MaxUncompressedBytes)
        {
            throw new LedgerFileException($"文件解压后将超过 {limits.MaxUncompressedBytes / 1024 / 1024} MB，已拒绝，未解压；请拆分后分批导入。");
        }
    }

    private static XmlReader Open(ZipArchiveEntry entry) =>
        XmlReader.Create(new BoundedStream(entry.Open(), entry.Length), Settings);

    private ZipArchiveEntry Entry(string path) =>
        zip.GetEntry(path) ?? throw new LedgerFileException("这不是有效的 Excel 工作簿（缺少必要部件）；请在 Excel/WPS 中另存为 .xlsx 后再导入。");

    private ZipArchiveEntry FindVisibleSheet(int index)
    {
        var sheets = new List<(string Name, string State, string RelId)>();
        using (var x = Open(Entry("xl/workbook.xml")))
        {
            while (x.Read())
            {
                if (x.NodeType == XmlNodeType.Element && x.LocalName == "sheet" && x.NamespaceURI == MainNs)
                {
                    sheets.Add((x.GetAttribute("name") ?? "", x.GetAttribute("state") ?? "visible", x.GetAttribute("id", RelNs) ?? ""));
                }
            }
        }

        var visible = sheets.Where(s => s.State == "visible").ToList();
        if (visible.Count == 0)
        {
            throw new LedgerFileException("工作簿中没有可见的工作表；请取消隐藏要导入的工作表。");
        }

        VisibleSheets = [.. visible.Select(s => s.Name)];
        HiddenSheets = [.. sheets.Where(s => s.State != "visible").Select(s => s.Name)];
        if (index >= visible.Count)
        {
            throw new LedgerFileException($"工作簿只有 {visible.Count} 个可见的工作表。");
        }

        foreach (var hidden in sheets.Where(s => s.State != "visible"))
        {
            notices.Add($"隐藏的工作表“{hidden.Name}”未导入。");
        }

        if (visible.Count > 1)
        {
            notices.Add($"只导入第一个工作表“{visible[0].Name}”，其余工作表未导入。");
        }

        var targets = new Dictionary<string, string>(StringComparer.Ordinal);
        using (var x = Open(Entry("xl/_rels/workbook.xml.rels")))
        {
            while (x.Read())
            {
                if (x.NodeType == XmlNodeType.Element && x.LocalName == "Relationship")
                {
                    targets[x.GetAttribute("Id") ?? ""] = x.GetAttribute("Target") ?? "";
                }
            }
        }

        if (!targets.TryGetValue(visible[index].RelId, out var target))
        {
            throw new LedgerFileException("这不是有效的 Excel 工作簿（找不到工作表）；请在 Excel/WPS 中另存为 .xlsx 后再导入。");
        }

        var path = target.StartsWith('/') ? target[1..] : "xl/" + target;
        return Entry(path);
    }

    private void ReadSharedStrings()
    {
        var entry = zip.GetEntry("xl/sharedStrings.xml");
        if (entry is null)
        {
            return;
        }

        using var x = Open(entry);
        while (x.Read())
        {
            if (x.NodeType == XmlNodeType.Element && x.LocalName == "si")
            {
                sharedStrings.Add(ReadText(x));
            }
        }
    }

    /// <summary>All t texts inside the current si or is element, skipping phonetic runs (rPh).</summary>
    private static string ReadText(XmlReader x)
    {
        if (x.IsEmptyElement)
        {
            return string.Empty;
        }

        var depth = x.Depth;
        var text = new System.Text.StringBuilder();
        var phonetic = -1;
        while (x.Read() && x.Depth > depth)
        {
            if (x.NodeType == XmlNodeType.Element && x.LocalName == "rPh")
            {
                phonetic = x.IsEmptyElement ? -1 : x.Depth;
            }
            else if (x.NodeType == XmlNodeType.EndElement && x.Depth == phonetic)
            {
                phonetic = -1;
            }
            else if (x.NodeType == XmlNodeType.Element && x.LocalName == "t" && phonetic < 0 && !x.IsEmptyElement)
            {
                text.Append(x.ReadElementContentAsString());
                if (x.NodeType == XmlNodeType.EndElement && x.Depth <= depth)
                {
                    break;
                }
            }
        }

        return text.ToString();
    }

    private (IReadOnlyList<string> Header, int Row) ReadHeader()
    {
        foreach (var row in ReadRows(skipThrough: 0))
        {
            if (!row.IsBlank)
            {
                if (row.Cells.Count > limits.MaxColumns)
                {
                    throw new LedgerFileException($"表头有 {row.Cells.Count} 列，超过上限 {limits.MaxColumns} 列；请确认文件是本台账的模板。");
                }

                return ([.. row.Cells.Select(CellParsers.Normalize)], row.Number);
            }
        }

        throw new LedgerFileException("工作表是空的，没有表头行。");
    }

    private IEnumerable<TableRow> ReadRows(int skipThrough)
    {
        using var x = Open(sheet);
        while (x.Read())
        {
            if (x.NodeType != XmlNodeType.Element || x.LocalName != "row")
            {
                continue;
            }

            var number = int.TryParse(x.GetAttribute("r"), System.Globalization.CultureInfo.InvariantCulture, out var r) ? r : 0;
            if (number <= skipThrough || x.IsEmptyElement)
            {
                continue;
            }

            var cells = new List<string>();
            var formulas = new List<int>();
            var rowDepth = x.Depth;
            while (x.Read() && x.Depth > rowDepth)
            {
                if (x.NodeType == XmlNodeType.Element && x.LocalName == "c")
                {
                    var column = ColumnIndex(x.GetAttribute("r")) ?? cells.Count;
                    var (value, formula) = ReadCell(x);
                    if (column >= limits.MaxColumns)
                    {
                        continue;
                    }

                    while (cells.Count <= column)
                    {
                        cells.Add(string.Empty);
                    }

                    cells[column] = value;
                    if (formula)
                    {
                        formulas.Add(column);
                    }
                }
            }

            yield return new TableRow(number, cells, formulas);
        }
    }

    private (string Value, bool Formula) ReadCell(XmlReader x)
    {
        var type = x.GetAttribute("t") ?? "n";
        if (x.IsEmptyElement)
        {
            return (string.Empty, false);
        }

        var depth = x.Depth;
        string raw = string.Empty;
        var formula = false;
        while (x.Read() && x.Depth > depth)
        {
            if (x.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            switch (x.LocalName)
            {
                case "f":
                    formula = true;
                    break;
                case "v" when !x.IsEmptyElement:
                    raw = x.ReadElementContentAsString();
                    if (x.NodeType == XmlNodeType.EndElement && x.Depth == depth)
                    {
                        return (Resolve(type, raw), formula);
                    }

                    break;
                case "is":
                    raw = ReadText(x);
                    break;
            }
        }

        return (Resolve(type, raw), formula);
    }

    private string Resolve(string type, string raw) => type switch
    {
        "s" => int.TryParse(raw, System.Globalization.CultureInfo.InvariantCulture, out var i) && i >= 0 && i < sharedStrings.Count
            ? sharedStrings[i]
            : throw new LedgerFileException("文件内部格式有误（共享字符串缺失）；请在 Excel/WPS 中重新保存后再导入。"),
        "b" => raw == "1" ? "是" : "否",
        _ => raw,
    };

    /// <summary>"AB12" → 27 (zero-based column).</summary>
    private static int? ColumnIndex(string? reference)
    {
        if (string.IsNullOrEmpty(reference))
        {
            return null;
        }

        var index = 0;
        var letters = 0;
        foreach (var c in reference)
        {
            if (c is < 'A' or > 'Z')
            {
                break;
            }

            index = index * 26 + (c - 'A' + 1);
            letters++;
            if (letters > 3)
            {
                return null;
            }
        }

        return letters == 0 ? null : index - 1;
    }

    /// <summary>Refuses to inflate more bytes than the zip entry declared (a lying header is a bomb).</summary>
    private sealed class BoundedStream(Stream inner, long declared) : Stream
    {
        private long produced;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => produced; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = inner.Read(buffer, offset, count);
            produced += n;
            return produced > declared
                ? throw new LedgerFileException("文件解压后的大小与声明不符（可能是“压缩炸弹”），已停止读取。")
                : n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
