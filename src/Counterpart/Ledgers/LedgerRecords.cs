using System.Text;
using Counterpart.Data;
using Counterpart.People;
using Microsoft.EntityFrameworkCore;

namespace Counterpart.Ledgers;

/// <summary>
/// A ledger's rows one by one, for the ledger pages and the record API: lists, a row, a row entered or changed in a form,
/// a row deleted. A form's row goes through the importer as a one-row file, so it meets exactly the checks, messages,
/// review rules and audit of a file; a delete goes through the one write path like any change.
/// </summary>
public sealed class LedgerRecords(CounterpartDbContext db, PersonalDataProtector protector, LedgerImporter importer, TimeProvider clock)
{
    /// <summary>The name a row entered in a form carries as its import's file name.</summary>
    public const string FormFileName = "表单录入.csv";

    public Task<LedgerPage> ListAsync(string ledger, Scope scope, LedgerQuery query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        return LedgerCatalog.Get(ledger).ListAsync(db, protector, scope, query.Normalized(), ct);
    }

    public Task<LedgerRow?> GetAsync(string ledger, Scope scope, long id, CancellationToken ct = default) =>
        LedgerCatalog.Get(ledger).GetAsync(db, protector, scope, id, ct);

    /// <summary>
    /// Enters a new row (<paramref name="id"/> null) or changes row <paramref name="id"/>, from cells by column key. A change
    /// keeps the row's natural key: the importer finds the row by it. Returns the import's report (rejected with its
    /// errors, or committed with its batch).
    /// </summary>
    public async Task<ImportReport> SaveAsync(string ledger, IReadOnlyDictionary<string, string?> cells, WriteContext who, long? id = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(cells);
        ArgumentNullException.ThrowIfNull(who);
        var definition = LedgerCatalog.Get(ledger);
        if (id is { } existing)
        {
            var stored = await GetAsync(ledger, who.Scope, existing, ct)
                ?? throw new DomainException($"{definition.Title}中没有编号为 {existing} 的记录，或它不在您的管辖范围内。") { Status = 404 };
            var changedKeys = definition.KeyColumns
                .Where(c => !string.Equals(Cell(cells, c), stored.Cells[IndexOf(definition, c)], StringComparison.Ordinal))
                .Select(c => c.Header).ToList();
            if (changedKeys.Count > 0)
            {
                throw new DomainException($"修改记录时不能改动{string.Join("、", changedKeys)}：它们标识这条记录。如需更改，请删除后重新录入。");
            }
        }

        var unknown = cells.Keys.Where(k => definition.Columns.All(c => c.Key != k)).ToList();
        if (unknown.Count > 0)
        {
            throw new DomainException($"{definition.Title}没有这些列：{string.Join("、", unknown)}。");
        }

        using var file = new MemoryStream();
        await using (var writer = new StreamWriter(file, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true))
        {
            await writer.WriteAsync(string.Join(",", definition.Columns.Select(c => Quote(c.Header))) + "\r\n");
            await writer.WriteAsync(string.Join(",", definition.Columns.Select(c => Quote(Cell(cells, c)))) + "\r\n");
        }

        file.Position = 0;
        return await importer.ImportAsync(file, FormFileName, ledger, new ImportOptions(who.Actor) { Who = who }, null, ct);
    }

    /// <summary>
    /// Deletes row <paramref name="id"/> with the rows that belong to it (a project's funds and outcomes, an investment's
    /// inflows, an inspection's results, a finding's rectification tasks), each checked (scope, review, year lock), audited
    /// and taken out of the indicator summaries like any change. A row of the agreements ledger is one target, deleted alone.
    /// </summary>
    public async Task DeleteAsync(string ledger, long id, WriteContext who, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(who);
        var definition = LedgerCatalog.Get(ledger);
        if (!definition.HasRecords)
        {
            throw new DomainException($"{definition.Title}的记录不能逐条删除；请通过导入维护。");
        }

        try
        {
            await new LedgerWriter(db).WriteAsync(who, async (d, c) =>
            {
                var entity = await definition.FindTrackedAsync(d, who.Scope, id, c)
                    ?? throw new DomainException($"{definition.Title}中没有编号为 {id} 的记录，或它不在您的管辖范围内。") { Status = 404 };
                // The rows that belong to it are deleted with it, through the same checks (the database would cascade
                // silently, past the audit trail and the indicator summaries). Each is removed explicitly: a finding's
                // rectification tasks are rows of their own, which the model does not cascade to.
                foreach (var collection in d.Entry(entity).Collections)
                {
                    await collection.LoadAsync(c);
                    foreach (var part in collection.CurrentValue?.Cast<object>().ToList() ?? [])
                    {
                        d.Remove(part);
                    }
                }

                d.Remove(entity);
            }, ct);
        }
        catch (DbUpdateException e) when (e.InnerException is Microsoft.Data.Sqlite.SqliteException or Npgsql.PostgresException)
        {
            throw new DomainException($"这条{definition.Title}记录仍被其他记录引用（例如项目、需求或就业记录），不能删除；请先处理引用它的记录。") { Status = 409 };
        }
    }

    /// <summary>A review step on one row (submit, withdraw, approve, return), as <see cref="Review.ReviewActions"/> rules it.</summary>
    public Task<Review.ReviewOutcome> ReviewAsync(string ledger, long id, Review.ReviewAction action, string? reason, WriteContext who, CancellationToken ct = default)
    {
        var definition = LedgerCatalog.Get(ledger);
        return definition.RecordType is { } type
            ? new Review.ReviewActions(db, clock).ApplyAsync(who, type, id, action, reason, ct)
            : throw new DomainException($"{definition.Title}的记录不能逐条审核；请按导入批次提交和审核。");
    }

    private static string Cell(IReadOnlyDictionary<string, string?> cells, LedgerColumn column) =>
        cells.TryGetValue(column.Key, out var value) ? value?.Trim() ?? "" : "";

    /// <summary>A CSV cell as typed (no formula neutralising: the importer reads cells as text, and a form's "-5" must stay -5).</summary>
    private static string Quote(string value) =>
        value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    private static int IndexOf(LedgerDefinition definition, LedgerColumn column) =>
        definition.Columns.Select((c, i) => (c, i)).First(p => p.c.Key == column.Key).i;
}
