using System.Text;
using Counterpart.Consumption;
using Counterpart.Data;
using Counterpart.Indicators;
using Counterpart.Labor;
using Counterpart.Ledgers;
using Counterpart.Organizations;
using Counterpart.Pairings;
using Counterpart.Quality;
using Counterpart.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Counterpart.Tests.Quality;

/// <summary>
/// The data-quality rules run after a committed import: only the rules of the ledger imported, only over the batch's
/// rows (and what they collide with), never on a dry run or a rejected file, and never failing the import.
/// </summary>
public sealed class ImportQualityCheckTests
{
    public static TheoryData<DatabaseProvider> Providers => Checkout.BothProviders;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record Arranged(TestDatabase Db, CounterpartDbContext Ctx, TestTree Tree, LedgerImporter Importer) : IAsyncDisposable
    {
        public ImportQualityCheck Check(ILogger<ImportQualityCheck>? log = null) =>
            new(Ctx, new QualityChecks(Ctx, Services.Indicators(Ctx), QualitySettings.Default), log ?? NullLogger<ImportQualityCheck>.Instance);

        /// <summary>Imports as the clerk of 独山县 (a scoped writer), as the API and the wizard do.</summary>
        public Task<ImportReport> ImportAsync(string ledger, string csv, bool dryRun = false) => Importer.ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv)), ledger + ".csv", ledger,
            new ImportOptions("独山县录入员", dryRun) { Who = new WriteContext("独山县录入员", Scope.Of(Tree.Dushan)) { OrgId = Tree.Dushan.Id } }, null, Ct);

        /// <summary>Imports as the system (the server's command line), for rows of other counties.</summary>
        public async Task<ImportReport> ImportAsSystemAsync(string ledger, string csv)
        {
            var report = await Importer.ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv)), ledger + ".csv", ledger, new ImportOptions("测试员"), null, Ct);
            Assert.True(report.Status == ImportStatus.Committed, string.Join("；", report.Errors.Select(e => $"{e.Row} {e.Column} {e.Value} {e.Reason}")));
            return report;
        }

        public async ValueTask DisposeAsync()
        {
            await Ctx.DisposeAsync();
            await Db.DisposeAsync();
        }
    }

    private static async Task<Arranged> ArrangeAsync(DatabaseProvider provider)
    {
        var db = await TestDatabase.CreateAsync(provider);
        var ctx = db.NewContext();
        var t = await TestTree.CreateAsync(ctx);
        await new LedgerWriter(ctx).WriteAsync(WriteContext.System("test"), async (d, c) =>
        {
            var seller = new Organization { Code = "522726-E01", Name = "独山某食用菌有限公司", Kind = OrgKind.Enterprise, ParentId = t.Dushan.Id };
            var buyer = new Organization { Code = "440112-B01", Name = "黄埔区某总工会", Kind = OrgKind.Agency, ParentId = t.Huangpu.Id };
            d.AddRange(seller, buyer);
            d.Add(new Pairing { Kind = PairingKind.DistrictCounty, EastOrgId = t.Huangpu.Id, WestOrgId = t.Dushan.Id, StartDate = new DateOnly(2021, 1, 1), OwnerOrgId = t.Dushan.Id });
            await d.SaveChangesAsync(c);
            OrganizationTree.AssignPath(seller, t.Dushan);
            OrganizationTree.AssignPath(buyer, t.Huangpu);
        }, Ct);
        ctx.ChangeTracker.Clear();
        return new Arranged(db, ctx, t, new LedgerImporter(ctx, ReferenceDatabases.Protector, new FixedClock(Services.Today)));
    }

    /// <summary>The three persons of <see cref="LaborFiles.Jobs"/> (seed 0) with jobs from May 2025 in 荔波县's ledger.</summary>
    private static string LiboJobs(int seed = 0) => LaborFiles.Jobs(2025, seed).Replace("-03-01,", "-05-01,", StringComparison.Ordinal)
        .Replace(",440112,522726\n", ",440112,522722\n", StringComparison.Ordinal);

    private static string Sales(params string[] rows) =>
        string.Join(",", new SalesLedger().Columns.Select(c => c.Header)) + "\n" + string.Concat(rows.Select(r => r + "\n"));

    private static string Sale(string voucher, string channel, string date, string amount) => $"522726-E01,{voucher},,采购,{channel},{date},{amount},440112-B01,,是,522726";

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task LaborImport_PersonsAlreadyEmployedInAnotherCounty_EachAViolationNamingTheBatchRows(DatabaseProvider provider)
    {
        await using var a = await ArrangeAsync(provider);
        await a.ImportAsSystemAsync("labor", LiboJobs());

        var report = await a.Check().CheckAsync(await a.ImportAsync("labor", LaborFiles.Jobs(2025, 0)), Scope.Of(a.Tree.Dushan), Ct);

        var quality = Assert.IsType<ImportQuality>(report.Quality);
        Assert.True(quality.Completed);
        Assert.Equal([2025], quality.Years);
        Assert.Equal(["黄埔区 → 独山县"], quality.Pairings);
        var dushanJobs = await a.Ctx.Rows<Employment>(Scope.Everything).Where(e => e.Owner!.Code == "522726").Select(e => e.Id).ToListAsync(Ct);
        var liboJobs = await a.Ctx.Rows<Employment>(Scope.Everything).Where(e => e.Owner!.Code == "522722").Select(e => e.Id).ToListAsync(Ct);
        Assert.Equal(3, quality.Violations.Count);
        Assert.All(quality.Violations, v =>
        {
            Assert.Equal((QualityRuleCatalog.PersonInTwoCounties, 2025, nameof(Employment)), (v.Violation.Rule, v.Year, v.Violation.RowKind));
            Assert.Contains("独山县、荔波县", v.Violation.Message, StringComparison.Ordinal);
            var imported = Assert.Single(v.ImportedRowIds);
            Assert.Contains(imported, dushanJobs);
            Assert.Equal(2, v.Violation.RowIds.Count);
            Assert.Single(v.Violation.RowIds, liboJobs.Contains);
            Assert.Equal($"/ledgers/labor?ids={string.Join(",", v.Violation.RowIds)}", v.Violation.RowsLink);
        });
        Assert.Equal(dushanJobs.Order(), quality.Violations.SelectMany(v => v.ImportedRowIds).Order());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task LaborImport_CleanRows_NoViolations_AndPreexistingViolationsOfOtherBatchesAreNotReported(DatabaseProvider provider)
    {
        await using var a = await ArrangeAsync(provider);
        // Two earlier batches that together put three persons in two counties in 2025 …
        await a.ImportAsSystemAsync("labor", LiboJobs());
        var earlier = await a.ImportAsync("labor", LaborFiles.Jobs(2025, 0));

        // … and then three other persons, in 独山县 only.
        var clean = await a.Check().CheckAsync(await a.ImportAsync("labor", LaborFiles.Jobs(2025, 1)), Scope.Of(a.Tree.Dushan), Ct);
        var onDemand = await new QualityChecks(a.Ctx, Services.Indicators(a.Ctx), QualitySettings.Default).PersonInTwoCountiesAsync(2025, Scope.Everything, Ct);
        var earlierAgain = await a.Check().CheckAsync(earlier, Scope.Of(a.Tree.Dushan), Ct);

        Assert.Equal(ImportStatus.Committed, clean.Status);
        Assert.True(clean.Quality!.Completed);
        Assert.Equal([2025], clean.Quality.Years);
        Assert.Empty(clean.Quality.Violations);
        Assert.Equal(3, onDemand.Count);
        Assert.Equal(3, earlierAgain.Quality!.Violations.Count);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task SalesImport_OnePurchaseThroughASecondChannel_ViolationWithBothRows_EarlierDuplicatesOfOtherBatchesLeftOut(DatabaseProvider provider)
    {
        await using var a = await ArrangeAsync(provider);
        var earlier = await a.ImportAsSystemAsync("sales", Sales(
            Sale("FP0001", "食堂采购", "2025-06-03", "12800"),
            Sale("FP0010", "食堂采购", "2025-07-01", "5000"), Sale("FP0011", "电商平台", "2025-07-01", "5000")));

        var report = await a.Check().CheckAsync(await a.ImportAsync("sales", Sales(Sale("FP0002", "832平台", "2025-06-03", "12800"), Sale("FP0003", "832平台", "2025-06-04", "12800"))),
            Scope.Of(a.Tree.Dushan), Ct);
        var earlierChecked = await a.Check().CheckAsync(earlier, Scope.Everything, Ct);

        var ids = await a.Ctx.Rows<Sale>(Scope.Everything).ToDictionaryAsync(s => s.VoucherNo, s => s.Id, Ct);
        var found = Assert.Single(report.Quality!.Violations);
        Assert.Equal(QualityRuleCatalog.SaleThroughTwoChannels, found.Violation.Rule);
        Assert.Equal(new[] { ids["FP0001"], ids["FP0002"] }.Order(), found.Violation.RowIds);
        Assert.Equal([ids["FP0002"]], found.ImportedRowIds);
        Assert.Equal(2, earlierChecked.Quality!.Violations.Count);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task DryRunOrRejectedFile_NoCheckRuns(DatabaseProvider provider)
    {
        await using var a = await ArrangeAsync(provider);
        await a.ImportAsSystemAsync("labor", LiboJobs());
        // A check that would fail if it ran at all: its context is gone.
        var gone = a.Db.NewContext();
        var check = new ImportQualityCheck(gone, new QualityChecks(gone, Services.Indicators(gone), QualitySettings.Default), NullLogger<ImportQualityCheck>.Instance);
        await gone.DisposeAsync();

        var dry = await check.CheckAsync(await a.ImportAsync("labor", LaborFiles.Jobs(2025, 0), dryRun: true), Scope.Of(a.Tree.Dushan), Ct);
        var rejected = await check.CheckAsync(await a.ImportAsync("labor", LaborFiles.Jobs(2025, 0).Replace(",一般农户,", ",贫困户,", StringComparison.Ordinal)), Scope.Of(a.Tree.Dushan), Ct);

        Assert.Equal((ImportStatus.Validated, 3), (dry.Status, dry.Inserted));
        Assert.Null(dry.Quality);
        Assert.Equal(ImportStatus.Rejected, rejected.Status);
        Assert.Null(rejected.Quality);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task CheckFails_ImportStandsAndTheReportSaysTheCheckDidNotFinish_LogWithoutPersonalData(DatabaseProvider provider)
    {
        await using var a = await ArrangeAsync(provider);
        // A configured rule over a code the catalog no longer has: unreadable, so the check stops on it.
        await TestTree.AddAsync(a.Ctx, new QualityRule
        {
            Code = "retired", Name = "旧规则", Left = "labor_retired_code", Operator = "<=", Right = "labor_transferred", Instructions = "—", CreatedBy = "test",
        });
        var log = new ListLogger();

        var report = await a.Check(log).CheckAsync(await a.ImportAsync("labor", LaborFiles.Jobs(2025, 0)), Scope.Of(a.Tree.Dushan), Ct);

        Assert.Equal(ImportStatus.Committed, report.Status);
        Assert.False(report.Quality!.Completed);
        Assert.Empty(report.Quality.Violations);
        Assert.Equal(3, await a.Ctx.Rows<Employment>(Scope.Everything).CountAsync(Ct));
        var line = Assert.Single(log.Lines);
        Assert.Contains($"import {report.BatchId} (labor)", line, StringComparison.Ordinal);
        Assert.DoesNotContain("工人", line, StringComparison.Ordinal);
        Assert.DoesNotContain("labor_retired_code", line, StringComparison.Ordinal);
    }

    [Fact]
    public void RuleCatalog_EveryIndicatorSourceAndEveryRuleNamesLedgersThatExist()
    {
        var ledgers = LedgerCatalog.All.Select(l => l.Name).ToHashSet(StringComparer.Ordinal);

        Assert.All(IndicatorCatalog.All, i => Assert.NotEmpty(QualityRuleCatalog.LedgersOf(i)));
        Assert.All(IndicatorCatalog.All.SelectMany(QualityRuleCatalog.LedgersOf), l => Assert.Contains(l, ledgers));
        Assert.All(QualityRuleCatalog.BuiltIn.SelectMany(r => r.Ledgers), l => Assert.Contains(l, ledgers));
        Assert.Equal([QualityRuleCatalog.PersonInTwoCounties, QualityRuleCatalog.YearOnYearJump], QualityRuleCatalog.Concerning("labor").Select(r => r.Code));
        Assert.Equal([QualityRuleCatalog.SaleThroughTwoChannels, QualityRuleCatalog.YearOnYearJump], QualityRuleCatalog.Concerning("sales").Select(r => r.Code));
        Assert.Equal(["consumption_sales"], QualityRuleCatalog.IndicatorsReading("sales"));
        Assert.Empty(QualityRuleCatalog.Concerning("needs"));
    }

    /// <summary>Keeps what a check logs, formatted.</summary>
    private sealed class ListLogger : ILogger<ImportQualityCheck>
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add(formatter(state, exception) + (exception is null ? "" : " " + exception));
    }
}
