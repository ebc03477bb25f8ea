using Counterpart.Organizations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Counterpart.Data;

/// <summary>Who writes, and where they may write.</summary>
public sealed record WriteContext(string Actor, Scope Scope)
{
    /// <summary>The writer's organization, for the audit trail.</summary>
    public long? OrgId { get; init; }

    /// <summary>Where the write came from (an IP address, "cli"), for the audit trail.</summary>
    public string? From { get; init; }

    /// <summary>
    /// Whether every changed row gets its own audit entry (with before and after). A write that records itself as a
    /// whole — an import, whose batch keeps every row's before-image for undo — turns this off and adds one entry.
    /// </summary>
    public bool AuditEachRow { get; init; } = true;

    public static WriteContext System(string actor) => new(actor, Scope.Everything);
}

/// <summary>
/// The one path by which data changes: opens a transaction, lets the caller change tracked entities,
/// checks that every touched ledger row is owned inside the writer's scope, saves — with the indicator summaries and
/// the audit trail in the same transaction — and commits, or rolls everything back. Review hooks in here later.
/// </summary>
public sealed class LedgerWriter(CounterpartDbContext db)
{
    public async Task<T> WriteAsync<T>(WriteContext who, Func<CounterpartDbContext, CancellationToken, Task<T>> change, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(who);
        ArgumentNullException.ThrowIfNull(change);
        if (db.CurrentWrite is not null)
        {
            throw new InvalidOperationException("Writes do not nest.");
        }

        db.CurrentWrite = who;
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var result = await change(db, ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return result;
        }
        catch
        {
            db.ChangeTracker.Clear();
            db.PendingAudit.Clear();
            throw;
        }
        finally
        {
            db.CurrentWrite = null;
        }
    }

    public Task WriteAsync(WriteContext who, Func<CounterpartDbContext, CancellationToken, Task> change, CancellationToken ct = default) =>
        WriteAsync<bool>(who, async (d, c) =>
        {
            await change(d, c);
            return true;
        }, ct);

    /// <summary>
    /// Refuses a save that touches a row owned outside the writer's scope — judged on what is stored (the owner a row
    /// has in the database) and on what it would become, for ledger rows, their child rows (funds, targets …) and
    /// organizations. Built-in reference data is not writable by a scoped writer.
    /// </summary>
    internal static async Task CheckScopeAsync(CounterpartDbContext db, WriteContext who, CancellationToken ct)
    {
        if (who.Scope.Paths is null)
        {
            return;
        }

        var ownerIds = new HashSet<long>();
        var changed = db.ChangeTracker.Entries().Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted).ToList();
        foreach (var entry in changed)
        {
            switch (entry.Entity)
            {
                case LedgerRecord record:
                    ownerIds.Add(record.OwnerOrgId);
                    if (entry.State != EntityState.Added)
                    {
                        ownerIds.Add((long)(await StoredAsync(entry, ct))[nameof(LedgerRecord.OwnerOrgId)]!);
                    }

                    break;
                case Organization org:
                    ownerIds.Add(await OrganizationAnchorAsync(entry, org, ct));
                    break;
                default:
                    foreach (var owner in await ParentOwnersAsync(db, entry, ct))
                    {
                        ownerIds.Add(owner);
                    }

                    break;
            }
        }

        var paths = await db.Organizations.AsNoTracking().Where(o => ownerIds.Contains(o.Id))
            .Select(o => new { o.Id, o.Path }).ToListAsync(ct);
        var outside = paths.FirstOrDefault(p => !who.Scope.Contains(p.Path));
        if (outside is not null || paths.Count < ownerIds.Count)
        {
            throw new DomainException($"“{who.Actor}”无权修改不属于其管辖范围的数据（组织编号 {outside?.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "未知"}）。");
        }
    }

    private static async Task<PropertyValues> StoredAsync(EntityEntry entry, CancellationToken ct) =>
        await ((CounterpartDbContext)entry.Context).StoredValuesAsync(entry, ct) ?? throw new DomainException("要修改的记录已不存在（可能已被他人删除），请刷新后重试。");

    /// <summary>
    /// The organization whose scope decides an organization change: for a new one its nearest saved ancestor; for an
    /// existing one itself as stored. Moving an organization to another parent is refused (its subtree's paths would
    /// have to be rewritten, which is not built).
    /// </summary>
    private static async Task<long> OrganizationAnchorAsync(EntityEntry entry, Organization org, CancellationToken ct)
    {
        if (entry.State == EntityState.Added)
        {
            var parent = org.Parent;
            var parentId = org.ParentId;
            while (parent is not null && parent.Id == 0)
            {
                parentId = parent.ParentId;
                parent = parent.Parent;
            }

            return parent?.Id ?? parentId ?? throw new DomainException("只有系统管理员可以新建顶级组织。");
        }

        var stored = await StoredAsync(entry, ct);
        if ((long?)stored[nameof(Organization.ParentId)] != org.ParentId || (string?)stored[nameof(Organization.Path)] != org.Path)
        {
            throw new DomainException($"暂不支持把组织“{org.Name}”移动到其他上级之下。");
        }

        return org.Id;
    }

    /// <summary>Owners of the ledger rows a child row (fund, inflow, target, outcome, result) belongs to, before and after.</summary>
    private static async Task<List<long>> ParentOwnersAsync(CounterpartDbContext db, EntityEntry entry, CancellationToken ct)
    {
        var owners = new List<long>();
        foreach (var fk in entry.Metadata.GetForeignKeys().Where(f => typeof(LedgerRecord).IsAssignableFrom(f.PrincipalEntityType.ClrType)))
        {
            var property = fk.Properties[0].Name;
            var ids = new HashSet<long>();
            if (entry.Property(property).CurrentValue is long current)
            {
                ids.Add(current);
            }

            if (entry.State != EntityState.Added && (await StoredAsync(entry, ct))[property] is long stored)
            {
                ids.Add(stored);
            }

            foreach (var id in ids)
            {
                owners.Add(await db.OwnerOfAsync(fk.PrincipalEntityType.ClrType, id, ct)
                    ?? throw new DomainException("所属的上级记录不存在。"));
            }
        }

        return owners.Count > 0 ? owners : throw new DomainException("内置数据只能由系统维护，不能在此修改。");
    }
}
