using Counterpart.Consumption;
using Counterpart.Data;
using Counterpart.Donations;
using Counterpart.Labor;
using Counterpart.Projects;
using Counterpart.Trainings;
using Microsoft.EntityFrameworkCore;

namespace Counterpart.Indicators.Facts;

/// <summary>The dimensions of one fact row; its unique key.</summary>
internal readonly record struct FactKey(
    FactKind Kind, long OwnerOrgId, long EastOrgId, long WestOrgId, int Year, bool Approved, int Category = 0, int Variant = 0, long RefId = 0, long SubjectId = 0, DateOnly Since = default);

/// <summary>Facts being summed up: key → (rows, value).</summary>
internal sealed class FactSet
{
    public Dictionary<FactKey, (long Count, long Value)> Cells { get; } = [];

    public void Add(FactKey key, long count, long value, int sign)
    {
        Cells.TryGetValue(key, out var cell);
        Cells[key] = (cell.Count + (sign * count), cell.Value + (sign * value));
    }

    /// <summary>Amounts are kept in 分 (fen), which add up exactly in SQL on both databases.</summary>
    public static long Fen(decimal yuan) => checked((long)decimal.Round(yuan * 100m, MidpointRounding.AwayFromZero));
}

/// <summary>
/// One ledger's contribution to the facts. Facts are a function of "roots" (a project with its funds, a person with
/// their jobs, a sale …): when a write touches a row, the facts of its root are taken away as they were before and added
/// as they are after, in the same transaction. <see cref="RootColumns"/> says, for each entity type that matters, which
/// of its properties holds the root's id.
/// </summary>
internal abstract class FactSource
{
    public static IReadOnlyList<FactSource> All { get; } =
        [new ProjectFacts(), new SaleFacts(), new DonationFacts(), new TrainingFacts(), new JobFacts()];

    public abstract IReadOnlyDictionary<Type, string> RootColumns { get; }

    /// <summary>False when a root contributes only through rows that refer to it (a new person has no jobs yet).</summary>
    public virtual bool NewRootsContribute => true;

    /// <summary>
    /// For a source whose facts add up row by row: adds the contribution of new rows being inserted in bulk straight from
    /// the rows — aggregated in the import's pipeline instead of reading the roots back. False when the source cannot
    /// (then the roots are read before and after the insert).
    /// </summary>
    public virtual Task<bool> ContributeNewRowsAsync<T>(CounterpartDbContext db, IReadOnlyList<T> rows, FactRules rules, FactSet into, CancellationToken ct) =>
        Task.FromResult(false);

    /// <summary>Every root that can contribute, for a rebuild.</summary>
    public abstract IQueryable<long> AllRoots(CounterpartDbContext db);

    /// <summary>Adds (sign 1) or takes away (sign −1) the facts of the roots as the database holds them now.</summary>
    public abstract Task ContributeAsync(CounterpartDbContext db, IReadOnlyCollection<long> roots, FactRules rules, FactSet into, int sign, CancellationToken ct);
}

/// <summary>The part of the counting rules that facts depend on (recorded in <see cref="IndicatorFactState"/>).</summary>
internal sealed record FactRules(int StableEmploymentMonths);

internal sealed class ProjectFacts : FactSource
{
    public override IReadOnlyDictionary<Type, string> RootColumns { get; } = new Dictionary<Type, string>
    {
        [typeof(Project)] = nameof(Project.Id),
        [typeof(ProjectFund)] = nameof(ProjectFund.ProjectId),
    };

    public override IQueryable<long> AllRoots(CounterpartDbContext db) => db.Rows<Project>(Scope.Everything).Select(p => p.Id);

    public override async Task ContributeAsync(CounterpartDbContext db, IReadOnlyCollection<long> roots, FactRules rules, FactSet into, int sign, CancellationToken ct)
    {
        var projects = await db.Rows<Project>(Scope.Everything).Where(p => EF.Parameter(roots).Contains(p.Id))
            .Select(p => new { p.Id, p.OwnerOrgId, p.EastOrgId, p.WestOrgId, p.Category, p.Status, p.ApprovedOn, Approved = p.ReviewState == ReviewStatus.Approved })
            .ToDictionaryAsync(p => p.Id, ct);
        var funds = await db.Rows<Project>(Scope.Everything).Where(p => EF.Parameter(roots).Contains(p.Id)).SelectMany(p => p.Funds)
            .Where(f => f.Source == FundSource.Cooperation)
            .Select(f => new { f.ProjectId, f.Stage, f.Date, f.Amount, Approved = f.ReviewState == ReviewStatus.Approved })
            .ToListAsync(ct);
        foreach (var f in funds.Where(f => f.Stage == FundStage.Disbursement))
        {
            var p = projects[f.ProjectId];
            into.Add(new FactKey(FactKind.FundsDisbursed, p.OwnerOrgId, p.EastOrgId ?? 0, p.WestOrgId, f.Date.Year, p.Approved && f.Approved, (int)p.Category), 1, FactSet.Fen(f.Amount), sign);
        }

        // Counted when it has cooperation funds; in approved-only figures when the project and one of those movements are approved.
        var funded = funds.Select(f => f.ProjectId).ToHashSet();
        var fundedApproved = funds.Where(f => f.Approved).Select(f => f.ProjectId).ToHashSet();
        foreach (var p in projects.Values.Where(p => p.Status != ProjectStatus.Reserve && p.ApprovedOn is not null && funded.Contains(p.Id)))
        {
            var approved = p.Approved && fundedApproved.Contains(p.Id);
            into.Add(new FactKey(FactKind.ProjectsFunded, p.OwnerOrgId, p.EastOrgId ?? 0, p.WestOrgId, p.ApprovedOn!.Value.Year, approved), 1, 0, sign);
        }
    }
}

internal sealed class SaleFacts : FactSource
{
    public override IReadOnlyDictionary<Type, string> RootColumns { get; } = new Dictionary<Type, string> { [typeof(Sale)] = nameof(Sale.Id) };

    public override IQueryable<long> AllRoots(CounterpartDbContext db) => db.Rows<Sale>(Scope.Everything).Select(s => s.Id);

    public override async Task ContributeAsync(CounterpartDbContext db, IReadOnlyCollection<long> roots, FactRules rules, FactSet into, int sign, CancellationToken ct)
    {
        var sales = await db.Rows<Sale>(Scope.Everything).Where(s => EF.Parameter(roots).Contains(s.Id) && s.CountsForEast)
            .Select(s => new { s.OwnerOrgId, s.EastOrgId, s.WestOrgId, s.Date, s.Amount, Approved = s.ReviewState == ReviewStatus.Approved }).ToListAsync(ct);
        foreach (var s in sales)
        {
            into.Add(new FactKey(FactKind.Sales, s.OwnerOrgId, s.EastOrgId ?? 0, s.WestOrgId, s.Date.Year, s.Approved), 1, FactSet.Fen(s.Amount), sign);
        }
    }
}

internal sealed class DonationFacts : FactSource
{
    public override IReadOnlyDictionary<Type, string> RootColumns { get; } = new Dictionary<Type, string> { [typeof(Donation)] = nameof(Donation.Id) };

    public override IQueryable<long> AllRoots(CounterpartDbContext db) => db.Rows<Donation>(Scope.Everything).Select(d => d.Id);

    public override async Task ContributeAsync(CounterpartDbContext db, IReadOnlyCollection<long> roots, FactRules rules, FactSet into, int sign, CancellationToken ct)
    {
        var donations = await db.Rows<Donation>(Scope.Everything).Where(d => EF.Parameter(roots).Contains(d.Id))
            .Select(d => new { d.OwnerOrgId, d.EastOrgId, d.WestOrgId, d.Date, d.Amount, Approved = d.ReviewState == ReviewStatus.Approved }).ToListAsync(ct);
        foreach (var d in donations)
        {
            into.Add(new FactKey(FactKind.Donations, d.OwnerOrgId, d.EastOrgId ?? 0, d.WestOrgId, d.Date.Year, d.Approved), 1, FactSet.Fen(d.Amount), sign);
        }
    }
}

internal sealed class TrainingFacts : FactSource
{
    public override IReadOnlyDictionary<Type, string> RootColumns { get; } =
        new Dictionary<Type, string> { [typeof(TrainingSession)] = nameof(TrainingSession.Id) };

    public override IQueryable<long> AllRoots(CounterpartDbContext db) => db.Rows<TrainingSession>(Scope.Everything).Select(t => t.Id);

    public override async Task ContributeAsync(CounterpartDbContext db, IReadOnlyCollection<long> roots, FactRules rules, FactSet into, int sign, CancellationToken ct)
    {
        var sessions = await db.Rows<TrainingSession>(Scope.Everything).Where(t => EF.Parameter(roots).Contains(t.Id))
            .Select(t => new { t.OwnerOrgId, t.EastOrgId, t.WestOrgId, t.StartDate, t.Domain, t.MarketOriented, t.Attendance, Approved = t.ReviewState == ReviewStatus.Approved }).ToListAsync(ct);
        foreach (var t in sessions)
        {
            var key = new FactKey(FactKind.Trainings, t.OwnerOrgId, t.EastOrgId ?? 0, t.WestOrgId, t.StartDate.Year, t.Approved, (int)t.Domain, t.MarketOriented ? 1 : 0);
            into.Add(key, 1, t.Attendance, sign);
        }
    }
}

internal sealed class JobFacts : FactSource
{
    public override IReadOnlyDictionary<Type, string> RootColumns { get; } = new Dictionary<Type, string>
    {
        [typeof(Person)] = nameof(Person.Id),
        [typeof(Employment)] = nameof(Employment.PersonId),
    };

    public override bool NewRootsContribute => false;

    /// <summary>A job's facts depend only on the job and its person's household type as stored (read for the persons named).</summary>
    public override async Task<bool> ContributeNewRowsAsync<T>(CounterpartDbContext db, IReadOnlyList<T> rows, FactRules rules, FactSet into, CancellationToken ct)
    {
        if (rows is not IReadOnlyList<Employment> jobs)
        {
            return false;
        }

        var personIds = jobs.Select(j => j.PersonId).Distinct().ToArray();
        var households = await db.Rows<Person>(Scope.Everything).Where(p => EF.Parameter(personIds).Contains(p.Id))
            .Select(p => new { p.Id, p.HouseholdType }).ToDictionaryAsync(p => p.Id, p => p.HouseholdType, ct);
        foreach (var j in jobs)
        {
            Add(into, j.PersonId, j.OwnerOrgId, j.EastOrgId, j.WestOrgId, j.ReviewState == ReviewStatus.Approved, j.Destination, j.EmployerOrgId, j.StartDate, j.EndDate, households[j.PersonId], rules, 1);
        }

        return true;
    }

    private static void Add(FactSet into, long personId, long owner, long? east, long west, bool approved, EmploymentDestination destination, long? employer,
        DateOnly start, DateOnly? end, HouseholdType household, FactRules rules, int sign)
    {
        if (LaborIndicators.StableFrom(start, end, rules.StableEmploymentMonths) is { } since)
        {
            var key = new FactKey(FactKind.Jobs, owner, east ?? 0, west, start.Year, approved, (int)destination, (int)household, employer ?? 0, personId, since);
            into.Add(key, 1, 0, sign);
        }
    }

    public override IQueryable<long> AllRoots(CounterpartDbContext db) => db.Rows<Employment>(Scope.Everything).Select(e => e.PersonId).Distinct();

    public override async Task ContributeAsync(CounterpartDbContext db, IReadOnlyCollection<long> roots, FactRules rules, FactSet into, int sign, CancellationToken ct)
    {
        var jobs = await db.Rows<Employment>(Scope.Everything).Where(e => EF.Parameter(roots).Contains(e.PersonId))
            .Select(e => new { e.PersonId, e.OwnerOrgId, e.EastOrgId, e.WestOrgId, Approved = e.ReviewState == ReviewStatus.Approved, e.Destination, e.EmployerOrgId, e.StartDate, e.EndDate, e.Person!.HouseholdType })
            .ToListAsync(ct);
        foreach (var j in jobs)
        {
            Add(into, j.PersonId, j.OwnerOrgId, j.EastOrgId, j.WestOrgId, j.Approved, j.Destination, j.EmployerOrgId, j.StartDate, j.EndDate, j.HouseholdType, rules, sign);
        }
    }
}
