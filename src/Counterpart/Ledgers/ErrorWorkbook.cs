using System.Drawing;
using Counterpart.Ledgers.Files;
using SpreadCheetah;
using SpreadCheetah.Styling;
using SpreadCheetah.Worksheets;

namespace Counterpart.Ledgers;

/// <summary>
/// The user's own rows given back as a workbook: the same columns and rows, bad cells filled red, and a last column
/// 错误说明 with every problem of the row — so a clerk fixes the file they know instead of reading a list.
/// </summary>
public static class ErrorWorkbook
{
    public static async Task WriteAsync(Stream original, string fileName, LedgerDefinition ledger, ImportReport report, Stream output, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(report);
        original.Position = 0;
        using var reader = TableFile.Open(original, fileName);
        var header = reader.Header;
        int? ColumnOf(string name)
        {
            var column = ledger.Columns.FirstOrDefault(c => c.Header == name);
            for (var i = 0; i < header.Count; i++)
            {
                if (column?.Matches(header[i]) == true || header[i] == CellParsers.Normalize(name))
                {
                    return i;
                }
            }

            return null;
        }

        var byRow = report.Errors.GroupBy(e => e.Row).ToDictionary(g => g.Key, g => g.ToList());
        await using var book = await Spreadsheet.CreateNewAsync(output, cancellationToken: ct);
        var options = new WorksheetOptions { FrozenRows = 1 };
        for (var i = 0; i < header.Count; i++)
        {
            options.Column(i + 1).Width = Math.Clamp(header[i].Length * 2.4 + 4, 12, 24);
        }

        options.Column(header.Count + 1).Width = 60;
        await book.StartWorksheetAsync("台账（含错误说明）", options, ct);
        var bold = book.AddStyle(new Style { Font = { Bold = true } });
        var bad = book.AddStyle(new Style { Fill = { Color = Color.FromArgb(255, 255, 199, 206) } });
        var plain = book.AddStyle(new Style { Format = NumberFormat.Custom("@") });
        var errorText = book.AddStyle(new Style { Font = { Color = Color.FromArgb(255, 192, 0, 0) } });
        await book.AddRowAsync(header.Select(h => new StyledCell(h, bold)).Append(new StyledCell("错误说明", bold)).ToList(), ct);
        if (byRow.TryGetValue(1, out var headerErrors))
        {
            await book.AddRowAsync([.. header.Select(_ => new StyledCell("", plain)), new StyledCell(Describe(headerErrors), errorText)], ct);
        }

        foreach (var row in reader.Rows())
        {
            var errors = byRow.GetValueOrDefault(row.Number) ?? [];
            var badColumns = errors.Select(e => ColumnOf(e.Column)).OfType<int>().ToHashSet();
            var cells = Enumerable.Range(0, Math.Max(header.Count, row.Cells.Count))
                .Select(i => new StyledCell(Csv.Neutralize(row.Cell(i)), badColumns.Contains(i) ? bad : plain)).ToList();
            while (cells.Count < header.Count)
            {
                cells.Add(new StyledCell("", plain));
            }

            cells.Insert(header.Count, new StyledCell(errors.Count == 0 ? "" : Describe(errors), errorText));
            await book.AddRowAsync(cells, ct);
        }

        await book.FinishAsync(ct);
    }

    private static string Describe(List<ImportError> errors) =>
        string.Join("；", errors.Select(e => string.IsNullOrEmpty(e.Column) ? e.Reason : $"{e.Column}：{e.Reason}"));
}
