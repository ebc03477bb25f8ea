using System.Text;
using Counterpart.Data;
using Counterpart.Evaluation;
using Counterpart.Inspections;
using Counterpart.Ledgers;
using Counterpart.Ledgers.Files;
using Counterpart.NeedsOffers;
using Counterpart.Organizations;
using Counterpart.Pairings;
using Counterpart.Projects;
using Counterpart.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Counterpart.Tests.Ledgers;

/// <summary>
/// The needs, offers, inspections, evaluations and findings ledgers on both databases: round trips against the reference
/// data (dry runs only), and committed imports, re-imports, updates and undo on a private database.
/// </summary>
public sealed class NeedsInspectionsEvaluationImportTests(ReferenceDatabases databases)
{
    public static TheoryData<DatabaseProvider> Providers => Checkout.BothProviders;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly DateOnly Today = new(2026, 11, 30);

    private static readonly int[] FailedItems = [3, 6];

    internal static string Header(string ledger) => string.Join(",", LedgerCatalog.Get(ledger).Columns.Select(c => c.Header));

    internal static string Needs(string thirdStatus = "已关闭") => string.Join("\n",
        Header("needs"),
        "522726,2023,乡村冷链仓储不足,消费帮扶,已对接,DS-2023-001,522726",
        "甲村,2023,村小学缺少音乐教师,教育,,,522726",
        $"独山县,2024,劳务工作站缺少岗位信息,就业,{thirdStatus},,522726") + "\n";

    internal static string Offers() => string.Join("\n",
        Header("offers"),
        "440112,2023,组织采购商到县冷库对接,消费帮扶,,522726,,乡村冷链仓储不足,440112",
        "黄埔区,2023,选派音乐教师支教一学期,教育,已对接,甲村,2023,村小学缺少音乐教师,440112",
        "440112,2024,开放区内企业招聘信息,就业,待对接,,,,440112") + "\n";

    internal static string Evaluations() => string.Join("\n",
        Header("evaluations"),
        "440112,522726,2023,国家考核,,2024-03-20,是,好,522726",
        "440112,522726,2024,省级考核,2024年度省级交叉检查,2024-11-08,是,较好,522726",
        "440112,522726,2026,国家考核,,2027-03-20,否,,522726") + "\n";

    internal static string Inspections(string failed = "3、6", string notes = "3：两名工人未戴安全帽；6：一个插线板接了多台设备") => string.Join("\n",
        Header("inspections"),
        "522726-W99,安全生产十不准,2024-03-10,县协作办安全检查组,,,各项均符合要求,522726",
        $"甲村车间,safety-ten,2025-03-12,县协作办安全检查组,{failed},{notes},发现问题，已要求整改,522726") + "\n";

    internal static string Findings(string secondStatus = "整改中", string secondDone = "") => string.Join("\n",
        Header("findings"),
        "省级考核,440112,522726,2024,,,资金使用,较重,个别项目资金拨付滞后,2024-11-08,522726,建立资金拨付周调度,2025-01-31,已完成,2025-01-10,调度台账,522726",
        $"现场检查,,,,甲村车间,2025-03-12,安全生产,严重,工人未戴安全帽,2025-03-12,甲村车间,开展安全教育并配发安全帽,2025-03-31,{secondStatus},{secondDone},,522726",
        "其他,,,,,,劳务协作,,劳务工作站台账不全,2025-06-01,甲镇,,,,,,522726") + "\n";

    /// <summary>The five files in the order a county would import them, with their row counts.</summary>
    private static readonly (string Ledger, Func<string> File, int Rows)[] Chain =
        [("needs", () => Needs(), 3), ("offers", Offers, 3), ("evaluations", Evaluations, 3), ("inspections", () => Inspections(), 2), ("findings", () => Findings(), 3)];

    private static async Task<(TestDatabase Db, CounterpartDbContext Ctx, LedgerImporter Importer)> ArrangeAsync(DatabaseProvider provider)
    {
        var db = await TestDatabase.CreateAsync(provider);
        var ctx = db.NewContext();
        var t = await TestTree.CreateAsync(ctx);
        await new LedgerWriter(ctx).WriteAsync(WriteContext.System("test"), async (d, c) =>
        {
            var workshop = new Organization { Code = "522726-W99", Name = "甲村车间", Kind = OrgKind.Workshop, ParentId = t.VillageA.Id, EstablishedOn = new DateOnly(2021, 6, 1) };
            d.Add(workshop);
            d.Add(new Pairing { Kind = PairingKind.DistrictCounty, EastOrgId = t.Huangpu.Id, WestOrgId = t.Dushan.Id, StartDate = new DateOnly(2021, 1, 1), OwnerOrgId = t.Dushan.Id });
            d.Add(new Project { Code = "DS-2023-001", Year = 2023, Name = "乡村冷库建设项目", WestOrgId = t.VillageA.Id, EastOrgId = t.Huangpu.Id, OwnerOrgId = t.Dushan.Id });
            await d.SaveChangesAsync(c);
            OrganizationTree.AssignPath(workshop, t.VillageA);
        }, Ct);
        await BuiltInChecklists.EnsureAsync(ctx, Ct);
        ctx.ChangeTracker.Clear();
        return (db, ctx, new LedgerImporter(ctx, ReferenceDatabases.Protector, new FixedClock(Services.Today)));
    }

    private static Task<ImportReport> Import(LedgerImporter importer, string ledger, string csv, bool dryRun = false) =>
        importer.ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv)), ledger + ".csv", ledger, new ImportOptions("测试员", dryRun), null, Ct);

    private static string Explain(ImportReport report) => string.Join("；", report.Errors.Select(e => $"{e.Row} {e.Column} {e.Value} {e.Reason}"));

    private static async Task<int> StoredAsync(CounterpartDbContext ctx, string ledger) => ledger switch
    {
        "needs" => await ctx.Rows<Need>(Scope.Everything).CountAsync(Ct),
        "offers" => await ctx.Rows<Offer>(Scope.Everything).CountAsync(Ct),
        "inspections" => await ctx.Rows<Inspection>(Scope.Everything).CountAsync(Ct),
        "evaluations" => await ctx.Rows<EvaluationRound>(Scope.Everything).CountAsync(Ct),
        "findings" => await ctx.Rows<Finding>(Scope.Everything).CountAsync(Ct),
        _ => throw new ArgumentOutOfRangeException(nameof(ledger)),
    };

    public static TheoryData<DatabaseProvider, string, bool> ReferenceRoundTrips()
    {
        var data = new TheoryData<DatabaseProvider, string, bool>();
        foreach (var provider in new[] { DatabaseProvider.Sqlite, DatabaseProvider.Postgres })
        {
            foreach (var ledger in new[] { "needs", "offers", "inspections", "evaluations", "findings" })
            {
                data.Add(provider, ledger, true);
            }

            data.Add(provider, "inspections", false);
            data.Add(provider, "findings", false);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ReferenceRoundTrips))]
    public async Task ExportThenDryRunImport_ReferenceRows_AreAllUnchanged(DatabaseProvider provider, string ledger, bool csv)
    {
        var reference = await databases.GetAsync(provider);
        await using var ctx = reference.NewContext();

        var (count, report) = await RoundTrip.ExportThenDryRunAsync(ctx, ledger, csv, unmasked: false, Ct);

        Assert.True(count > 0);
        Assert.Equal(await StoredAsync(ctx, ledger), count);
        Assert.True(report.Status == ImportStatus.Validated, Explain(report));
        Assert.Equal((0, 0, count), (report.Inserted, report.Updated, report.Unchanged));
    }

    [Theory]
    [InlineData("needs")]
    [InlineData("offers")]
    [InlineData("inspections")]
    [InlineData("evaluations")]
    [InlineData("findings")]
    public async Task Template_ExampleRow_PassesADryRunOnTheReferenceData(string ledger)
    {
        var reference = await databases.GetAsync(DatabaseProvider.Sqlite);
        await using var ctx = reference.NewContext();
        var template = new MemoryStream();
        await TemplateWriter.WriteXlsxAsync(LedgerCatalog.Get(ledger), template, Ct);

        var report = await new LedgerImporter(ctx, ReferenceDatabases.Protector, new FixedClock(Services.Today))
            .ImportAsync(new MemoryStream(template.ToArray()), "模板.xlsx", ledger, new ImportOptions("测试员", DryRun: true), null, Ct);

        Assert.True(report.Status == ImportStatus.Validated, Explain(report));
        Assert.Equal(1, report.RowsRead);
    }

    [Fact]
    public async Task Export_ReferenceInspection_ListsTheFailedItemWithItsNote()
    {
        var reference = await databases.GetAsync(DatabaseProvider.Sqlite);
        await using var ctx = reference.NewContext();
        var exported = new MemoryStream();

        await new LedgerExporter(ctx, ReferenceDatabases.Protector).ExportAsync("inspections", exported, csv: true, Scope.Everything, 2000, 2100, unmasked: false, WriteContext.System("测试员"), Ct);
        var lines = Encoding.UTF8.GetString(exported.ToArray()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(Header("inspections"), lines[0].TrimStart('\uFEFF'));
        Assert.Single(lines, l => l.Contains(",6,6：一个插线板同时接了多台设备,", StringComparison.Ordinal));
        Assert.Equal(5, lines.Count(l => l.Contains(",安全生产十不准,", StringComparison.Ordinal) && l.Contains(",,,各项均符合要求,", StringComparison.Ordinal)));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Import_FiveLedgersInOrder_InsertsThenReimportIsUnchangedAndExportsRoundTrip(DatabaseProvider provider)
    {
        var (db, ctx, importer) = await ArrangeAsync(provider);
        await using var _ = db;
        await using var __ = ctx;

        foreach (var (ledger, file, rows) in Chain)
        {
            var report = await Import(importer, ledger, file());
            Assert.True(report.Status == ImportStatus.Committed, ledger + "：" + Explain(report));
            Assert.Equal((rows, 0, 0), (report.Inserted, report.Updated, report.Unchanged));
        }

        foreach (var (ledger, file, rows) in Chain)
        {
            var again = await Import(importer, ledger, file());
            Assert.Equal((ledger, 0, 0, rows), (ledger, again.Inserted, again.Updated, again.Unchanged));

            foreach (var csv in new[] { true, false })
            {
                var exported = new MemoryStream();
                var count = await new LedgerExporter(ctx, ReferenceDatabases.Protector).ExportAsync(ledger, exported, csv, Scope.Everything, 2000, 2100, unmasked: false, WriteContext.System("测试员"), Ct);
                var back = await importer.ImportAsync(new MemoryStream(exported.ToArray()), csv ? "导出.csv" : "导出.xlsx", ledger, new ImportOptions("测试员"), null, Ct);
                Assert.True(back.Status == ImportStatus.Committed, ledger + "：" + Explain(back));
                Assert.Equal((ledger, rows, 0, 0, rows), (ledger, count, back.Inserted, back.Updated, back.Unchanged));
            }
        }

        var need = await ctx.Rows<Need>(Scope.Everything).Include(n => n.MatchedProject).SingleAsync(n => n.Title == "乡村冷链仓储不足", Ct);
        Assert.Equal((MatchStatus.Matched, "DS-2023-001"), (need.Status, need.MatchedProject!.Code));
        Assert.Equal(MatchStatus.Open, (await ctx.Rows<Need>(Scope.Everything).SingleAsync(n => n.Title == "村小学缺少音乐教师", Ct)).Status);
        var offer = await ctx.Rows<Offer>(Scope.Everything).Include(o => o.MatchedNeed).SingleAsync(o => o.Title == "组织采购商到县冷库对接", Ct);
        Assert.Equal((MatchStatus.Matched, need.Id), (offer.Status, offer.MatchedNeedId!.Value));
        var round = await ctx.Rows<EvaluationRound>(Scope.Everything).SingleAsync(r => r.Year == 2023, Ct);
        Assert.Equal(("2023年度东西部协作国家考核评价", Grade.Good, true), (round.Name, round.Grade!.Value, round.Completed));
        var visit = await ctx.Rows<Inspection>(Scope.Everything).Include(i => i.Results).ThenInclude(r => r.Item).SingleAsync(i => i.Date == new DateOnly(2025, 3, 12), Ct);
        Assert.Equal(10, visit.Results.Count);
        Assert.Equal(FailedItems, visit.Results.Where(r => !r.Passed).Select(r => r.Item!.Number).Order());
        Assert.Equal("两名工人未戴安全帽", visit.Results.Single(r => r.Item!.Number == 3).Note);
        var findings = await ctx.Rows<Finding>(Scope.Everything).OrderBy(f => f.Date).ToListAsync(Ct);
        var provincial = await ctx.Rows<EvaluationRound>(Scope.Everything).SingleAsync(r => r.Year == 2024 && r.Level == EvaluationLevel.Provincial, Ct);
        Assert.Equal((provincial.Id, (long?)null), (findings[0].EvaluationRoundId!.Value, findings[0].InspectionId));
        Assert.Equal(visit.Id, findings[1].InspectionId);
        Assert.Equal((null, null), (findings[2].EvaluationRoundId, findings[2].InspectionId));
        var tasks = await ctx.Rows<RectificationTask>(Scope.Everything).OrderBy(t => t.Id).ToListAsync(Ct);
        Assert.Equal(new[] { RectificationStatus.Done, RectificationStatus.InProgress }, tasks.Select(t => t.Status));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Import_ChangedInspectionResults_UpdatesOneVisitAndUndoRestoresEveryResult(DatabaseProvider provider)
    {
        var (db, ctx, importer) = await ArrangeAsync(provider);
        await using var _ = db;
        await using var __ = ctx;
        await Import(importer, "inspections", Inspections());

        var updated = await Import(importer, "inspections", Inspections(failed: "6", notes: "插线板已更换但仍一闸多用"));

        Assert.True(updated.Status == ImportStatus.Committed, Explain(updated));
        Assert.Equal((0, 1, 1), (updated.Inserted, updated.Updated, updated.Unchanged));
        Assert.Equal(new List<(int, string?)> { (6, "插线板已更换但仍一闸多用") }, await FailedAsync(ctx));

        await importer.UndoAsync(updated.BatchId!.Value, "测试员", Ct);

        Assert.Equal(new List<(int, string?)> { (3, "两名工人未戴安全帽"), (6, "一个插线板接了多台设备") }, await FailedAsync(ctx));
        Assert.Equal((0, 0, 2), Counts(await Import(importer, "inspections", Inspections(), dryRun: true)));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Import_FindingCompleted_UpdatesItsRectificationAndUndoRestores(DatabaseProvider provider)
    {
        var (db, ctx, importer) = await ArrangeAsync(provider);
        await using var _ = db;
        await using var __ = ctx;
        foreach (var (ledger, file, _) in Chain)
        {
            await Import(importer, ledger, file());
        }

        var done = await Import(importer, "findings", Findings(secondStatus: "已完成", secondDone: "2025-03-20"));
        Assert.Equal((0, 1, 2), Counts(done));
        var task = await ctx.Rows<RectificationTask>(Scope.Everything).SingleAsync(t => t.Measure == "开展安全教育并配发安全帽", Ct);
        Assert.Equal((RectificationStatus.Done, new DateOnly(2025, 3, 20)), (task.Status, task.CompletedOn!.Value));

        await importer.UndoAsync(done.BatchId!.Value, "测试员", Ct);

        task = await ctx.Rows<RectificationTask>(Scope.Everything).SingleAsync(t => t.Measure == "开展安全教育并配发安全帽", Ct);
        Assert.Equal((RectificationStatus.InProgress, (DateOnly?)null), (task.Status, task.CompletedOn));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Import_UpdatedNeedOfferAndRound_UpdateOneRowEachAndUndoRestores(DatabaseProvider provider)
    {
        var (db, ctx, importer) = await ArrangeAsync(provider);
        await using var _ = db;
        await using var __ = ctx;
        foreach (var (ledger, file, _) in Chain.Take(3))
        {
            await Import(importer, ledger, file());
        }

        var need = await Import(importer, "needs", Needs(thirdStatus: "待对接"));
        var offer = await Import(importer, "offers", Offers().Replace("440112,2024,开放区内企业招聘信息,就业,待对接,,,,440112", "440112,2024,开放区内企业招聘信息,就业,,522726,,劳务工作站缺少岗位信息,440112", StringComparison.Ordinal));
        var round = await Import(importer, "evaluations", Evaluations().Replace("2027-03-20,否,,", "2026-11-20,是,一般,", StringComparison.Ordinal));

        Assert.Equal(new[] { (0, 1, 2), (0, 1, 2), (0, 1, 2) }, new[] { Counts(need), Counts(offer), Counts(round) });
        Assert.Equal(MatchStatus.Matched, (await ctx.Rows<Offer>(Scope.Everything).SingleAsync(o => o.Year == 2024, Ct)).Status);
        Assert.Equal(Grade.Average, (await ctx.Rows<EvaluationRound>(Scope.Everything).SingleAsync(r => r.Year == 2026, Ct)).Grade);

        await importer.UndoAsync(round.BatchId!.Value, "测试员", Ct);
        await importer.UndoAsync(offer.BatchId!.Value, "测试员", Ct);
        await importer.UndoAsync(need.BatchId!.Value, "测试员", Ct);

        var restored = await ctx.Rows<EvaluationRound>(Scope.Everything).SingleAsync(r => r.Year == 2026, Ct);
        Assert.Equal((false, (Grade?)null, new DateOnly(2027, 3, 20)), (restored.Completed, restored.Grade, restored.ConductedOn));
        var offer2024 = await ctx.Rows<Offer>(Scope.Everything).SingleAsync(o => o.Year == 2024, Ct);
        Assert.Equal((MatchStatus.Open, (long?)null), (offer2024.Status, offer2024.MatchedNeedId));
        Assert.Equal(MatchStatus.Closed, (await ctx.Rows<Need>(Scope.Everything).SingleAsync(n => n.Year == 2024, Ct)).Status);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Undo_InspectionsStillReferencedByFindings_IsRefusedThenRemovesVisitsAndResults(DatabaseProvider provider)
    {
        var (db, ctx, importer) = await ArrangeAsync(provider);
        await using var _ = db;
        await using var __ = ctx;
        var inspections = await Import(importer, "inspections", Inspections());
        await Import(importer, "evaluations", Evaluations());
        var findings = await Import(importer, "findings", Findings());

        await Assert.ThrowsAsync<DomainException>(() => importer.UndoAsync(inspections.BatchId!.Value, "测试员", Ct));
        await importer.UndoAsync(findings.BatchId!.Value, "测试员", Ct);
        await importer.UndoAsync(inspections.BatchId!.Value, "测试员", Ct);

        Assert.Equal((0, 0, 0), (await StoredAsync(ctx, "inspections"), await StoredAsync(ctx, "findings"), await ctx.Rows<RectificationTask>(Scope.Everything).CountAsync(Ct)));
        Assert.Equal(3, await StoredAsync(ctx, "evaluations"));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Import_ReferencesToRowsThatDoNotExist_AreRowErrorsOnTheColumnToFixAndSaveNothing(DatabaseProvider provider)
    {
        var (db, ctx, importer) = await ArrangeAsync(provider);
        await using var _ = db;
        await using var __ = ctx;
        await Import(importer, "needs", Needs());

        var project = await Import(importer, "needs", Needs().Replace("DS-2023-001", "DS-2023-999", StringComparison.Ordinal) + "甲村,2025,新需求,产业,,DS-2025-404,522726\n");
        var offer = await Import(importer, "offers", Offers().Replace(",,乡村冷链仓储不足,", ",2024,乡村冷链仓储不足,", StringComparison.Ordinal)
            .Replace(",村小学缺少音乐教师,", ",村小学缺少美术教师,", StringComparison.Ordinal));
        var round = await Import(importer, "evaluations", Header("evaluations")
            + "\n440106,522726,2023,国家考核,,2024-03-20,是,好,522726\n440112,522726,2020,国家考核,,2021-03-20,是,好,522726\n");
        var source = await Import(importer, "findings", Findings());

        AssertRowErrors(project,
            (2, "对接项目编号", "DS-2023-999", Missing, "项目台账中没有这个项目编号；请先导入项目台账"),
            (5, "对接项目编号", "DS-2025-404", Missing, "项目台账中没有这个项目编号；请先导入项目台账"));
        AssertRowErrors(offer,
            (2, "对接需求年度", "2024", Missing, "需求清单中独山县的“乡村冷链仓储不足”是 2023 年的需求，没有 2024 年的；请改正对接需求年度"),
            (3, "对接需求名称", "村小学缺少美术教师", Missing, "需求清单中没有甲村 2023 年的这项需求；请先导入需求清单"));
        AssertRowErrors(round,
            (2, "东部单位", "440106", Missing, "天河区与独山县之间没有结对关系；考核评价须挂在结对上"),
            (3, "年度", "2020", Missing, "黄埔区与独山县的结对期为 2021-01-01 起，2020 年不在其中"));
        AssertRowErrors(source,
            (2, "考核年度", "2024", Missing, "考核评价台账中没有黄埔区与独山县的 2024 年度省级考核；请先导入考核评价台账"),
            (3, "检查日期", "2025-03-12", Missing, "检查台账中没有甲村车间在 2025-03-12 的检查；请先导入检查台账"));
        Assert.Equal((3, 0, 0, 0, 0), (await StoredAsync(ctx, "needs"), await StoredAsync(ctx, "offers"), await StoredAsync(ctx, "evaluations"),
            await StoredAsync(ctx, "inspections"), await StoredAsync(ctx, "findings")));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Import_FindingOfARoundAtAnotherLevelOrOfASiteVisitedTwiceThatDay_IsARowErrorAndSavesNothing(DatabaseProvider provider)
    {
        var (db, ctx, importer) = await ArrangeAsync(provider);
        await using var _ = db;
        await using var __ = ctx;
        await Import(importer, "evaluations", Evaluations());
        await Import(importer, "inspections", Inspections());
        var workshop = await ctx.Organizations.SingleAsync(o => o.Code == "522726-W99", Ct);
        var fire = new Checklist { Code = "fire", Name = "消防检查", Items = [new ChecklistItem { Number = 1, Text = "消防通道畅通" }] };
        await TestTree.AddAsync(ctx, fire, new Inspection { SiteOrgId = workshop.Id, Checklist = fire, Date = new DateOnly(2025, 3, 12), Inspector = "县消防大队", OwnerOrgId = workshop.Id });
        ctx.ChangeTracker.Clear();

        var report = await Import(importer, "findings", Findings().Replace("省级考核,440112", "国家考核,440112", StringComparison.Ordinal));

        AssertRowErrors(report,
            (2, "问题来源", "国家考核", Missing, "考核评价台账中黄埔区与独山县的 2024 年度只有省级考核，没有国家考核；请改正问题来源或考核年度"),
            (3, "检查日期", "2025-03-12", "逻辑矛盾", "甲村车间在 2025-03-12 有 2 次检查（不同检查清单），无法确定问题出自哪一次；请把问题来源改为“其他”"));
        Assert.Equal(0, await StoredAsync(ctx, "findings"));
    }

    private const string Missing = "引用不存在";

    /// <summary>The file is rejected with exactly these errors, in this order: row, column, shown value, kind, and a part of the reason.</summary>
    private static void AssertRowErrors(ImportReport report, params (int Row, string Column, string Value, string Kind, string Reason)[] expected)
    {
        Assert.Equal(ImportStatus.Rejected, report.Status);
        Assert.Equal(expected.Select(e => (e.Row, e.Column, e.Value, e.Kind)), report.Errors.Select(e => (e.Row, e.Column, e.Value, e.Kind)));
        foreach (var (wanted, error) in expected.Zip(report.Errors))
        {
            Assert.Contains(wanted.Reason, error.Reason, StringComparison.Ordinal);
        }

        Assert.Equal(expected.Select(e => e.Row).Distinct().Count(), report.Rejected);
    }

    /// <summary>
    /// The importer may hand valid rows to a ledger in several chunks, saving in between: applying each file one row at a
    /// time must write exactly what one call does, and the whole file afterwards must find every row unchanged.
    /// </summary>
    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Apply_InChunksOfOneRow_WritesTheSameAsOneCall(DatabaseProvider provider)
    {
        var (db, ctx, importer) = await ArrangeAsync(provider);
        await using var _ = db;
        await using var __ = ctx;

        foreach (var (ledger, file, rows) in Chain)
        {
            var first = await ApplyInChunksAsync(ctx, ledger, file(), 1);
            Assert.Equal((ledger, rows, 0, 0), (ledger, first.Inserted, first.Updated, first.Unchanged));
            var whole = await Import(importer, ledger, file());
            Assert.Equal((ledger, 0, 0, rows), (ledger, whole.Inserted, whole.Updated, whole.Unchanged));
            var again = await ApplyInChunksAsync(ctx, ledger, file(), 2);
            Assert.Equal((ledger, 0, 0, rows), (ledger, again.Inserted, again.Updated, again.Unchanged));
        }

        var changed = await ApplyInChunksAsync(ctx, "inspections", Inspections(failed: "", notes: ""), 1);
        Assert.Equal((0, 1, 1), changed);
        Assert.Empty(await FailedAsync(ctx));
    }

    private static (int, int, int) Counts(ImportReport report) => (report.Inserted, report.Updated, report.Unchanged);

    private static async Task<List<(int, string?)>> FailedAsync(CounterpartDbContext ctx) =>
        (await ctx.Rows<Inspection>(Scope.Everything).Where(i => i.Date == new DateOnly(2025, 3, 12))
            .SelectMany(i => i.Results).Where(r => !r.Passed).Select(r => new { r.Item!.Number, r.Note }).ToListAsync(Ct))
        .OrderBy(r => r.Number).Select(r => (r.Number, r.Note)).ToList();

    /// <summary>Reads and checks a file as the importer does, then checks its valid rows against stored data and applies them in chunks inside one write.</summary>
    private static async Task<(int Inserted, int Updated, int Unchanged)> ApplyInChunksAsync(CounterpartDbContext ctx, string ledgerName, string csv, int chunkSize)
    {
        var ledger = LedgerCatalog.Get(ledgerName);
        var orgs = await OrgDirectory.LoadAsync(ctx, Ct);
        using var reader = TableFile.Open(new MemoryStream(Encoding.UTF8.GetBytes(csv)), ledgerName + ".csv");
        var errors = new List<ImportError>();
        var map = HeaderMap.Build(reader.Header, ledger.Columns, errors, []);
        var rows = new List<RowValues>();
        foreach (var row in reader.Rows().Where(r => !r.IsBlank))
        {
            var values = RowValues.Read(row, map, ledger.Columns, orgs, Today);
            Assert.NotNull(ledger.Check(values, orgs, Today));
            rows.Add(values);
        }

        Assert.Empty(errors);
        var context = new ImportApplyContext(ctx, ReferenceDatabases.Protector, orgs, Today);
        await new LedgerWriter(ctx).WriteAsync(WriteContext.System("测试员"), async (d, c) =>
        {
            foreach (var chunk in rows.Chunk(chunkSize))
            {
                await ledger.CheckStoredAsync(context, chunk, c);
                Assert.All(chunk, r => Assert.True(r.Ok, string.Join("；", r.Errors.Select(e => $"{e.Row} {e.Column} {e.Value} {e.Reason}"))));
                await ledger.ApplyAsync(context, chunk, c);
                await d.SaveChangesAsync(c);
            }
        }, Ct);
        ctx.ChangeTracker.Clear();
        return (context.Inserted, context.Updated, context.Unchanged);
    }
}
