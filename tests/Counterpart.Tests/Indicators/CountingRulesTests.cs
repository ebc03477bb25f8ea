using Counterpart.Data;
using Counterpart.Donations;
using Counterpart.Indicators;
using Counterpart.Labor;
using Counterpart.Organizations;
using Counterpart.People;
using Counterpart.Talent;
using Counterpart.Tests.Infrastructure;

namespace Counterpart.Tests.Indicators;

/// <summary>The counting rules on small hand-built ledgers, on both databases.</summary>
public sealed class CountingRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);

    public static TheoryData<DatabaseProvider> Providers => Checkout.BothProviders;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task CadresAndTeachers_RepeatedAssignments_CountOncePerPersonButEveryPersonTime(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var ctx = db.NewContext();
        var t = await TestTree.CreateAsync(ctx);
        var cadre = new TalentPerson { Name = "甲", Profession = Profession.Cadre, Owner = t.Huangpu };
        var teacher = new TalentPerson { Name = "乙", Profession = Profession.Teacher, Owner = t.Huangpu };
        await TestTree.AddAsync(ctx, cadre, teacher,
            Stay(cadre, AssignmentCategory.Secondment, t, new DateOnly(2021, 5, 1), 730),
            Stay(cadre, AssignmentCategory.Secondment, t, new DateOnly(2023, 5, 1), 365),
            Stay(teacher, AssignmentCategory.Teaching, t, new DateOnly(2022, 2, 1), 120),
            Stay(teacher, AssignmentCategory.Teaching, t, new DateOnly(2023, 9, 1), 120));

        var summary = await Summarize(ctx, t, 2021, 2025);

        Assert.Equal(1m, summary["cadres_sent"]);
        Assert.Equal(2m, summary["teachers_sent"]);
        Assert.Equal(2m, summary["professionals_sent"]);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task TeachersAndProfessionals_CadreOnATeachingPosting_CountsAsNeither(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var ctx = db.NewContext();
        var t = await TestTree.CreateAsync(ctx);
        var cadre = new TalentPerson { Name = "戊", Profession = Profession.Cadre, Owner = t.Huangpu };
        await TestTree.AddAsync(ctx, cadre, Stay(cadre, AssignmentCategory.Teaching, t, new DateOnly(2022, 2, 1), 120));

        var summary = await Summarize(ctx, t, 2021, 2025);

        Assert.Equal((0m, 0m), (summary["teachers_sent"], summary["professionals_sent"]));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ProfessionalsSent_StayShorterThanMinimum_IsRecordedButNotCountedUntilTheRuleChanges(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var ctx = db.NewContext();
        var t = await TestTree.CreateAsync(ctx);
        var doctor = new TalentPerson { Name = "丙", Profession = Profession.Doctor, Owner = t.Huangpu };
        var teacher = new TalentPerson { Name = "丁", Profession = Profession.Teacher, Owner = t.Huangpu };
        await TestTree.AddAsync(ctx, doctor, teacher,
            Stay(doctor, AssignmentCategory.ExpertVisit, t, new DateOnly(2024, 3, 1), 7),
            Stay(teacher, AssignmentCategory.Teaching, t, new DateOnly(2024, 3, 1), 120));

        var byDefault = await Summarize(ctx, t, 2021, 2025);
        var shortStaysCount = await Summarize(ctx, t, 2021, 2025, CountingRules.Default with { ProfessionalMinStayDays = 7 });

        Assert.Equal(1m, byDefault["professionals_sent"]);
        Assert.Equal(byDefault["teachers_sent"], byDefault["professionals_sent"]);
        Assert.Equal(2m, shortStaysCount["professionals_sent"]);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task LaborTransferred_StableEmploymentMonths_DecidesWhetherAJobCounts(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var ctx = db.NewContext();
        var t = await TestTree.CreateAsync(ctx);
        var shortJob = NewPerson(t, ResidentId.Create("522726", new DateOnly(1990, 1, 1), 123), HouseholdType.Lifted);
        var ongoing = NewPerson(t, ResidentId.Create("522726", new DateOnly(1992, 2, 2), 234), HouseholdType.General);
        var justStarted = NewPerson(t, ResidentId.Create("522726", new DateOnly(1993, 3, 3), 345), HouseholdType.General);
        await TestTree.AddAsync(ctx, shortJob, ongoing, justStarted,
            Job(shortJob, t, new DateOnly(2023, 1, 10), new DateOnly(2023, 3, 1)),
            Job(ongoing, t, new DateOnly(2023, 6, 1), null),
            Job(justStarted, t, new DateOnly(2026, 10, 1), null));

        var threeMonths = await Summarize(ctx, t, 2021, 2026);
        var oneMonth = await Summarize(ctx, t, 2021, 2026, CountingRules.Default with { StableEmploymentMonths = 1 });

        // Ongoing jobs are judged at the clock's date (2026-11-30): two months for the one started 2026-10-01.
        Assert.Equal(1m, threeMonths["labor_transferred"]);
        Assert.Equal(0m, threeMonths["labor_transferred_lifted"]);
        Assert.Equal(3m, oneMonth["labor_transferred"]);
        Assert.Equal(1m, oneMonth["labor_transferred_lifted"]);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task LaborTransferred_ContractEndingInTheFuture_IsJudgedByWhatHasBeenWorked(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var ctx = db.NewContext();
        var t = await TestTree.CreateAsync(ctx);
        var p = NewPerson(t, ResidentId.Create("522726", new DateOnly(1995, 4, 4), 555), HouseholdType.General);
        // Started ten days before the clock's date, with a contract that runs to 2027.
        await TestTree.AddAsync(ctx, p, Job(p, t, new DateOnly(2026, 11, 20), new DateOnly(2027, 12, 31)));

        Assert.Equal(0m, (await Summarize(ctx, t, 2026, 2026))["labor_transferred"]);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task LaborTransferred_SinceYear_CountsDistinctPersonsOverTheRangeAndWithinEachYear(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var ctx = db.NewContext();
        var t = await TestTree.CreateAsync(ctx);
        var twoJobs = NewPerson(t, ResidentId.Create("522726", new DateOnly(1988, 5, 5), 432), HouseholdType.Lifted);
        var before = NewPerson(t, ResidentId.Create("522726", new DateOnly(1987, 6, 6), 432), HouseholdType.Lifted);
        await TestTree.AddAsync(ctx, twoJobs, before,
            Job(twoJobs, t, new DateOnly(2021, 3, 1), new DateOnly(2021, 12, 31)),
            Job(twoJobs, t, new DateOnly(2022, 3, 1), null),
            Job(before, t, new DateOnly(2020, 5, 1), null));

        var since2021 = await Summarize(ctx, t, 2021, 2025);
        var since2020 = await Summarize(ctx, t, 2020, 2025);
        var byYear = since2021.Results.Single(r => r.Indicator.Code == "labor_transferred").Measure.ByYear;

        Assert.Equal(1m, since2021["labor_transferred"]);
        Assert.Equal(1m, byYear[2021]);
        Assert.Equal(1m, byYear[2022]);
        Assert.Equal(2m, since2020["labor_transferred"]);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task LaborTransferred_PublicWelfarePosts_CountUnlessTheRuleExcludesThem(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var ctx = db.NewContext();
        var t = await TestTree.CreateAsync(ctx);
        var p = NewPerson(t, ResidentId.Create("522726", new DateOnly(1970, 1, 1), 111), HouseholdType.Monitored);
        await TestTree.AddAsync(ctx, p, Job(p, t, new DateOnly(2022, 1, 1), null, EmploymentDestination.PublicWelfarePost));

        Assert.Equal(1m, (await Summarize(ctx, t, 2021, 2025))["labor_transferred"]);
        Assert.Equal(0m, (await Summarize(ctx, t, 2021, 2025, CountingRules.Default with { CountPublicWelfarePosts = false }))["labor_transferred"]);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Donations_RollUpThroughTheTree_AndAPairingExcludesOtherEasternDistricts(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var ctx = db.NewContext();
        var t = await TestTree.CreateAsync(ctx);
        await TestTree.AddAsync(ctx,
            Gift(t.Huangpu, t.VillageA, 100_000m), Gift(t.Huangpu, t.VillageB, 200_000m),
            Gift(t.Tianhe, t.VillageB, 400_000m), Gift(t.Huangpu, t.VillageC, 800_000m));
        var service = Services.Indicators(ctx, null);
        var ct = TestContext.Current.CancellationToken;

        async Task<decimal> ForOrg(Organization o) => (await service.ComputeAsync(Selection.ForOrganization(o), o.Name, 2021, 2025, Scope.Everything, ct))["donations"];

        Assert.Equal(10m, await ForOrg(t.VillageA));
        Assert.Equal(60m, await ForOrg(t.TownB));
        Assert.Equal(70m, await ForOrg(t.Dushan));
        Assert.Equal(150m, await ForOrg(t.Qiannan));
        Assert.Equal(110m, await ForOrg(t.Huangpu));
        Assert.Equal(150m, await ForOrg(t.Guangdong));
        Assert.Equal(30m, (await Summarize(ctx, t, 2021, 2025))["donations"]);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Summary_ScopeLimitedToATown_SeesOnlyRowsOwnedThere(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var ctx = db.NewContext();
        var t = await TestTree.CreateAsync(ctx);
        var a = Gift(t.Huangpu, t.VillageA, 100_000m);
        a.Owner = t.TownA;
        var b = Gift(t.Huangpu, t.VillageB, 200_000m);
        b.Owner = t.TownB;
        await TestTree.AddAsync(ctx, a, b);

        var summary = await Services.Indicators(ctx).ComputeAsync(Selection.ForPairing(t.Huangpu, t.Dushan), "", 2021, 2025, Scope.Of(t.TownA), TestContext.Current.CancellationToken);

        Assert.Equal(10m, summary["donations"]);
    }

    private static async Task<Summary> Summarize(CounterpartDbContext ctx, TestTree t, int from, int to, CountingRules? rules = null) =>
        await new IndicatorService(ctx, rules ?? CountingRules.Default, new FixedClock(Now))
            .ComputeAsync(Selection.ForPairing(t.Huangpu, t.Dushan), "test", from, to, Scope.Everything, TestContext.Current.CancellationToken);

    private static TalentAssignment Stay(TalentPerson person, AssignmentCategory category, TestTree t, DateOnly start, int days) => new()
    {
        Person = person, Category = category, Direction = Direction.EastToWest, EastOrg = t.Huangpu, WestOrg = t.Dushan,
        StartDate = start, EndDate = start.AddDays(days - 1), Owner = t.Huangpu,
    };

    private static Person NewPerson(TestTree t, string id, HouseholdType household) => new()
    {
        Name = "测试", IdNumber = ReferenceDatabases.Protector.ProtectId(id), BirthDate = new DateOnly(1990, 1, 1), HouseholdType = household,
        Home = t.VillageA, Owner = t.Dushan,
    };

    private static Employment Job(Person p, TestTree t, DateOnly start, DateOnly? end, EmploymentDestination destination = EmploymentDestination.ToEast) => new()
    {
        Person = p, Destination = destination, WestOrg = t.VillageA, EastOrg = t.Huangpu, StartDate = start, EndDate = end, Owner = t.Dushan,
    };

    private static Donation Gift(Organization east, Organization west, decimal yuan) => new()
    {
        EastOrg = east, WestOrg = west, Kind = DonationKind.Money, Date = new DateOnly(2023, 6, 1), Amount = yuan, Owner = west, ReceiptNo = $"R-{Guid.NewGuid():N}",
    };
}
