using System.Security.Cryptography;
using Counterpart.Data;
using Counterpart.Ledgers.Files;
using Counterpart.People;
using Microsoft.EntityFrameworkCore;

namespace Counterpart.Ledgers;

public sealed record ImportOptions(string Actor, bool DryRun = false, FileLimits? Limits = null);

/// <summary>
/// Imports a file into a ledger, all or nothing: every row is read and checked first; any error rejects the file and
/// nothing is saved. A dry run goes as far as writing and then rolls back, so its counts are exactly what a real run
/// would do. A committed import is recorded with every row it inserted or updated, and can be undone as a whole.
/// </summary>
public sealed class LedgerImporter(CounterpartDbContext db, PersonalDataProtector protector, TimeProvider clock)
{
    public async Task<ImportReport> ImportAsync(Stream file, string fileName, string ledgerName, ImportOptions options, IProgress<int>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(options);
        var ledger = LedgerCatalog.Get(ledgerName);
        // Each import works on what is stored, not on entities an earlier operation left tracked.
        db.ChangeTracker.Clear();
        var sha = await HashAsync(file, ct);
        var report = new ImportReport { Ledger = ledger.Name, FileName = fileName, Sha256 = sha };
        var today = Today();
        var errors = new List<ImportError>();
        var notices = new List<string>();
        var valid = new List<RowValues>();
        var rowsRead = 0;
        var rejectedRows = new HashSet<int>();
        try
        {
            using var reader = TableFile.Open(file, fileName, options.Limits);
            notices.AddRange(reader.Notices);
            var map = HeaderMap.Build(reader.Header, ledger.Columns, errors, notices);
            if (errors.Count > 0)
            {
                return report with { Status = ImportStatus.Rejected, Errors = errors, Notices = notices };
            }

            var orgs = await OrgDirectory.LoadAsync(db, ct);
            var keys = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var row in reader.Rows())
            {
                if (row.IsBlank)
                {
                    continue;
                }

                rowsRead++;
                var values = RowValues.Read(row, map, ledger.Columns, orgs, today);
                // Cross-field rules run even when a cell failed, so a clerk sees every problem of a row at once.
                if (ledger.Check(values, orgs, today) is { } key && !keys.TryAdd(key, row.Number))
                {
                    values.Errors.Add(new ImportError(row.Number, ledger.NaturalKey, RowValues.MaskKey(key),
                        $"与第 {keys[key]} 行重复（{ledger.NaturalKey}相同）", "文件内重复"));
                }

                if (values.Ok)
                {
                    valid.Add(values);
                }
                else
                {
                    errors.AddRange(values.Errors);
                    rejectedRows.Add(row.Number);
                }

                if (rowsRead % 1000 == 0)
                {
                    progress?.Report(rowsRead);
                }
            }

            progress?.Report(rowsRead);
            if (rowsRead == 0)
            {
                errors.Add(new ImportError(1, "", "", "表头下面没有数据行", "空文件"));
            }

            report = report with { RowsRead = rowsRead, Notices = notices };
            if (errors.Count > 0)
            {
                return report with { Status = ImportStatus.Rejected, Errors = errors, Rejected = rejectedRows.Count };
            }

            return await WriteAsync(report, ledger, valid, orgs, options, today, ct);
        }
        catch (LedgerFileException e)
        {
            return report with { Status = ImportStatus.Rejected, Errors = [new ImportError(0, "", "", e.Message, "文件无法读取")], Notices = notices };
        }
    }

    private async Task<ImportReport> WriteAsync(ImportReport report, LedgerDefinition ledger, List<RowValues> rows, OrgDirectory orgs, ImportOptions options, DateOnly today, CancellationToken ct)
    {
        var context = new ImportApplyContext(db, protector, orgs, today);
        try
        {
            var batchId = await new LedgerWriter(db).WriteAsync(WriteContext.System(options.Actor), async (d, c) =>
            {
                await ledger.ApplyAsync(context, rows, c);
                await d.SaveChangesAsync(c);
                if (options.DryRun)
                {
                    throw new DryRunRollback();
                }

                var batch = new ImportBatch
                {
                    Ledger = ledger.Name, FileName = report.FileName, Sha256 = report.Sha256, Actor = options.Actor, ImportedAtUtc = clock.GetUtcNow().UtcDateTime,
                    RowsRead = report.RowsRead, Inserted = context.Inserted, Updated = context.Updated, Unchanged = context.Unchanged,
                    OwnerOrgId = ledger.BatchOwner(rows, orgs),
                };
                foreach (var (entity, action, before) in context.Changes)
                {
                    batch.Changes.Add(new ImportChange { EntityType = entity.GetType().Name, EntityId = (long)d.Entry(entity).Property("Id").CurrentValue!, Action = action, Before = before });
                }

                d.Add(batch);
                await d.SaveChangesAsync(c);
                return batch.Id;
            }, ct);
            return report with { Status = ImportStatus.Committed, BatchId = batchId, Inserted = context.Inserted, Updated = context.Updated, Unchanged = context.Unchanged };
        }
        catch (DryRunRollback)
        {
            return report with { Status = ImportStatus.Validated, Inserted = context.Inserted, Updated = context.Updated, Unchanged = context.Unchanged };
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>Undoes a committed import as a whole: deletes what it inserted and restores what it updated.</summary>
    public async Task UndoAsync(long batchId, string actor, CancellationToken ct = default)
    {
        db.ChangeTracker.Clear();
        var batch = await db.Rows<ImportBatch>(Scope.Everything).Include(b => b.Changes).SingleOrDefaultAsync(b => b.Id == batchId, ct)
            ?? throw new DomainException($"没有编号为 {batchId} 的导入记录。");
        if (batch.UndoneAtUtc is not null)
        {
            throw new DomainException($"导入 {batchId}（{batch.FileName}）已于 {batch.UndoneAtUtc:yyyy-MM-dd HH:mm} 撤销过。");
        }

        var types = db.Model.GetEntityTypes().Where(t => !t.IsOwned()).ToDictionary(t => t.ClrType.Name, t => t.ClrType, StringComparer.Ordinal);
        try
        {
            await new LedgerWriter(db).WriteAsync(WriteContext.System(actor), async (d, c) =>
            {
                foreach (var change in batch.Changes.OrderByDescending(x => x.Id))
                {
                    var entity = await d.TrackedAsync(types[change.EntityType], change.EntityId, c);
                    if (entity is null)
                    {
                        continue;
                    }

                    if (change.Action == ChangeAction.Inserted)
                    {
                        d.Remove(entity);
                    }
                    else
                    {
                        ImportApplyContext.Restore(d, entity, change.Before!);
                    }
                }

                batch.UndoneAtUtc = clock.GetUtcNow().UtcDateTime;
                d.Update(batch);
                await d.SaveChangesAsync(c);
            }, ct);
        }
        catch (DbUpdateException e)
        {
            throw new DomainException($"无法撤销导入 {batchId}：其中的记录已被后来的数据引用（例如同一人员的新就业记录）；请先撤销后来的导入。", e);
        }
    }

    private DateOnly Today() => ChinaTime.Today(clock);

    private static async Task<string> HashAsync(Stream file, CancellationToken ct)
    {
        if (!file.CanSeek)
        {
            throw new ArgumentException("The import stream must be seekable (a file or a buffered upload).", nameof(file));
        }

        file.Position = 0;
        var hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(file, ct));
        file.Position = 0;
        return hash;
    }

    private sealed class DryRunRollback : Exception
    {
    }
}
