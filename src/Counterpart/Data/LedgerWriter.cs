using Counterpart.Organizations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Counterpart.Data;

/// <summary>Who writes, and where they may write.</summary>
public sealed record WriteContext(string Actor, Scope Scope)
{
    public static WriteContext System(string actor) => new(actor, Scope.Everything);
}

/// <summary>
/// The one path by which data changes: opens a transaction, lets the caller change tracked entities,
/// checks that every touched ledger row is owned inside the writer's scope, saves, and commits — or rolls
/// everything back. Review and audit hook in here later, in the same transaction.
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

    /// <summary>Refuses a save that touches a ledger row owned outside the writer's scope.</summary>
    internal static async Task CheckScopeAsync(CounterpartDbContext db, WriteContext who, CancellationToken ct)
    {
        if (who.Scope.Paths is null)
        {
            return;
        }

        var ownerIds = new HashSet<long>();
        foreach (EntityEntry entry in db.ChangeTracker.Entries())
        {
            if (entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            {
                if (entry.Entity is LedgerRecord record)
                {
                    ownerIds.Add(record.OwnerOrgId);
                    if (entry.State == EntityState.Modified && entry.Property(nameof(LedgerRecord.OwnerOrgId)).IsModified)
                    {
                        ownerIds.Add((long)entry.Property(nameof(LedgerRecord.OwnerOrgId)).OriginalValue!);
                    }
                }
                else if (entry.Entity is Organization org)
                {
                    ownerIds.Add(org.ParentId ?? org.Id);
                }
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
}
