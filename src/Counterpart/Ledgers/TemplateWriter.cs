using System.Drawing;
using System.Text;
using SpreadCheetah;
using SpreadCheetah.Styling;
using SpreadCheetah.Validations;
using SpreadCheetah.Worksheets;

namespace Counterpart.Ledgers;

/// <summary>
/// Writes a ledger's template: the data sheet with Chinese headers, text-formatted ID and code columns, drop-down lists
/// on coded columns and one example row; and a notes sheet that explains every column.
/// </summary>
public static class TemplateWriter
{
    private const int ValidatedRows = 10_000;
    private static readonly string[] NotesHeader = ["列名", "是否必填", "含义", "格式", "示例"];

    public static async Task WriteXlsxAsync(LedgerDefinition ledger, Stream output, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        await using var book = await Spreadsheet.CreateNewAsync(output, cancellationToken: ct);
        var options = new WorksheetOptions { FrozenRows = 1 };
        var text = new Style { Format = NumberFormat.Custom("@") };
        for (var i = 0; i < ledger.Columns.Count; i++)
        {
            var column = ledger.Columns[i];
            options.Column(i + 1).Width = column.Width;
            if (column.Kind is CellKind.IdNumber or CellKind.Mobile or CellKind.CreditCode or CellKind.Organization or CellKind.Text)
            {
                // Text format, so Excel keeps all 18 digits of an ID number instead of turning it into 5.22726E+17.
                options.Column(i + 1).DefaultStyle = text;
            }
        }

        await book.StartWorksheetAsync("台账", options, ct);
        var required = book.AddStyle(new Style { Font = { Bold = true }, Fill = { Color = Color.FromArgb(255, 252, 228, 214) } });
        var optional = book.AddStyle(new Style { Font = { Bold = true }, Fill = { Color = Color.FromArgb(255, 230, 236, 245) } });
        var textCell = book.AddStyle(text);
        await book.AddRowAsync(ledger.Columns.Select(c => new StyledCell(c.Header, c.Required ? required : optional)).ToList(), ct);
        await book.AddRowAsync(ledger.Columns.Select(c => new StyledCell(c.Example, textCell)).ToList(), ct);
        for (var i = 0; i < ledger.Columns.Count; i++)
        {
            var choices = ChoicesOf(ledger.Columns[i]);
            if (choices.Count > 0)
            {
                var letter = ColumnLetter(i);
                book.AddDataValidation($"{letter}2:{letter}{ValidatedRows + 1}", DataValidation.ListValues(choices));
            }
        }

        var notes = new WorksheetOptions();
        notes.Column(1).Width = 20;
        notes.Column(3).Width = 48;
        notes.Column(4).Width = 56;
        notes.Column(5).Width = 22;
        await book.StartWorksheetAsync("填表说明", notes, ct);
        var bold = book.AddStyle(new Style { Font = { Bold = true } });
        await book.AddRowAsync([new StyledCell(ledger.Title, bold)], ct);
        await book.AddRowAsync([new Cell($"每行一条记录；按“{ledger.NaturalKey}”识别同一条记录：再次导入同一记录会更新它，不会重复。")], ct);
        await book.AddRowAsync([new Cell("橙色表头为必填列。整份文件要么全部导入，要么（有任何错误时）一行都不导入；错误会逐行说明。")], ct);
        await book.AddRowAsync([new Cell("")], ct);
        await book.AddRowAsync(NotesHeader.Select(h => new StyledCell(h, bold)).ToList(), ct);
        foreach (var c in ledger.Columns)
        {
            await book.AddRowAsync([new Cell(c.Header), new Cell(c.Required ? "必填" : "选填"), new Cell(c.Meaning), new Cell(c.Format), new Cell(c.Example)], ct);
        }

        await book.FinishAsync(ct);
    }

    /// <summary>The CSV template: UTF-8 with a byte-order mark, so Excel and WPS open the Chinese headers correctly.</summary>
    public static async Task WriteCsvAsync(LedgerDefinition ledger, Stream output, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        await using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true);
        await writer.WriteAsync(string.Join(",", ledger.Columns.Select(c => Csv.Quote(c.Header))) + "\r\n");
        await writer.WriteAsync(string.Join(",", ledger.Columns.Select(c => Csv.Quote(c.Example))) + "\r\n");
        await writer.FlushAsync(ct);
    }

    private static List<string> ChoicesOf(LedgerColumn column) => column.Kind switch
    {
        CellKind.Choice => [.. column.Choices],
        CellKind.YesNo => ["是", "否"],
        CellKind.Gender => ["男", "女"],
        _ => [],
    };

    private static string ColumnLetter(int index)
    {
        var letters = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            letters = (char)('A' + (n - 1) % 26) + letters;
        }

        return letters;
    }
}

/// <summary>CSV cells for templates and exports, neutralised against formula injection.</summary>
public static class Csv
{
    public static string Quote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var safe = Neutralize(value);
        return safe.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + safe.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : safe;
    }

    /// <summary>
    /// A cell that starts with = + - @ (or their full-width forms, or a tab/CR) would run as a formula when opened in
    /// Excel; prefixing an apostrophe makes it text.
    /// </summary>
    public static string Neutralize(string value) =>
        value.Length > 0 && "=+-@＝＋－＠\t\r".Contains(value[0], StringComparison.Ordinal) ? "'" + value : value;
}
