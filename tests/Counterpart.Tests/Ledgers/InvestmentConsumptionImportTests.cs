using System.Text;
using Counterpart.Consumption;
using Counterpart.Data;
using Counterpart.Donations;
using Counterpart.Investment;
using Counterpart.Ledgers;
using Counterpart.Ledgers.Files;
using Counterpart.Organizations;
using Counterpart.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Counterpart.Tests.Ledgers;

/// <summary>
/// The investment, inflow, product, sales and donation ledgers on both databases: export → import round trips against
/// the reference data (dry runs only), and committed imports, re-imports, updates and undo on private databases.
/// </summary>
public sealed class InvestmentConsumptionImportTests(ReferenceDatabases databases)
{
    public static TheoryData<DatabaseProvider> Providers => Checkout.BothProviders;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string[] LedgerNames = ["investment", "investment-inflows", "products", "sales", "donations"];

    /// <summary>Every ledger as CSV on both databases; the three larger ones also as .xlsx.</summary>
    public static TheoryData<DatabaseProvider, string, bool> RoundTrips()
    {
        var data = new TheoryData<DatabaseProvider, string, bool>();
        foreach (var provider in new[] { DatabaseProvider.Sqlite, DatabaseProvider.Postgres })
        {
            foreach (var ledger in LedgerNames)
            {
                data.Add(provider, ledger, true);
            }

            data.Add(provider, "investment", false);
            data.Add(provider, "sales", false);
            data.Add(provider, "donations", false);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RoundTrips))]
    public async Task ExportThenDryRunImport_ReferenceRows_AreAllUnchanged(DatabaseProvider provider, string ledger, bool csv)
    {
        var reference = await databases.GetAsync(provider);
        await using var ctx = reference.NewContext();

        var (count, report) = await RoundTrip.ExportThenDryRunAsync(ctx, ledger, csv, unmasked: false, Ct);

        Assert.True(count > 0);
        Assert.Equal(await StoredCountAsync(ctx, ledger), count);
        Assert.True(report.Status == ImportStatus.Validated, string.Join("；", report.Errors.Take(10).Select(e => $"{e.Row} {e.Column} {e.Value} {e.Reason}")));
        Assert.Equal((0, 0, count), (report.Inserted, report.Updated, report.Unchanged));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Export_OneYear_HoldsOnlyThatYearsSalesAndInflows(DatabaseProvider provider)
    {
        var reference = await databases.GetAsync(provider);
        await using var ctx = reference.NewContext();
        var exporter = new LedgerExporter(ctx, ReferenceDatabases.Protector);

        var sales2023 = await exporter.ExportAsync("sales", new MemoryStream(), csv: true, Scope.Everything, 2023, 2023, unmasked: false, WriteContext.System("测试员"), Ct);
        var inflows2023 = await exporter.ExportAsync("investment-inflows", new MemoryStream(), csv: true, Scope.Everything, 2023, 2023, unmasked: false, WriteContext.System("测试员"), Ct);

        var from = new DateOnly(2023, 1, 1);
        var to = new DateOnly(2023, 12, 31);
        Assert.Equal(await ctx.Rows<Sale>(Scope.Everything).CountAsync(s => s.Date >= from && s.Date <= to, Ct), sales2023);
        Assert.Equal(await ctx.Rows<GuidedInvestment>(Scope.Everything).SelectMany(i => i.Inflows).CountAsync(f => f.Date >= from && f.Date <= to, Ct), inflows2023);
    }

    /// <summary>The example row of each template is a valid row against the reference data (inflows need a stored investment, so they are left out).</summary>
    [Theory]
    [InlineData("investment")]
    [InlineData("products")]
    [InlineData("sales")]
    [InlineData("donations")]
    public async Task Template_ExampleRow_PassesADryRunOnTheReferenceData(string ledger)
    {
        var reference = await databases.GetAsync(DatabaseProvider.Sqlite);
        await using var ctx = reference.NewContext();
        var template = new MemoryStream();
        await TemplateWriter.WriteCsvAsync(LedgerCatalog.Get(ledger), template, Ct);

        var report = await new LedgerImporter(ctx, ReferenceDatabases.Protector, new FixedClock(Services.Today))
            .ImportAsync(new MemoryStream(template.ToArray()), "模板.csv", ledger, new ImportOptions("测试员", DryRun: true), null, Ct);

        Assert.True(report.Status == ImportStatus.Validated, string.Join("；", report.Errors.Select(e => $"{e.Row} {e.Column} {e.Value} {e.Reason}")));
        Assert.Equal(1, report.Inserted + report.Updated + report.Unchanged);
    }

    internal static async Task<int> StoredCountAsync(CounterpartDbContext ctx, string ledger) => ledger switch
    {
        "investment" => await ctx.Rows<GuidedInvestment>(Scope.Everything).CountAsync(Ct),
        "investment-inflows" => await ctx.Rows<GuidedInvestment>(Scope.Everything).SelectMany(i => i.Inflows).CountAsync(Ct),
        "products" => await ctx.Rows<Product>(Scope.Everything).CountAsync(Ct),
        "sales" => await ctx.Rows<Sale>(Scope.Everything).CountAsync(Ct),
        "donations" => await ctx.Rows<Donation>(Scope.Everything).CountAsync(Ct),
        _ => throw new ArgumentOutOfRangeException(nameof(ledger)),
    };

    // ---- Private databases: the hand-built tree plus a few units ----

    private static string HeaderOf(string ledger) => string.Join(",", LedgerCatalog.Get(ledger).Columns.Select(c => c.Header));

    private static string Investments(string amount = "5000") => string.Join("\n",
        HeaderOf("investment"),
        $"440112-E01,522726-E01,522726-P01,食用菌,落地,2022-01-10,2022-06-01,{amount},522726",
        "广州某电子有限公司,522726,,电子元件,签约,2024-05-01,,3000,522726") + "\n";

    private static string Inflows(string second = "800.5") => string.Join("\n",
        HeaderOf("investment-inflows"),
        "440112-E01,522726-E01,2022-01-10,2022-07-01,1200",
        $"440112-E01,独山某食用菌有限公司,2022/1/10,2023-03-15,{second}") + "\n";

    private static string Products(string code1 = "xfbf-t-001") => string.Join("\n",
        HeaderOf("products"),
        $"{code1},香菇干品,食用菌,522726-E01,2023-03-01,产自独山，带动农户种菇,522726",
        "XFBF-T-002,黑木耳,食用菌,522726-E01,2023年3月1日,,522726") + "\n";

    private static string Sales(string amount = "12800", string product = "XFBF-T-001") => string.Join("\n",
        HeaderOf("sales"),
        $"522726-E01,FP0001,{product},采购,工会采购,2024-06-18,{amount},440112-B01,,是,522726",
        "522726-E01,FP0002,,帮销,电商平台,2024-07-01,0.5万,440112-B01,,是,522726",
        "522726-E01,LOCAL01,xfbf-t-002,采购,商超市场,2024-07-02,300,,县内超市,否,522726") + "\n";

    private static string Donations(string purpose = "助学") => string.Join("\n",
        HeaderOf("donations"),
        $"甲村,JZ2024-0001,440112-E02,,资金,2024-04-11,100000,{purpose},440112",
        "乙村,JZ2024-0001,,张某,物资,2024-05-01,2万,冬衣被褥,440112") + "\n";

    private static async Task<(TestDatabase Db, CounterpartDbContext Ctx, LedgerImporter Importer)> ArrangeAsync(DatabaseProvider provider)
    {
        var db = await TestDatabase.CreateAsync(provider);
        var ctx = db.NewContext();
        var t = await TestTree.CreateAsync(ctx);
        await new LedgerWriter(ctx).WriteAsync(WriteContext.System("test"), async (d, c) =>
        {
            (string Code, string Name, OrgKind Kind, Organization Parent)[] units =
            [
                ("440112-E01", "广州某农业投资有限公司", OrgKind.Enterprise, t.Huangpu), ("440112-E02", "广州某电子有限公司", OrgKind.Enterprise, t.Huangpu),
                ("440112-B01", "黄埔区某总工会", OrgKind.Agency, t.Huangpu), ("522726-E01", "独山某食用菌有限公司", OrgKind.Enterprise, t.Dushan),
                ("522726-P01", "独山某产业园", OrgKind.IndustrialPark, t.Dushan),
            ];
            var created = units.Select(u => (Org: new Organization { Code = u.Code, Name = u.Name, Kind = u.Kind, ParentId = u.Parent.Id }, u.Parent)).ToList();
            d.AddRange(created.Select(x => x.Org));
            await d.SaveChangesAsync(c);
            foreach (var (org, parent) in created)
            {
                OrganizationTree.AssignPath(org, parent);
            }
        }, Ct);
        ctx.ChangeTracker.Clear();
        return (db, ctx, new LedgerImporter(ctx, ReferenceDatabases.Protector, new FixedClock(Services.Today)));
    }

    private static async Task<ImportReport> Import(LedgerImporter importer, string ledger, string csv)
    {
        var report = await importer.ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv)), ledger + ".csv", ledger, new ImportOptions("测试员"), null, Ct);
        Assert.True(report.Status == ImportStatus.Committed, string.Join("；", report.Errors.Select(e => $"{e.Row} {e.Column} {e.Value} {e.Reason}")));
        return report;
    }

    private static (int, int, int) Counts(ImportReport r) => (r.Inserted, r.Updated, r.Unchanged);

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Import_InvestmentsThenInflows_InsertReimportUpdateAndUndo(DatabaseProvider provider)
    {
        var (db, ctx, importer) = await ArrangeAsync(provider);
        await using var _ = db;
        await using var __ = ctx;

        Assert.Equal((2, 0, 0), Counts(await Import(importer, "investment", Investments())));
        Assert.Equal((0, 0, 2), Counts(await Import(importer, "investment", Investments())));
        var raised = await Import(importer, "investment", Investments(amount: "5200"));
        Assert.Equal((0, 1, 1), Counts(raised));
        Assert.Contains(52_000_000m, await ctx.Rows<GuidedInvestment>(Scope.Everything).Select(i => i.SignedAmount).ToListAsync(Ct));

        var inserted = await Import(importer, "investment-inflows", Inflows());
        Assert.Equal((2, 0, 0), Counts(inserted));
        Assert.Equal((0, 0, 2), Counts(await Import(importer, "investment-inflows", Inflows())));
        var corrected = await Import(importer, "investment-inflows", Inflows(second: "900"));
        Assert.Equal((0, 1, 1), Counts(corrected));
        Assert.Equal([12_000_000m, 9_000_000m], await InflowAmountsAsync(ctx));

        await importer.UndoAsync(corrected.BatchId!.Value, "测试员", Ct);
        Assert.Equal([12_000_000m, 8_005_000m], await InflowAmountsAsync(ctx));
        await importer.UndoAsync(inserted.BatchId!.Value, "测试员", Ct);
        Assert.Empty(await InflowAmountsAsync(ctx));
        await importer.UndoAsync(raised.BatchId!.Value, "测试员", Ct);
        Assert.Equal([30_000_000m, 50_000_000m], await ctx.Rows<GuidedInvestment>(Scope.Everything).OrderBy(i => i.SignedAmount).Select(i => i.SignedAmount).ToListAsync(Ct));
    }

    private static Task<List<decimal>> InflowAmountsAsync(CounterpartDbContext ctx) =>
        ctx.Rows<GuidedInvestment>(Scope.Everything).SelectMany(i => i.Inflows).OrderBy(f => f.Date).Select(f => f.Amount).ToListAsync(Ct);

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Import_InflowsOfAnUnknownOrUnlandedInvestment_AreRowErrorsOnTheSigningDateAndSaveNothing(DatabaseProvider provider)
    {
        var (db, ctx, importer) = await ArrangeAsync(provider);
        await using var _ = db;
        await using var __ = ctx;
        await Import(importer, "investment", Investments());
        var batches = await ctx.Rows<ImportBatch>(Scope.Everything).CountAsync(Ct);

        var report = await importer.ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(HeaderOf("investment-inflows") + "\n"
                + "440112-E01,522726-E01,2022-01-10,2022-07-01,100\n"
                + "440112-E02,522726,2024-05-01,2024-06-01,100\n"
                + "440112-E01,522726-E01,2022-01-11,2022-07-01,100\n"
                + "440112-E02,522726-E01,2022-01-10,2022-07-01,100\n")),
            "到位.csv", "investment-inflows", new ImportOptions("测试员"), null, Ct);

        Assert.Equal((ImportStatus.Rejected, 3), (report.Status, report.Rejected));
        Assert.Collection(report.Errors,
            e => AssertRowError(e, 3, "签约日期", "2024-05-01", "逻辑矛盾", "“广州某电子有限公司”在“独山县”的这项投资尚未落地，不能登记到位资金；请先在引导企业投资台账中把投资状态改为“落地”"),
            e => AssertRowError(e, 4, "签约日期", "2022-01-11", "引用不存在", "“广州某农业投资有限公司”在“独山某食用菌有限公司”的投资中没有这一天签约的（已登记的签约日期：2022-01-10）"),
            e => AssertRowError(e, 5, "签约日期", "2022-01-10", "引用不存在", "引导企业投资台账中没有“广州某电子有限公司”在“独山某食用菌有限公司”的投资；请先在引导企业投资台账中登记"));
        Assert.Empty(await InflowAmountsAsync(ctx));
        Assert.Equal(batches, await ctx.Rows<ImportBatch>(Scope.Everything).CountAsync(Ct));
    }

    private static void AssertRowError(ImportError error, int row, string column, string value, string kind, string reason)
    {
        Assert.Equal((row, column, value, kind), (error.Row, error.Column, error.Value, error.Kind));
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Import_ProductsAndSales_InsertReimportUpdateUndoAndRoundTrip(DatabaseProvider provider)
    {
        var (db, ctx, importer) = await ArrangeAsync(provider);
        await using var _ = db;
        await using var __ = ctx;

        Assert.Equal((2, 0, 0), Counts(await Import(importer, "products", Products())));
        // Product numbers are stored in capitals: the same numbers typed in capitals are the same products.
        Assert.Equal((0, 0, 2), Counts(await Import(importer, "products", Products(code1: "XFBF-T-001"))));
        var sales = await Import(importer, "sales", Sales());
        Assert.Equal((3, 0, 0), Counts(sales));
        Assert.Equal((0, 0, 3), Counts(await Import(importer, "sales", Sales())));
        var corrected = await Import(importer, "sales", Sales(amount: "13800", product: ""));
        Assert.Equal((0, 1, 2), Counts(corrected));
        var first = await ctx.Rows<Sale>(Scope.Everything).SingleAsync(s => s.VoucherNo == "FP0001", Ct);
        Assert.Equal((13_800m, (long?)null), (first.Amount, first.ProductId));
        var local = await ctx.Rows<Sale>(Scope.Everything).Include(s => s.Product).SingleAsync(s => s.VoucherNo == "LOCAL01", Ct);
        Assert.Equal(("XFBF-T-002", false, "县内超市"), (local.Product!.Code, local.CountsForEast, local.BuyerName));
        Assert.Equal(5_000m, (await ctx.Rows<Sale>(Scope.Everything).SingleAsync(s => s.VoucherNo == "FP0002", Ct)).Amount);

        await importer.UndoAsync(corrected.BatchId!.Value, "测试员", Ct);
        first = await ctx.Rows<Sale>(Scope.Everything).SingleAsync(s => s.VoucherNo == "FP0001", Ct);
        Assert.Equal(12_800m, first.Amount);
        Assert.NotNull(first.ProductId);

        foreach (var ledger in new[] { "products", "sales" })
        {
            var exported = new MemoryStream();
            var count = await new LedgerExporter(ctx, ReferenceDatabases.Protector).ExportAsync(ledger, exported, csv: false, Scope.Everything, 2000, 2100, unmasked: false, WriteContext.System("测试员"), Ct);
            var again = await importer.ImportAsync(new MemoryStream(exported.ToArray()), "导出.xlsx", ledger, new ImportOptions("测试员"), null, Ct);
            Assert.Equal((ImportStatus.Committed, 0, 0, count), (again.Status, again.Inserted, again.Updated, again.Unchanged));
        }

        await importer.UndoAsync(sales.BatchId!.Value, "测试员", Ct);
        Assert.Equal(0, await ctx.Rows<Sale>(Scope.Everything).CountAsync(Ct));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Import_SaleOfAProductNotInTheDirectory_IsARowErrorOnTheProductAndSavesNothing(DatabaseProvider provider)
    {
        var (db, ctx, importer) = await ArrangeAsync(provider);
        await using var _ = db;
        await using var __ = ctx;
        await Import(importer, "products", Products());
        var batches = await ctx.Rows<ImportBatch>(Scope.Everything).CountAsync(Ct);

        var report = await importer.ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(Sales(product: "XFBF-T-404"))),
            "销售.csv", "sales", new ImportOptions("测试员"), null, Ct);

        Assert.Equal((ImportStatus.Rejected, 1), (report.Status, report.Rejected));
        AssertRowError(Assert.Single(report.Errors), 2, "产品编号", "XFBF-T-404", "引用不存在", "消费帮扶产品目录中没有这个产品编号；请先导入产品目录，或核对编号");
        Assert.Equal(0, await ctx.Rows<Sale>(Scope.Everything).CountAsync(Ct));
        Assert.Equal(batches, await ctx.Rows<ImportBatch>(Scope.Everything).CountAsync(Ct));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Import_Donations_OneReceiptNumberAtTwoRecipientsIsTwoGiftsAndUpdatesUndo(DatabaseProvider provider)
    {
        var (db, ctx, importer) = await ArrangeAsync(provider);
        await using var _ = db;
        await using var __ = ctx;

        Assert.Equal((2, 0, 0), Counts(await Import(importer, "donations", Donations())));
        Assert.Equal((0, 0, 2), Counts(await Import(importer, "donations", Donations())));
        var changed = await Import(importer, "donations", Donations(purpose: "助学助困"));
        Assert.Equal((0, 1, 1), Counts(changed));
        var goods = await ctx.Rows<Donation>(Scope.Everything).SingleAsync(d => d.Kind == DonationKind.Goods, Ct);
        Assert.Equal(("张某", (long?)null, 20_000m), (goods.DonorName, goods.EastOrgId, goods.Amount));

        await importer.UndoAsync(changed.BatchId!.Value, "测试员", Ct);

        var purposes = await ctx.Rows<Donation>(Scope.Everything).Select(d => d.Purpose!).ToListAsync(Ct);
        Assert.Equal(["冬衣被褥", "助学"], purposes.Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// The importer may hand a file's valid rows to a ledger in consecutive chunks, saving in between: every ledger must
    /// count each row once, whatever the chunk size, and find what earlier chunks or imports stored.
    /// </summary>
    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Apply_InChunksOfOneRow_CountsEveryRowOnceAndFindsWhatWasStored(DatabaseProvider provider)
    {
        var (db, ctx, _) = await ArrangeAsync(provider);
        await using var __ = db;
        await using var ___ = ctx;
        (string Ledger, string Csv, int Rows)[] files =
            [("investment", Investments(), 2), ("investment-inflows", Inflows(), 2), ("products", Products(), 2), ("sales", Sales(), 3), ("donations", Donations(), 2)];

        foreach (var (ledger, csv, rows) in files)
        {
            Assert.Equal((rows, 0, 0), await ApplyInChunksAsync(ctx, ledger, csv, 1));
            Assert.Equal((0, 0, rows), await ApplyInChunksAsync(ctx, ledger, csv, 1));
            Assert.Equal((0, 0, rows), await ApplyInChunksAsync(ctx, ledger, csv, 2));
        }

        Assert.Equal((0, 1, 1), await ApplyInChunksAsync(ctx, "investment-inflows", Inflows(second: "1000"), 1));
        Assert.Equal((0, 1, 2), await ApplyInChunksAsync(ctx, "sales", Sales(amount: "1"), 2));
    }

    private static async Task<(int, int, int)> ApplyInChunksAsync(CounterpartDbContext ctx, string ledgerName, string csv, int chunkSize)
    {
        var ledger = LedgerCatalog.Get(ledgerName);
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var errors = new List<ImportError>();
        var map = HeaderMap.Build(lines[0].Split(','), ledger.Columns, errors, []);
        var orgs = await OrgDirectory.LoadAsync(ctx, Ct);
        var today = ChinaTime.Today(new FixedClock(Services.Today));
        var rows = lines.Skip(1).Select((line, i) => RowValues.Read(new TableRow(i + 2, line.Split(','), []), map, ledger.Columns, orgs, today)).ToList();
        Assert.Empty(errors);
        Assert.All(rows, r => Assert.NotNull(ledger.Check(r, orgs, today)));
        var context = new ImportApplyContext(ctx, ReferenceDatabases.Protector, orgs, today);
        await new LedgerWriter(ctx).WriteAsync(WriteContext.System("测试员"), async (d, c) =>
        {
            foreach (var chunk in rows.Chunk(chunkSize))
            {
                // As the importer does: the stored-data rules first (they must see what earlier chunks stored).
                await ledger.CheckStoredAsync(context, chunk, c);
                Assert.All(chunk, r => Assert.True(r.Ok, string.Join("；", r.Errors.Select(e => $"{e.Row} {e.Column} {e.Reason}"))));
                await ledger.ApplyAsync(context, chunk, c);
                await d.SaveChangesAsync(c);
            }
        }, Ct);
        ctx.ChangeTracker.Clear();
        return (context.Inserted, context.Updated, context.Unchanged);
    }
}
