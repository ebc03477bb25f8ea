using System.Linq.Expressions;
using Counterpart.Data;
using Counterpart.Organizations;
using Counterpart.People;
using Counterpart.Trainings;
using Microsoft.EntityFrameworkCore;

namespace Counterpart.Ledgers;

/// <summary>
/// 培训台账: one row per session (期) with its attendance (人次). Natural key: title + start date + western unit; the
/// title is compared normalised (full-width and half-width brackets alike) and stored as typed.
/// </summary>
public sealed class TrainingLedger : EntityLedger<TrainingSession>
{
    internal static readonly ChoiceLabels<TrainingDomain> Domains = new()
    {
        ["劳动技能"] = TrainingDomain.LaborSkills, ["教育"] = TrainingDomain.Education, ["医疗卫生"] = TrainingDomain.Medical,
        ["干部"] = TrainingDomain.Cadre, ["其他"] = TrainingDomain.Other,
    };

    /// <summary>The longest a single session may run; longer ones are usually several sessions typed as one row.</summary>
    private const int MaxSessionDays = 366;

    /// <summary>The title as typed, compared to the letter: a title typed with other punctuation is updated to it.</summary>
    private static readonly UpdatableFields<TrainingSession> Updatable = new UpdatableFields<TrainingSession>()
        .Add(t => t.Title).Add(t => t.Domain).Add(t => t.MarketOriented).Add(t => t.EastOrgId).Add(t => t.EndDate).Add(t => t.Attendance).Add(t => t.OwnerOrgId);

    private readonly KeysInFile keys = new("培训名称、开始日期、西部单位", "同一天同名的培训请写明期次");

    public override string Name => "trainings";

    public override string Title => "培训台账";

    public override string NaturalKey => "培训名称 + 开始日期 + 西部单位";

    public override IReadOnlyList<LedgerColumn> Columns { get; } =
    [
        new("title", "培训名称", CellKind.Text, true, "培训班的名称，分期举办的写明第几期", "电子装配定制化培训班（第3期）")
        {
            MaxLength = 200, Aliases = ["培训班名称", "班次名称", "培训项目名称"],
        },
        new("domain", "培训类别", CellKind.Choice, true, "劳动技能、教育、医疗卫生、干部或其他", "劳动技能") { Choices = [.. Domains.Keys], Aliases = ["培训类型", "培训领域"] },
        new("customized", "定制化培训", CellKind.YesNo, false, "按用工企业需求定向开展的劳动技能培训填“是”；不填视为“否”", "是")
        {
            Aliases = ["是否定制化", "是否定制化培训", "定制化"],
        },
        new("east", "东部主办单位", CellKind.Organization, false, "东部主办或承办的单位（工作室、学校、部门等）；西部自办的不填", "440112-A02")
        {
            Aliases = ["东部单位", "主办单位", "东部承办单位"],
        },
        new("west", "西部单位", CellKind.Organization, true, "培训在西部的承办单位或服务对象所在单位（实训基地、学校、县等）", "522726-L01")
        {
            Aliases = ["西部承办单位", "培训基地", "承办单位"],
        },
        new("start", "开始日期", CellKind.Date, true, "本期培训开班的日期", "2024-03-11") { Aliases = ["培训开始日期", "开班日期", "培训日期"] },
        new("end", "结束日期", CellKind.Date, false, "结业的日期；一天的培训可不填", "2024-03-15") { Aliases = ["培训结束日期", "结业日期"] },
        new("attendance", "参训人次", CellKind.WholeNumber, true, "本期签到参训的人次", "45") { Aliases = ["参训人数", "培训人次", "培训人数"] },
        new("owner", "填报单位", CellKind.Organization, true, "负责这条记录的单位", "522726"),
    ];

    internal override string? Check(RowValues row, OrgDirectory orgs, DateOnly today)
    {
        var start = row.Get<DateOnly?>("start");
        if (start is { } s && row.Get<DateOnly?>("end") is { } end)
        {
            if (end < s)
            {
                row.Fail("end", "结束日期早于开始日期", "逻辑矛盾");
            }
            else if (end.DayNumber - s.DayNumber >= MaxSessionDays)
            {
                row.Fail("end", "一期培训超过一年；分期举办的请每期填一行", "逻辑矛盾");
            }
        }

        if (row.Get<int?>("attendance") is < 0)
        {
            row.Fail("attendance", "参训人次不能为负数", "逻辑矛盾");
        }

        if (row.Get<bool?>("customized") == true && row.Get<string>("domain") is { } domain && domain != "劳动技能")
        {
            row.Fail("customized", $"定制化培训只用于劳动技能培训，这一行的培训类别是“{domain}”", "逻辑矛盾");
        }

        var east = row.Get<Organization>("east");
        var west = row.Get<Organization>("west");
        if (east is not null && west is not null)
        {
            if (east.Id == west.Id)
            {
                row.Fail("east", "东部主办单位和西部单位不能是同一个", "逻辑矛盾");
            }
            else if (orgs.CommonProvince(east, west) is not null)
            {
                row.Fail("east", $"与西部单位“{west.Name}”在同一省份，不是东部单位；西部自办的培训此列不填", "逻辑矛盾");
            }
        }

        if (!row.Ok)
        {
            return null;
        }

        // Duplicates are reported here, on the title cell, rather than by the importer: its report would mask the long title.
        return keys.Claim(row, $"{ProseCells.Key(row.Get<string>("title"))}|{ProseCells.Iso(start!.Value)}|{west!.Code}", "title");
    }

    internal override async Task ApplyAsync(ImportApplyContext context, IReadOnlyList<RowValues> rows, CancellationToken ct)
    {
        var stored = new Dictionary<(string, DateOnly, long), TrainingSession>();
        var wests = rows.Select(r => r.Get<Organization>("west")!.Id).Distinct().ToList();
        var starts = rows.Select(r => r.Get<DateOnly?>("start")!.Value).Distinct().ToList();
        foreach (var westChunk in wests.Chunk(500))
        {
            foreach (var startChunk in starts.Chunk(500))
            {
                var found = await context.Db.Rows<TrainingSession>(Scope.Everything)
                    .Where(t => westChunk.Contains(t.WestOrgId) && startChunk.Contains(t.StartDate)).OrderBy(t => t.Id).ToListAsync(ct);
                foreach (var t in found)
                {
                    stored.TryAdd((ProseCells.Key(t.Title), t.StartDate, t.WestOrgId), t);
                }
            }
        }

        foreach (var row in rows)
        {
            var start = row.Get<DateOnly?>("start")!.Value;
            var fresh = new TrainingSession
            {
                Title = ProseCells.Text(row, "title")!, Domain = Domains[row.Get<string>("domain")!], MarketOriented = row.Get<bool?>("customized") ?? false,
                EastOrgId = row.Get<Organization>("east")?.Id, WestOrgId = row.Get<Organization>("west")!.Id, StartDate = start,
                EndDate = row.Get<DateOnly?>("end") ?? start, Attendance = row.Get<int?>("attendance")!.Value, OwnerOrgId = row.Get<Organization>("owner")!.Id,
            };
            context.Upsert(stored.GetValueOrDefault((ProseCells.Key(fresh.Title), start, fresh.WestOrgId)), fresh, Updatable);
        }
    }

    internal override IQueryable<TrainingSession> Dated(CounterpartDbContext db, Scope scope, int fromYear, int toYear)
    {
        var (from, to) = YearSpan(fromYear, toYear);
        return db.Rows<TrainingSession>(scope).Where(t => t.StartDate >= from && t.StartDate <= to);
    }

    internal override IReadOnlyDictionary<string, Expression<Func<TrainingSession, object?>>> SortKeys { get; } = new Dictionary<string, Expression<Func<TrainingSession, object?>>>
    {
        ["title"] = t => t.Title, ["domain"] = t => t.Domain, ["east"] = t => t.EastOrg!.Code, ["west"] = t => t.WestOrg!.Code, ["start"] = t => t.StartDate,
        ["end"] = t => t.EndDate, ["attendance"] = t => t.Attendance,
    };

    internal override Expression<Func<TrainingSession, bool>> Search(string text) =>
        t => t.Title.Contains(text) || t.EastOrg!.Name.Contains(text) || t.WestOrg!.Name.Contains(text);

    internal override async IAsyncEnumerable<LedgerRow> CellsAsync(IQueryable<TrainingSession> rows, PersonalDataProtector protector, bool unmasked,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var projected = rows.Select(t => new
            {
                t.Id, t.ReviewState, t.Title, t.Domain, t.MarketOriented, East = t.EastOrg!.Code, West = t.WestOrg!.Code, t.StartDate, t.EndDate, t.Attendance,
                Owner = t.Owner!.Code,
            }).AsAsyncEnumerable();
        await foreach (var t in projected.WithCancellation(ct))
        {
            yield return new LedgerRow(t.Id, t.ReviewState,
            [
                t.Title, Domains[t.Domain], t.MarketOriented ? "是" : "否", t.East ?? "", t.West, ProseCells.Iso(t.StartDate), ProseCells.Iso(t.EndDate),
                t.Attendance.ToString(System.Globalization.CultureInfo.InvariantCulture), t.Owner,
            ]);
        }
    }
}
