using Counterpart.Data;
using Counterpart.Evaluation;
using Counterpart.Pairings;
using Counterpart.Tests.Infrastructure;

namespace Counterpart.Tests.Evaluation;

/// <summary>
/// The evaluation year of a pairing: rounds, findings by area with their rectification tasks (overdue flagged), and
/// “zero findings” proved only by a completed national round with nothing under it.
/// </summary>
public sealed class EvaluationViewTests(ReferenceDatabases databases)
{
    public static TheoryData<DatabaseProvider> Providers => Checkout.BothProviders;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ReferencePairing_ZeroFindingsEveryYear_ProvedByTheNationalRound(DatabaseProvider provider)
    {
        var db = await databases.GetAsync(provider);
        await using var ctx = db.NewContext();
        var views = new EvaluationViews(ctx, Services.Indicators(ctx), new FixedClock(Services.Today));

        var years = new List<EvaluationYear>();
        for (var year = 2021; year <= 2025; year++)
        {
            years.Add(await views.ForPairingAsync("440112:522726", year, Scope.Everything, Ct));
        }

        var notEvaluated = await views.ForPairingAsync("440112:522726", 2026, Scope.Everything, Ct);
        var y2022 = years[1];

        Assert.All(years, y => Assert.True(y.ZeroFindings.Proved, y.ZeroFindings.Statement));
        Assert.All(years, y => Assert.Contains("零问题反馈", y.ZeroFindings.Statement, StringComparison.Ordinal));
        Assert.Equal(2, y2022.Rounds.Count);
        Assert.Equal(1, y2022.Rounds.Single(r => r.Level == EvaluationLevel.Provincial).Findings);
        Assert.Equal(1, y2022.ByArea["资金使用"]);
        Assert.Contains(y2022.Findings, f => f.Area == "资金使用" && f.Tasks.Single().Status == RectificationStatus.Done);
        Assert.Equal(0, y2022.OverdueTasks);
        Assert.Null(notEvaluated.ZeroFindings.Proved);
        Assert.Contains("不能认定", notEvaluated.ZeroFindings.Statement, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task PlantedFinding_DisprovesZeroFindings_AndAnOpenTaskPastItsDeadlineIsOverdue(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var ctx = db.NewContext();
        var t = await TestTree.CreateAsync(ctx);
        var pairing = new Pairing { Kind = PairingKind.DistrictCounty, EastOrgId = t.Huangpu.Id, WestOrgId = t.Dushan.Id, StartDate = new DateOnly(2021, 1, 1), OwnerOrgId = t.Dushan.Id };
        await TestTree.AddAsync(ctx, pairing);
        var round = new EvaluationRound
        {
            PairingId = pairing.Id, Year = 2025, Level = EvaluationLevel.National, Name = "2025年度国家考核评价", ConductedOn = new DateOnly(2026, 3, 20),
            Completed = true, Grade = Grade.FairlyGood, OwnerOrgId = t.Dushan.Id,
        };
        await TestTree.AddAsync(ctx, round);
        var finding = new Finding
        {
            EvaluationRoundId = round.Id, Area = "劳务协作", Severity = FindingSeverity.Serious, Description = "稳岗台账不全", Date = round.ConductedOn, ConcernsOrgId = t.Dushan.Id,
            OwnerOrgId = t.Dushan.Id,
        };
        await TestTree.AddAsync(ctx, finding);
        await TestTree.AddAsync(ctx,
            new RectificationTask { FindingId = finding.Id, Measure = "补齐台账", Deadline = new DateOnly(2026, 6, 30), Status = RectificationStatus.InProgress, OwnerOrgId = t.Dushan.Id },
            new RectificationTask { FindingId = finding.Id, Measure = "建立月报", Deadline = new DateOnly(2026, 12, 31), Status = RectificationStatus.Open, OwnerOrgId = t.Dushan.Id });
        var views = new EvaluationViews(ctx, Services.Indicators(ctx), new FixedClock(Services.Today));

        var view = await views.ForPairingAsync("440112:522726", 2025, Scope.Of(t.Dushan), Ct);
        var otherCounty = await views.ForPairingAsync("440112:522726", 2025, Scope.Of(t.Libo), Ct);

        Assert.False(view.ZeroFindings.Proved);
        Assert.Contains("反馈问题 1 条", view.ZeroFindings.Statement, StringComparison.Ordinal);
        Assert.Equal(Grade.FairlyGood, view.Rounds.Single().Grade);
        Assert.Equal([true, false], view.Findings.Single().Tasks.Select(task => task.Overdue));
        Assert.Equal(1, view.OverdueTasks);
        Assert.Equal((0, 1, 0), (view.BySeverity[FindingSeverity.General], view.BySeverity[FindingSeverity.Serious], view.BySeverity[FindingSeverity.Major]));
        Assert.Empty(otherCounty.Rounds);
        Assert.Null(otherCounty.ZeroFindings.Proved);
    }
}
