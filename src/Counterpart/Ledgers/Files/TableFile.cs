namespace Counterpart.Ledgers.Files;

/// <summary>A file that cannot be read as a table; the message says why in Chinese and what to do.</summary>
public sealed class LedgerFileException : Exception
{
    public LedgerFileException(string message) : base(message)
    {
    }

    public LedgerFileException()
    {
    }

    public LedgerFileException(string message, Exception innerException) : base(message, innerException)
    {
    }
}

/// <summary>Limits that keep a hostile or accidental file from exhausting the server.</summary>
public sealed record FileLimits
{
    public static FileLimits Default { get; } = new();

    public long MaxFileBytes { get; init; } = 200L * 1024 * 1024;
    public int MaxZipEntries { get; init; } = 2_000;
    public long MaxUncompressedBytes { get; init; } = 2L * 1024 * 1024 * 1024;

    /// <summary>Zip bombs compress thousands to one; real sheets compress at most ~100 to one.</summary>
    public int MaxCompressionRatio { get; init; } = 250;
    public int MaxColumns { get; init; } = 200;
}

/// <summary>One data row: its number as the user sees it (row 2 is the first row under the header) and its cells.</summary>
public sealed record TableRow(int Number, IReadOnlyList<string> Cells, IReadOnlyCollection<int> FormulaColumns)
{
    public string Cell(int column) => column < Cells.Count ? Cells[column] : string.Empty;

    public bool IsBlank => Cells.All(string.IsNullOrWhiteSpace);
}

/// <summary>A sheet or CSV file read as a header row and data rows, streaming.</summary>
public interface ITableReader : IDisposable
{
    IReadOnlyList<string> Header { get; }

    /// <summary>Things the user should know that do not stop the import (hidden sheets ignored …).</summary>
    IReadOnlyList<string> Notices { get; }

    IEnumerable<TableRow> Rows();
}

public static class TableFile
{
    /// <summary>Opens a file by its content (not only its name): .xlsx by the zip signature, else CSV.</summary>
    public static ITableReader Open(Stream stream, string fileName, FileLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        limits ??= FileLimits.Default;
        if (stream.CanSeek && stream.Length > limits.MaxFileBytes)
        {
            throw new LedgerFileException($"文件大小 {stream.Length / 1024 / 1024} MB，超过上限 {limits.MaxFileBytes / 1024 / 1024} MB；请拆分后分批导入。");
        }

        if (stream.CanSeek && stream.Length == 0)
        {
            throw new LedgerFileException("文件是空的。");
        }

        Span<byte> head = stackalloc byte[8];
        var read = stream.CanSeek ? stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false) : 0;
        if (stream.CanSeek)
        {
            stream.Position = 0;
        }

        var signature = head[..read];
        if (signature.StartsWith("PK\u0003\u0004"u8))
        {
            return new XlsxReader(stream, limits);
        }

        if (signature.StartsWith(new byte[] { 0xD0, 0xCF, 0x11, 0xE0 }))
        {
            throw new LedgerFileException("文件设置了打开密码，或是旧版 .xls 格式：请在 Excel/WPS 中取消密码并“另存为” .xlsx 后再导入。");
        }

        var extension = Path.GetExtension(fileName).ToUpperInvariant();
        if (extension is ".XLSX" or ".XLSM" or ".XLS")
        {
            throw new LedgerFileException("文件扩展名是 Excel，但内容不是有效的 .xlsx（文件可能已损坏或不完整）；请在 Excel/WPS 中重新保存。");
        }

        if (signature.StartsWith("%PDF"u8) || signature.StartsWith(new byte[] { 0x89, 0x50, 0x4E, 0x47 }) || signature.StartsWith(new byte[] { 0xFF, 0xD8, 0xFF }))
        {
            throw new LedgerFileException("这不是表格文件（看起来是 PDF 或图片）；请上传 .xlsx 或 .csv。");
        }

        return new CsvReader(stream, limits);
    }
}
