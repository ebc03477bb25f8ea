using System.Text;
using Counterpart.Consumption;
using Counterpart.Data;
using Counterpart.Indicators;
using Counterpart.Indicators.Facts;
using Counterpart.Ledgers;
using Counterpart.Organizations;
using Counterpart.People;
using Counterpart.Projects;
using Counterpart.Tests.Infrastructure;
using Counterpart.Tests.Ledgers;
using Counterpart.Trainings;
using Microsoft.EntityFrameworkCore;

namespace Counterpart.Tests.Indicators;

/// <summary>
/// The indicator summaries (facts) are kept in the transaction of every write — tracked saves, bulk imports, undo — and
/// always give the figures computed from the ledger rows: on the reference data, after imports, edits and undo, and
/// after the counting rules change.
/// </summary>
public sealed class IndicatorFactsTests(ReferenceDatabases databases)
{
    public static TheoryData<DatabaseProvider> Providers => Checkout.BothProviders;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ReferenceData_SummarisedWhileLoading_EqualsRecomputationForEverySelection(DatabaseProvider provider)
    {
        var db = await databases.GetAsync(provider);
        await using var ctx = db.NewContext();

        // Loaded through the tracked write path, fact by fact: identical to a recomputation from every row.
        Assert.Empty(await FactMaintainer.VerifyAsync(ctx, Ct));
        Assert.True(await ctx.Facts.CountAsync(f => f.Kind == FactKind.Jobs, Ct) > 20_000);

        var huangpu = await OrganizationTree.ResolveAsync(ctx, "440112", Ct);
        var dushan = await OrganizationTree.ResolveAsync(ctx, "522726", Ct);
        var town = await ctx.Organizations.AsNoTracking().Where(o => o.Kind == OrgKind.Town && o.Path.StartsWith(dushan.Path)).OrderBy(o => o.Id).FirstAsync(Ct);
        var summary = await AssertSameFiguresAsync(ctx, Selection.ForPairing(huangpu, dushan), 2021, 2025, Scope.Everything);
        Assert.Equal(22_033m, summary["labor_transferred"]);
        Assert.Equal(20_512.3m, summary["fiscal_aid"]);

        foreach (var code in new[] { "522726", "440112", "520000", "440000", town.Code })
        {
            var org = await OrganizationTree.ResolveAsync(ctx, code, Ct);
            await AssertSameFiguresAsync(ctx, Selection.ForOrganization(org), 2021, 2025, Scope.Everything);
        }

        await AssertSameFiguresAsync(ctx, Selection.ForPairing(huangpu, dushan), 2023, 2023, Scope.Everything);
        await AssertSameFiguresAsync(ctx, Selection.ForPairing(huangpu, dushan), 2018, 2026, Scope.Everything);
        await AssertSameFiguresAsync(ctx, Selection.ForPairing(huangpu, dushan), 2021, 2025, Scope.Of(town));
        await AssertSameFiguresAsync(ctx, Selection.ForOrganization(dushan), 2021, 2025, Scope.Of(huangpu));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task LaborImport_BulkThenUpdatedThenUndone_SummariesFollowInTheSameTransaction(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var ctx = db.NewContext();
        var t = await TestTree.CreateAsync(ctx);
        ctx.ChangeTracker.Clear();
        var importer = new LedgerImporter(ctx, ReferenceDatabases.Protector, new FixedClock(Services.Today));
        var pairing = Selection.ForPairing(t.Huangpu, t.Dushan);

        // 6,000 persons: two chunks of bulk inserts; some jobs too short to be stable, some persons with two jobs.
        var file = LaborFile(6_000, household: "一般农户");
        var first = await ImportAsync(importer, file);
        Assert.Equal(ImportStatus.Committed, first.Status);
        Assert.Empty(await FactMaintainer.VerifyAsync(ctx, Ct));
        var imported = await AssertSameFiguresAsync(ctx, pairing, 2021, 2025, Scope.Everything);
        Assert.Equal(5_000m, imported["labor_transferred"]);
        Assert.Equal(0m, imported["labor_transferred_lifted"]);

        // A failed import (last row bad) leaves nothing behind, facts included.
        var failed = await ImportAsync(importer, LaborFile(6_000, household: "脱贫户") + "坏行,1,,,,,,,,,,,,,,\n");
        Assert.Equal(ImportStatus.Rejected, failed.Status);
        Assert.Empty(await FactMaintainer.VerifyAsync(ctx, Ct));

        // The same persons now 脱贫户: tracked updates of persons move their jobs to another household.
        var updated = await ImportAsync(importer, LaborFile(6_000, household: "脱贫户"));
        Assert.Equal(ImportStatus.Committed, updated.Status);
        Assert.Empty(await FactMaintainer.VerifyAsync(ctx, Ct));
        Assert.Equal(5_000m, (await AssertSameFiguresAsync(ctx, pairing, 2021, 2025, Scope.Everything))["labor_transferred_lifted"]);

        await importer.UndoAsync(updated.BatchId!.Value, "测试员", Ct);
        Assert.Empty(await FactMaintainer.VerifyAsync(ctx, Ct));
        Assert.Equal(0m, (await AssertSameFiguresAsync(ctx, pairing, 2021, 2025, Scope.Everything))["labor_transferred_lifted"]);

        await importer.UndoAsync(first.BatchId!.Value, "测试员", Ct);
        Assert.Empty(await FactMaintainer.VerifyAsync(ctx, Ct));
        Assert.Equal(0, await ctx.Facts.CountAsync(Ct));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task SummaryCache_ReusedAtTheSameDataVersion_FreshAfterAnImportAndItsUndo(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var ctx = db.NewContext();
        var t = await TestTree.CreateAsync(ctx);
        ctx.ChangeTracker.Clear();
        var importer = new LedgerImporter(ctx, ReferenceDatabases.Protector, new FixedClock(Services.Today));
        Assert.Equal(ImportStatus.Committed, (await ImportAsync(importer, LaborFile(60, household: "一般农户"))).Status);
        using var cache = new SummaryCache();
        var service = new IndicatorService(ctx, CountingRules.Default, new FixedClock(Services.Today), cache);
        var pairing = Selection.ForPairing(t.Huangpu, t.Dushan);
        Task<Summary> For(IndicatorService s, int from, int to, Scope scope, bool approvedOnly = false) =>
            s.ComputeAsync(pairing, "黄埔区 → 独山县", from, to, scope, IndicatorSource.Auto, approvedOnly, Ct);

        var first = await For(service, 2021, 2025, Scope.Everything);
        Assert.Equal(50m, first["labor_transferred"]);
        Assert.Same(first, await For(service, 2021, 2025, Scope.Everything));
        // Another period, scope, coverage or counting rule is another summary.
        Assert.NotSame(first, await For(service, 2023, 2023, Scope.Everything));
        Assert.NotSame(first, await For(service, 2021, 2025, Scope.Of(t.Dushan)));
        Assert.NotSame(first, await For(service, 2021, 2025, Scope.Everything, approvedOnly: true));
        var strict = new IndicatorService(ctx, CountingRules.Default with { CountPublicWelfarePosts = false }, new FixedClock(Services.Today), cache);
        Assert.NotSame(first, await For(strict, 2021, 2025, Scope.Everything));

        // An import is a write: the very next summary is computed again and shows it; so does its undo.
        var more = await ImportAsync(importer, LaborFile(120, household: "脱贫户"));
        Assert.Equal(ImportStatus.Committed, more.Status);
        var after = await For(service, 2021, 2025, Scope.Everything);
        Assert.Equal(100m, after["labor_transferred"]);
        Assert.Equal(100m, after["labor_transferred_lifted"]);
        await importer.UndoAsync(more.BatchId!.Value, "测试员", Ct);
        var undone = await For(service, 2021, 2025, Scope.Everything);
        Assert.Equal(50m, undone["labor_transferred"]);
        Assert.Equal(0m, undone["labor_transferred_lifted"]);

        // Inside a transaction nothing is cached: its uncommitted writes may still roll back.
        await using (var transaction = await ctx.Database.BeginTransactionAsync(Ct))
        {
            var inside = await For(service, 2021, 2025, Scope.Everything);
            Assert.NotSame(inside, await For(service, 2021, 2025, Scope.Everything));
        }

        Assert.Same(undone, await For(service, 2021, 2025, Scope.Everything));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task TrackedWrites_AddChangeMoveDelete_SummariesFollow(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var ctx = db.NewContext();
        var t = await TestTree.CreateAsync(ctx);
        ctx.ChangeTracker.Clear();
        var writer = new LedgerWriter(ctx);
        var who = WriteContext.System("测试员");
        var pairing = Selection.ForPairing(t.Huangpu, t.Dushan);

        var project = new Project
        {
            Code = "P1", Name = "搬迁安置点配套", Year = 2022, Category = ProjectCategory.RelocationFollowUp, Status = ProjectStatus.Approved,
            OwnerOrgId = t.Dushan.Id, WestOrgId = t.VillageA.Id, EastOrgId = t.Huangpu.Id, ApprovedOn = new DateOnly(2022, 3, 1),
            Funds =
            [
                new ProjectFund { Source = FundSource.Cooperation, Stage = FundStage.Allocation, Date = new DateOnly(2022, 3, 1), Amount = 1_000_000m },
                new ProjectFund { Source = FundSource.Cooperation, Stage = FundStage.Disbursement, Date = new DateOnly(2022, 6, 1), Amount = 600_000.55m },
                new ProjectFund { Source = FundSource.Integrated, Stage = FundStage.Disbursement, Date = new DateOnly(2022, 6, 1), Amount = 99m },
            ],
        };
        await writer.WriteAsync(who, (d, _) =>
        {
            d.Add(project);
            d.Add(new Sale { OwnerOrgId = t.Dushan.Id, WestOrgId = t.VillageA.Id, EastOrgId = t.Huangpu.Id, Date = new DateOnly(2023, 1, 5), Amount = 12_345.67m, VoucherNo = "V1" });
            d.Add(new TrainingSession
            {
                Title = "电商培训", Domain = TrainingDomain.LaborSkills, MarketOriented = true, OwnerOrgId = t.Dushan.Id, WestOrgId = t.Dushan.Id,
                EastOrgId = t.Huangpu.Id, StartDate = new DateOnly(2023, 4, 1), Attendance = 40,
            });
            return Task.CompletedTask;
        }, Ct);
        ctx.ChangeTracker.Clear();
        var added = await AssertSameFiguresAsync(ctx, pairing, 2021, 2025, Scope.Everything);
        Assert.Equal((60.000055m, 60.000055m, 1m, 1.234567m, 1m, 40m),
            (added["fiscal_aid"], added["relocation_support"], added["projects"], added["consumption_sales"], added["labor_trainings"], added["labor_trainees"]));

        // Change amounts and categories, move a fund to a year outside the period, delete the sale.
        await writer.WriteAsync(who, async (d, c) =>
        {
            var p = await d.Rows<Project>(Scope.Everything).Include(x => x.Funds).SingleAsync(x => x.Id == project.Id, c);
            d.Attach(p);
            p.Category = ProjectCategory.Industry;
            p.Funds.Single(f => f.Stage == FundStage.Disbursement && f.Source == FundSource.Cooperation).Date = new DateOnly(2027, 1, 1);
            p.Funds.Add(new ProjectFund { Source = FundSource.Cooperation, Stage = FundStage.Disbursement, Date = new DateOnly(2024, 2, 1), Amount = 10_000m });
            d.Remove(await d.Rows<Sale>(Scope.Everything).SingleAsync(c));
            var session = await d.Rows<TrainingSession>(Scope.Everything).SingleAsync(c);
            d.Attach(session);
            session.Attendance = 45;
        }, Ct);
        ctx.ChangeTracker.Clear();
        Assert.Empty(await FactMaintainer.VerifyAsync(ctx, Ct));
        var changed = await AssertSameFiguresAsync(ctx, pairing, 2021, 2025, Scope.Everything);
        Assert.Equal((1m, 0m, 0m, 45m), (changed["fiscal_aid"], changed["relocation_support"], changed["consumption_sales"], changed["labor_trainees"]));

        // A reserve project does not count; a deleted one takes its funds with it.
        await writer.WriteAsync(who, async (d, c) =>
        {
            var p = await d.Rows<Project>(Scope.Everything).SingleAsync(c);
            d.Attach(p);
            p.Status = ProjectStatus.Reserve;
        }, Ct);
        ctx.ChangeTracker.Clear();
        Assert.Equal(0m, (await AssertSameFiguresAsync(ctx, pairing, 2021, 2025, Scope.Everything))["projects"]);
        await writer.WriteAsync(who, async (d, c) => d.Remove(await d.Rows<Project>(Scope.Everything).SingleAsync(c)), Ct);
        Assert.Empty(await FactMaintainer.VerifyAsync(ctx, Ct));
        Assert.Equal(0, await ctx.Facts.CountAsync(f => f.Kind == FactKind.FundsDisbursed || f.Kind == FactKind.ProjectsFunded, Ct));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task CountingRulesChanged_FiguresComeFromRowsUntilRebuilt_ThenFromFactsAgain(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var ctx = db.NewContext();
        var t = await TestTree.CreateAsync(ctx);
        ctx.ChangeTracker.Clear();
        var importer = new LedgerImporter(ctx, ReferenceDatabases.Protector, new FixedClock(Services.Today));
        Assert.Equal(ImportStatus.Committed, (await ImportAsync(importer, LaborFile(300, household: "一般农户"))).Status);
        var sixMonths = CountingRules.Default with { StableEmploymentMonths = 6 };
        var pairing = Selection.ForPairing(t.Huangpu, t.Dushan);

        var stale = await Services.Indicators(ctx, sixMonths).ComputeAsync(pairing, "", 2021, 2025, Scope.Everything, Ct);
        Assert.False(stale.UsedFacts);

        Assert.True(await FactMaintainer.EnsureBuiltAsync(ctx, sixMonths, Ct));
        Assert.False(await FactMaintainer.EnsureBuiltAsync(ctx, sixMonths, Ct));
        Assert.Empty(await FactMaintainer.VerifyAsync(ctx, Ct));
        var rebuilt = await AssertSameFiguresAsync(ctx, pairing, 2021, 2025, Scope.Everything, sixMonths);
        Assert.Equal(stale["labor_transferred"], rebuilt["labor_transferred"]);
        Assert.False((await Services.Indicators(ctx).ComputeAsync(pairing, "", 2021, 2025, Scope.Everything, Ct)).UsedFacts);
    }

    [Fact]
    public void StableFrom_AgreesWithTheStabilityRuleOnEveryDay()
    {
        var start = new DateOnly(2024, 1, 31);
        foreach (var months in new[] { 0, 1, 3, 6 })
        {
            foreach (DateOnly? end in new DateOnly?[] { null, start, start.AddMonths(months).AddDays(-2), start.AddMonths(months).AddDays(-1), start.AddMonths(months), start.AddYears(2) })
            {
                var since = LaborIndicators.StableFrom(start, end, months);
                for (var asOf = start.AddDays(-3); asOf <= start.AddMonths(months + 2); asOf = asOf.AddDays(1))
                {
                    // The rule as written in docs/counting-rules.md: the days worked (to the end date or the as-of day,
                    // whichever is earlier) reach the stable months.
                    var lastDay = end is { } e && e < asOf ? e : asOf;
                    var byWorkedDays = lastDay >= start.AddMonths(months).AddDays(-1);
                    Assert.Equal(byWorkedDays, since is { } s && asOf >= s);
                }
            }
        }
    }

    /// <summary>Computes the summary from facts and from rows and asserts every figure, year and breakdown is the same.</summary>
    private static async Task<Summary> AssertSameFiguresAsync(CounterpartDbContext ctx, Selection selection, int from, int to, Scope scope, CountingRules? rules = null)
    {
        var service = Services.Indicators(ctx, rules);
        var facts = await service.ComputeAsync(selection, "", from, to, scope, IndicatorSource.Auto, Ct);
        var rows = await service.ComputeAsync(selection, "", from, to, scope, IndicatorSource.Rows, Ct);
        Assert.True(facts.UsedFacts);
        Assert.False(rows.UsedFacts);
        foreach (var (a, b) in facts.Results.Zip(rows.Results))
        {
            var code = a.Indicator.Code;
            Assert.Equal((code, b.Measure.Total), (code, a.Measure.Total));
            Assert.Equal(b.Measure.ByYear.OrderBy(y => y.Key).Select(y => (code, y.Key, y.Value)), a.Measure.ByYear.OrderBy(y => y.Key).Select(y => (code, y.Key, y.Value)));
            Assert.Equal(Flatten(code, b.Measure), Flatten(code, a.Measure));
        }

        return facts;
    }

    private static List<(string, string, string, decimal)> Flatten(string code, Measure m) =>
        [.. m.Breakdowns.SelectMany(b => b.Value.Select(v => (code, b.Key, v.Key, v.Value))).OrderBy(x => x.Item2).ThenBy(x => x.Item3, StringComparer.Ordinal)];

    private static Task<ImportReport> ImportAsync(LedgerImporter importer, string csv) =>
        importer.ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv)), "就业.csv", "labor", new ImportOptions("测试员", false), null, Ct);

    /// <summary>
    /// One job per person from 2023 (ongoing, so stable by the test date), and for every sixth person a second job in 2024
    /// that lasted two weeks (never stable).
    /// </summary>
    private static string LaborFile(int persons, string household)
    {
        var text = new StringBuilder(LaborImportTests.Header).Append('\n');
        for (var p = 0; p < persons; p++)
        {
            var id = ResidentId.Create("522726", new DateOnly(1970, 1, 1).AddDays(p % 9000), 100 + (p / 9000 * 2));
            var village = p % 2 == 0 ? "甲村" : "乙村";
            var stable = p % 6 != 5;
            var (start, end) = stable ? ("2023-03-01", "") : ("2023-03-01", "2023-03-15");
            text.Append(FormattableString.Invariant($"工人{p},{id},,1390000{p % 10000:D4},{village},{household},到东部,440112,某厂,,{start},{end},3000,是,440112,522726\n"));
            if (p % 6 == 0)
            {
                text.Append(FormattableString.Invariant($"工人{p},{id},,1390000{p % 10000:D4},{village},{household},省内就近,522722,本地厂,,2024-05-01,2024-05-14,2800,是,440112,522726\n"));
            }
        }

        return text.ToString();
    }
}
