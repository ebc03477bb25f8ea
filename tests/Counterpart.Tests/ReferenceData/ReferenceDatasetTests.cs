using System.Security.Cryptography;
using System.Text;
using Counterpart.Data;
using Counterpart.Donations;
using Counterpart.Honors;
using Counterpart.Indicators;
using Counterpart.Inspections;
using Counterpart.Labor;
using Counterpart.Organizations;
using Counterpart.People;
using Counterpart.Projects;
using Counterpart.ReferenceData;
using Counterpart.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Counterpart.Tests.ReferenceData;

/// <summary>The named sites and units of the report exist as records with their figures (drill-down checks).</summary>
public sealed class ReferenceDatasetTests(ReferenceDatabases databases)
{
    public static TheoryData<DatabaseProvider> Providers => Checkout.BothProviders;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Zhijiashan_RelocationSupportOverFiveYears_Is1493Wan(DatabaseProvider provider)
    {
        var summary = await ForOrgAsync(provider, "郅家山社区", 2021, 2025);

        Assert.Equal(1493m, summary["relocation_support"]);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Workshops_Employees_NearlyThreeHundredAtZhijiashanAnd120AtWangcheng(DatabaseProvider provider)
    {
        var zhijiashan = await ForOrgAsync(provider, "郅家山社区广帮就业帮扶车间", 2021, 2025);
        var wangcheng = await ForOrgAsync(provider, "望城社区兴森就业帮扶车间", 2021, 2025);

        Assert.InRange(zhijiashan["labor_transferred"], 280m, 299m);
        Assert.Equal(120m, wangcheng["labor_transferred"]);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task NamedEnterprises_CooperationFunds_MatchTheReport(DatabaseProvider provider)
    {
        var db = await databases.GetAsync(provider);
        await using var ctx = db.NewContext();

        async Task<(int Projects, decimal Wan, int FirstYear)> FundsOf(string enterprise)
        {
            var projects = await ctx.Rows<Project>(Scope.Everything).Include(p => p.Funds)
                .Where(p => p.BeneficiaryOrg!.Name == enterprise).ToListAsync(Ct);
            var disbursed = projects.SelectMany(p => p.Funds).Where(f => f.Source == FundSource.Cooperation && f.Stage == FundStage.Disbursement).Sum(f => f.Amount);
            return (projects.Count, disbursed / 10000m, projects.Min(p => p.Year));
        }

        Assert.Equal((1, 490m, 2022), await FundsOf("贵州元诚实业有限公司"));
        var fengda = await FundsOf("贵州丰达轴承有限公司");
        Assert.Equal((3, 1160m), (fengda.Projects, fengda.Wan));
        Assert.True(fengda.FirstYear >= 2023);
        Assert.Equal(230m, (await ForOrgAsync(provider, "独山县油桐产业研究院", 2021, 2025))["fiscal_aid"]);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task BearingParkAndTungOil_UnitsAndProjectOutcomes_MatchTheReport(DatabaseProvider provider)
    {
        var db = await databases.GetAsync(provider);
        await using var ctx = db.NewContext();
        var park = await ctx.Organizations.SingleAsync(o => o.Name == "独山县轴承产业园", Ct);
        var parkEnterprises = await ctx.Organizations.CountAsync(o => o.ParentId == park.Id && o.Kind == OrgKind.Enterprise, Ct);
        var outcomes = await ctx.Rows<Project>(Scope.Everything).SelectMany(p => p.Outcomes, (p, o) => new { p.Name, p.Year, Outcome = o }).ToListAsync(Ct);

        Assert.InRange(parkEnterprises, 20, 29);
        var output = outcomes.Where(o => o.Name.StartsWith("贵州丰达轴承", StringComparison.Ordinal)).OrderBy(o => o.Year).ToList();
        Assert.Equal(1000m, output[0].Outcome.Baseline);
        Assert.InRange(output[^1].Outcome.Actual!.Value, 2900m, 3100m);
        Assert.InRange(outcomes.Single(o => o.Outcome.Name == "可提供检测项目").Outcome.Actual!.Value, 10m, 19m);
        var tung = outcomes.Where(o => o.Name.Contains("油桐", StringComparison.Ordinal)).ToDictionary(o => o.Outcome.Name, o => o.Outcome);
        Assert.Equal((80m, 200m), (tung["年培育优质苗木"].Baseline!.Value, tung["年培育优质苗木"].Actual!.Value));
        Assert.True(tung["带动油桐产业产值"].Actual > 3000m);
        Assert.InRange(tung["直接带动群众就业增收"].Actual!.Value, 3000m, 3999m);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task TrainingUnits_Sessions_MatchTheReport(DatabaseProvider provider)
    {
        var bearingBase2025 = await ForOrgAsync(provider, "独山县轴承产业实训基地", 2025, 2025);
        var studio = await ForOrgAsync(provider, "朱穗清名班主任工作室", 2021, 2025);

        Assert.Equal((16m, 569m), (bearingBase2025["labor_trainings"], bearingBase2025["labor_trainees"]));
        Assert.Equal((68m, 12267m), (studio["education_trainings"], studio["education_trainees"]));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Xingsen_Donations_Total511Point15Wan(DatabaseProvider provider)
    {
        var summary = await ForOrgAsync(provider, "广州兴森快捷电路科技有限公司", 2021, 2025);

        Assert.Equal(511.15m, summary["donations"]);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task NamedFacts_HonorsHospitalAndChecklist_ArePresent(DatabaseProvider provider)
    {
        var db = await databases.GetAsync(provider);
        await using var ctx = db.NewContext();

        var honors = await ctx.Rows<Honor>(Scope.Everything).Where(h => h.Recipient!.Name == "郅家山社区").ToListAsync(Ct);
        Assert.Contains(honors, h => h.Year == 2022 && h.AwardedBy == "全国妇联");
        Assert.True(honors.Count >= 4);
        Assert.Contains(await ctx.Rows<Honor>(Scope.Everything).Select(h => h.Recipient!.Name).ToListAsync(Ct), n => n == "望城社区兴森就业帮扶车间");
        var hospital = await ctx.Organizations.SingleAsync(o => o.Name == "独山县人民医院" && o.Kind == OrgKind.Hospital, Ct);
        var hospitalHonors = await ctx.Rows<Honor>(Scope.Everything).Where(h => h.RecipientOrgId == hospital.Id).Select(h => h.Title).ToListAsync(Ct);
        Assert.Contains("三级综合医院", hospitalHonors);
        Assert.Contains(hospitalHonors, t => t.Contains("科研项目", StringComparison.Ordinal));
        Assert.Equal(2, await ctx.Rows<Project>(Scope.Everything).CountAsync(p => EF.Functions.Like(p.Name, "%心理健康支持中心%"), Ct));
        var checklist = await ctx.Checklists.Include(c => c.Items).SingleAsync(c => c.Code == SafetyChecklist.Code, Ct);
        Assert.Equal(10, checklist.Items.Count);
        Assert.True(checklist.BuiltIn);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Registry_Persons_HaveValidSyntheticIdsStoredEncrypted(DatabaseProvider provider)
    {
        var db = await databases.GetAsync(provider);
        await using var ctx = db.NewContext();

        var sample = await ctx.Rows<Person>(Scope.Everything).OrderBy(p => p.Id).Take(200).ToListAsync(Ct);
        var total = await ctx.Rows<Person>(Scope.Everything).CountAsync(Ct);
        var distinct = await ctx.Rows<Person>(Scope.Everything).Select(p => p.IdNumber.Hash).Distinct().CountAsync(Ct);

        Assert.Equal(total, distinct);
        Assert.All(sample, p =>
        {
            var id = ReferenceDatabases.Protector.Decrypt(p.IdNumber.Cipher);
            var parsed = ResidentId.Parse(id);
            Assert.True(parsed.IsValid, parsed.ErrorMessageZh);
            Assert.Equal(parsed.BirthDate, p.BirthDate);
            Assert.Equal(parsed.Gender, p.Gender);
            Assert.Contains("********", p.IdNumber.Masked, StringComparison.Ordinal);
        });
    }

    /// <summary>The digest of the generated ledgers on any machine; see <see cref="DigestAsync"/> before changing it.</summary>
    private const string ExpectedDigest = "51733ED9A11D4EC258CEB910E56B827ABFB9F6CDD4E308E18AF25F5C28164902";

    [Fact]
    public async Task Generator_OnAnyMachine_ProducesTheRecordedLedgers()
    {
        var digest = await DigestAsync(await databases.GetAsync(DatabaseProvider.Sqlite));

        Assert.True(digest == ExpectedDigest, $"The generated ledgers changed: digest {digest}, recorded {ExpectedDigest}.");
    }

    [Fact]
    public async Task Generator_SameSeed_ProducesTheSameLedgersOnBothDatabases()
    {
        var sqlite = await DigestAsync(await databases.GetAsync(DatabaseProvider.Sqlite));
        var postgres = await DigestAsync(await databases.GetAsync(DatabaseProvider.Postgres));

        Assert.Equal(sqlite, postgres);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task LoadIfEmpty_DatabaseWithData_LeavesItUnchanged(DatabaseProvider provider)
    {
        var db = await databases.GetAsync(provider);
        await using var ctx = db.NewContext();
        var before = await ctx.Organizations.CountAsync(Ct);

        Assert.False(await ReferenceDataset.LoadIfEmptyAsync(ctx, ReferenceDatabases.Protector, Ct));
        Assert.Equal(before, await ctx.Organizations.CountAsync(Ct));
    }

    private async Task<Summary> ForOrgAsync(DatabaseProvider provider, string org, int from, int to)
    {
        var db = await databases.GetAsync(provider);
        await using var ctx = db.NewContext();
        return await Services.Indicators(ctx).ForOrganizationAsync(org, from, to, Scope.Everything, Ct);
    }

    /// <summary>
    /// A digest of every generated ledger, row by row. It changes only when the generator (or .NET's seeded Random)
    /// changes: update the constant deliberately, after checking the reference figures still hold.
    /// </summary>
    private static readonly System.Text.Json.JsonSerializerOptions DigestJson = new() { Converters = { new TwoDecimals() } };

    /// <summary>Amounts as "1200000.00" whatever scale the provider returns them with.</summary>
    private sealed class TwoDecimals : System.Text.Json.Serialization.JsonConverter<decimal>
    {
        public override decimal Read(ref System.Text.Json.Utf8JsonReader reader, Type typeToConvert, System.Text.Json.JsonSerializerOptions options) => reader.GetDecimal();

        public override void Write(System.Text.Json.Utf8JsonWriter writer, decimal value, System.Text.Json.JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToString("F2", System.Globalization.CultureInfo.InvariantCulture));
    }

    private static async Task<string> DigestAsync(TestDatabase db)
    {
        await using var ctx = db.NewContext();
        var all = Scope.Everything;
        var text = new StringBuilder();
        void Add<T>(IEnumerable<T> rows)
        {
            foreach (var row in rows)
            {
                text.Append(System.Text.Json.JsonSerializer.Serialize(row, DigestJson)).Append('\n');
            }
        }

        Add(await ctx.Organizations.OrderBy(o => o.Id).Select(o => new { o.Code, o.Name, o.Kind, o.Path, o.CreditCode, o.EstablishedOn, o.CoBuiltByOrgId }).ToListAsync(Ct));
        Add(await ctx.Rows<Counterpart.Pairings.Pairing>(all).OrderBy(p => p.Id).Select(p => new { p.Kind, p.EastOrgId, p.WestOrgId, p.StartDate }).ToListAsync(Ct));
        Add(await ctx.Rows<Project>(all).OrderBy(p => p.Id).Select(p => new { p.Code, p.Name, p.Category, p.Status, p.WestOrgId, p.ApprovedOn, p.BenefitPersons }).ToListAsync(Ct));
        Add(await ctx.Rows<Project>(all).SelectMany(p => p.Funds).OrderBy(f => f.Id).Select(f => new { f.ProjectId, f.Source, f.Stage, f.Date, f.Amount }).ToListAsync(Ct));
        Add(await ctx.Rows<Counterpart.Investment.GuidedInvestment>(all).SelectMany(i => i.Inflows).OrderBy(f => f.Id).Select(f => new { f.InvestmentId, f.Date, f.Amount }).ToListAsync(Ct));
        Add(await ctx.Rows<Counterpart.Consumption.Sale>(all).OrderBy(x => x.Id).Select(x => new { x.VoucherNo, x.WestOrgId, x.EastOrgId, x.Date, x.Amount, x.Channel }).ToListAsync(Ct));
        Add(await ctx.Rows<Person>(all).OrderBy(p => p.Id).Select(p => new { p.Name, p.IdNumber.Hash, p.HouseholdType, p.BirthDate, p.HomeOrgId, p.RegisteredOn }).ToListAsync(Ct));
        Add(await ctx.Rows<Employment>(all).OrderBy(e => e.Id).Select(e => new { e.PersonId, e.Destination, e.WestOrgId, e.EmployerOrgId, e.StartDate, e.EndDate, e.WorkPlaceCode }).ToListAsync(Ct));
        Add(await ctx.Rows<Counterpart.Trainings.TrainingSession>(all).OrderBy(x => x.Id).Select(x => new { x.Title, x.Domain, x.EastOrgId, x.WestOrgId, x.StartDate, x.Attendance }).ToListAsync(Ct));
        Add(await ctx.Rows<Counterpart.Talent.TalentAssignment>(all).OrderBy(x => x.Id).Select(x => new { x.PersonId, x.Category, x.Direction, x.EastOrgId, x.WestOrgId, x.StartDate, x.EndDate }).ToListAsync(Ct));
        Add(await ctx.Rows<Donation>(all).OrderBy(d => d.Id).Select(d => new { d.EastOrgId, d.WestOrgId, d.Date, d.Amount, d.ReceiptNo }).ToListAsync(Ct));
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
