using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Counterpart.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Counterpart.Audit;

/// <summary>The result of walking the audit chain.</summary>
public sealed record AuditVerification(long Checked, long? BrokenAtSeq, string? Problem)
{
    public bool Intact => BrokenAtSeq is null;
}

/// <summary>
/// Writes the audit trail in the transaction of the change it records, and checks its hash chain. Row changes saved
/// through <see cref="LedgerWriter"/> are recorded one entry per row (unless the write records itself as a whole, as an
/// import does); other events (import, export, login …) are added with <see cref="Add"/> inside a write.
/// </summary>
public static class AuditTrail
{
    /// <summary>The previous hash of the first entry ever written.</summary>
    public static readonly string Genesis = new('0', 64);

    /// <summary>Entries younger than this cannot be deleted (enforced by the database).</summary>
    public const int RetentionDays = 180;

    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Row types that are not audited one by one: the trail itself, caches, and an import's own bookkeeping.</summary>
    private static readonly HashSet<Type> NotAudited =
    [
        typeof(AuditRecord), typeof(Indicators.Facts.IndicatorFact), typeof(Indicators.Facts.IndicatorFactState),
        typeof(Ledgers.ImportBatch), typeof(Ledgers.ImportChange),
    ];

    /// <summary>Records an event of the current write (it is saved with the write, or not at all).</summary>
    public static void Add(CounterpartDbContext db, AuditAction action, string? entityType = null, long? entityId = null, string? detail = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        var write = db.CurrentWrite ?? throw new InvalidOperationException("Audit entries are added inside LedgerWriter.WriteAsync.");
        db.PendingAudit.Add(Entry(write, action, entityType, entityId, null, null, detail));
    }

    /// <summary>Before SaveChanges: the changed rows and their stored values (read from the database, not the tracker).</summary>
    internal static async Task<List<RowChange>> CaptureAsync(CounterpartDbContext db, WriteContext write, CancellationToken ct)
    {
        var changes = new List<RowChange>();
        if (!write.AuditEachRow)
        {
            return changes;
        }

        foreach (var entry in db.ChangeTracker.Entries().ToList())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted)
                || entry.Metadata.IsOwned() || NotAudited.Contains(entry.Metadata.ClrType))
            {
                continue;
            }

            string? before = null;
            if (entry.State != EntityState.Added && await db.StoredValuesAsync(entry, ct) is { } stored)
            {
                before = Serialize(entry, stored, withOwned: false);
            }

            changes.Add(new RowChange(entry, entry.State, before));
        }

        return changes;
    }

    /// <summary>After SaveChanges: one entry per changed row plus the events added, chained and saved in the same transaction.</summary>
    internal static List<AuditRecord> Entries(WriteContext write, List<RowChange> changes, List<AuditRecord> events)
    {
        var records = new List<AuditRecord>(changes.Count + events.Count);
        foreach (var change in changes)
        {
            var action = change.State switch
            {
                EntityState.Added => AuditAction.Created,
                EntityState.Deleted => AuditAction.Deleted,
                _ => AuditAction.Updated,
            };
            var after = change.State == EntityState.Deleted ? null : Serialize(change.Entry, change.Entry.CurrentValues, withOwned: true);
            var id = change.Entry.Metadata.FindProperty("Id") is { } key ? change.Entry.Property(key.Name).CurrentValue as long? : null;
            records.Add(Entry(write, action, change.Entry.Metadata.ClrType.Name, id, change.Before, after, null));
        }

        records.AddRange(events);
        return records;
    }

    /// <summary>Gives new entries their place in the chain: sequence numbers and hashes after the last stored entry.</summary>
    internal static async Task ChainAsync(CounterpartDbContext db, List<AuditRecord> records, CancellationToken ct)
    {
        if (db.Database.IsNpgsql())
        {
            // One appender at a time across connections and nodes, until this transaction ends.
            await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(727001)", ct);
        }

        var last = await db.AuditRecords.OrderByDescending(a => a.Seq).Select(a => new { a.Seq, a.Hash }).FirstOrDefaultAsync(ct);
        var (seq, previous) = last is null ? (0L, Genesis) : (last.Seq, last.Hash);
        foreach (var record in records)
        {
            record.Seq = ++seq;
            record.PreviousHash = previous;
            record.Hash = previous = HashOf(record);
        }
    }

    /// <summary>Walks the whole chain in order: every hash recomputed, every link and sequence number checked.</summary>
    public static async Task<AuditVerification> VerifyAsync(CounterpartDbContext db, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        long count = 0;
        AuditRecord? previous = null;
        await foreach (var record in db.AuditRecords.OrderBy(a => a.Seq).AsAsyncEnumerable().WithCancellation(ct))
        {
            count++;
            if (previous is not null && record.Seq != previous.Seq + 1)
            {
                return new AuditVerification(count, record.Seq, $"第 {previous.Seq} 条之后缺少记录（下一条是第 {record.Seq} 条）。");
            }

            if (previous is not null && record.PreviousHash != previous.Hash)
            {
                return new AuditVerification(count, record.Seq, $"第 {record.Seq} 条记录的前序哈希与第 {previous.Seq} 条不符：其间的记录被改动、删除或插入过。");
            }

            if (HashOf(record) != record.Hash)
            {
                return new AuditVerification(count, record.Seq, $"第 {record.Seq} 条记录的内容与其哈希不符：记录被改动过。");
            }

            previous = record;
        }

        return new AuditVerification(count, null, null);
    }

    internal static string HashOf(AuditRecord r)
    {
        // Times to the millisecond and without a kind, so they read back identically from SQLite text and PostgreSQL timestamps.
        object?[] content =
        [
            r.Seq, r.AtUtc.ToString("yyyy-MM-dd'T'HH:mm:ss.fff", CultureInfo.InvariantCulture), r.Actor, r.ActorOrgId, r.From, r.Action.ToString(),
            r.EntityType, r.EntityId, r.Before, r.After, r.Detail, r.PreviousHash,
        ];
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(content, Json))));
    }

    private static AuditRecord Entry(WriteContext write, AuditAction action, string? entityType, long? entityId, string? before, string? after, string? detail)
    {
        var now = DateTime.UtcNow;
        return new AuditRecord
        {
            AtUtc = new DateTime(now.Ticks - (now.Ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc),
            Actor = write.Actor.Length > 128 ? write.Actor[..128] : write.Actor,
            ActorOrgId = write.OrgId,
            From = write.From,
            Action = action,
            EntityType = entityType,
            EntityId = entityId,
            Before = before,
            After = after,
            Detail = detail is { Length: > 2000 } ? detail[..2000] : detail,
        };
    }

    /// <summary>The row's scalar values as JSON, with encrypted columns and personal fields left out and ID numbers masked.</summary>
    private static string Serialize(EntityEntry entry, PropertyValues values, bool withOwned)
    {
        var json = new JsonObject();
        foreach (var property in values.Properties)
        {
            var value = values[property];
            json[property.Name] = value switch
            {
                _ when IsSecret(entry, property.Name) => "（已隐藏）",
                _ when property.PropertyInfo?.GetCustomAttribute<PersonalAttribute>() is not null
                    || (entry.Entity is Accounts.Account && property.Name == nameof(Accounts.Account.PhoneNumber)) => "***",
                byte[] => "（已加密）",
                null => null,
                Enum e => e.ToString(),
                DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                DateTime t => t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                string text => text,
                bool b => b,
                int i => i,
                long l => l,
                decimal m => m,
                _ => Convert.ToString(value, CultureInfo.InvariantCulture),
            };
        }

        if (withOwned)
        {
            foreach (var reference in entry.References.Where(r => r.Metadata.TargetEntityType.IsOwned()))
            {
                // Owned protected values (ID numbers) are recorded by their masked form only.
                if (reference.TargetEntry?.Metadata.FindProperty("Masked") is { } masked)
                {
                    json[reference.Metadata.Name] = reference.TargetEntry.Property(masked.Name).CurrentValue as string;
                }
            }
        }

        return json.ToJsonString(Json);
    }

    /// <summary>Password hashes, security stamps and Identity tokens (authenticator keys, recovery codes) never enter the trail.</summary>
    private static bool IsSecret(EntityEntry entry, string property) =>
        property is "PasswordHash" or "SecurityStamp" or "ConcurrencyStamp"
        || (property == "Value" && entry.Metadata.ClrType.Namespace == typeof(Microsoft.AspNetCore.Identity.IdentityUserToken<long>).Namespace);

    internal sealed record RowChange(EntityEntry Entry, EntityState State, string? Before);
}
