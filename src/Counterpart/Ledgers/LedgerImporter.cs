using System.Globalization;
using System.Security.Cryptography;
using System.Threading.Channels;
using Counterpart.Audit;
using Counterpart.Data;
using Counterpart.Indicators.Facts;
using Counterpart.Ledgers.Files;
using Counterpart.People;
using Microsoft.EntityFrameworkCore;

namespace Counterpart.Ledgers;

public sealed record ImportOptions(string Actor, bool DryRun = false, FileLimits? Limits = null)
{
    /// <summary>The writer (account, scope, address); the system, under <see cref="Actor"/>, when not given (CLI).</summary>
    public WriteContext? Who { get; init; }
}

/// <summary>
/// Imports a file into a ledger, all or nothing: every row is read and checked first; any error rejects the file and
/// nothing is saved. A dry run goes as far as writing and then rolls back, so its counts are exactly what a real run
/// would do. A committed import is recorded with every row it inserted or updated, and can be undone as a whole.
/// </summary>
public sealed class LedgerImporter(CounterpartDbContext db, PersonalDataProtector protector, TimeProvider clock)
{
    /// <summary>Detailed errors kept per file; beyond this a file is still checked to the end and its bad rows counted.</summary>
    public const int MaxErrors = 10_000;

    public async Task<ImportReport> ImportAsync(Stream file, string fileName, string ledgerName, ImportOptions options, IProgress<int>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(options);
        var ledger = LedgerCatalog.Get(ledgerName);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            var report = await ImportCheckedAsync(file, fileName, ledger, options, progress, ct);
            Operations.CounterpartMetrics.ImportFinished(report, started);
            return report;
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            Operations.CounterpartMetrics.ImportFinished(ledger.Name, "failed", 0, started);
            throw;
        }
    }

    private async Task<ImportReport> ImportCheckedAsync(Stream file, string fileName, LedgerDefinition ledger, ImportOptions options, IProgress<int>? progress, CancellationToken ct)
    {
        // Each import works on what is stored, not on entities an earlier operation left tracked.
        db.ChangeTracker.Clear();
        var sha = await HashAsync(file, ct);
        var report = new ImportReport { Ledger = ledger.Name, FileName = fileName, Sha256 = sha };
        var today = Today();
        var notices = new List<string>();
        try
        {
            using var reader = TableFile.Open(file, fileName, options.Limits);
            notices.AddRange(reader.Notices);
            var headerErrors = new List<ImportError>();
            var map = HeaderMap.Build(reader.Header, ledger.Columns, headerErrors, notices);
            if (headerErrors.Count > 0)
            {
                return report with { Status = ImportStatus.Rejected, Errors = headerErrors, Notices = notices };
            }

            var orgs = await OrgDirectory.LoadAsync(db, ct);
            var check = new FileCheck(ledger, map, orgs, today, protector);
            return await WriteAsync(report with { Notices = notices }, ledger, reader, check, options, progress, ct);
        }
        catch (LedgerFileException e)
        {
            return report with { Status = ImportStatus.Rejected, Errors = [new ImportError(0, "", "", e.Message, "文件无法读取")], Notices = notices };
        }
    }

    /// <summary>
    /// Parses and checks the file on one thread while valid rows are written, a chunk at a time, on this one, in one
    /// transaction. The first bad row stops the writing (the rest of the file is still checked, so every error is
    /// reported); any error, a dry run, or a failure rolls the whole transaction back.
    /// </summary>
    private async Task<ImportReport> WriteAsync(ImportReport report, LedgerDefinition ledger, ITableReader reader, FileCheck check, ImportOptions options,
        IProgress<int>? progress, CancellationToken ct)
    {
        var context = new ImportApplyContext(db, protector, check.Orgs, check.Today);
        var chunks = Channel.CreateBounded<List<RowValues>>(new BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var parsing = Task.Run(() => check.Run(reader, ledger.ChunkSize, chunks.Writer, progress, stop.Token), stop.Token);
        try
        {
            // The import is audited as a whole: its batch keeps every row's change (and before-image) for undo.
            var batchId = await new LedgerWriter(db).WriteAsync((options.Who ?? WriteContext.System(options.Actor)) with { AuditEachRow = false }, async (d, c) =>
            {
                // Rows are encrypted and hashed with this process's key: it must still be the database's (ADR 16).
                await People.PersonalDataKeys.EnsureCurrentAsync(d, protector, c);
                ImportBatch? batch = null;
                await foreach (var chunk in ReadAllAsync(chunks.Reader, parsing, c))
                {
                    if (check.HasErrors)
                    {
                        continue; // keep draining: the parser goes on checking the rest of the file
                    }

                    await ledger.CheckStoredAsync(context, chunk, c);
                    if (chunk.Exists(r => !r.Ok))
                    {
                        check.Reject(chunk.Where(r => !r.Ok));
                        continue;
                    }

                    await ledger.ApplyAsync(context, chunk, c);
                    await d.SaveChangesAsync(c);
                    if (batch is null)
                    {
                        // After the first chunk: some ledgers learn the owner while applying (a fund row's project).
                        batch = new ImportBatch
                        {
                            Ledger = ledger.Name, FileName = report.FileName, Sha256 = report.Sha256, Actor = options.Actor,
                            ImportedAtUtc = clock.GetUtcNow().UtcDateTime, OwnerOrgId = ledger.BatchOwner(chunk, check.Orgs),
                        };
                        d.Add(batch);
                        await d.SaveChangesAsync(c);
                    }

                    context.RecordChanges(batch.Id);
                    await d.SaveChangesAsync(c);
                    d.ChangeTracker.Clear();
                }

                await parsing;
                if (check.HasErrors || check.RowsRead == 0 || options.DryRun)
                {
                    throw new Rollback();
                }

                batch!.RowsRead = check.RowsRead;
                (batch.Inserted, batch.Updated, batch.Unchanged) = (context.Inserted, context.Updated, context.Unchanged);
                d.Update(batch);
                AuditTrail.Add(d, AuditAction.Imported, nameof(ImportBatch), batch.Id, string.Create(CultureInfo.InvariantCulture,
                    $"台账 {ledger.Name}，文件 {report.FileName}（SHA-256 {report.Sha256}）：读取 {check.RowsRead} 行，新增 {context.Inserted}，更新 {context.Updated}，未变 {context.Unchanged}"));
                return batch.Id;
            }, ct);
            return report with
            {
                Status = ImportStatus.Committed, BatchId = batchId, RowsRead = check.RowsRead, Inserted = context.Inserted, Updated = context.Updated, Unchanged = context.Unchanged,
                Touched = [.. context.Touched.OrderBy(t => t.Year).ThenBy(t => t.WestOrgId).ThenBy(t => t.EastOrgId)],
            };
        }
        catch (Rollback)
        {
            report = report with { RowsRead = check.RowsRead, Notices = [.. report.Notices, .. check.Notices] };
            if (check.RowsRead == 0 && !check.HasErrors)
            {
                return report with { Status = ImportStatus.Rejected, Errors = [new ImportError(1, "", "", "表头下面没有数据行", "空文件")] };
            }

            return check.HasErrors
                ? report with { Status = ImportStatus.Rejected, Errors = check.Errors, Rejected = check.RejectedRows }
                : report with { Status = ImportStatus.Validated, Inserted = context.Inserted, Updated = context.Updated, Unchanged = context.Unchanged };
        }
        catch (DomainException e)
        {
            // A rule only the stored data can decide (a fund row's project does not exist …): the file is refused whole.
            await stop.CancelAsync();
            await Task.WhenAny(parsing);
            return report with
            {
                Status = ImportStatus.Rejected, RowsRead = check.RowsRead,
                Errors = [.. check.Errors, new ImportError(0, "", "", e.Message, "与已存数据不符")], Rejected = Math.Max(1, check.RejectedRows),
            };
        }
        catch
        {
            // A failed write (or a file that breaks off half-way) stops the parser before the error goes up.
            await stop.CancelAsync();
            await Task.WhenAny(parsing);
            throw;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>The parser's chunks; if the parser fails (a file that breaks off half-way), its own exception.</summary>
    private static async IAsyncEnumerable<List<RowValues>> ReadAllAsync(ChannelReader<List<RowValues>> reader, Task parsing,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        while (true)
        {
            try
            {
                if (!await reader.WaitToReadAsync(ct))
                {
                    break;
                }
            }
            catch (Exception) when (parsing.IsFaulted)
            {
                await parsing;
                throw;
            }

            while (reader.TryRead(out var chunk))
            {
                yield return chunk;
            }
        }
    }

    /// <summary>The checking side of an import: reads rows, checks them, and hands valid ones on in chunks.</summary>
    private sealed class FileCheck(LedgerDefinition ledger, HeaderMap map, OrgDirectory orgs, DateOnly today, PersonalDataProtector protector)
    {
        /// <summary>Natural keys seen, as 128-bit hashes (a 1,000,000-row file costs ~40 MB, not the keys' text) → first row.</summary>
        private readonly Dictionary<UInt128, int> keys = [];
        private readonly List<ImportError> errors = [];
        private volatile bool hasErrors;
        private int unlisted;

        public OrgDirectory Orgs { get; } = orgs;
        public DateOnly Today { get; } = today;
        public int RowsRead { get; private set; }
        public int RejectedRows { get; private set; }
        public bool HasErrors => hasErrors;
        /// <summary>In row order (rows the writing thread rejected come in after later rows the reader rejected).</summary>
        public IReadOnlyList<ImportError> Errors => [.. errors.OrderBy(e => e.Row)];

        public IEnumerable<string> Notices => unlisted == 0 ? [] : [$"另有 {unlisted} 条错误未逐条列出（每个文件最多列出 {MaxErrors} 条）；请先改正已列出的错误。"];

        public async Task Run(ITableReader reader, int chunkSize, ChannelWriter<List<RowValues>> output, IProgress<int>? progress, CancellationToken ct)
        {
            try
            {
                var chunk = new List<RowValues>();
                foreach (var row in reader.Rows())
                {
                    ct.ThrowIfCancellationRequested();
                    if (row.IsBlank)
                    {
                        continue;
                    }

                    RowsRead++;
                    var values = Check(row);
                    if (values.Ok)
                    {
                        if (!hasErrors)
                        {
                            ledger.Prepare(values, protector);
                            chunk.Add(values);
                        }
                    }
                    else
                    {
                        Fail(values);
                    }

                    if (chunk.Count >= chunkSize)
                    {
                        await output.WriteAsync(chunk, ct);
                        chunk = [];
                    }

                    if (RowsRead % 1000 == 0)
                    {
                        progress?.Report(RowsRead);
                    }
                }

                if (chunk.Count > 0 && !hasErrors)
                {
                    await output.WriteAsync(chunk, ct);
                }

                progress?.Report(RowsRead);
                output.Complete();
            }
            catch (Exception e)
            {
                output.Complete(e);
                throw;
            }
        }

        private RowValues Check(TableRow row)
        {
            var values = RowValues.Read(row, map, ledger.Columns, Orgs, Today);
            // Cross-field rules run even when a cell failed, so a clerk sees every problem of a row at once.
            if (ledger.Check(values, Orgs, Today) is { } key && !keys.TryAdd(Fingerprint(key), row.Number))
            {
                values.Errors.Add(new ImportError(row.Number, ledger.NaturalKey, RowValues.MaskKey(key),
                    $"与第 {keys[Fingerprint(key)]} 行重复（{ledger.NaturalKey}相同）", "文件内重复"));
            }

            return values;
        }

        private static UInt128 Fingerprint(string key) => System.IO.Hashing.XxHash128.HashToUInt128(System.Text.Encoding.UTF8.GetBytes(key));

        /// <summary>Rows the writing thread found wrong against stored data; they reject the file like the reader's errors.</summary>
        public void Reject(IEnumerable<RowValues> rows)
        {
            foreach (var row in rows)
            {
                Fail(row);
            }
        }

        private void Fail(RowValues values)
        {
            lock (errors)
            {
                hasErrors = true;
                RejectedRows++;
                foreach (var error in values.Errors)
                {
                    if (errors.Count < MaxErrors)
                    {
                        errors.Add(error);
                    }
                    else
                    {
                        unlisted++;
                    }
                }
            }
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
            await new LedgerWriter(db).WriteAsync(WriteContext.System(actor) with { AuditEachRow = false }, async (d, c) =>
            {
                foreach (var change in batch.Changes.OrderByDescending(x => x.Id))
                {
                    if (change.LastEntityId is { } last)
                    {
                        // A run inserted in bulk goes in one statement, after what was queued before it (rows that refer to it).
                        await d.SaveChangesAsync(c);
                        var type = types[change.EntityType];
                        var sql = "DELETE FROM \"" + d.Model.FindEntityType(type)!.GetTableName() + "\" WHERE \"Id\" BETWEEN {0} AND {1}";
                        await FactMaintainer.AroundRawChangeAsync(d, type, change.EntityId, last, () => d.Database.ExecuteSqlRawAsync(sql, [change.EntityId, last], c), c);
                        continue;
                    }

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
                AuditTrail.Add(d, AuditAction.ImportUndone, nameof(ImportBatch), batch.Id, $"撤销导入 {batch.FileName}（台账 {batch.Ledger}）");
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

    /// <summary>Thrown inside the write to roll it back: a dry run, or a file with errors.</summary>
    private sealed class Rollback : Exception
    {
    }
}
