using System.Globalization;
using Counterpart.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Counterpart.Review;

/// <summary>
/// The review rule of every write by a scoped writer (a clerk), applied in one place — <see cref="CounterpartDbContext"/>'s
/// SaveChanges and the bulk inserter (ADR 11): new rows are drafts; a changed row goes back to draft; a row that is
/// submitted or approved (as stored) cannot be changed or deleted, nor can the parts that belong to it (an agreement's
/// targets, an inspection's results). Movements with a state of their own (<see cref="IReviewed"/>: fund movements,
/// outcomes, inflows) follow the same rule on their own, so a new disbursement can be added to an approved project.
/// The system (reference data, the server's command line) writes as it is told.
/// </summary>
public static class ReviewRules
{
    /// <summary>Chinese names of the ledger rows, for messages.</summary>
    private static readonly Dictionary<Type, string> Names = new()
    {
        [typeof(Pairings.Pairing)] = "结对关系",
        [typeof(Agreements.Agreement)] = "协议",
        [typeof(Projects.Project)] = "项目",
        [typeof(Investment.GuidedInvestment)] = "招商引资项目",
        [typeof(Consumption.Product)] = "产品",
        [typeof(Consumption.Sale)] = "消费帮扶销售",
        [typeof(Labor.Person)] = "人员",
        [typeof(Labor.Employment)] = "就业记录",
        [typeof(Talent.TalentPerson)] = "人才",
        [typeof(Talent.TalentAssignment)] = "人才交流记录",
        [typeof(Trainings.TrainingSession)] = "培训",
        [typeof(Donations.Donation)] = "捐赠",
        [typeof(Honors.Honor)] = "荣誉",
        [typeof(Honors.CaseStory)] = "典型案例",
        [typeof(NeedsOffers.Need)] = "需求",
        [typeof(NeedsOffers.Offer)] = "供给",
        [typeof(Inspections.Inspection)] = "督导检查",
        [typeof(Evaluation.EvaluationRound)] = "考核",
        [typeof(Evaluation.Finding)] = "考核发现问题",
        [typeof(Evaluation.RectificationTask)] = "整改任务",
        [typeof(Ledgers.ImportBatch)] = "导入批次",
        [typeof(Projects.ProjectFund)] = "项目资金记录",
        [typeof(Projects.ProjectOutcome)] = "项目绩效指标",
        [typeof(Investment.InvestmentInflow)] = "到位资金记录",
        [typeof(Attachments.Attachment)] = "附件",
    };

    /// <summary>Every kind of row with a review state: the ledger rows and the movements recorded under them.</summary>
    public static IReadOnlyList<Type> Reviewable { get; } =
        [.. CounterpartDbContext.LedgerTypes, typeof(Projects.ProjectFund), typeof(Projects.ProjectOutcome), typeof(Investment.InvestmentInflow)];

    /// <summary>The Chinese name of a kind of ledger row.</summary>
    public static string NameOf(Type ledgerType) => Names.TryGetValue(ledgerType, out var name) ? name : ledgerType.Name;

    /// <summary>States in which a clerk may still change a row.</summary>
    public static bool Editable(ReviewStatus state) => state is ReviewStatus.Draft or ReviewStatus.Returned;

    public static string Label(ReviewStatus state) => state switch
    {
        ReviewStatus.Draft => "草稿",
        ReviewStatus.Submitted => "已提交",
        ReviewStatus.Returned => "已退回",
        ReviewStatus.Approved => "已审核",
        _ => state.ToString(),
    };

    /// <summary>Before a scoped writer's SaveChanges: refuses changes to submitted or approved rows and marks what is written as draft.</summary>
    internal static async Task CheckTrackedAsync(CounterpartDbContext db, WriteContext who, CancellationToken ct)
    {
        if (who.Scope.Paths is null)
        {
            return;
        }

        foreach (var entry in db.ChangeTracker.Entries().Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted).ToList())
        {
            if (entry.Entity is IReviewed record)
            {
                if (entry.State != EntityState.Added && await db.StoredValuesAsync(entry, ct) is { } stored
                    && stored[nameof(IReviewed.ReviewState)] is ReviewStatus state && !Editable(state))
                {
                    throw Refused(entry.Metadata.ClrType, (long)entry.Property("Id").CurrentValue!, state);
                }

                if (entry.State != EntityState.Deleted)
                {
                    record.ReviewState = ReviewStatus.Draft;
                }
            }
            else
            {
                await CheckParentsAsync(db, entry, ct);
            }
        }
    }

    /// <summary>Rows a scoped writer inserts in bulk are drafts.</summary>
    internal static void StampNewRows<T>(WriteContext who, IReadOnlyList<T> rows)
    {
        if (who.Scope.Paths is null || rows is not IReadOnlyList<IReviewed> records)
        {
            return;
        }

        foreach (var record in records)
        {
            record.ReviewState = ReviewStatus.Draft;
        }
    }

    /// <summary>A part of a ledger row without a state of its own (a target, an inspection result) follows its parent's state, before and after the change.</summary>
    private static async Task CheckParentsAsync(CounterpartDbContext db, EntityEntry entry, CancellationToken ct)
    {
        foreach (var fk in entry.Metadata.GetForeignKeys().Where(f => typeof(LedgerRecord).IsAssignableFrom(f.PrincipalEntityType.ClrType)))
        {
            var property = fk.Properties[0].Name;
            var ids = new HashSet<long>();
            if (entry.Property(property).CurrentValue is long current)
            {
                ids.Add(current);
            }

            if (entry.State != EntityState.Added && await db.StoredValuesAsync(entry, ct) is { } stored && stored[property] is long before)
            {
                ids.Add(before);
            }

            foreach (var id in ids)
            {
                var type = fk.PrincipalEntityType.ClrType;
                if (await StateOfAsync(db, type, id, ct) is { } state && !Editable(state))
                {
                    throw Refused(type, id, state);
                }
            }
        }
    }

    /// <summary>A ledger row's review state as stored (a tracked parent being added counts as a draft).</summary>
    private static async Task<ReviewStatus?> StateOfAsync(CounterpartDbContext db, Type type, long id, CancellationToken ct)
    {
        var tracked = db.ChangeTracker.Entries().FirstOrDefault(e => e.Entity.GetType() == type && e.Entity is LedgerRecord r && r.Id == id);
        if (tracked is { State: EntityState.Added })
        {
            return ReviewStatus.Draft;
        }

        var table = db.Model.FindEntityType(type)!.GetTableName();
        var sql = $"SELECT \"{nameof(LedgerRecord.ReviewState)}\" AS \"Value\" FROM \"{table}\" WHERE \"Id\" = {{0}}";
        var states = await db.Database.SqlQueryRaw<string>(sql, id).ToListAsync(ct);
        return states.Count == 0 ? null : Enum.Parse<ReviewStatus>(states[0]);
    }

    private static DomainException Refused(Type type, long id, ReviewStatus state) => new(
        $"{NameOf(type)}（编号 {id.ToString(CultureInfo.InvariantCulture)}）{(state == ReviewStatus.Approved ? "已审核通过" : "已提交审核")}，录入人员不能再修改或删除；"
        + (state == ReviewStatus.Approved ? "如需更正，请联系审核员退回后再改。" : "如需修改，请先撤回提交。"))
    {
        Status = 409,
    };
}
