using System.Globalization;
using Counterpart.Audit;
using Counterpart.Data;
using Counterpart.Ledgers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Counterpart.Review;

/// <summary>What a clerk or a reviewer does to a record or an import.</summary>
public enum ReviewAction
{
    /// <summary>The clerk hands a draft (or a returned record) in for review.</summary>
    Submit,

    /// <summary>The clerk takes a submission back to change it.</summary>
    Withdraw,

    /// <summary>The reviewer accepts it: from now on clerks cannot change it.</summary>
    Approve,

    /// <summary>The reviewer sends a submitted or approved record back to the clerk with a reason.</summary>
    Return,
}

/// <summary>One review step, kept for the record's history (and its reason, when returned).</summary>
public sealed class ReviewEvent
{
    public long Id { get; set; }

    /// <summary>The kind of row (CLR name, e.g. "ImportBatch", "Project").</summary>
    public required string EntityType { get; set; }

    public long EntityId { get; set; }

    /// <summary>The owner of the record reviewed, so that events are scoped like their record.</summary>
    public long OwnerOrgId { get; set; }

    public ReviewAction Action { get; set; }
    public ReviewStatus From { get; set; }
    public ReviewStatus To { get; set; }
    public string? Reason { get; set; }
    public required string Actor { get; set; }
    public long? ActorOrgId { get; set; }
    public DateTime AtUtc { get; set; }

    /// <summary>How many ledger rows changed state (an import's rows, or one).</summary>
    public long Rows { get; set; }
}

internal sealed class ReviewEventConfiguration : IEntityTypeConfiguration<ReviewEvent>
{
    public void Configure(EntityTypeBuilder<ReviewEvent> b)
    {
        b.Property(e => e.EntityType).HasMaxLength(64);
        b.Property(e => e.Actor).HasMaxLength(128);
        b.Property(e => e.Reason).HasMaxLength(500);
        b.HasIndex(e => new { e.EntityType, e.EntityId });
    }
}

public sealed record ReviewOutcome(string EntityType, long EntityId, ReviewStatus State, long Rows);

/// <summary>
/// Moves a record — or an import with every row it inserted or updated — from one review state to the next (ADR 11):
/// submit and withdraw for the clerk, approve and return for a reviewer of the subtree who did not submit it. The rows
/// change state by one statement per run of ids, with the indicator summaries kept in step (approved-only figures), the
/// step recorded as a <see cref="ReviewEvent"/> and in the audit trail, all in one transaction.
/// </summary>
public sealed class ReviewActions(CounterpartDbContext db, TimeProvider clock)
{
    private const int MaxReason = 500;

    /// <param name="who">The acting account's writer: its scope decides which records it may act on, its name is compared with the submitter's.</param>
    public async Task<ReviewOutcome> ApplyAsync(WriteContext who, Type type, long id, ReviewAction action, string? reason, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(who);
        ArgumentNullException.ThrowIfNull(type);
        var name = ReviewRules.NameOf(type);
        var head = await HeadAsync(type, id, ct)
            ?? throw new DomainException($"没有编号为 {id} 的{name}。") { Status = 404 };
        if (!who.Scope.Contains(head.OwnerPath))
        {
            throw new DomainException($"{name} {id} 不在您的管辖范围内，不能审核或提交。") { Status = 403 };
        }

        reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        var (from, to) = Transition(action);
        if (!from.Contains(head.State))
        {
            throw new DomainException($"{name} {id} 当前为“{ReviewRules.Label(head.State)}”，不能{Verb(action)}。") { Status = 409 };
        }

        if (action == ReviewAction.Return && reason is null)
        {
            throw new DomainException("退回时必须填写原因，以便录入人员修改。");
        }

        if (reason is { Length: > MaxReason })
        {
            throw new DomainException($"原因最多 {MaxReason} 个字（现有 {reason.Length} 个）。");
        }

        if (type == typeof(ImportBatch) && await db.Rows<ImportBatch>(Scope.Everything).AnyAsync(b => b.Id == id && b.UndoneAtUtc != null, ct))
        {
            throw new DomainException($"导入 {id} 已撤销，不能再{Verb(action)}。") { Status = 409 };
        }

        if (action is ReviewAction.Approve or ReviewAction.Return && await SubmitterAsync(type, id, ct) is { } submitter
            && string.Equals(submitter, who.Actor, StringComparison.OrdinalIgnoreCase))
        {
            throw new DomainException($"{name} {id} 是您本人提交的，须由其他审核员审核。") { Status = 409 };
        }

        var members = await MembersAsync(type, id, ct);

        // The rows change by raw statements, which only a system-wide writer may run: the actor's scope was checked above
        // for the record and is checked here, inside the transaction, for every row it carries.
        var system = WriteContext.System(who.Actor) with { OrgId = who.OrgId, From = who.From, AuditEachRow = false };
        return await new LedgerWriter(db).WriteAsync(system, async (d, c) =>
        {
            await CheckMembersInScopeAsync(d, who, members, c);
            long rows = 0;
            foreach (var (memberType, first, last) in members)
            {
                var changed = await SetStateAsync(d, memberType, first, last, from, to, c);
                if (memberType == type && first == id && changed == 0)
                {
                    // Someone else moved it between the check above and this transaction (two reviewers at once).
                    throw new DomainException($"{name} {id} 刚被他人处理过，请刷新后再试。") { Status = 409 };
                }

                rows += memberType == typeof(ImportBatch) && type == typeof(ImportBatch) ? 0 : changed;
            }

            var now = clock.GetUtcNow().UtcDateTime;
            d.Add(new ReviewEvent
            {
                EntityType = type.Name, EntityId = id, OwnerOrgId = head.OwnerOrgId, Action = action, From = head.State, To = to, Reason = reason,
                Actor = who.Actor, ActorOrgId = who.OrgId, AtUtc = now, Rows = rows,
            });
            AuditTrail.Add(d, AuditAction.Reviewed, type.Name, id, string.Create(CultureInfo.InvariantCulture,
                $"{Verb(action)}{name} {id}：{ReviewRules.Label(head.State)} → {ReviewRules.Label(to)}，{rows} 行{(reason is null ? "" : "；原因：" + reason)}"));
            await d.SaveChangesAsync(c);
            return new ReviewOutcome(type.Name, id, to, rows);
        }, ct);
    }

    /// <summary>The review history of a record (newest first), for its detail view and for a returned record's reason.</summary>
    public Task<List<ReviewEvent>> HistoryAsync(Type type, long id, CancellationToken ct = default) =>
        Events().Where(e => e.EntityType == type.Name && e.EntityId == id).OrderByDescending(e => e.Id).ToListAsync(ct);

#pragma warning disable RS0030 // Review events are read here only, always for a record the caller may see.
    private IQueryable<ReviewEvent> Events() => db.Set<ReviewEvent>().AsNoTracking();
#pragma warning restore RS0030

    private static (ReviewStatus[] From, ReviewStatus To) Transition(ReviewAction action) => action switch
    {
        ReviewAction.Submit => ([ReviewStatus.Draft, ReviewStatus.Returned], ReviewStatus.Submitted),
        ReviewAction.Withdraw => ([ReviewStatus.Submitted], ReviewStatus.Draft),
        ReviewAction.Approve => ([ReviewStatus.Submitted], ReviewStatus.Approved),
        ReviewAction.Return => ([ReviewStatus.Submitted, ReviewStatus.Approved], ReviewStatus.Returned),
        _ => throw new ArgumentOutOfRangeException(nameof(action)),
    };

    public static string Verb(ReviewAction action) => action switch
    {
        ReviewAction.Submit => "提交",
        ReviewAction.Withdraw => "撤回",
        ReviewAction.Approve => "审核通过",
        ReviewAction.Return => "退回",
        _ => action.ToString(),
    };

    private sealed record Head(long OwnerOrgId, string OwnerPath, ReviewStatus State);

    /// <summary>A record's review state and owner as stored, or null when there is none — for the state and history view.</summary>
    public async Task<ReviewStatus?> StateAsync(Type type, long id, Scope scope, CancellationToken ct = default) =>
        await HeadAsync(type, id, ct) is { } head && scope.Contains(head.OwnerPath) ? head.State : null;

    private async Task<Head?> HeadAsync(Type type, long id, CancellationToken ct)
    {
        var sql = $"SELECT o.\"Id\" AS \"OwnerOrgId\", o.\"Path\" AS \"OwnerPath\", r.\"ReviewState\" FROM {OwnerJoin(db, type)} WHERE r.\"Id\" = {{0}}";
        var rows = await db.Database.SqlQueryRaw<HeadRow>(sql, id).ToListAsync(ct);
        return rows.Count == 0 ? null : new Head(rows[0].OwnerOrgId, rows[0].OwnerPath, Enum.Parse<ReviewStatus>(rows[0].ReviewState));
    }

    /// <summary>
    /// Rows of a reviewable kind (as r) joined to their owning organization (as o): a ledger row's own owner, or for a
    /// movement, the owner of the ledger row it is recorded under.
    /// </summary>
    private static string OwnerJoin(CounterpartDbContext d, Type type)
    {
        if (!ReviewRules.Reviewable.Contains(type))
        {
            throw new ArgumentException($"{type.Name} has no review state.", nameof(type));
        }

        var entity = d.Model.FindEntityType(type)!;
        if (typeof(LedgerRecord).IsAssignableFrom(type))
        {
            return $"\"{entity.GetTableName()}\" r JOIN \"Organizations\" o ON o.\"Id\" = r.\"OwnerOrgId\"";
        }

        var parent = entity.GetForeignKeys().Single(f => typeof(LedgerRecord).IsAssignableFrom(f.PrincipalEntityType.ClrType));
        return $"\"{entity.GetTableName()}\" r JOIN \"{parent.PrincipalEntityType.GetTableName()}\" p ON p.\"Id\" = r.\"{parent.Properties[0].GetColumnName()}\""
            + " JOIN \"Organizations\" o ON o.\"Id\" = p.\"OwnerOrgId\"";
    }

    private sealed record HeadRow(long OwnerOrgId, string OwnerPath, string ReviewState);

    private Task<string?> SubmitterAsync(Type type, long id, CancellationToken ct) =>
        Events().Where(e => e.EntityType == type.Name && e.EntityId == id && e.Action == ReviewAction.Submit)
            .OrderByDescending(e => e.Id).Select(e => e.Actor).FirstOrDefaultAsync(ct);

    /// <summary>The runs of rows a step applies to: the record itself; for an import also every ledger row it inserted or updated.</summary>
    private async Task<List<(Type Type, long First, long Last)>> MembersAsync(Type type, long id, CancellationToken ct)
    {
        var members = new List<(Type, long, long)> { (type, id, id) };
        if (type != typeof(ImportBatch))
        {
            return members;
        }

        var reviewable = ReviewRules.Reviewable.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var changes = await db.Rows<ImportBatch>(Scope.Everything).Where(b => b.Id == id).SelectMany(b => b.Changes)
            .Select(c => new { c.EntityType, c.EntityId, c.LastEntityId }).ToListAsync(ct);
        foreach (var change in changes)
        {
            // Parts without a state of their own (targets, inspection results) follow their parent.
            if (reviewable.TryGetValue(change.EntityType, out var memberType))
            {
                members.Add((memberType, change.EntityId, change.LastEntityId ?? change.EntityId));
            }
        }

        return members;
    }

    private static async Task CheckMembersInScopeAsync(CounterpartDbContext d, WriteContext who, List<(Type Type, long First, long Last)> members, CancellationToken ct)
    {
        if (who.Scope.Paths is null)
        {
            return;
        }

        foreach (var group in members.GroupBy(m => m.Type))
        {
            var rows = OwnerJoin(d, group.Key);
            foreach (var (_, first, last) in group)
            {
                var sql = $"SELECT DISTINCT o.\"Path\" AS \"Value\" FROM {rows} WHERE r.\"Id\" BETWEEN {{0}} AND {{1}}";
                var outside = await d.Database.SqlQueryRaw<string>(sql, first, last).ToListAsync(ct);
                if (outside.Any(p => !who.Scope.Contains(p)))
                {
                    throw new DomainException($"这批数据中有不属于您管辖范围的{ReviewRules.NameOf(group.Key)}，不能整批审核；请由上级单位的审核员处理。") { Status = 403 };
                }
            }
        }
    }

    /// <summary>Sets the state of the rows in a run that are in one of the <paramref name="from"/> states; the summaries follow.</summary>
    private static async Task<long> SetStateAsync(CounterpartDbContext d, Type type, long first, long last, ReviewStatus[] from, ReviewStatus to, CancellationToken ct)
    {
        await d.SaveChangesAsync(ct);
        var table = d.Model.FindEntityType(type)!.GetTableName();
        var states = string.Join(",", from.Select(s => $"'{s}'"));
        var sql = $"UPDATE \"{table}\" SET \"ReviewState\" = '{to}' WHERE \"Id\" BETWEEN {{0}} AND {{1}} AND \"ReviewState\" IN ({states})";
        var changed = 0;
        await Indicators.Facts.FactMaintainer.AroundRawChangeAsync(d, type, first, last,
            async () => changed = await d.Database.ExecuteSqlRawAsync(sql, [first, last], ct), ct);
        return changed;
    }
}
