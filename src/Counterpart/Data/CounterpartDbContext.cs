using System.Reflection;
using Counterpart.Agreements;
using Counterpart.Consumption;
using Counterpart.Donations;
using Counterpart.Evaluation;
using Counterpart.Honors;
using Counterpart.Inspections;
using Counterpart.Investment;
using Counterpart.Labor;
using Counterpart.NeedsOffers;
using Counterpart.Organizations;
using Counterpart.Pairings;
using Counterpart.Projects;
using Counterpart.Talent;
using Counterpart.Trainings;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Counterpart.Data;

/// <summary>
/// The unit of work over every ledger. Ledger rows are read only through <see cref="Rows{T}"/>, which takes a
/// scope, and written only inside <see cref="LedgerWriter"/>: SaveChanges outside it is refused.
/// </summary>
public sealed class CounterpartDbContext(DbContextOptions<CounterpartDbContext> options)
    : IdentityDbContext<Accounts.Account, IdentityRole<long>, long>(options)
{
    internal WriteContext? CurrentWrite { get; set; }

    // The only place Set<T>() is allowed (BannedSymbols.txt): everything else reads through a scope.
#pragma warning disable RS0030

    public DbSet<Organization> Organizations => Set<Organization>();

    /// <summary>The indicator summaries (read-only outside <see cref="Indicators.Facts.FactMaintainer"/>).</summary>
    internal IQueryable<Indicators.Facts.IndicatorFact> Facts => Set<Indicators.Facts.IndicatorFact>().AsNoTracking();

    internal DbSet<Indicators.Facts.IndicatorFactState> FactStates => Set<Indicators.Facts.IndicatorFactState>();

    /// <summary>Accounts, read-only here: they change through Identity's UserManager inside a write.</summary>
    internal IQueryable<Accounts.Account> Accounts => Users.AsNoTracking();

    /// <summary>Personal access tokens (hashes only), tracked: they are revoked by updating them.</summary>
    internal DbSet<Accounts.AccessToken> AccessTokens => Set<Accounts.AccessToken>();

    /// <summary>Year locks set by reviewers (see <see cref="Review.YearLocks"/>).</summary>
    internal DbSet<Review.YearLock> YearLocks => Set<Review.YearLock>();

    /// <summary>The audit trail, read-only: entries are added only by SaveChanges (<see cref="Audit.AuditTrail"/>).</summary>
    internal IQueryable<Audit.AuditRecord> AuditRecords => Set<Audit.AuditRecord>().AsNoTracking();

    /// <summary>Events of the current write waiting to be recorded with its next SaveChanges.</summary>
    internal List<Audit.AuditRecord> PendingAudit { get; } = [];

    /// <summary>Ledger rows visible in <paramref name="scope"/>, untracked.</summary>
    public IQueryable<T> Rows<T>(Scope scope) where T : LedgerRecord =>
        Set<T>().AsNoTracking().InScope(scope, Set<Pairing>());

    /// <summary>
    /// The lists one side keeps for the other to answer — the west's needs, the east's offers — by the navigation to the
    /// unit that keeps the item: the other side of a pairing of that unit reads them too, to match them (ADR 10 addendum).
    /// </summary>
    internal static readonly IReadOnlyDictionary<Type, string> PairedListUnit = new Dictionary<Type, string>
    {
        [typeof(Need)] = nameof(Need.WestOrg),
        [typeof(Offer)] = nameof(Offer.EastOrg),
    };

    /// <summary>Built-in reference tables that carry no owner (checklists).</summary>
    public IQueryable<Checklist> Checklists => Set<Checklist>().AsNoTracking();

    /// <summary>Checklists tracked with their items, for rows that must refer to them inside a write.</summary>
    internal IQueryable<Checklist> TrackedChecklists => Set<Checklist>().Include(c => c.Items);

    /// <summary>The stored owner of a ledger row (tracked rows first, as they will be saved), or null if there is none.</summary>
    internal async Task<long?> OwnerOfAsync(Type ledgerType, long id, CancellationToken ct)
    {
        var tracked = ChangeTracker.Entries().FirstOrDefault(e => e.Entity.GetType() == ledgerType && e.Entity is LedgerRecord r && r.Id == id);
        if (tracked?.Entity is LedgerRecord record)
        {
            return record.OwnerOrgId;
        }

        var query = (IQueryable<LedgerRecord>)typeof(CounterpartDbContext).GetMethod(nameof(Set), Type.EmptyTypes)!.MakeGenericMethod(ledgerType).Invoke(this, null)!;
        return await query.Where(r => r.Id == id).Select(r => (long?)r.OwnerOrgId).FirstOrDefaultAsync(ct);
    }
    /// <summary>A tracked row by type and id, for undoing an import.</summary>
    internal async Task<object?> TrackedAsync(Type type, long id, CancellationToken ct) =>
        await FindAsync(type, [id], ct);
#pragma warning restore RS0030

    /// <summary>Set while SaveChanges runs, so the write guard can tell its statements from raw ones.</summary>
    internal bool Saving { get; private set; }

    /// <summary>Set while migrations run (DDL and the history table).</summary>
    internal bool Migrating { get; private set; }

    /// <summary>Applies the provider's migrations; the only way schema changes run.</summary>
    public async Task MigrateAsync(CancellationToken ct = default)
    {
        // EF takes a migrations lock even when nothing is pending — on SQLite a committed row in __EFMigrationsLock — and
        // a process killed while holding it (a CLI stopped with kill -9 while starting) would leave every later start
        // waiting for it forever. So the lock is taken only when there is something to apply.
        if (!(await Database.GetPendingMigrationsAsync(ct)).Any())
        {
            return;
        }

        Migrating = true;
        try
        {
            await Database.MigrateAsync(ct);
        }
        finally
        {
            Migrating = false;
        }
    }

    /// <summary>The values rows have in the database, read once per save for every check that needs them.</summary>
    private readonly Dictionary<object, Microsoft.EntityFrameworkCore.ChangeTracking.PropertyValues?> storedValues = new(ReferenceEqualityComparer.Instance);

    /// <summary>
    /// A tracked row's values as stored (null when it is gone), read from the database once per save: the scope check,
    /// the year locks and the audit trail all judge a change by what is stored, not by the tracker's original values
    /// (imports attach detached rows whose "original" values are their new ones).
    /// </summary>
    internal async Task<Microsoft.EntityFrameworkCore.ChangeTracking.PropertyValues?> StoredValuesAsync(
        Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry entry, CancellationToken ct)
    {
        if (!storedValues.TryGetValue(entry.Entity, out var values))
        {
            storedValues[entry.Entity] = values = await entry.GetDatabaseValuesAsync(ct);
        }

        return values;
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        SaveChangesAsync(acceptAllChangesOnSuccess).GetAwaiter().GetResult();

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var write = CurrentWrite ?? throw NotInWrite();
        storedValues.Clear();
        try
        {
            await LedgerWriter.CheckScopeAsync(this, write, cancellationToken);
            // A locked year first: it is the broader reason, and its message names who can lift it.
            await Review.YearLocks.CheckTrackedAsync(this, write, cancellationToken);
            await Review.ReviewRules.CheckTrackedAsync(this, write, cancellationToken);
            return await SaveCheckedAsync(write, acceptAllChangesOnSuccess, cancellationToken);
        }
        finally
        {
            storedValues.Clear();
        }
    }

    private async Task<int> SaveCheckedAsync(WriteContext write, bool acceptAllChangesOnSuccess, CancellationToken cancellationToken)
    {
        Saving = true;
        try
        {
            // The audit trail and the indicator summaries change with the rows, in the same transaction.
            var rows = await Audit.AuditTrail.CaptureAsync(this, write, cancellationToken);
            var facts = await Indicators.Facts.FactMaintainer.BeforeSaveAsync(this, cancellationToken);
            var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            if (facts is not null)
            {
                await facts.AfterSaveAsync(cancellationToken);
            }

            var entries = Audit.AuditTrail.Entries(write, rows, PendingAudit);
            PendingAudit.Clear();
            if (entries.Count > 0)
            {
                await Audit.AuditTrail.ChainAsync(this, entries, cancellationToken);
                AddRange(entries);
                await base.SaveChangesAsync(true, cancellationToken);
                foreach (var entry in entries)
                {
                    Entry(entry).State = EntityState.Detached;
                }
            }

            return saved;
        }
        finally
        {
            Saving = false;
        }
    }

    private static InvalidOperationException NotInWrite() =>
        new("Data is changed only through LedgerWriter.WriteAsync, so that every write is scoped and audited in one place.");

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Enums as text: an evaluator reading the database sees "Lifted", not 0.
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(32);
        // Money in 元 with two decimals.
        configurationBuilder.Properties<decimal>().HavePrecision(18, 2);
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        // Identity's tables (AspNetUsers → Accounts, AspNetRoles, AspNetUserRoles …) keep its own names and rules.
        base.OnModelCreating(builder);
        builder.Entity<Accounts.Account>().ToTable("Accounts");
        builder.ApplyConfigurationsFromAssembly(Assembly.GetExecutingAssembly());

        foreach (var type in LedgerTypes)
        {
            builder.Entity(type).HasOne(typeof(Organization), nameof(LedgerRecord.Owner))
                .WithMany().HasForeignKey(nameof(LedgerRecord.OwnerOrgId)).OnDelete(DeleteBehavior.Restrict);
        }

        foreach (var entity in builder.Model.GetEntityTypes().Where(e => !e.IsOwned() && !IsIdentity(e.ClrType)))
        {
            entity.SetTableName(Plural(entity.ClrType.Name));
        }

        foreach (var fk in builder.Model.GetEntityTypes().SelectMany(e => e.GetForeignKeys()))
        {
            if (!fk.IsOwnership && fk.DeleteBehavior == DeleteBehavior.Cascade && !IsChildCollection(fk.DeclaringEntityType.ClrType)
                && !IsIdentity(fk.DeclaringEntityType.ClrType))
            {
                fk.DeleteBehavior = DeleteBehavior.Restrict;
            }
        }
    }

    /// <summary>Every kind of ledger row, for the writer, the model and the tests that walk them all.</summary>
    public static IReadOnlyList<Type> LedgerTypes { get; } =
    [
        typeof(Pairing), typeof(Agreement), typeof(Project), typeof(GuidedInvestment), typeof(Product), typeof(Sale),
        typeof(Person), typeof(Employment), typeof(TalentPerson), typeof(TalentAssignment), typeof(TrainingSession),
        typeof(Donation), typeof(Honor), typeof(CaseStory), typeof(Need), typeof(Offer), typeof(Inspection),
        typeof(EvaluationRound), typeof(Finding), typeof(RectificationTask), typeof(Ledgers.ImportBatch), typeof(Attachments.Attachment),
        typeof(Reconciliation.FlowStatement), typeof(Reconciliation.ReconciliationNote),
    ];

    private static bool IsIdentity(Type t) => t == typeof(Accounts.Account) || t.Namespace == typeof(IdentityRole).Namespace;

    private static string Plural(string name) =>
        name.EndsWith("ey", StringComparison.Ordinal) ? name + "s"
        : name.EndsWith('y') ? name[..^1] + "ies" : name.EndsWith('s') ? name + "es" : name + "s";

    // Rows that only exist as parts of their parent (fund movements, targets, checklist items) go with it.
    private static bool IsChildCollection(Type t) =>
        t == typeof(ProjectFund) || t == typeof(ProjectOutcome) || t == typeof(InvestmentInflow) || t == typeof(AgreementTarget)
        || t == typeof(ChecklistItem) || t == typeof(InspectionResult) || t == typeof(Ledgers.ImportChange);
}
