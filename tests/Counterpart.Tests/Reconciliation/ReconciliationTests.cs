using System.Globalization;
using System.Text;
using Counterpart.Consumption;
using Counterpart.Data;
using Counterpart.Donations;
using Counterpart.Indicators;
using Counterpart.Ledgers;
using Counterpart.Projects;
using Counterpart.Reconciliation;
using Counterpart.Talent;
using Counterpart.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Counterpart.Tests.Reconciliation;

/// <summary>
/// East–west reconciliation: on the reference data each flow is reported by one side only (the other side's lists are
/// not in it), and the totals are the ledgers' own; with the other side's lists imported, exactly the planted
/// differences come out — an item missing on either side, an amount changed, a transfer booked in the next year — and an
/// explanation takes a difference off the flagged list.
/// </summary>
public sealed class ReconciliationTests(ReferenceDatabases databases)
{
    public static TheoryData<DatabaseProvider> Providers => Checkout.BothProviders;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Pairing = "440112:522726";

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ReferenceData_EachFlowAwaitsTheOtherSide_WithTheLedgersTotals(DatabaseProvider provider)
    {
        var db = await databases.GetAsync(provider);
        await using var ctx = db.NewContext();

        var report = await Reconciliation(ctx).ForPairingAsync(Pairing, 2021, 2025, Scope.Everything, Ct);
        var summary = await Services.Indicators(ctx).ForPairingAsync(Pairing, 2021, 2025, Scope.Everything, Ct);

        var flows = report.Flows.ToDictionary(f => (f.Kind, f.Direction));
        var funds = flows[(FlowKind.FiscalAid, Direction.EastToWest)];
        Assert.Equal(FlowState.AwaitingEast, funds.State);
        Assert.Equal(summary.Results.Single(r => r.Indicator.Code == "fiscal_aid").Measure.Total * 10_000m, funds.West.Amount);
        Assert.Equal(0, funds.East.Items);
        Assert.Equal(FlowState.AwaitingWest, flows[(FlowKind.People, Direction.EastToWest)].State);
        Assert.Equal(FlowState.AwaitingEast, flows[(FlowKind.People, Direction.WestToEast)].State);
        Assert.Equal(FlowState.AwaitingEast, flows[(FlowKind.Purchases, Direction.EastToWest)].State);
        var gifts = flows[(FlowKind.Donations, Direction.EastToWest)];
        Assert.Equal(FlowState.AwaitingWest, gifts.State);
        Assert.Equal(summary.Results.Single(r => r.Indicator.Code == "donations").Measure.Total * 10_000m, gifts.East.Amount);
        Assert.All(report.Flows, f => Assert.Empty(f.Differences));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task OtherSidesLists_PlantedDifferences_AreExactlyTheOnesFound(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var ctx = db.NewContext();
        var t = await TestTree.CreateAsync(ctx);

        // What each side keeps: the county the funds that arrived (five projects), the district the people it sent (three)
        // and the gifts (three).
        Project Project(int i, DateOnly paid, decimal amount) => new()
        {
            Code = $"DS-2023-00{i}", Year = 2023, Name = $"项目{i}", Status = ProjectStatus.Implementing, WestOrgId = t.VillageA.Id, EastOrgId = t.Huangpu.Id,
            OwnerOrgId = t.Dushan.Id, ApprovedOn = new DateOnly(2023, 2, 1),
            Funds = [new ProjectFund { Source = FundSource.Cooperation, Stage = FundStage.Disbursement, Date = paid, Amount = amount }],
        };
        TalentPerson Person(string name, string? id) => new()
        {
            Name = name, IdNumber = id is null ? null : ReferenceDatabases.Protector.ProtectId(id), Profession = Profession.Teacher, OwnerOrgId = t.Huangpu.Id,
            RegisteredOn = new DateOnly(2023, 1, 1),
        };
        TalentAssignment Stay(TalentPerson p, DateOnly start) => new()
        {
            Person = p, Category = AssignmentCategory.Teaching, Direction = Direction.EastToWest, EastOrgId = t.Huangpu.Id, WestOrgId = t.Dushan.Id,
            StartDate = start, OwnerOrgId = t.Huangpu.Id,
        };
        Donation Gift(string receipt, decimal amount) => new()
        {
            EastOrgId = t.Huangpu.Id, WestOrgId = t.Dushan.Id, Kind = DonationKind.Money, Date = new DateOnly(2023, 6, 1), Amount = amount, ReceiptNo = receipt,
            OwnerOrgId = t.Huangpu.Id,
        };
        // Project 6 received money in 2022 and in 2023.
        var twoYearProject = Project(6, new DateOnly(2023, 6, 1), 200_000m);
        twoYearProject.Funds.Add(new ProjectFund { Source = FundSource.Cooperation, Stage = FundStage.Disbursement, Date = new DateOnly(2022, 6, 1), Amount = 100_000m });
        var (li, wang, zhao) = (Person("李明", "440112198505061239"), Person("王芳", "440112199003071220"), Person("赵强", null));
        await TestTree.AddAsync(ctx,
            new Counterpart.Pairings.Pairing { Kind = Counterpart.Pairings.PairingKind.DistrictCounty, EastOrgId = t.Huangpu.Id, WestOrgId = t.Dushan.Id, StartDate = new DateOnly(2021, 1, 1), OwnerOrgId = t.Dushan.Id },
            Project(1, new DateOnly(2023, 3, 1), 1_000_000m), Project(2, new DateOnly(2023, 4, 1), 2_000_000m), Project(3, new DateOnly(2023, 5, 1), 3_000_000m),
            Project(4, new DateOnly(2023, 1, 6), 400_000m), Project(5, new DateOnly(2023, 6, 1), 500_000m), twoYearProject,
            Stay(li, new DateOnly(2023, 3, 1)), Stay(wang, new DateOnly(2023, 3, 1)), Stay(zhao, new DateOnly(2023, 9, 1)),
            Gift("JZ-1", 10_000m), Gift("JZ-2", 20_000m), Gift("JZ-3", 30_000m));

        // The district's list of funds: project 2 left out, 3 with 50,000 more, 4 sent on 28 December (in its 2022 list),
        // and one the county does not have; 1 agrees, and so does 5, sent on 30 December but put in the 2023 list, and 6,
        // whose 2022 money is not in a year both sides reported.
        await ImportAsync(ctx, [
            Line("财政援助资金", "DS-2023-001", new DateOnly(2023, 3, 1), 1_000_000m), Line("财政援助资金", "DS-2023-003", new DateOnly(2023, 5, 1), 3_050_000m),
            Line("财政援助资金", "ds-2023-004", new DateOnly(2022, 12, 28), 400_000m), Line("财政援助资金", "DS-2023-005", new DateOnly(2022, 12, 30), 500_000m, year: 2023),
            Line("财政援助资金", "HP-EXTRA-001", new DateOnly(2023, 9, 1), 300_000m),
            Line("财政援助资金", "DS-2023-006", new DateOnly(2023, 6, 1), 200_000m)], owner: "440112");
        // The county's list of the people who arrived: 王芳 (by ID number) and 赵强 (by name) agree, 李明 is missing, and
        // somebody the district never recorded.
        await ImportAsync(ctx, [PersonLine("王芳", "440112199003071220", new DateOnly(2023, 3, 1)), PersonLine("赵强", "", new DateOnly(2023, 9, 1)),
            PersonLine("对账测试员", "", new DateOnly(2023, 3, 1))], owner: "522726");
        // The county's list of gifts received: one amount mistyped.
        await ImportAsync(ctx, [Line("社会捐赠", "JZ-1", new DateOnly(2023, 6, 1), 10_000m), Line("社会捐赠", "JZ-2", new DateOnly(2023, 6, 1), 19_999m),
            Line("社会捐赠", "JZ-3", new DateOnly(2023, 6, 1), 30_000m)], owner: "522726");

        var reconciliation = Reconciliation(ctx);
        var report = await reconciliation.ForPairingAsync(Pairing, 2023, 2023, Scope.Everything, Ct);
        var flows = report.Flows.ToDictionary(f => (f.Kind, f.Direction));

        var funds = flows[(FlowKind.FiscalAid, Direction.EastToWest)];
        Assert.Equal(FlowState.Differs, funds.State);
        Assert.Equal(
            [("P:DS-2023-002", ItemStatus.WestOnly), ("P:DS-2023-003", ItemStatus.AmountDiffers), ("P:DS-2023-004", ItemStatus.YearDiffers), ("P:HP-EXTRA-001", ItemStatus.EastOnly)],
            funds.Differences.Select(d => (d.Key, d.Status)).OrderBy(d => d.Key, StringComparer.Ordinal));
        Assert.Equal(3, funds.Matched);
        Assert.Equal((new SideTotal(5, 5_050_000m), new SideTotal(6, 7_100_000m)), (funds.East, funds.West));
        Assert.Equal(50_000m, funds.Differences.Single(d => d.Status == ItemStatus.AmountDiffers).Difference);
        var shifted = funds.Differences.Single(d => d.Status == ItemStatus.YearDiffers);
        Assert.Equal([2022], shifted.EastYears);
        Assert.Equal([2023], shifted.WestYears);
        Assert.Equal("DS-2023-004 项目4", shifted.Label);
        Assert.All(funds.Differences, d => Assert.True(d.Flagged));
        Assert.Equal("project-funds", funds.Differences.Single(d => d.Status == ItemStatus.WestOnly).WestRows.Single().Ledger);

        var people = flows[(FlowKind.People, Direction.EastToWest)];
        Assert.Equal([(ItemStatus.EastOnly, "李明（440112********1239）"), (ItemStatus.WestOnly, "对账测试员")], people.Differences.Select(d => (d.Status, d.Label)).OrderBy(d => d.Status));
        Assert.Equal([new RowRef("talent", (await ctx.Rows<TalentAssignment>(Scope.Everything).SingleAsync(a => a.PersonId == li.Id, Ct)).Id)],
            people.Differences.Single(d => d.Status == ItemStatus.EastOnly).EastRows);
        Assert.Equal(2, people.Matched);
        Assert.Equal(FlowState.Empty, flows[(FlowKind.People, Direction.WestToEast)].State);
        Assert.Equal(FlowState.Empty, flows[(FlowKind.Purchases, Direction.EastToWest)].State);

        var gifts = flows[(FlowKind.Donations, Direction.EastToWest)];
        Assert.Equal(("R:" + t.Dushan.Id + ":JZ-2", 1m), (gifts.Differences.Single().Key, gifts.Differences.Single().Difference));
        Assert.Equal(2, gifts.Matched);

        // Over 2022–2023 the transfer of 28 December is still a difference of year, not of amount.
        // Over 2022–2023 both sides reported 2022 too, so project 6's 2022 money, missing from the district's lists, shows.
        var twoYears = (await reconciliation.ForPairingAsync(Pairing, 2022, 2023, Scope.Everything, Ct)).Flows[0];
        Assert.Equal([2022, 2023], twoYears.Compared);
        Assert.Equal(ItemStatus.YearDiffers, twoYears.Differences.Single(d => d.Key == "P:DS-2023-004").Status);
        var partly = twoYears.Differences.Single(d => d.Key == "P:DS-2023-006");
        Assert.Equal((ItemStatus.AmountDiffers, -100_000m), (partly.Status, partly.Difference));
        Assert.Equal([2022, 2023], partly.WestYears);

        // Over 2023–2024 the county reported no 2024 funds and the district none either: 2024 is simply empty.
        var later = (await reconciliation.ForPairingAsync(Pairing, 2023, 2024, Scope.Everything, Ct)).Flows[0];
        Assert.Equal([2023], later.Compared);
        Assert.Empty(later.AwaitingEast);
        Assert.Empty(later.AwaitingWest);

        // The district explains the extra project: it leaves the flagged list and shows the explanation.
        var extra = funds.Differences.Single(d => d.Status == ItemStatus.EastOnly);
        var writer = new WriteContext("黄埔区经办人", Scope.Of(t.Huangpu)) { OrgId = t.Huangpu.Id };
        await reconciliation.ExplainAsync(writer, Pairing, extra.Kind, extra.Direction, extra.Key, "该项目资金由区财政直接拨付至企业，县里未入账", Ct);
        var after = (await reconciliation.ForPairingAsync(Pairing, 2023, 2023, Scope.Everything, Ct)).Flows.Single(f => f.Kind == FlowKind.FiscalAid);
        Assert.Equal((3, 1), (after.Flagged, after.Explained));
        Assert.Equal("黄埔区经办人", after.Differences.Single(d => d.Key == extra.Key).Note!.Author);

        // The county reads the same reconciliation, explanation included (each side sees the other's lists and notes).
        var dushanView = await reconciliation.ForPairingAsync(Pairing, 2023, 2023, Scope.Of(t.Dushan), Ct);
        Assert.Equal(after.Differences.Select(d => (d.Key, d.Status, d.Note?.Text)),
            dushanView.Flows.Single(f => f.Kind == FlowKind.FiscalAid).Differences.Select(d => (d.Key, d.Status, d.Note?.Text)));

        // An explanation needs words.
        var empty = await Assert.ThrowsAsync<DomainException>(() => reconciliation.ExplainAsync(writer, Pairing, extra.Kind, extra.Direction, extra.Key, "  ", Ct));
        Assert.Contains("请写明差异的原因", empty.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task StatementLedger_BadRows_NamedAndNothingSaved(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var ctx = db.NewContext();
        await TestTree.CreateAsync(ctx);
        var csv = Header + "\n"
            + "干部人才,440112,522726,,,,东→西,2023-03-01,1000,,522726\n"
            + "财政援助资金,440112,522726,,,,,2023-03-01,1000,,440112\n"
            + "财政援助资金,440112,522726,DS-1,,,,2023-03-01,,,440112\n"
            + "社会捐赠,440112,522726,R-1,张三,,,2023-03-01,100,,522726\n"
            + "社会捐赠,440112,522722,R-1,,,,2027-01-01,100,,440000\n"
            + "社会捐赠,440112,440100,R-1,,,,2023-03-01,100,,440112\n"
            + "社会捐赠,440112,522726,R-2,,,,2023-03-01,100,,440112,2025\n";

        var report = await Importer(ctx).ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv)), "清单.csv", "statements", new ImportOptions("测试员"), null, Ct);

        Assert.Equal(ImportStatus.Rejected, report.Status);
        Assert.Equal(
            [(2, "姓名", "类别为“干部人才”时必填"), (2, "金额（元）", "干部人才按人对账，不填金额"), (3, "凭据号", "类别为“财政援助资金”时必填（项目编号）"),
                (4, "金额（元）", "类别为“财政援助资金”时必填"), (5, "姓名", "只有干部人才填姓名、身份证号和人员方向"), (6, "日期", "日期晚于今天"),
                (7, "西部单位", "与东部单位同在广东省，不是东西部之间的往来；请核对两个单位是否填反或填错"),
                (8, "对账年度", "与日期（2023年）相差超过一年；对账年度只能是日期所在年度或其前后一年")],
            report.Errors.Select(e => (e.Row, e.Column, e.Reason)));
        Assert.Equal(0, await ctx.Rows<FlowStatement>(Scope.Everything).CountAsync(Ct));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task StatementLedger_ImportReimportAndExport_RoundTrip(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var ctx = db.NewContext();
        await TestTree.CreateAsync(ctx);
        var lines = new[]
        {
            Line("财政援助资金", "DS-2023-001", new DateOnly(2023, 5, 1), 1_200_000m),
            PersonLine("李明", "440112198505061239", new DateOnly(2023, 4, 1)),
        };
        await ImportAsync(ctx, lines, owner: "440112");
        var again = await Importer(ctx).ImportAsync(File(lines, "440112"), "清单.csv", "statements", new ImportOptions("测试员"), null, Ct);
        Assert.Equal((0, 0, 2), (again.Inserted, again.Updated, again.Unchanged));

        var (count, dryRun) = await RoundTrip.ExportThenDryRunAsync(ctx, "statements", csv: true, unmasked: true, Ct);
        Assert.Equal(2, count);
        Assert.Equal((0, 0, 2), (dryRun.Inserted, dryRun.Updated, dryRun.Unchanged));
        var stored = await ctx.Rows<FlowStatement>(Scope.Everything).SingleAsync(s => s.Kind == FlowKind.People, Ct);
        Assert.Equal("440112********1239", stored.IdNumber!.Masked);
    }

    private const string Header = "类别,东部单位,西部单位,凭据号,姓名,身份证号,人员方向,日期,金额（元）,说明,填报单位,对账年度";

    private static string Line(string kind, string reference, DateOnly date, decimal amount, int? year = null) =>
        $"{kind},440112,522726,{reference},,,,{date:yyyy-MM-dd},{amount.ToString("0.##", CultureInfo.InvariantCulture)},,{{owner}},{year}";

    private static string PersonLine(string name, string id, DateOnly date) => $"干部人才,440112,522726,,{name},{id},东→西,{date:yyyy-MM-dd},,,{{owner}},";

    private static MemoryStream File(IEnumerable<string> lines, string owner) =>
        new(Encoding.UTF8.GetBytes(Header + "\n" + string.Join("\n", lines.Select(l => l.Replace("{owner}", owner, StringComparison.Ordinal))) + "\n"));

    private static async Task ImportAsync(CounterpartDbContext ctx, IEnumerable<string> lines, string owner)
    {
        var report = await Importer(ctx).ImportAsync(File(lines, owner), "清单.csv", "statements", new ImportOptions("测试员"), null, Ct);
        Assert.True(report.Status == ImportStatus.Committed, string.Join("；", report.Errors.Take(5).Select(e => $"{e.Row} {e.Column} {e.Value} {e.Reason}")));
    }

    private static LedgerImporter Importer(CounterpartDbContext ctx) => new(ctx, ReferenceDatabases.Protector, new FixedClock(Services.Today));

    private static FlowReconciliation Reconciliation(CounterpartDbContext ctx) => new(ctx, Services.Indicators(ctx), new FixedClock(Services.Today));

}
