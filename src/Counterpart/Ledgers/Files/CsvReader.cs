using System.Text;

namespace Counterpart.Ledgers.Files;

/// <summary>
/// CSV as offices save it: UTF-8 with or without BOM, or GB18030/GBK (what Chinese Excel writes for “CSV”), detected
/// from the bytes; UTF-16 “Unicode text” with tabs. Quoted fields may hold commas, quotes and line breaks.
/// </summary>
public sealed class CsvReader : ITableReader
{
    private readonly Stream stream;
    private readonly FileLimits limits;
    private readonly Encoding encoding;
    private readonly int preamble;
    private readonly StreamReader reader;
    private readonly char delimiter;
    private readonly bool ownsStream;
    private bool started;

    static CsvReader() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public CsvReader(Stream stream, FileLimits limits)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ownsStream = !stream.CanSeek;
        this.stream = stream.CanSeek ? stream : Buffer(stream);
        this.limits = limits;
        (encoding, preamble) = DetectEncoding(this.stream);
        this.stream.Position = preamble;
        reader = new StreamReader(this.stream, encoding, detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16, leaveOpen: true);
        var first = ReadRecord(peekDelimiter: true) ?? throw new LedgerFileException("文件是空的，没有表头行。");
        delimiter = first.Delimiter;
        Header = [.. first.Fields.Select(CellParsers.Normalize)];
        if (Header.Count > limits.MaxColumns)
        {
            throw new LedgerFileException($"表头有 {Header.Count} 列，超过上限 {limits.MaxColumns} 列；请确认文件是本台账的模板。");
        }

        EncodingName = encoding.CodePage == 54936 ? "GB18030" : encoding.WebName.ToUpperInvariant();
    }

    public IReadOnlyList<string> Header { get; }

    public IReadOnlyList<string> Notices { get; } = [];

    /// <summary>The encoding found (UTF-8, GB18030, UTF-16), for the report.</summary>
    public string EncodingName { get; }

    public IEnumerable<TableRow> Rows()
    {
        if (started)
        {
            throw new InvalidOperationException("Rows can be read once.");
        }

        started = true;
        var number = 1;
        while (ReadRecord(peekDelimiter: false) is { } record)
        {
            number++;
            yield return new TableRow(number, record.Fields, []);
        }
    }

    public void Dispose()
    {
        reader.Dispose();
        if (ownsStream)
        {
            stream.Dispose();
        }
    }

    private sealed record Record(List<string> Fields, char Delimiter);

    private Record? ReadRecord(bool peekDelimiter)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var inQuotes = false;
        var any = false;
        var d = peekDelimiter ? '\0' : delimiter;
        while (true)
        {
            var c = reader.Read();
            if (c < 0)
            {
                if (!any)
                {
                    return null;
                }

                if (inQuotes)
                {
                    throw new LedgerFileException($"第 {fields.Count + 1} 列有未闭合的双引号，文件可能被截断。");
                }

                fields.Add(field.ToString());
                return new Record(fields, d == '\0' ? ',' : d);
            }

            any = true;
            var ch = (char)c;
            if (inQuotes)
            {
                if (ch == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        reader.Read();
                        field.Append('"');
                    }
                    else
                    {
                        inQuotes = false;
                    }
                }
                else
                {
                    field.Append(ch);
                }

                continue;
            }

            // The header row decides the delimiter: the first comma, tab or semicolon outside quotes.
            if (d == '\0' && (ch == ',' || ch == '\t' || ch == ';'))
            {
                d = ch;
            }

            if (ch == d)
            {
                fields.Add(field.ToString());
                field.Clear();
                if (fields.Count > limits.MaxColumns)
                {
                    throw new LedgerFileException($"一行超过 {limits.MaxColumns} 列；请确认文件是本台账的模板。");
                }
            }
            else if (ch == '"' && field.Length == 0)
            {
                inQuotes = true;
            }
            else if (ch == '\r' || ch == '\n')
            {
                if (ch == '\r' && reader.Peek() == '\n')
                {
                    reader.Read();
                }

                fields.Add(field.ToString());
                return new Record(fields, d == '\0' ? ',' : d);
            }
            else
            {
                field.Append(ch);
            }
        }
    }

    /// <summary>BOMs first; otherwise the whole file is checked as strict UTF-8, and anything else is read as GB18030.</summary>
    private static (Encoding Encoding, int Preamble) DetectEncoding(Stream s)
    {
        s.Position = 0;
        Span<byte> bom = stackalloc byte[3];
        var n = s.ReadAtLeast(bom, 3, throwOnEndOfStream: false);
        if (n >= 3 && bom[0] == 0xEF && bom[1] == 0xBB && bom[2] == 0xBF)
        {
            return (new UTF8Encoding(false), 3);
        }

        if (n >= 2 && bom[0] == 0xFF && bom[1] == 0xFE)
        {
            return (Encoding.Unicode, 2);
        }

        if (n >= 2 && bom[0] == 0xFE && bom[1] == 0xFF)
        {
            return (Encoding.BigEndianUnicode, 2);
        }

        s.Position = 0;
        var decoder = new UTF8Encoding(false, throwOnInvalidBytes: true).GetDecoder();
        var bytes = new byte[1 << 16];
        var chars = new char[bytes.Length + 4];
        try
        {
            int read;
            while ((read = s.Read(bytes, 0, bytes.Length)) > 0)
            {
                decoder.GetChars(bytes, 0, read, chars, 0, flush: false);
            }

            decoder.GetChars([], 0, 0, chars, 0, flush: true);
            return (new UTF8Encoding(false), 0);
        }
        catch (DecoderFallbackException)
        {
            return (Encoding.GetEncoding("GB18030"), 0);
        }
    }

    private static FileStream Buffer(Stream source)
    {
        var path = Path.Combine(Path.GetTempPath(), "counterpart-upload-" + Guid.NewGuid().ToString("N"));
        var copy = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
        source.CopyTo(copy);
        copy.Position = 0;
        return copy;
    }
}
