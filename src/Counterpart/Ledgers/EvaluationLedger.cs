using System.Linq.Expressions;
using Counterpart.Data;
using Counterpart.Evaluation;
using Counterpart.Organizations;
using Counterpart.Pairings;
using Counterpart.People;
using Microsoft.EntityFrameworkCore;
using static Counterpart.Ledgers.ReviewLedgerSupport;

namespace Counterpart.Ledgers;

/// <summary>
/// 考核评价台账: one evaluation round of a pairing for a year at one level (national or provincial). The pairing is named
/// by its two sides, as clerks name it (黄埔区—独山县); natural key: east side + west side + year + level. A completed
/// round with no findings under it is the proof of 零问题反馈.
/// </summary>
public sealed class EvaluationLedger : EntityLedger<EvaluationRound>
{
    /// <summary>The Chinese name, as the template writes it.</summary>
    public static string Label(EvaluationLevel value) => Levels[value];

    internal static readonly ChoiceLabels<EvaluationLevel> Levels = new()
    {
        ["国家考核"] = EvaluationLevel.National, ["省级考核"] = EvaluationLevel.Provincial,
    };

    /// <summary>The Chinese name, as the template writes it.</summary>
    public static string Label(Grade value) => Grades[value];

    internal static readonly ChoiceLabels<Grade> Grades = new()
    {
        ["好"] = Grade.Good, ["较好"] = Grade.FairlyGood, ["一般"] = Grade.Average, ["差"] = Grade.Poor,
    };

    private static readonly UpdatableFields<EvaluationRound> Updatable = new UpdatableFields<EvaluationRound>()
        .Add(r => r.Name, SameText).Add(r => r.ConductedOn).Add(r => r.Completed).Add(r => r.Grade).Add(r => r.OwnerOrgId);

    private readonly KeysInFile keys = new("东部单位、西部单位、年度、考核层级");

    public override string Name => "evaluations";

    public override string Title => "考核评价台账";

    public override string NaturalKey => "东部单位 + 西部单位 + 年度 + 考核层级";

    public override IReadOnlyList<LedgerColumn> Columns { get; } =
    [
        new("east", "东部单位", CellKind.Organization, true, "被考核结对的东部（帮扶）方，如区县结对的东部区", "440112") { Aliases = ["结对东部单位", "帮扶方"] },
        new("west", "西部单位", CellKind.Organization, true, "被考核结对的西部（受帮扶）方，如区县结对的西部县", "522726") { Aliases = ["结对西部单位", "受帮扶方"] },
        new("year", "年度", CellKind.WholeNumber, true, "被考核的工作年度（不是考核进行的年份）", "2022") { Aliases = ["考核年度"] },
        new("level", "考核层级", CellKind.Choice, true, "国家考核（东西部协作成效考核评价）或省级考核（含省级交叉检查）", "国家考核") { Choices = [.. Levels.Keys], Aliases = ["层级", "考核级别"] },
        new("name", "考核名称", CellKind.Text, false, "考核的名称；不填时按年度和层级生成，如“2022年度东西部协作国家考核评价”", "2022年度东西部协作国家考核评价") { MaxLength = 200 },
        new("date", "考核日期", CellKind.Date, true, "考核（实地考核或评议）进行的日期；通常在被考核年度的次年", "2023-03-20") { Aliases = ["考核时间"] },
        new("completed", "是否完成", CellKind.YesNo, false, "考核是否已结束并反馈结果；不填按“否”", "是") { Aliases = ["已完成"] },
        new("grade", "考核等次", CellKind.Choice, false, "好、较好、一般或差；考核完成后才填", "好") { Choices = [.. Grades.Keys], Aliases = ["等次", "考核结果"] },
        new("owner", "填报单位", CellKind.Organization, true, "负责这条记录的单位", "522726"),
    ];

    internal override string? Check(RowValues row, OrgDirectory orgs, DateOnly today)
    {
        CheckYear(row, "year", today, yearsAhead: 0);
        if (row.Get<Organization>("east") is { } east && row.Get<Organization>("west") is { } west && east.Id == west.Id)
        {
            row.Fail("west", "东部单位和西部单位不能是同一个", "逻辑矛盾");
        }

        if (row.Get<int?>("year") is { } year && row.Get<DateOnly?>("date") is { } date && date.Year < year)
        {
            row.Fail("date", $"考核日期早于被考核的 {year} 年度；年度应填被考核的工作年度", "逻辑矛盾");
        }

        // A 是否完成 cell that could not be read is reported once, not again as a missing completion.
        var completedKnown = row.Has("completed") || string.IsNullOrWhiteSpace(row.Raw("completed"));
        var completed = row.Get<bool?>("completed") ?? false;
        if (row.Has("grade") && completedKnown && !completed)
        {
            row.Fail("grade", "考核尚未完成（“是否完成”不是“是”），不能填考核等次", "逻辑矛盾");
        }

        if (completed && row.Get<DateOnly?>("date") is { } when && when > today)
        {
            row.Fail("completed", $"考核日期（{Iso(when)}）还没到，不能标为已完成", "逻辑矛盾");
        }

        return row.Has("east") && row.Has("west") && row.Has("year") && row.Has("level")
            ? keys.Claim(row, $"{row.Get<Organization>("east")!.Id}|{row.Get<Organization>("west")!.Id}|{row.Get<int?>("year")}|{row.Get<string>("level")}", "level")
            : null;
    }

    internal static string DefaultName(int year, EvaluationLevel level) =>
        level == EvaluationLevel.National ? $"{year}年度东西部协作国家考核评价" : $"{year}年度东西部协作省级考核评价";

    /// <summary>
    /// Pairings between the given eastern and western organizations, to find the one a round or finding names. Rounds
    /// already stored are found through them by (east, west, year, level).
    /// </summary>
    internal static async Task<List<Pairing>> PairingsAsync(CounterpartDbContext db, IEnumerable<(long East, long West)> sides, CancellationToken ct)
    {
        var wanted = sides.ToHashSet();
        var found = await InChunksAsync(wanted.Select(s => s.East),
            chunk => db.Rows<Pairing>(Scope.Everything).Where(p => chunk.Contains(p.EastOrgId)).OrderBy(p => p.Id), ct);
        return [.. found.Where(p => wanted.Contains((p.EastOrgId, p.WestOrgId)))];
    }

    /// <summary>Stored rounds by (east, west, year, level), the first stored winning if pairings of two kinds link the same sides.</summary>
    internal static async Task<Dictionary<(long, long, int, EvaluationLevel), EvaluationRound>> RoundsAsync(CounterpartDbContext db, List<Pairing> pairings, CancellationToken ct)
    {
        var byId = pairings.ToDictionary(p => p.Id);
        var rounds = new Dictionary<(long, long, int, EvaluationLevel), EvaluationRound>();
        foreach (var r in await InChunksAsync(byId.Keys, chunk => db.Rows<EvaluationRound>(Scope.Everything).Where(r => chunk.Contains(r.PairingId)).OrderBy(r => r.Id), ct))
        {
            var p = byId[r.PairingId];
            rounds.TryAdd((p.EastOrgId, p.WestOrgId, r.Year, r.Level), r);
        }

        return rounds;
    }

    /// <summary>
    /// A new round must hang on a pairing of its two sides in force during its year: with none at all the units are
    /// what to fix, with one in force in other years the year is.
    /// </summary>
    internal override async Task CheckStoredAsync(ImportApplyContext context, IReadOnlyList<RowValues> rows, CancellationToken ct)
    {
        var pairings = await PairingsAsync(context.Db, rows.Select(Sides), ct);
        var rounds = await RoundsAsync(context.Db, pairings, ct);
        foreach (var row in rows)
        {
            var (east, west, year) = (row.Get<Organization>("east")!, row.Get<Organization>("west")!, row.Get<int?>("year")!.Value);
            if (rounds.ContainsKey((east.Id, west.Id, year, Levels[row.Get<string>("level")!])) || PairingFor(pairings, east.Id, west.Id, year) is not null)
            {
                continue;
            }

            var periods = pairings.Where(p => p.EastOrgId == east.Id && p.WestOrgId == west.Id).OrderBy(p => p.StartDate)
                .Select(p => p.EndDate is { } end ? $"{Iso(p.StartDate)} 至 {Iso(end)}" : $"{Iso(p.StartDate)} 起").Distinct().ToList();
            if (periods.Count > 0)
            {
                row.Fail("year", $"{east.Name}与{west.Name}的结对期为 {string.Join("、", periods)}，{year} 年不在其中；请核对年度，或在结对关系台账中改正结对的开始、结束日期", "引用不存在");
            }
            else
            {
                row.Fail("east", $"{east.Name}与{west.Name}之间没有结对关系；考核评价须挂在结对上，请先在结对关系台账中登记这个结对，或改正东部单位、西部单位", "引用不存在");
            }
        }
    }

    private static (long East, long West) Sides(RowValues row) => (row.Get<Organization>("east")!.Id, row.Get<Organization>("west")!.Id);

    /// <summary>
    /// The pairing a new round of two sides for a year belongs to: of those in force during the year, the
    /// district↔county one first, then the latest started.
    /// </summary>
    private static Pairing? PairingFor(List<Pairing> pairings, long east, long west, int year) =>
        pairings
            .Where(p => p.EastOrgId == east && p.WestOrgId == west && p.StartDate.Year <= year && (p.EndDate is null || p.EndDate.Value.Year >= year))
            .OrderBy(p => p.Kind == PairingKind.DistrictCounty ? 0 : 1).ThenByDescending(p => p.StartDate).ThenBy(p => p.Id).FirstOrDefault();

    internal override async Task ApplyAsync(ImportApplyContext context, IReadOnlyList<RowValues> rows, CancellationToken ct)
    {
        var db = context.Db;
        var pairings = await PairingsAsync(db, rows.Select(Sides), ct);
        var rounds = await RoundsAsync(db, pairings, ct);
        var plan = new List<(RowValues Row, EvaluationRound? Stored, long PairingId)>();
        foreach (var row in rows)
        {
            var (east, west, year) = (row.Get<Organization>("east")!.Id, row.Get<Organization>("west")!.Id, row.Get<int?>("year")!.Value);
            var level = Levels[row.Get<string>("level")!];
            plan.Add(rounds.TryGetValue((east, west, year, level), out var stored)
                ? (row, stored, stored.PairingId)
                : (row, null, PairingFor(pairings, east, west, year)?.Id ?? throw new InvalidOperationException($"Row {row.Row} passed the stored-data check without a pairing in force.")));
        }

        foreach (var (row, stored, pairingId) in plan)
        {
            var year = row.Get<int?>("year")!.Value;
            var level = Levels[row.Get<string>("level")!];
            var fresh = new EvaluationRound
            {
                PairingId = pairingId, Year = year, Level = level, Name = row.Get<string>("name") ?? DefaultName(year, level), ConductedOn = row.Get<DateOnly?>("date")!.Value,
                Completed = row.Get<bool?>("completed") ?? false, Grade = row.Get<string>("grade") is { } g ? Grades[g] : null, OwnerOrgId = row.Get<Organization>("owner")!.Id,
            };
            context.Upsert(stored, fresh, Updatable);
        }
    }

    internal override IQueryable<EvaluationRound> Dated(CounterpartDbContext db, Scope scope, int fromYear, int toYear) =>
        db.Rows<EvaluationRound>(scope).Where(r => r.Year >= fromYear && r.Year <= toYear);

    internal override IReadOnlyDictionary<string, Expression<Func<EvaluationRound, object?>>> SortKeys { get; } = new Dictionary<string, Expression<Func<EvaluationRound, object?>>>
    {
        ["east"] = r => r.Pairing!.EastOrg!.Code, ["west"] = r => r.Pairing!.WestOrg!.Code, ["year"] = r => r.Year, ["level"] = r => r.Level, ["name"] = r => r.Name,
        ["date"] = r => r.ConductedOn, ["grade"] = r => r.Grade,
    };

    internal override Expression<Func<EvaluationRound, bool>> Search(string text) =>
        r => r.Name.Contains(text) || r.Pairing!.EastOrg!.Name.Contains(text) || r.Pairing!.WestOrg!.Name.Contains(text);

    internal override async IAsyncEnumerable<LedgerRow> CellsAsync(IQueryable<EvaluationRound> rows, PersonalDataProtector protector, bool unmasked,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var projected = rows.Select(r => new
            {
                r.Id, r.ReviewState, East = r.Pairing!.EastOrg!.Code, West = r.Pairing!.WestOrg!.Code, r.Year, r.Level, r.Name, r.ConductedOn, r.Completed, r.Grade,
                Owner = r.Owner!.Code,
            })
            .AsAsyncEnumerable();
        await foreach (var r in projected.WithCancellation(ct))
        {
            yield return new LedgerRow(r.Id, r.ReviewState,
            [
                r.East, r.West, Number(r.Year), Levels[r.Level], r.Name, Iso(r.ConductedOn), r.Completed ? "是" : "否", r.Grade is { } g ? Grades[g] : "", r.Owner,
            ]);
        }
    }
}
