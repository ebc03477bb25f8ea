using System.Globalization;
using System.Text;
using System.Threading.Channels;
using Counterpart.Audit;
using Counterpart.Data;
using Counterpart.People;
using SpreadCheetah;
using SpreadCheetah.Worksheets;

namespace Counterpart.Ledgers;

/// <summary>
/// Exports a ledger in its template's columns, streaming, as .xlsx or .csv. Cells that would run as formulas are
/// neutralised; an exported file imports back unchanged.
/// </summary>
public sealed class LedgerExporter(CounterpartDbContext db, PersonalDataProtector protector)
{
    /// <summary>Writes the rows of a ledger in scope and period, and records the export in the audit trail once it is written.</summary>
    public async Task<int> ExportAsync(string ledgerName, Stream output, bool csv, Scope scope, int fromYear, int toYear, bool unmasked, WriteContext who, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(who);
        var count = await WriteAsync(ledgerName, output, csv, scope, fromYear, toYear, unmasked, ct);
        var detail = string.Create(CultureInfo.InvariantCulture,
            $"台账 {ledgerName}，{(csv ? "CSV" : "Excel")}，{fromYear}—{toYear} 年，{count} 行，范围 {(scope.Paths is null ? "全部" : string.Join("、", scope.Paths))}，{(unmasked ? "含未遮蔽的个人信息" : "个人信息已遮蔽")}");
        await new LedgerWriter(db).WriteAsync(who, (d, _) =>
        {
            AuditTrail.Add(d, AuditAction.Exported, detail: detail);
            return Task.CompletedTask;
        }, ct);
        return count;
    }

    private async Task<int> WriteAsync(string ledgerName, Stream output, bool csv, Scope scope, int fromYear, int toYear, bool unmasked, CancellationToken ct)
    {
        var ledger = LedgerCatalog.Get(ledgerName);
        // Rows are read (query, decryption, formatting) on one thread while the file is written on this one.
        var buffer = Channel.CreateBounded<string[]>(new BoundedChannelOptions(4_096) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var reading = Task.Run(async () =>
        {
            try
            {
                await foreach (var row in ledger.ExportAsync(db, protector, scope, fromYear, toYear, unmasked, stop.Token))
                {
                    await buffer.Writer.WriteAsync(row, stop.Token);
                }

                buffer.Writer.Complete();
            }
            catch (Exception e)
            {
                buffer.Writer.Complete(e);
            }
        }, stop.Token);
        try
        {
            var rows = buffer.Reader.ReadAllAsync(ct);
            return csv ? await WriteCsvAsync(ledger, rows, output, ct) : await WriteXlsxAsync(ledger, rows, output, ct);
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAny(reading);
        }
    }

    private static async Task<int> WriteXlsxAsync(LedgerDefinition ledger, IAsyncEnumerable<string[]> rows, Stream output, CancellationToken ct)
    {
        await using var book = await Spreadsheet.CreateNewAsync(output, cancellationToken: ct);
        var options = new WorksheetOptions { FrozenRows = 1 };
        for (var i = 0; i < ledger.Columns.Count; i++)
        {
            options.Column(i + 1).Width = ledger.Columns[i].Width;
        }

        await book.StartWorksheetAsync("台账", options, ct);
        await book.AddRowAsync(ledger.Columns.Select(c => new DataCell(c.Header)).ToArray(), ct);
        var count = 0;
        var cells = new DataCell[ledger.Columns.Count];
        await foreach (var row in rows)
        {
            for (var i = 0; i < cells.Length; i++)
            {
                cells[i] = new DataCell(Csv.Neutralize(row[i]));
            }

            await book.AddRowAsync(cells, ct);
            count++;
        }

        await book.FinishAsync(ct);
        return count;
    }

    private static async Task<int> WriteCsvAsync(LedgerDefinition ledger, IAsyncEnumerable<string[]> rows, Stream output, CancellationToken ct)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 1 << 16, leaveOpen: true);
        await writer.WriteAsync(string.Join(",", ledger.Columns.Select(c => Csv.Quote(c.Header))) + "\r\n");
        var count = 0;
        await foreach (var row in rows)
        {
            await writer.WriteAsync(string.Join(",", row.Select(Csv.Quote)) + "\r\n");
            count++;
        }

        await writer.FlushAsync(ct);
        return count;
    }
}
