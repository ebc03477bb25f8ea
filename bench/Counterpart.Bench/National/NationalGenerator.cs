using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using Counterpart.Agreements;
using Counterpart.Audit;
using Counterpart.Consumption;
using Counterpart.Data;
using Counterpart.Donations;
using Counterpart.Evaluation;
using Counterpart.Indicators;
using Counterpart.Indicators.Facts;
using Counterpart.Inspections;
using Counterpart.Investment;
using Counterpart.Labor;
using Counterpart.Organizations;
using Counterpart.Pairings;
using Counterpart.People;
using Counterpart.Projects;
using Counterpart.ReferenceData;
using Counterpart.Talent;
using Counterpart.Trainings;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Counterpart.Bench.National;

/// <summary>What to generate and where.</summary>
/// <param name="KeyFile">The personal-data key file (created if missing), as the application's Counterpart:KeyFile.</param>
internal sealed record NationalOptions(double Scale, int Seed, DatabaseSettings Database, string KeyFile)
{
    public const int DefaultSeed = 20260101;

    /// <summary>Recompute every fact from every row at the end (FactMaintainer.VerifyAsync, as `summary --verify`); for small scales.</summary>
    public bool VerifyAll { get; init; }

    /// <summary>The date ongoing jobs are judged against in the figures checked at the end (the tests' date).</summary>
    public static readonly DateTimeOffset AsOf = new(2026, 11, 30, 9, 0, 0, TimeSpan.FromHours(8));
}

/// <summary>A phase of the generation and how long it took.</summary>
internal sealed record Phase(string Name, double Seconds, long Rows);

internal sealed record GenerationReport(IReadOnlyList<Phase> Phases, IReadOnlyDictionary<string, long> Rows, IReadOnlyList<string> Checks)
{
    public double Seconds => Phases.Sum(p => p.Seconds);
}

/// <summary>
/// The national dataset generator: an empty database (migrated here) receives the national organization tree, then each
/// county's ledgers in one <see cref="LedgerWriter"/> write per county through the application's own bulk path
/// (<see cref="BulkInserter{T}"/>: prepared statements on SQLite, binary COPY on PostgreSQL), which keeps the indicator
/// facts in step in the same transaction exactly as an import does (ADR 8) — so no rebuild is needed, and the end of the
/// run checks that the facts equal a recomputation from the rows (the logic of <c>summary --verify</c>) on a sample of
/// counties. Counties are built and their ID and phone numbers encrypted on a second thread (parallel across cores)
/// while the previous county is written. Secondary indexes of the largest tables are dropped for the load and created
/// again, with their definitions as the migrations made them, at the end.
/// </summary>
internal static class NationalGenerator
{
    /// <summary>Tables whose secondary indexes are built after the load; none of them is read while loading.</summary>
    private static readonly string[] DeferredIndexTables = ["Persons", "Employments", "Sales", "Donations", "TrainingSessions", "Projects"];

    public static ServiceProvider Services(DatabaseSettings database, string keyFile)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Counterpart"] = database.ConnectionString,
            ["Counterpart:Database:Provider"] = database.Provider.ToString(),
            ["Counterpart:KeyFile"] = keyFile,
            ["Counterpart:DataDirectory"] = Path.GetDirectoryName(Path.GetFullPath(keyFile)),
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddCounterpart(configuration);
        return services.BuildServiceProvider();
    }

    public static async Task<GenerationReport> RunAsync(NationalOptions options, TextWriter log, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        var phases = new List<Phase>();
        var clock = Stopwatch.StartNew();
        await using var services = Services(options.Database, options.KeyFile);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CounterpartDbContext>();
        var protector = scope.ServiceProvider.GetRequiredService<PersonalDataProtector>();
        await db.Database.OpenConnectionAsync(ct);
        await db.MigrateAsync(ct);
        await services.CheckPersonalDataKeyAsync(ct);
        await BuiltInChecklists.EnsureAsync(db, ct);
        var rules = scope.ServiceProvider.GetRequiredService<CountingRules>();
        await FactMaintainer.EnsureBuiltAsync(db, rules, ct);
        if (await db.Organizations.AnyAsync(ct))
        {
            throw new InvalidOperationException("The national dataset is generated into an empty database only (this one has organizations).");
        }

        phases.Add(Done("migrate", clock, 0));
        var volumes = new NationalVolumes(options.Scale);
        var geography = new NationalGeography(options.Seed, volumes.Counties, volumes.CountyFactor);
        await InsertOrganizationsAsync(db, geography, options, volumes, ct);
        phases.Add(Done("organizations", clock, geography.All.Count));
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{geography.All.Count:N0} organizations, {volumes.Counties} counties, {geography.Districts.Count} districts ({clock.Elapsed.TotalSeconds:F1} s)"));

        var deferred = await DeferredIndexes.DropAsync(db, DeferredIndexTables, ct);
        var rows = await WriteCountiesAsync(db, protector, geography, volumes, options.Seed, log, ct);
        phases.Add(Done("ledgers", clock, rows.Values.Sum()));

        await DeferredIndexes.CreateAsync(db, deferred, ct);
        phases.Add(Done("indexes", clock, deferred.Count));
        if (db.Database.IsNpgsql())
        {
            // What autovacuum does after a load, done now so that the planner sees the data (and index-only scans work).
            await DeferredIndexes.ExecuteAsync(db, "VACUUM ANALYZE", ct);
            phases.Add(Done("vacuum analyze", clock, 0));
        }

        var checks = await VerifySampleAsync(db, geography, rules, options.VerifyAll, ct);
        phases.Add(Done("verify", clock, 0));
        foreach (var check in checks)
        {
            log.WriteLine(check);
        }

        return new GenerationReport(phases, rows, checks);
    }

    private static Phase Done(string name, Stopwatch clock, long rows)
    {
        var phase = new Phase(name, clock.Elapsed.TotalSeconds, rows);
        clock.Restart();
        return phase;
    }

    private static WriteContext Generator => WriteContext.System("national-generator") with { AuditEachRow = false };

    /// <summary>The tree through the tracked path (ids first, then the materialized paths), and the district–county pairings with their units' pairings.</summary>
    private static async Task InsertOrganizationsAsync(CounterpartDbContext db, NationalGeography geography, NationalOptions options, NationalVolumes volumes, CancellationToken ct)
    {
        var autoDetect = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            await new LedgerWriter(db).WriteAsync(Generator, async (d, c) =>
            {
                d.AddRange(geography.All);
                d.ChangeTracker.DetectChanges();
                await d.SaveChangesAsync(c);
                foreach (var org in geography.All)
                {
                    OrganizationTree.AssignPath(org, org.Parent);
                }

                d.ChangeTracker.DetectChanges();
                AuditTrail.Add(d, AuditAction.Seeded, detail: string.Create(CultureInfo.InvariantCulture,
                    $"生成全国规模测试数据（scale {options.Scale}, seed {options.Seed}）：{geography.All.Count} 个组织，{volumes.Counties} 个县"));
            }, ct);
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = autoDetect;
            db.ChangeTracker.Clear();
        }
    }

    private static async Task<Dictionary<string, long>> WriteCountiesAsync(CounterpartDbContext db, PersonalDataProtector protector, NationalGeography geography,
        NationalVolumes volumes, int seed, TextWriter log, CancellationToken ct)
    {
        var channel = Channel.CreateBounded<CountyRows>(new BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true });
        var producer = Task.Run(async () =>
        {
            try
            {
                foreach (var plan in geography.Counties)
                {
                    var rows = CountyRows.Build(plan, volumes, seed);
                    rows.Protect(protector);
                    await channel.Writer.WriteAsync(rows, ct);
                }

                channel.Writer.Complete();
            }
            catch (Exception e)
            {
                channel.Writer.Complete(e);
            }
        }, ct);

        var inserters = new Inserters(db);
        var counts = new Dictionary<string, long>();
        var clock = Stopwatch.StartNew();
        var written = 0;
        await foreach (var rows in channel.Reader.ReadAllAsync(ct))
        {
            var records = PairingRecords.Build(rows, seed);
            await new LedgerWriter(db).WriteAsync(Generator, async (d, c) =>
            {
                await inserters.WriteAsync(rows, c);
                d.AddRange(records.All);
            }, ct);
            db.ChangeTracker.Clear();
            Count(counts, rows, records);
            written++;
            if (written % Math.Max(1, geography.Counties.Count / 20) == 0 || written == geography.Counties.Count)
            {
                log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {written}/{geography.Counties.Count} counties, {counts.Values.Sum():N0} rows, {clock.Elapsed.TotalSeconds:F0} s"));
            }
        }

        await producer;
        return counts;
    }

    private static void Count(Dictionary<string, long> counts, CountyRows rows, PairingRecords records)
    {
        void Add(string name, long n) => counts[name] = counts.GetValueOrDefault(name) + n;
        Add("Persons", rows.Persons.Count);
        Add("Employments", rows.Jobs.Count);
        Add("Projects", rows.Projects.Count);
        Add("ProjectFunds", rows.Funds.Count);
        Add("Sales", rows.Sales.Count);
        Add("Donations", rows.Donations.Count);
        Add("TrainingSessions", rows.Trainings.Count);
        Add("TrainingAttendances", rows.Trainings.Sum(t => (long)t.Attendance));
        Add("TalentPersons", rows.TalentPersons.Count);
        Add("TalentAssignments", rows.Assignments.Count);
        Add("GuidedInvestments", rows.Investments.Count);
        Add("InvestmentInflows", rows.Inflows.Count);
        Add("Pairings", records.Pairings);
        Add("Agreements", records.Agreements);
        Add("AgreementTargets", records.Targets);
        Add("EvaluationRounds", records.Rounds);
        Add("Findings", records.Findings);
    }

    /// <summary>
    /// The application's own verification on a sample: for three counties (first, middle, last) the facts recomputed from
    /// their rows by the fact sources (what <c>summary --verify</c> does for every row) equal the stored facts of their
    /// owners, and every figure of the county's pairing and of the county computed from the facts equals the same figure
    /// computed from the rows (IndicatorSource.Rows). Throws on a difference.
    /// </summary>
    internal static async Task<List<string>> VerifySampleAsync(CounterpartDbContext db, NationalGeography geography, CountingRules rules, bool all, CancellationToken ct)
    {
        var checks = new List<string>();
        var sample = new[] { geography.Counties[0], geography.Counties[geography.Counties.Count / 2], geography.Counties[^1] }.Distinct().ToList();
        var stored = await FactMaintainer.StoredRulesAsync(db, ct) ?? throw new InvalidOperationException("The indicator facts were never built.");
        foreach (var plan in sample)
        {
            var owners = new[] { plan.County.Id, plan.District.District.Id };
            var differences = await FactSample.CompareAsync(db, owners, stored, ct);
            if (differences.Count > 0)
            {
                throw new InvalidOperationException($"Facts of {plan.County.Code} differ from the rows: {string.Join("; ", differences.Take(5))}");
            }

            var service = new IndicatorService(db, rules, new StoppedClock(NationalOptions.AsOf));
            foreach (var selection in new[] { Selection.ForPairing(plan.District.District, plan.County), Selection.ForOrganization(plan.County) })
            {
                var facts = await service.ComputeAsync(selection, "", 2021, 2025, Scope.Everything, IndicatorSource.Auto, ct);
                var fromRows = await service.ComputeAsync(selection, "", 2021, 2025, Scope.Everything, IndicatorSource.Rows, ct);
                var mismatch = FigureComparison.Differences(facts, fromRows);
                if (!facts.UsedFacts || mismatch.Count > 0)
                {
                    throw new InvalidOperationException($"Figures of {selection.Label} from facts differ from rows: {string.Join("; ", mismatch.Take(5))}");
                }
            }

            checks.Add(string.Create(CultureInfo.InvariantCulture,
                $"verified {plan.County.Code} {plan.County.Name}: facts of its owners = recomputation from rows; {IndicatorCatalog.All.Count} figures of the pairing and the county, facts = rows"));
        }

        if (all)
        {
            var differences = await FactMaintainer.VerifyAsync(db, ct);
            if (differences.Count > 0)
            {
                throw new InvalidOperationException($"summary --verify: {string.Join("; ", differences.Take(5))}");
            }

            checks.Add("verified every fact against every row (summary --verify): no difference");
        }

        return checks;
    }

    /// <summary>One bulk inserter per ledger type (their column getters are compiled once).</summary>
    private sealed class Inserters(CounterpartDbContext db)
    {
        private const int Chunk = 5000;
        private readonly BulkInserter<Person> persons = new(db);
        private readonly BulkInserter<Employment> jobs = new(db);
        private readonly BulkInserter<Project> projects = new(db);
        private readonly BulkInserter<ProjectFund> funds = new(db);
        private readonly BulkInserter<Sale> sales = new(db);
        private readonly BulkInserter<Donation> donations = new(db);
        private readonly BulkInserter<TrainingSession> trainings = new(db);
        private readonly BulkInserter<TalentPerson> talent = new(db);
        private readonly BulkInserter<TalentAssignment> assignments = new(db);
        private readonly BulkInserter<GuidedInvestment> investments = new(db);
        private readonly BulkInserter<InvestmentInflow> inflows = new(db);

        public async Task WriteAsync(CountyRows rows, CancellationToken ct)
        {
            await InsertAsync(persons, rows.Persons, ct);
            foreach (var (job, p) in rows.Jobs)
            {
                job.PersonId = rows.Persons[p].Id;
            }

            await InsertAsync(jobs, rows.Jobs.Select(j => j.Job).ToList(), ct);
            await InsertAsync(projects, rows.Projects, ct);
            foreach (var (fund, p) in rows.Funds)
            {
                fund.ProjectId = rows.Projects[p].Id;
            }

            await InsertAsync(funds, rows.Funds.Select(f => f.Fund).ToList(), ct);
            await InsertAsync(sales, rows.Sales, ct);
            await InsertAsync(donations, rows.Donations, ct);
            await InsertAsync(trainings, rows.Trainings, ct);
            await InsertAsync(talent, rows.TalentPersons, ct);
            foreach (var (assignment, p) in rows.Assignments)
            {
                assignment.PersonId = rows.TalentPersons[p].Id;
            }

            await InsertAsync(assignments, rows.Assignments.Select(a => a.Assignment).ToList(), ct);
            await InsertAsync(investments, rows.Investments, ct);
            foreach (var (inflow, i) in rows.Inflows)
            {
                inflow.InvestmentId = rows.Investments[i].Id;
            }

            await InsertAsync(inflows, rows.Inflows.Select(f => f.Inflow).ToList(), ct);
        }

        private static async Task InsertAsync<T>(BulkInserter<T> inserter, List<T> rows, CancellationToken ct) where T : class
        {
            for (var i = 0; i < rows.Count; i += Chunk)
            {
                await inserter.InsertAsync(rows.GetRange(i, Math.Min(Chunk, rows.Count - i)), ct);
            }
        }
    }
}

/// <summary>A clock stopped at one instant (figures judge ongoing jobs against it).</summary>
internal sealed class StoppedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now.ToUniversalTime();
}
