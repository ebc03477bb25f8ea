using System.Text;
using Counterpart.Agreements;
using Counterpart.Data;
using Counterpart.Ledgers;
using Counterpart.Ledgers.Files;
using Counterpart.Pairings;
using Counterpart.Projects;
using Counterpart.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Counterpart.Tests.Ledgers;

/// <summary>
/// Agreements, projects, project funds and project outcomes: round trips against the reference data (dry runs, the
/// shared database is never changed), and committed imports, updates and undo on private databases.
/// </summary>
public sealed class AgreementsProjectsImportTests(ReferenceDatabases databases)
{
    public static TheoryData<DatabaseProvider> Providers => Checkout.BothProviders;

    /// <summary>Every ledger of the group on both databases; agreements and projects also as .xlsx.</summary>
    public static TheoryData<DatabaseProvider, string, bool> RoundTrips()
    {
        var data = new TheoryData<DatabaseProvider, string, bool>();
        foreach (var provider in new[] { DatabaseProvider.Sqlite, DatabaseProvider.Postgres })
        {
            data.Add(provider, "agreements", true);
            data.Add(provider, "agreements", false);
            data.Add(provider, "projects", true);
            data.Add(provider, "projects", false);
            data.Add(provider, "project-funds", true);
            data.Add(provider, "project-outcomes", true);
        }

        return data;
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Header(string ledger) => string.Join(",", LedgerCatalog.Get(ledger).Columns.Select(c => c.Header));

    internal static async Task<(int Targets, int Projects, int Funds, int Outcomes)> CountsAsync(CounterpartDbContext ctx) =>
        (await ctx.Rows<Agreement>(Scope.Everything).SelectMany(a => a.Targets).CountAsync(Ct), await ctx.Rows<Project>(Scope.Everything).CountAsync(Ct),
            await ctx.Rows<Project>(Scope.Everything).SelectMany(p => p.Funds).CountAsync(Ct), await ctx.Rows<Project>(Scope.Everything).SelectMany(p => p.Outcomes).CountAsync(Ct));

    private static int Stored((int Targets, int Projects, int Funds, int Outcomes) counts, string ledger) => ledger switch
    {
        "agreements" => counts.Targets,
        "projects" => counts.Projects,
        "project-funds" => counts.Funds,
        _ => counts.Outcomes,
    };

    [Theory]
    [MemberData(nameof(RoundTrips))]
    public async Task ExportThenDryRunImport_ReferenceRows_AreAllUnchanged(DatabaseProvider provider, string ledger, bool csv)
    {
        var reference = await databases.GetAsync(provider);
        await using var ctx = reference.NewContext();

        var (count, report) = await RoundTrip.ExportThenDryRunAsync(ctx, ledger, csv, unmasked: false, Ct);

        Assert.True(report.Status == ImportStatus.Validated, string.Join("；", report.Errors.Take(10).Select(e => $"{e.Row} {e.Column} {e.Value} {e.Reason}")));
        Assert.True(count > 0);
        Assert.Equal(Stored(await CountsAsync(ctx), ledger), count);
        Assert.Equal((0, 0, count), (report.Inserted, report.Updated, report.Unchanged));
    }

    [Fact]
    public async Task Export_ReferenceFunds_AreWrittenInTenThousandYuanWithNames()
    {
        var reference = await databases.GetAsync(DatabaseProvider.Sqlite);
        await using var ctx = reference.NewContext();
        var funds = new MemoryStream();
        var agreements = new MemoryStream();

        await new LedgerExporter(ctx, ReferenceDatabases.Protector).ExportAsync("project-funds", funds, csv: true, Scope.Everything, 2021, 2021, unmasked: false, WriteContext.System("测试员"), Ct);
        await new LedgerExporter(ctx, ReferenceDatabases.Protector).ExportAsync("agreements", agreements, csv: true, Scope.Everything, 2021, 2021, unmasked: false, WriteContext.System("测试员"), Ct);

        // 郅家山社区同心广场建设项目: 420万 allocated.
        Assert.Contains(",东西部协作资金,下达,", Encoding.UTF8.GetString(funds.ToArray()), StringComparison.Ordinal);
        Assert.Contains(",420\r\n", Encoding.UTF8.GetString(funds.ToArray()), StringComparison.Ordinal);
        Assert.Contains("440112,522726,2021,2021年度黄埔区—独山县东西部协作协议,2021-03-15,fiscal_aid,财政援助资金,万元,4000,522726",
            Encoding.UTF8.GetString(agreements.ToArray()), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("agreements")]
    [InlineData("projects")]
    [InlineData("project-funds")]
    [InlineData("project-outcomes")]
    public async Task Template_ExampleRow_PassesEveryRuleAgainstTheReferenceData(string ledger)
    {
        var reference = await databases.GetAsync(DatabaseProvider.Sqlite);
        await using var ctx = reference.NewContext();
        var template = new MemoryStream();
        await TemplateWriter.WriteXlsxAsync(LedgerCatalog.Get(ledger), template, Ct);

        var report = await new LedgerImporter(ctx, ReferenceDatabases.Protector, new FixedClock(Services.Today))
            .ImportAsync(new MemoryStream(template.ToArray()), "模板.xlsx", ledger, new ImportOptions("测试员", DryRun: true), null, Ct);

        Assert.True(report.Status == ImportStatus.Validated, Errors(report));
        Assert.Equal(1, report.RowsRead);
    }

    // ---- private databases: committed imports, re-imports, updates, undo ----

    private static async Task<(TestDatabase Db, CounterpartDbContext Ctx, LedgerImporter Importer, TestTree Tree)> ArrangeAsync(DatabaseProvider provider)
    {
        var db = await TestDatabase.CreateAsync(provider);
        var ctx = db.NewContext();
        var t = await TestTree.CreateAsync(ctx);
        await TestTree.AddAsync(ctx, new Pairing { Kind = PairingKind.DistrictCounty, EastOrgId = t.Huangpu.Id, WestOrgId = t.Dushan.Id, StartDate = new DateOnly(2021, 1, 1), OwnerOrgId = t.Dushan.Id });
        ctx.ChangeTracker.Clear();
        return (db, ctx, new LedgerImporter(ctx, ReferenceDatabases.Protector, new FixedClock(Services.Today)), t);
    }

    private static Task<ImportReport> Import(LedgerImporter importer, string ledger, string csv, bool dryRun = false) =>
        importer.ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv)), "台账.csv", ledger, new ImportOptions("测试员", dryRun), null, Ct);

    private static string Errors(ImportReport report) => string.Join("；", report.Errors.Select(e => $"{e.Row} {e.Column} {e.Value} {e.Reason}"));

    /// <summary>A rejected report's one error, checked exactly but for the reason, which must contain <paramref name="reason"/>.</summary>
    private static void AssertOnlyError(ImportReport report, int row, string column, string value, string kind, string reason)
    {
        Assert.Equal((ImportStatus.Rejected, 1), (report.Status, report.Rejected));
        var error = Assert.Single(report.Errors);
        Assert.Equal((row, column, value, kind), (error.Row, error.Column, error.Value, error.Kind));
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
    }

    internal static string AgreementsFile(string fiscalAid = "4000", string title2024 = "2024年度黄埔区—独山县东西部协作协议") => string.Join("\n",
        Header("agreements"),
        $"黄埔区,独山县,2024,{title2024},2024-03-15,fiscal_aid,财政援助资金,万元,{fiscalAid},522726",
        $"440112,522726,2024,{title2024},2024-03-15,帮助农村劳动力转移就业,,,4000人,522726",
        "440112,522726,2025,2025年度黄埔区—独山县东西部协作协议,2024-12-20,fiscal_aid,,,4200.5,522726",
        "440112,522726,2025,2025年度黄埔区—独山县东西部协作协议,2024-12-20,enterprises_landed,,家,2,522726") + "\n";

    internal static string ProjectsFile(string lifted = "120") => string.Join("\n",
        Header("projects"),
        $"DS-2024-901,2024,甲村产业路项目（一期）,基础设施,验收,硬化产业路3公里,甲村,440112,,2024-02-20,2024-03-25,2024-11-30,2025-01-15,100,300,{lifted},就业带动,甲村集体经济组织,522726",
        "DS-2025-902,2025,乙村冷链仓储项目,产业发展,实施,,522726101200,黄埔区,,2025-03-01,2025-04-01,,,0,0,0,,,522726",
        "DS-2027-903,2027,乙镇储备项目,其他,储备,,乙镇,,,,,,,,,,,,522726") + "\n";

    private const string FundsOf901 = "DS-2024-901,东西部协作资金,下达,2024-02-20,300\n"
        + "DS-2024-901,东西部协作资金,拨付,2024-04-01,180\n"
        + "DS-2024-901,东西部协作资金,拨付,2024-10-01,1200000元\n"
        + "DS-2024-901,东西部协作资金,支付,2024-12-01,280.5\n"
        + "DS-2024-901,整合资金,下达,2024-02-20,50\n"
        + "DS-2024-901,自筹资金,支付,2024-06-01,8.5\n";

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Agreements_ImportReimportUpdateUndo_FollowTheNaturalKey(DatabaseProvider provider)
    {
        var (db, ctx, importer, _) = await ArrangeAsync(provider);
        await using var _db = db;
        await using var _ctx = ctx;

        var first = await Import(importer, "agreements", AgreementsFile());
        var again = await Import(importer, "agreements", AgreementsFile());
        var target = await Import(importer, "agreements", AgreementsFile(fiscalAid: "4500"));
        var renamed = await Import(importer, "agreements", AgreementsFile(fiscalAid: "4500", title2024: "2024年黄埔—独山协作协议（修订）"));

        Assert.True(first.Status == ImportStatus.Committed, Errors(first));
        Assert.Equal((4, 0, 0), (first.Inserted, first.Updated, first.Unchanged));
        Assert.Equal((0, 0, 4), (again.Inserted, again.Updated, again.Unchanged));
        Assert.Equal((0, 1, 3), (target.Inserted, target.Updated, target.Unchanged));
        Assert.Equal((0, 1, 3), (renamed.Inserted, renamed.Updated, renamed.Unchanged));
        var agreements = await ctx.Rows<Agreement>(Scope.Everything).Include(a => a.Targets).OrderBy(a => a.Year).ToListAsync(Ct);
        Assert.Equal([2024, 2025], agreements.Select(a => a.Year));
        Assert.Equal("2024年黄埔—独山协作协议(修订)", agreements[0].Title);
        Assert.Equal(4500m, agreements[0].Targets.Single(t => t.IndicatorCode == "fiscal_aid").Target);
        Assert.Equal(4000m, agreements[0].Targets.Single(t => t.IndicatorCode == "labor_transferred").Target);
        Assert.Equal(4200.5m, agreements[1].Targets.Single(t => t.IndicatorCode == "fiscal_aid").Target);

        await importer.UndoAsync(renamed.BatchId!.Value, "测试员", Ct);
        await importer.UndoAsync(target.BatchId!.Value, "测试员", Ct);
        var restored = await ctx.Rows<Agreement>(Scope.Everything).Include(a => a.Targets).SingleAsync(a => a.Year == 2024, Ct);
        Assert.Equal(("2024年度黄埔区—独山县东西部协作协议", 4000m), (restored.Title, restored.Targets.Single(t => t.IndicatorCode == "fiscal_aid").Target));

        await importer.UndoAsync(first.BatchId!.Value, "测试员", Ct);
        Assert.Equal(0, (await CountsAsync(ctx)).Targets);
        Assert.Equal(0, await ctx.Rows<Agreement>(Scope.Everything).CountAsync(Ct));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Agreements_WithoutADistrictCountyPairing_AreARowErrorOnTheWestCountyAndSaveNothing(DatabaseProvider provider)
    {
        var (db, ctx, importer, _) = await ArrangeAsync(provider);
        await using var _db = db;
        await using var _ctx = ctx;
        var file = AgreementsFile() + "440106,522722,2024,天河—荔波协议,2024-03-01,fiscal_aid,,,100,522722\n"
            + "440112,522726,2020,2020年度黄埔区—独山县东西部协作协议,2020-03-01,fiscal_aid,,,100,522726\n";

        var report = await Import(importer, "agreements", file);

        Assert.Equal((ImportStatus.Rejected, 2), (report.Status, report.Rejected));
        Assert.Equal([(6, "西部区县", "522722", "引用不存在"), (7, "西部区县", "522726", "引用不存在")], report.Errors.Select(e => (e.Row, e.Column, e.Value, e.Kind)));
        Assert.Contains("天河区与荔波县在 2024 年没有区县结对；请先在结对关系台账中登记", report.Errors[0].Reason, StringComparison.Ordinal);
        // The pairing of 黄埔区 and 独山县 starts in 2021.
        Assert.Contains("黄埔区与独山县在 2020 年没有区县结对", report.Errors[1].Reason, StringComparison.Ordinal);
        Assert.Equal(0, await ctx.Rows<Agreement>(Scope.Everything).CountAsync(Ct));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Projects_ImportReimportUpdateUndo_FollowTheProjectCode(DatabaseProvider provider)
    {
        var (db, ctx, importer, t) = await ArrangeAsync(provider);
        await using var _db = db;
        await using var _ctx = ctx;

        var first = await Import(importer, "projects", ProjectsFile());
        var again = await Import(importer, "projects", ProjectsFile());
        var changed = await Import(importer, "projects", ProjectsFile(lifted: "150"));

        Assert.True(first.Status == ImportStatus.Committed, Errors(first));
        Assert.Equal((3, 0, 0), (first.Inserted, first.Updated, first.Unchanged));
        Assert.Equal((0, 0, 3), (again.Inserted, again.Updated, again.Unchanged));
        Assert.Equal((0, 1, 2), (changed.Inserted, changed.Updated, changed.Unchanged));
        var road = await ctx.Rows<Project>(Scope.Everything).SingleAsync(p => p.Code == "DS-2024-901", Ct);
        Assert.Equal((ProjectStatus.Accepted, t.VillageA.Id, t.Huangpu.Id, 150), (road.Status, road.WestOrgId, road.EastOrgId, road.BenefitPersonsLifted));
        Assert.Equal(new DateOnly(2025, 1, 15), road.AcceptedOn);

        await importer.UndoAsync(changed.BatchId!.Value, "测试员", Ct);
        Assert.Equal(120, (await ctx.Rows<Project>(Scope.Everything).SingleAsync(p => p.Code == "DS-2024-901", Ct)).BenefitPersonsLifted);
        await importer.UndoAsync(first.BatchId!.Value, "测试员", Ct);
        Assert.Equal(0, await ctx.Rows<Project>(Scope.Everything).CountAsync(Ct));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Projects_ExportedFromAPrivateDatabase_ReimportUnchangedAsXlsx(DatabaseProvider provider)
    {
        var (db, ctx, importer, _) = await ArrangeAsync(provider);
        await using var _db = db;
        await using var _ctx = ctx;
        await Import(importer, "projects", ProjectsFile());
        await Import(importer, "project-funds", Header("project-funds") + "\n" + FundsOf901);
        var projects = new MemoryStream();
        var funds = new MemoryStream();

        await new LedgerExporter(ctx, ReferenceDatabases.Protector).ExportAsync("projects", projects, csv: false, Scope.Everything, 2000, 2100, unmasked: false, WriteContext.System("测试员"), Ct);
        await new LedgerExporter(ctx, ReferenceDatabases.Protector).ExportAsync("project-funds", funds, csv: false, Scope.Everything, 2000, 2100, unmasked: false, WriteContext.System("测试员"), Ct);
        var p = await importer.ImportAsync(new MemoryStream(projects.ToArray()), "项目.xlsx", "projects", new ImportOptions("测试员"), null, Ct);
        var f = await importer.ImportAsync(new MemoryStream(funds.ToArray()), "资金.xlsx", "project-funds", new ImportOptions("测试员"), null, Ct);

        Assert.True(p.Status == ImportStatus.Committed, Errors(p));
        Assert.Equal((0, 0, 3), (p.Inserted, p.Updated, p.Unchanged));
        Assert.True(f.Status == ImportStatus.Committed, Errors(f));
        Assert.Equal((0, 0, 6), (f.Inserted, f.Updated, f.Unchanged));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Funds_ImportReimportUpdateUndo_InTenThousandYuan(DatabaseProvider provider)
    {
        var (db, ctx, importer, _) = await ArrangeAsync(provider);
        await using var _db = db;
        await using var _ctx = ctx;
        await Import(importer, "projects", ProjectsFile());
        var file = Header("project-funds") + "\n" + FundsOf901;

        var first = await Import(importer, "project-funds", file);
        var again = await Import(importer, "project-funds", file);
        var changed = await Import(importer, "project-funds", file.Replace("支付,2024-12-01,280.5", "支付,2024-12-01,290", StringComparison.Ordinal));

        Assert.True(first.Status == ImportStatus.Committed, Errors(first));
        Assert.Equal((6, 0, 0), (first.Inserted, first.Updated, first.Unchanged));
        Assert.Equal((0, 0, 6), (again.Inserted, again.Updated, again.Unchanged));
        Assert.Equal((0, 1, 5), (changed.Inserted, changed.Updated, changed.Unchanged));
        var funds = await ctx.Rows<Project>(Scope.Everything).SelectMany(p => p.Funds).ToListAsync(Ct);
        Assert.Equal(3_000_000m, funds.Single(x => x.Source == FundSource.Cooperation && x.Stage == FundStage.Allocation).Amount);
        Assert.Equal(3_000_000m, funds.Where(x => x.Source == FundSource.Cooperation && x.Stage == FundStage.Disbursement).Sum(x => x.Amount));
        Assert.Equal(2_900_000m, funds.Single(x => x.Stage == FundStage.Payment && x.Source == FundSource.Cooperation).Amount);

        await importer.UndoAsync(changed.BatchId!.Value, "测试员", Ct);
        Assert.Equal(2_805_000m, (await ctx.Rows<Project>(Scope.Everything).SelectMany(p => p.Funds).SingleAsync(x => x.Stage == FundStage.Payment && x.Source == FundSource.Cooperation, Ct)).Amount);

        // The funds' batch belongs to the project's owner, and undoing it leaves the project.
        Assert.Equal((await ctx.Rows<Project>(Scope.Everything).SingleAsync(p => p.Code == "DS-2024-901", Ct)).OwnerOrgId,
            (await ctx.Rows<ImportBatch>(Scope.Everything).SingleAsync(b => b.Id == first.BatchId, Ct)).OwnerOrgId);
        await importer.UndoAsync(first.BatchId!.Value, "测试员", Ct);
        Assert.Equal((3, 0), ((await CountsAsync(ctx)).Projects, (await CountsAsync(ctx)).Funds));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Funds_TotalsAboveTheStageBefore_AreRowErrorsCountingStoredRowsAndUpdates(DatabaseProvider provider)
    {
        var (db, ctx, importer, _) = await ArrangeAsync(provider);
        await using var _db = db;
        await using var _ctx = ctx;
        await Import(importer, "projects", ProjectsFile());
        var header = Header("project-funds") + "\n";
        await Import(importer, "project-funds", header + FundsOf901);

        // Stored: 300 allocated, 300 disbursed, 280.5 paid. Lowering the allocation below what was disbursed is refused …
        var lowered = await Import(importer, "project-funds", header + "DS-2024-901,东西部协作资金,下达,2024-02-20,250\n");
        // … so is a payment that, with the stored ones, exceeds the disbursements …
        var overpaid = await Import(importer, "project-funds", header
            + "DS-2024-901,东西部协作资金,支付,2025-01-10,20\n");
        // … while the same payment is accepted with a new disbursement later in the file, and self-raised money is not held to it.
        var balanced = await Import(importer, "project-funds", header
            + "DS-2024-901,东西部协作资金,支付,2025-01-10,20\n"
            + "DS-2024-901,自筹资金,支付,2025-01-10,100\n"
            + "DS-2024-901,东西部协作资金,拨付,2025-01-05,0.5\n"
            + "DS-2024-901,东西部协作资金,下达,2024-02-20,300.5\n");

        AssertOnlyError(lowered, 2, "金额（万元）", "250", "逻辑矛盾", "项目“DS-2024-901”的东西部协作资金拨付合计 300 万元超过下达合计 250 万元（已登记的与本文件合计）；请核对金额，或先登记下达");
        AssertOnlyError(overpaid, 2, "金额（万元）", "20", "逻辑矛盾", "项目“DS-2024-901”的东西部协作资金支付合计 300.5 万元超过拨付合计 300 万元");
        Assert.True(balanced.Status == ImportStatus.Committed, Errors(balanced));
        Assert.Equal((3, 1, 0), (balanced.Inserted, balanced.Updated, balanced.Unchanged));
        Assert.Equal(9, (await CountsAsync(ctx)).Funds);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Funds_TotalsOutOfOrder_FailEveryRowOfTheStagesComparedOnTheAmount(DatabaseProvider provider)
    {
        var (db, ctx, importer, _) = await ArrangeAsync(provider);
        await using var _db = db;
        await using var _ctx = ctx;
        await Import(importer, "projects", ProjectsFile());
        var header = Header("project-funds") + "\n";
        await Import(importer, "project-funds", header + FundsOf901);

        // Disbursed 180 + 200 > allocated 300, and paid 400 > disbursed 380: the 拨付 row breaks both, the 支付 row the
        // second; the 下达 row of 整合资金 and the self-raised payment are not involved.
        var report = await Import(importer, "project-funds", header
            + "DS-2024-901,东西部协作资金,拨付,2024-10-01,200\n"
            + "DS-2024-901,整合资金,下达,2024-02-20,50\n"
            + "DS-2024-901,东西部协作资金,支付,2024-12-01,400\n"
            + "DS-2024-901,自筹资金,支付,2024-06-01,8.5\n");

        Assert.Equal((ImportStatus.Rejected, 2), (report.Status, report.Rejected));
        Assert.Equal([(2, "金额（万元）", "200", "逻辑矛盾"), (2, "金额（万元）", "200", "逻辑矛盾"), (4, "金额（万元）", "400", "逻辑矛盾")],
            report.Errors.Select(e => (e.Row, e.Column, e.Value, e.Kind)));
        Assert.Contains("拨付合计 380 万元超过下达合计 300 万元", report.Errors[0].Reason, StringComparison.Ordinal);
        Assert.Contains("支付合计 400 万元超过拨付合计 380 万元", report.Errors[1].Reason, StringComparison.Ordinal);
        Assert.Equal(report.Errors[1].Reason, report.Errors[2].Reason);
        Assert.Equal(2_805_000m, (await ctx.Rows<Project>(Scope.Everything).SelectMany(p => p.Funds).SingleAsync(f => f.Stage == FundStage.Payment && f.Source == FundSource.Cooperation, Ct)).Amount);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Funds_StoredTotalsAlreadyOutOfOrder_FailTheFileRowsOfThatProjectAndSource(DatabaseProvider provider)
    {
        var (db, ctx, importer, _) = await ArrangeAsync(provider);
        await using var _db = db;
        await using var _ctx = ctx;
        await Import(importer, "projects", ProjectsFile());
        var header = Header("project-funds") + "\n";
        await Import(importer, "project-funds", header + FundsOf901);
        var project = await ctx.Rows<Project>(Scope.Everything).SingleAsync(p => p.Code == "DS-2024-901", Ct);
        // Entered past the ledger: a payment that takes the payments above the disbursements.
        await TestTree.AddAsync(ctx, new ProjectFund { ProjectId = project.Id, Source = FundSource.Cooperation, Stage = FundStage.Payment, Date = new DateOnly(2025, 1, 5), Amount = 1_000_000m });
        ctx.ChangeTracker.Clear();

        // A file with only an allocation of that project and source has no row of the stages compared: its rows are marked.
        var report = await Import(importer, "project-funds", header + "DS-2024-901,东西部协作资金,下达,2024-02-20,300\n");

        AssertOnlyError(report, 2, "金额（万元）", "300", "逻辑矛盾", "项目“DS-2024-901”的东西部协作资金支付合计 380.5 万元超过拨付合计 300 万元");
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Funds_NamingAMovementStoredTwice_AreARowErrorOnTheDate(DatabaseProvider provider)
    {
        var (db, ctx, importer, _) = await ArrangeAsync(provider);
        await using var _db = db;
        await using var _ctx = ctx;
        await Import(importer, "projects", ProjectsFile());
        var project = await ctx.Rows<Project>(Scope.Everything).SingleAsync(p => p.Code == "DS-2024-901", Ct);
        await TestTree.AddAsync(ctx,
            new ProjectFund { ProjectId = project.Id, Source = FundSource.SelfRaised, Stage = FundStage.Payment, Date = new DateOnly(2024, 6, 1), Amount = 50_000m },
            new ProjectFund { ProjectId = project.Id, Source = FundSource.SelfRaised, Stage = FundStage.Payment, Date = new DateOnly(2024, 6, 1), Amount = 30_000m });
        ctx.ChangeTracker.Clear();

        var report = await Import(importer, "project-funds", Header("project-funds") + "\n" + FundsOf901);

        AssertOnlyError(report, 7, "日期", "2024-06-01", "逻辑矛盾", "项目“DS-2024-901”已存有两笔这一天的自筹资金支付记录");
        Assert.Equal(2, (await CountsAsync(ctx)).Funds);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Funds_OfAnUnknownProject_AreARowErrorOnTheProjectCode(DatabaseProvider provider)
    {
        var (db, ctx, importer, _) = await ArrangeAsync(provider);
        await using var _db = db;
        await using var _ctx = ctx;
        await Import(importer, "projects", ProjectsFile());

        var report = await Import(importer, "project-funds", Header("project-funds") + "\n" + FundsOf901
            + "DS-2099-999,东西部协作资金,下达,2024-02-20,10\n");

        AssertOnlyError(report, 8, "项目编号", "DS-2099-999", "引用不存在", "帮扶项目台账中没有这个项目编号；请先导入该项目");
        Assert.Equal(0, (await CountsAsync(ctx)).Funds);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Outcomes_OfAnUnknownProject_AreARowErrorOnTheProjectCode(DatabaseProvider provider)
    {
        var (db, ctx, importer, _) = await ArrangeAsync(provider);
        await using var _db = db;
        await using var _ctx = ctx;
        await Import(importer, "projects", ProjectsFile());

        var report = await Import(importer, "project-outcomes", Header("project-outcomes") + "\n"
            + "DS-2024-901,带动群众务工,人,2024,,80,95\n"
            + "DS-2024-991,带动群众务工,人,2024,,80,95\n");

        AssertOnlyError(report, 3, "项目编号", "DS-2024-991", "引用不存在", "帮扶项目台账中没有这个项目编号");
        Assert.Equal(0, (await CountsAsync(ctx)).Outcomes);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Outcomes_ImportReimportUpdateUndo_FollowProjectNameAndYear(DatabaseProvider provider)
    {
        var (db, ctx, importer, _) = await ArrangeAsync(provider);
        await using var _db = db;
        await using var _ctx = ctx;
        await Import(importer, "projects", ProjectsFile());
        string File(string actual) => Header("project-outcomes") + "\n"
            + $"DS-2024-901,带动群众务工,人,2024,,80,{actual}\n"
            + "DS-2024-901,带动群众务工,人,2025,,100,\n"
            + "DS-2024-901,产业路里程,公里,,0,3,3公里\n";

        var first = await Import(importer, "project-outcomes", File("95"));
        var again = await Import(importer, "project-outcomes", File("95"));
        var changed = await Import(importer, "project-outcomes", File("97"));

        Assert.True(first.Status == ImportStatus.Committed, Errors(first));
        Assert.Equal((3, 0, 0), (first.Inserted, first.Updated, first.Unchanged));
        Assert.Equal((0, 0, 3), (again.Inserted, again.Updated, again.Unchanged));
        Assert.Equal((0, 1, 2), (changed.Inserted, changed.Updated, changed.Unchanged));
        await importer.UndoAsync(changed.BatchId!.Value, "测试员", Ct);
        var outcomes = await ctx.Rows<Project>(Scope.Everything).SelectMany(p => p.Outcomes).ToListAsync(Ct);
        Assert.Equal(95m, outcomes.Single(o => o.Year == 2024).Actual);
        Assert.Equal((0m, 3m, 3m), (outcomes.Single(o => o.Year == null).Baseline!.Value, outcomes.Single(o => o.Year == null).Target, outcomes.Single(o => o.Year == null).Actual!.Value));
    }

    // ---- the apply step in chunks, as an importer that writes a large file piece by piece calls it ----

    /// <summary>Rows a chunk's <see cref="LedgerDefinition.CheckStoredAsync"/> failed; thrown to roll the write back.</summary>
    private sealed class RowsRefused(IReadOnlyList<ImportError> errors) : Exception("rows refused against stored data")
    {
        public IReadOnlyList<ImportError> Errors { get; } = errors;
    }

    /// <summary>
    /// Checks every row of a CSV file, then checks against stored data and applies the valid rows in chunks of
    /// <paramref name="chunk"/> inside one write, saving between chunks; a chunk with refused rows rolls it all back (<see cref="RowsRefused"/>).
    /// </summary>
    private static async Task<(int Inserted, int Updated, int Unchanged)> ApplyInChunksAsync(CounterpartDbContext ctx, string ledgerName, string csv, int chunk)
    {
        var ledger = LedgerCatalog.Get(ledgerName);
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var errors = new List<ImportError>();
        var map = HeaderMap.Build(lines[0].Split(','), ledger.Columns, errors, []);
        var orgs = await OrgDirectory.LoadAsync(ctx, Ct);
        var today = DateOnly.FromDateTime(Services.Today.DateTime);
        var rows = new List<RowValues>();
        for (var i = 1; i < lines.Length; i++)
        {
            var row = RowValues.Read(new TableRow(i + 1, lines[i].Split(','), []), map, ledger.Columns, orgs, today);
            Assert.NotNull(ledger.Check(row, orgs, today));
            Assert.True(row.Ok, string.Join("；", row.Errors.Select(e => $"{e.Row} {e.Column} {e.Reason}")));
            rows.Add(row);
        }

        Assert.Empty(errors);
        var context = new ImportApplyContext(ctx, ReferenceDatabases.Protector, orgs, today);
        await new LedgerWriter(ctx).WriteAsync(WriteContext.System("测试员"), async (d, c) =>
        {
            foreach (var part in rows.Chunk(chunk))
            {
                await ledger.CheckStoredAsync(context, part, c);
                if (part.Any(r => !r.Ok))
                {
                    throw new RowsRefused([.. part.SelectMany(r => r.Errors)]);
                }

                await ledger.ApplyAsync(context, part, c);
                await d.SaveChangesAsync(c);
            }

            Assert.True(ledger.BatchOwner([.. rows.Take(chunk)], orgs) > 0);
        }, Ct);
        ctx.ChangeTracker.Clear();
        return (context.Inserted, context.Updated, context.Unchanged);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ApplyInChunksOfOne_AgreementsSplitAcrossChunks_AreInsertedOnceThenUnchanged(DatabaseProvider provider)
    {
        var (db, ctx, _, _) = await ArrangeAsync(provider);
        await using var _db = db;
        await using var _ctx = ctx;

        var first = await ApplyInChunksAsync(ctx, "agreements", AgreementsFile(), 1);
        var again = await ApplyInChunksAsync(ctx, "agreements", AgreementsFile(), 1);
        var renamed = await ApplyInChunksAsync(ctx, "agreements", AgreementsFile(title2024: "2024年修订协议"), 1);

        Assert.Equal((4, 0, 0), first);
        Assert.Equal((0, 0, 4), again);
        Assert.Equal((0, 1, 3), renamed);
        Assert.Equal(2, await ctx.Rows<Agreement>(Scope.Everything).CountAsync(Ct));
        Assert.Equal(4, (await CountsAsync(ctx)).Targets);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ApplyInChunksOfTwo_FundsWithPaymentsBeforeAllocations_JudgeTotalsOnTheWholeFile(DatabaseProvider provider)
    {
        var (db, ctx, importer, _) = await ArrangeAsync(provider);
        await using var _db = db;
        await using var _ctx = ctx;
        await Import(importer, "projects", ProjectsFile());
        var file = Header("project-funds") + "\n"
            + "DS-2024-901,东西部协作资金,支付,2024-12-01,280.5\n"
            + "DS-2024-901,东西部协作资金,拨付,2024-04-01,180\n"
            + "DS-2024-901,东西部协作资金,拨付,2024-10-01,120\n"
            + "DS-2024-901,东西部协作资金,下达,2024-02-20,300\n";

        var first = await ApplyInChunksAsync(ctx, "project-funds", file, 2);
        var again = await ApplyInChunksAsync(ctx, "project-funds", file, 2);
        var overpaid = await Assert.ThrowsAsync<RowsRefused>(() => ApplyInChunksAsync(ctx, "project-funds", file.Replace("280.5", "301", StringComparison.Ordinal), 2));

        Assert.Equal((4, 0, 0), first);
        Assert.Equal((0, 0, 4), again);
        // The first chunk (the payment and a disbursement) is judged on the whole file: both of its rows are involved.
        Assert.Equal([(2, "金额（万元）", "301", "逻辑矛盾"), (3, "金额（万元）", "180", "逻辑矛盾")], overpaid.Errors.Select(e => (e.Row, e.Column, e.Value, e.Kind)));
        Assert.All(overpaid.Errors, e => Assert.Contains("支付合计 301 万元超过拨付合计 300 万元", e.Reason, StringComparison.Ordinal));
        Assert.Equal(2_805_000m, (await ctx.Rows<Project>(Scope.Everything).SelectMany(p => p.Funds).SingleAsync(f => f.Stage == FundStage.Payment, Ct)).Amount);
    }
}
