using Counterpart.Data;
using Counterpart.Indicators;
using Counterpart.Labor;
using Counterpart.Monitoring;
using Counterpart.People;
using Counterpart.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Counterpart.Tests.Monitoring;

/// <summary>
/// The cross-check against the national monitoring system on the reference registry (22,503 persons of 独山县), on both
/// databases: an export exactly as we hold it, then one with planted differences.
/// </summary>
public sealed class MonitoringCrossCheckTests(ReferenceDatabases databases)
{
    public static TheoryData<DatabaseProvider> Providers => Checkout.BothProviders;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    internal static MonitoringCrossCheck Service(CounterpartDbContext ctx) =>
        new(ctx, ReferenceDatabases.Protector, CountingRules.Default, new FixedClock(Services.Today));

    internal static async Task<Scope> DushanAsync(CounterpartDbContext ctx) =>
        Scope.Of(await ctx.Organizations.SingleAsync(o => o.Code == "522726", Ct));

    /// <summary>The planted export and what it plants; persons picked among those counted in transfer employment, so the figure moves.</summary>
    internal sealed record Planted(
        byte[] File, List<RegistryPerson> Registry, RegistryPerson LiftedToGeneral, RegistryPerson GeneralToMonitored, RegistryPerson MonitoredToLifted,
        RegistryPerson Renamed, RegistryPerson Regendered, RegistryPerson Missing, RegistryPerson BadValue, RegistryPerson OldCard, int Rows);

    internal static async Task<Planted> PlantAsync(CounterpartDbContext ctx)
    {
        var registry = await MonitoringExports.RegistryAsync(ctx, Ct);
        var jobs = await ctx.Rows<Employment>(Scope.Everything).Where(e => e.StartDate >= new DateOnly(2021, 1, 1) && e.EndDate == null)
            .Select(e => e.PersonId).Distinct().ToListAsync(Ct);
        var counted = jobs.ToHashSet();
        var pick = registry.Where(p => counted.Contains(p.Id)).ToList();
        var lifted = pick.Where(p => p.Type == HouseholdType.Lifted).ToList();
        var (liftedToGeneral, renamed, regendered, missing, badValue) = (lifted[0], lifted[1], lifted[2], lifted[3], lifted[4]);
        var oldCard = lifted.Skip(5).First(p => p.IdNumber[6..8] == "19");
        var generalToMonitored = pick.First(p => p.Type == HouseholdType.General);
        var monitoredToLifted = pick.First(p => p.Type == HouseholdType.Monitored);

        var rows = new List<ExportRow>();
        foreach (var p in registry.Where(p => p.Type != HouseholdType.General))
        {
            var row = MonitoringExports.Exact(p);
            if (p == missing)
            {
                continue;
            }

            rows.Add(p switch
            {
                _ when p == liftedToGeneral => row with { Type = "一般农户", Lifted = "否", MonitorType = "边缘易致贫户", Monitored = "是", Risk = "是" },
                _ when p == monitoredToLifted => row with { Type = "脱贫户", Lifted = "是", MonitorType = "脱贫不稳定户", Monitored = "是" },
                _ when p == renamed => row with { Name = row.Name + "芳" },
                _ when p == regendered => row with { Gender = p.Gender == Gender.Male ? "女" : "男" },
                _ when p == badValue => row with { MonitorType = "困难户" },
                _ when p == oldCard => row with { Id = MonitoringExports.As15Digits(p.IdNumber) },
                _ => row,
            });
        }

        rows.Add(MonitoringExports.Exact(generalToMonitored with { Type = HouseholdType.Monitored }) with { MonitorType = "突发严重困难户" });
        var ids = registry.Select(p => p.IdNumber).ToHashSet(StringComparer.Ordinal);
        var extra = Enumerable.Range(900, 99).Select(s => ResidentId.Create("522726", new DateOnly(1977, 7, 7), s)).First(id => !ids.Contains(id));
        rows.Add(new ExportRow(extra, "外县来人", "男", "HX1", "脱贫户", "是", "", "否", "否"));
        var checksum = ResidentId.Create("522726", new DateOnly(1978, 8, 8), 915);
        rows.Add(new ExportRow(checksum[..17] + (checksum[17] == '1' ? '2' : '1'), "校验错", "女", "HX2", "脱贫户", "是", "", "否", "否"));
        rows.Add(new ExportRow("5.22726E+17", "科学计数", "男", "HX3", "脱贫户", "是", "", "否", "否"));
        return new Planted(MonitoringExports.Csv(rows), registry, liftedToGeneral, generalToMonitored, monitoredToLifted, renamed, regendered, missing, badValue, oldCard, rows.Count);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ExactExport_TwoSheets_NoMismatches(DatabaseProvider provider)
    {
        var db = await databases.GetAsync(provider);
        await using var ctx = db.NewContext();
        var registry = await MonitoringExports.RegistryAsync(ctx, Ct);
        var listed = registry.Count(p => p.Type != HouseholdType.General);
        var file = await MonitoringExports.TwoSheetWorkbookAsync(MonitoringExports.ExactRows(registry), Ct);

        var result = await Service(ctx).RunAsync(new MemoryStream(file), "防返贫监测对象.xlsx", await DushanAsync(ctx), null, WriteContext.System("测试员"), Ct);

        Assert.Empty(result.Errors);
        Assert.Empty(result.Mismatches);
        Assert.Empty(result.FigureEffects);
        Assert.Contains("两个工作表", result.Layout, StringComparison.Ordinal);
        Assert.Equal((listed, listed, listed, listed, 0, 0), (result.RowsRead, result.HouseholdRowsRead, result.PersonsInFile, result.Matched, result.BadRows, result.FileNotOurs));
        Assert.Equal((registry.Count, registry.Count - listed, 0), (result.OursInScope, result.OursNotInFile, result.OursNotJudged));
        Assert.Equal(["独山县"], result.CoveredCounties);
        Assert.Contains(result.Notices, n => n.Contains("民族", StringComparison.Ordinal) && n.Contains("文化程度", StringComparison.Ordinal));

        // Without 与户主关系 and under a neutral name, the members sheet is still told from the households sheet.
        var plain = await MonitoringExports.TwoSheetWorkbookAsync(MonitoringExports.ExactRows(registry), Ct, "Sheet2", relation: false);
        var again = await Service(ctx).RunAsync(new MemoryStream(plain), "防返贫监测对象.xlsx", await DushanAsync(ctx), null, WriteContext.System("测试员"), Ct);
        Assert.Equal((0, listed, listed), (again.Mismatches.Count, again.HouseholdRowsRead, again.Matched));
        Assert.Contains("“Sheet2”", again.Layout, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task PlantedDifferences_ExactlyThoseFound_WithTheirJobsAndTheFigureEffect(DatabaseProvider provider)
    {
        var db = await databases.GetAsync(provider);
        await using var ctx = db.NewContext();
        var planted = await PlantAsync(ctx);
        var scope = await DushanAsync(ctx);

        var result = await Service(ctx).RunAsync(new MemoryStream(planted.File), "监测对象.csv", scope, null, WriteContext.System("测试员"), Ct);
        var of2024 = await Service(ctx).RunAsync(new MemoryStream(planted.File), "监测对象.csv", scope, 2024, WriteContext.System("测试员"), Ct);

        Assert.Equal(
            new[]
            {
                (MismatchKind.HouseholdType, planted.LiftedToGeneral.Id), (MismatchKind.HouseholdType, planted.GeneralToMonitored.Id),
                (MismatchKind.HouseholdType, planted.MonitoredToLifted.Id), (MismatchKind.Name, planted.Renamed.Id), (MismatchKind.Gender, planted.Regendered.Id),
                (MismatchKind.NotInFile, planted.Missing.Id),
            }.Order(),
            result.Mismatches.Select(m => (m.Kind, m.PersonId)).Order());
        Mismatch Of(MismatchKind kind, RegistryPerson p) => result.Mismatches.Single(m => m.Kind == kind && m.PersonId == p.Id);
        Assert.Equal(("脱贫户", "一般农户（边缘易致贫户，风险已消除）", true), Facts(Of(MismatchKind.HouseholdType, planted.LiftedToGeneral)));
        Assert.Equal(("一般农户", "监测户（突发严重困难户）", false), Facts(Of(MismatchKind.HouseholdType, planted.GeneralToMonitored)));
        Assert.Equal(("监测户", "脱贫户（脱贫不稳定户）", true), Facts(Of(MismatchKind.HouseholdType, planted.MonitoredToLifted)));
        Assert.Equal((planted.Renamed.Name, planted.Renamed.Name + "芳", false), Facts(Of(MismatchKind.Name, planted.Renamed)));
        var gender = Of(MismatchKind.Gender, planted.Regendered);
        Assert.Equal(MonitoringExports.GenderText(planted.Regendered.Gender), gender.Ours);
        Assert.Contains("我方与身份证号一致", gender.Advice, StringComparison.Ordinal);
        var missing = Of(MismatchKind.NotInFile, planted.Missing);
        Assert.Equal(("我方标为脱贫户但监测系统无此人", true, null), (missing.KindLabel, missing.LiftedFlagWrong, missing.Row));
        Assert.All(result.Mismatches, m => Assert.Equal(ResidentId.Mask(planted.Registry.Single(p => p.Id == m.PersonId).IdNumber), m.MaskedId));

        // Each mismatch names every employment record of its person (in scope), with its year.
        var mismatched = result.Mismatches.Select(m => m.PersonId).Distinct().ToList();
        var jobs = (await ctx.Rows<Employment>(scope).Where(e => mismatched.Contains(e.PersonId)).Select(e => new { e.PersonId, e.Id, e.StartDate.Year }).ToListAsync(Ct))
            .ToLookup(e => e.PersonId);
        Assert.All(result.Mismatches, m => Assert.Equal(jobs[m.PersonId].Select(j => new JobRef(j.Id, j.Year)).OrderBy(j => j.Id), m.Employment.OrderBy(j => j.Id)));
        Assert.All(result.Mismatches, m => Assert.NotEmpty(m.Employment));

        // Bad rows are reported with row, column, value (ID numbers masked) and reason, and the rest is still checked: the
        // person of the row with a bad value is in the file (not "missing"); the old 15-digit number matched its person.
        Assert.Equal(3, result.BadRows);
        Assert.Contains(result.Errors, e => e.Column == "监测对象类型" && e.Value == "困难户" && e.Reason.StartsWith("只能填", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Column == "证件号码" && e.Reason.Contains("校验位", StringComparison.Ordinal) && e.Value.Contains('*', StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Column == "证件号码" && e.Reason.Contains("科学计数法", StringComparison.Ordinal));
        Assert.DoesNotContain(result.Mismatches, m => m.PersonId == planted.BadValue.Id || m.PersonId == planted.OldCard.Id);

        var listed = planted.Registry.Count(p => p.Type != HouseholdType.General);
        Assert.Equal((planted.Rows, planted.Rows - 3, listed, 1), (result.RowsRead, result.PersonsInFile, result.Matched, result.FileNotOurs));
        Assert.Equal((planted.Registry.Count - listed, 0), (result.OursNotInFile, result.OursNotJudged));

        // The figure effect: the two 脱贫户 the system does not list as such leave "of whom 脱贫" in the years they are counted;
        // the 监测户 it lists as 脱贫不稳定户 joins it. Checked against the figure itself in FigureEffect_* below.
        var flagged = result.Mismatches.Where(m => m.LiftedFlagWrong).Select(m => m.PersonId).ToHashSet();
        Assert.Equal(new[] { planted.LiftedToGeneral.Id, planted.MonitoredToLifted.Id, planted.Missing.Id }.Order(), flagged.Order());
        Assert.True(result.FigureEffects.Sum(e => e.Decrease) >= 2 && result.FigureEffects.Sum(e => e.Increase) >= 1);
        Assert.Equal(result.Mismatches.Where(m => m.LiftedFlagWrong).SelectMany(m => m.Employment).Select(j => j.Year).Distinct().Order(),
            result.FigureEffects.Select(e => e.Year));
        Assert.All(of2024.Mismatches.SelectMany(m => m.Employment), j => Assert.Equal(2024, j.Year));
        Assert.Equal(result.FigureEffects.Where(e => e.Year == 2024), of2024.FigureEffects);
        Assert.Equal(result.Mismatches.Select(m => (m.Kind, m.PersonId)), of2024.Mismatches.Select(m => (m.Kind, m.PersonId)));
    }

    private static (string Ours, string Theirs, bool Flag) Facts(Mismatch m) => (m.Ours, m.Theirs, m.LiftedFlagWrong);

    /// <summary>
    /// On a private copy of the reference data: correcting the household types as the monitoring system says changes
    /// labor_transferred_lifted, year by year, by exactly the effect the cross-check predicted.
    /// </summary>
    [Fact]
    public async Task FigureEffect_EqualsTheChangeOfTheFigure_WhenTheRegistryIsCorrected()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var ctx = db.NewContext();
        await Counterpart.ReferenceData.ReferenceDataset.LoadAsync(ctx, ReferenceDatabases.Protector, Ct);
        var planted = await PlantAsync(ctx);
        var result = await Service(ctx).RunAsync(new MemoryStream(planted.File), "监测对象.csv", await DushanAsync(ctx), null, WriteContext.System("测试员"), Ct);
        async Task<IReadOnlyDictionary<int, decimal>> FigureAsync() =>
            (await Services.Indicators(ctx).ForPairingAsync("440112:522726", 2021, 2025, Scope.Everything, Ct)).Results
                .Single(r => r.Indicator.Code == "labor_transferred_lifted").Measure.ByYear;
        var before = await FigureAsync();

        var corrections = new Dictionary<long, HouseholdType>
        {
            [planted.LiftedToGeneral.Id] = HouseholdType.General, [planted.GeneralToMonitored.Id] = HouseholdType.Monitored,
            [planted.MonitoredToLifted.Id] = HouseholdType.Lifted, [planted.Missing.Id] = HouseholdType.General,
        };
        await new LedgerWriter(ctx).WriteAsync(WriteContext.System("测试员"), async (d, c) =>
        {
            foreach (var person in await d.Rows<Person>(Scope.Everything).Where(p => corrections.Keys.Contains(p.Id)).ToListAsync(c))
            {
                d.Attach(person);
                person.HouseholdType = corrections[person.Id];
            }
        }, Ct);
        ctx.ChangeTracker.Clear();
        var after = await FigureAsync();

        var predicted = result.FigureEffects.ToDictionary(e => e.Year, e => (decimal)e.Net);
        Assert.NotEmpty(predicted);
        Assert.Equal(Enumerable.Range(2021, 5).Select(y => (y, predicted.GetValueOrDefault(y))), Enumerable.Range(2021, 5).Select(y => (y, after[y] - before[y])));
    }
}
