using System.Text;
using Counterpart.Consumption;
using Counterpart.Data;
using Counterpart.Donations;
using Counterpart.Ledgers;
using Counterpart.Pairings;
using Counterpart.Quality;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Counterpart.Tests.Hosts;
using Counterpart.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Counterpart.Tests.Quality;

/// <summary>Each built-in data-quality rule catches a planted violation, names its rows, and stays silent on the reference data.</summary>
public sealed class QualityChecksTests(ReferenceDatabases databases)
{
    public static TheoryData<DatabaseProvider> Providers => Checkout.BothProviders;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ReferenceData_OnlyTheDocumentedFindings(DatabaseProvider provider)
    {
        var db = await databases.GetAsync(provider);
        await using var ctx = db.NewContext();
        var checks = new QualityChecks(ctx, Services.Indicators(ctx), QualitySettings.Default);

        var found = new List<Violation>();
        for (var year = 2022; year <= 2025; year++)
        {
            found.AddRange(await checks.RunAsync(year, Scope.Everything, "440112:522726", Ct));
        }

        // 2021 against 2020: the reference data holds a few 2020 rows only to test the edges of the period, so the jump
        // to the first real year is flagged — rightly (docs/reference-data.md says so).
        var first = await checks.RunAsync(2021, Scope.Everything, "440112:522726", Ct);
        var flagged = found.Concat(first).Where(v => v.Rule == "part-equals-whole").SelectMany(v => v.RowIds).ToList();
        var stays = await ctx.Rows<Counterpart.Talent.TalentAssignment>(Scope.Everything).Where(a => flagged.Contains(a.Id)).Select(a => new { a.StartDate, a.EndDate }).ToListAsync(Ct);

        // The report's 75/126: teachers = all professionals while the hospital's experts and Dushan's doctors made short
        // visits — recorded, not counted (shorter than the minimum stay). The rule points at exactly those records.
        Assert.All(found, v => Assert.Equal("part-equals-whole", v.Rule));
        Assert.Equal(["indicator:fiscal_aid", "indicator:labor_transferred", "indicator:labor_transferred_lifted"],
            first.Where(v => v.Rule == "year-on-year-jump").Select(v => v.RowKind).Order(StringComparer.Ordinal));
        Assert.Equal(14 + 10, flagged.Distinct().Count());
        Assert.All(stays, s => Assert.True(Counterpart.Talent.TalentAssignment.DaysServed(s.StartDate, s.EndDate, DateOnly.FromDateTime(Services.Today.Date))
            < Counterpart.Indicators.CountingRules.Default.ProfessionalMinStayDays));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task PlantedViolations_EachCaught_WithItsRows(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var ctx = db.NewContext();
        var t = await TestTree.CreateAsync(ctx);
        var importer = new LedgerImporter(ctx, ReferenceDatabases.Protector, new FixedClock(Services.Today));
        async Task Import(string csv) => Assert.Equal(ImportStatus.Committed,
            (await importer.ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv)), "就业.csv", "labor", new ImportOptions("测试员"), null, Ct)).Status);

        // The same three persons in both counties' ledgers in 2025 (and, in 2024, in one county only).
        await Import(LaborFiles.Jobs(2025, 0));
        await Import(LaborFiles.Jobs(2024, 0).Replace("-03-01,", "-04-01,", StringComparison.Ordinal));
        await Import(LaborFiles.Jobs(2025, 0).Replace("-03-01,", "-05-01,", StringComparison.Ordinal).Replace(",440112,522726\n", ",440112,522722\n", StringComparison.Ordinal));
        var pairing = new Pairing { Kind = PairingKind.DistrictCounty, EastOrgId = t.Huangpu.Id, WestOrgId = t.Dushan.Id, StartDate = new DateOnly(2021, 1, 1), OwnerOrgId = t.Dushan.Id };
        Sale Sale(string voucher, SalesChannel channel, int day) => new()
        {
            OwnerOrgId = t.Dushan.Id, WestOrgId = t.Dushan.Id, EastOrgId = t.Huangpu.Id, BuyerName = "黄埔区某机关食堂", Channel = channel,
            Date = new DateOnly(2025, 6, day), Amount = 12_800m, VoucherNo = voucher,
        };
        Donation Gift(int year, decimal amount) => new()
        {
            OwnerOrgId = t.Dushan.Id, EastOrgId = t.Huangpu.Id, WestOrgId = t.Dushan.Id, Kind = DonationKind.Money, Date = new DateOnly(year, 5, 1), Amount = amount,
            ReceiptNo = $"R{year}",
        };
        await TestTree.AddAsync(ctx, pairing, Sale("V1", SalesChannel.Canteen, 3), Sale("V2", SalesChannel.Platform832, 3), Sale("V3", SalesChannel.Canteen, 4),
            Gift(2024, 1_000_000m), Gift(2025, 100_000m));
        var checks = new QualityChecks(ctx, Services.Indicators(ctx), QualitySettings.Default);

        var all = await checks.RunAsync(2025, Scope.Everything, "440112:522726", Ct);
        var homeCounty = await checks.RunAsync(2025, Scope.Of(t.Dushan), null, Ct);
        var unrelated = await checks.RunAsync(2025, Scope.Of(t.Tianhe), null, Ct);
        var lastYear = await checks.PersonInTwoCountiesAsync(2024, Scope.Everything, Ct);

        var twoCounties = all.Where(v => v.Rule == "person-two-counties").ToList();
        Assert.Equal(3, twoCounties.Count);
        Assert.All(twoCounties, v => Assert.Equal((nameof(Labor.Employment), 2), (v.RowKind, v.RowIds.Count)));
        Assert.All(twoCounties, v => Assert.Contains("独山县、荔波县", v.Message, StringComparison.Ordinal));
        var twoChannels = Assert.Single(all, v => v.Rule == "sale-two-channels");
        Assert.Equal(2, twoChannels.RowIds.Count);
        var jump = Assert.Single(all, v => v.Rule == "year-on-year-jump");
        Assert.Equal("indicator:donations", jump.RowKind);
        Assert.Contains("10%", jump.Message, StringComparison.Ordinal);
        // The persons' home county sees the other county's jobs of its people (ADR 10), so it finds them too; an unrelated district sees nothing.
        Assert.Equal(3, homeCounty.Count(v => v.Rule == "person-two-counties"));
        Assert.Empty(unrelated);
        Assert.Empty(lastYear);
    }

    [Theory]
    [InlineData("labor_transferred_lifted", 1)]
    [InlineData("0.5 * fiscal_aid", 1)]
    [InlineData("fiscal_aid*0.5 + 100 - relocation_support", 3)]
    [InlineData("２ ＊ donations", 1)]
    [InlineData("donations / 2", 0)]
    public void RuleExpression_Parses(string text, int terms)
    {
        if (terms == 0)
        {
            Assert.Throws<DomainException>(() => RuleExpression.Parse(text, "左边"));
            return;
        }

        Assert.Equal(terms, RuleExpression.Parse(text, "左边").Terms.Count);
    }

    [Theory]
    [InlineData("", "不能为空")]
    [InlineData("no_such_code", "不是指标目录中的代码")]
    [InlineData("fiscal_aid fiscal_aid", "看不懂")]
    [InlineData("fiscal_aid * ", "看不懂")]
    public void RuleExpression_BadText_SaysWhatIsWrong(string text, string message) =>
        Assert.Contains(message, Assert.Throws<DomainException>(() => RuleExpression.Parse(text, "左边")).Message, StringComparison.Ordinal);

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ConfiguredRule_ThroughTheApi_CaughtWhenBroken_SilentWhenHeld(DatabaseProvider provider)
    {
        var (db, app) = await WebHostTests.PrivateHostAsync(provider);
        await using var _ = db;
        await using var __ = app;
        await using (var ctx = db.NewContext())
        {
            var dushan = await ctx.Organizations.SingleAsync(o => o.Code == "522726", Ct);
            var huangpu = await ctx.Organizations.SingleAsync(o => o.Code == "440112", Ct);
            var pairing = new Pairing { Kind = PairingKind.DistrictCounty, EastOrgId = huangpu.Id, WestOrgId = dushan.Id, StartDate = new DateOnly(2021, 1, 1), OwnerOrgId = dushan.Id };
            await TestTree.AddAsync(ctx, pairing, new Donation
            {
                OwnerOrgId = dushan.Id, EastOrgId = huangpu.Id, WestOrgId = dushan.Id, Kind = DonationKind.Money, Date = new DateOnly(2025, 5, 1), Amount = 100_000m, ReceiptNo = "R1",
            });
        }

        using var reviewer = await WebHostTests.SignedInClientAsync(app, Accounts.Roles.Reviewer, "522726");
        using var clerk = await WebHostTests.SignedInClientAsync(app, Accounts.Roles.Clerk, "522726");
        var badCode = await reviewer.PostAsJsonAsync(new Uri("/api/v1/quality/rules", UriKind.Relative),
            new { code = "donations-floor", name = "捐赠不低于 50 万元", left = "donation", @operator = ">=", right = "50", importance = "高", instructions = "核对捐赠台账是否漏报" }, Ct);
        var added = await reviewer.PostAsJsonAsync(new Uri("/api/v1/quality/rules", UriKind.Relative),
            new { code = "donations-floor", name = "捐赠不低于 50 万元", left = "donations", @operator = "≥", right = "50", importance = "高", instructions = "核对捐赠台账是否漏报" }, Ct);
        var held = await reviewer.PostAsJsonAsync(new Uri("/api/v1/quality/rules", UriKind.Relative),
            new { code = "donations-ceiling", name = "捐赠不超过 1 亿元", left = "donations", @operator = "<=", right = "10000", instructions = "核对单位（元与万元）" }, Ct);
        var listed = JsonNode.Parse(await clerk.GetStringAsync(new Uri("/api/v1/quality/rules", UriKind.Relative), Ct))!.AsArray();
        var run = JsonNode.Parse(await clerk.GetStringAsync(new Uri("/api/v1/quality?year=2025&pairing=440112:522726", UriKind.Relative), Ct))!;
        var id = (long)JsonNode.Parse(await added.Content.ReadAsStringAsync(Ct))!["id"]!;
        var deleted = await reviewer.DeleteAsync(new Uri($"/api/v1/quality/rules/{id}", UriKind.Relative), Ct);
        var after = JsonNode.Parse(await clerk.GetStringAsync(new Uri("/api/v1/quality?year=2025&pairing=440112:522726", UriKind.Relative), Ct))!;

        Assert.Equal(HttpStatusCode.BadRequest, badCode.StatusCode);
        Assert.Contains("不是指标目录中的代码", await badCode.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.Equal(HttpStatusCode.Created, held.StatusCode);
        Assert.Equal(2, listed.Count);
        var violation = Assert.Single(run["violations"]!.AsArray());
        Assert.Equal("rule:donations-floor", (string?)violation!["rule"]);
        Assert.Equal("High", (string?)violation["importance"]);
        Assert.Contains("左边为 10", (string?)violation["message"], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Empty(after["violations"]!.AsArray());
    }
}
