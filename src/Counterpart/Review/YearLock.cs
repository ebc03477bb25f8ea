using Counterpart.Agreements;
using Counterpart.Consumption;
using Counterpart.Data;
using Counterpart.Donations;
using Counterpart.Evaluation;
using Counterpart.Investment;
using Counterpart.Labor;
using Counterpart.Organizations;
using Counterpart.Projects;
using Counterpart.Talent;
using Counterpart.Trainings;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Counterpart.Review;

/// <summary>A reviewer's lock on one year of an organization's subtree: its rows of that year can no longer be changed.</summary>
public sealed class YearLock
{
    public long Id { get; set; }
    public long OrgId { get; set; }
    public Organization? Org { get; set; }
    public int Year { get; set; }
    public required string LockedBy { get; set; }
    public DateTime LockedAtUtc { get; set; }
}

internal sealed class YearLockConfiguration : IEntityTypeConfiguration<YearLock>
{
    public void Configure(EntityTypeBuilder<YearLock> b)
    {
        b.HasIndex(l => new { l.OrgId, l.Year }).IsUnique();
        b.Property(l => l.LockedBy).HasMaxLength(128);
        b.HasOne(l => l.Org).WithMany().HasForeignKey(l => l.OrgId).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>
/// The year a row belongs to — the same date its indicators count it by — and the check that refuses a scoped writer's
/// change to a row of a locked year (as stored and as it would become). Ledgers not listed here are not locked by year.
/// </summary>
public static class YearLocks
{
    private static readonly Dictionary<Type, Func<object, int?>> Years = new()
    {
        [typeof(Project)] = o => ((Project)o).ApprovedOn?.Year ?? ((Project)o).Year,
        [typeof(ProjectFund)] = o => ((ProjectFund)o).Date.Year,
        [typeof(Sale)] = o => ((Sale)o).Date.Year,
        [typeof(Donation)] = o => ((Donation)o).Date.Year,
        [typeof(Employment)] = o => ((Employment)o).StartDate.Year,
        [typeof(TrainingSession)] = o => ((TrainingSession)o).StartDate.Year,
        [typeof(TalentAssignment)] = o => ((TalentAssignment)o).StartDate.Year,
        [typeof(GuidedInvestment)] = o => ((GuidedInvestment)o).SignedOn.Year,
        [typeof(Agreement)] = o => ((Agreement)o).Year,
        [typeof(EvaluationRound)] = o => ((EvaluationRound)o).Year,
        [typeof(Reconciliation.FlowStatement)] = o => ((Reconciliation.FlowStatement)o).Year,
    };

    /// <summary>The year of a row of a locked-by-year ledger, or null.</summary>
    public static int? YearOf(object row) => Years.TryGetValue(row.GetType(), out var year) ? year(row) : null;

    /// <summary>Refuses a scoped writer's tracked changes that touch a locked year (the system, e.g. the server's CLI, is not refused).</summary>
    internal static async Task CheckTrackedAsync(CounterpartDbContext db, WriteContext who, CancellationToken ct)
    {
        if (who.Scope.Paths is null || !await db.YearLocks.AnyAsync(ct))
        {
            return;
        }

        var touched = new List<(long Owner, int Year)>();
        foreach (var entry in db.ChangeTracker.Entries().Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted && Years.ContainsKey(e.Metadata.ClrType)).ToList())
        {
            var owner = await OwnerAsync(db, entry.Entity, ct);
            if (entry.State != EntityState.Deleted && YearOf(entry.Entity) is { } now)
            {
                touched.Add((owner, now));
            }

            if (entry.State != EntityState.Added && await db.StoredValuesAsync(entry, ct) is { } stored && YearOf(stored.ToObject()) is { } before)
            {
                touched.Add((owner, before));
            }
        }

        await RefuseLockedAsync(db, touched, ct);
    }

    /// <summary>The same rule for rows inserted in bulk by a scoped writer.</summary>
    internal static async Task CheckNewRowsAsync<T>(CounterpartDbContext db, WriteContext who, IReadOnlyList<T> rows, CancellationToken ct)
        where T : class
    {
        if (who.Scope.Paths is null || !Years.ContainsKey(typeof(T)) || !await db.YearLocks.AnyAsync(ct))
        {
            return;
        }

        var touched = new List<(long Owner, int Year)>();
        foreach (var row in rows)
        {
            if (YearOf(row) is { } year)
            {
                touched.Add((await OwnerAsync(db, row, ct), year));
            }
        }

        await RefuseLockedAsync(db, touched, ct);
    }

    private static async Task<long> OwnerAsync(CounterpartDbContext db, object row, CancellationToken ct) => row switch
    {
        LedgerRecord r => r.OwnerOrgId,
        ProjectFund f => await db.OwnerOfAsync(typeof(Project), f.ProjectId, ct) ?? 0,
        _ => 0,
    };

    private static async Task RefuseLockedAsync(CounterpartDbContext db, List<(long Owner, int Year)> touched, CancellationToken ct)
    {
        var pairs = touched.Distinct().ToList();
        if (pairs.Count == 0)
        {
            return;
        }

        var years = pairs.Select(p => p.Year).Distinct().ToList();
        var locks = await db.YearLocks.AsNoTracking().Where(l => years.Contains(l.Year))
            .Select(l => new { l.Year, l.Org!.Path, l.Org.Name, l.LockedBy, l.LockedAtUtc }).ToListAsync(ct);
        if (locks.Count == 0)
        {
            return;
        }

        var owners = pairs.Select(p => p.Owner).Distinct().ToList();
        var paths = await db.Organizations.AsNoTracking().Where(o => owners.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Path, ct);
        foreach (var (owner, year) in pairs)
        {
            var hit = locks.FirstOrDefault(l => l.Year == year && paths.TryGetValue(owner, out var path) && path.StartsWith(l.Path, StringComparison.Ordinal));
            if (hit is not null)
            {
                throw new DomainException(
                    $"{year} 年度的数据已由{hit.Name}锁定（{hit.LockedBy}，{hit.LockedAtUtc:yyyy-MM-dd}），不能再新增、修改或删除；如需更正，请联系该审核员解锁。");
            }
        }
    }
}
