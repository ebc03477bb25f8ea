using System.Linq.Expressions;
using Counterpart.Data;
using Counterpart.Evaluation;
using Counterpart.Inspections;
using Counterpart.Organizations;
using Counterpart.People;
using Microsoft.EntityFrameworkCore;
using static Counterpart.Ledgers.ReviewLedgerSupport;

namespace Counterpart.Ledgers;

/// <summary>
/// 问题与整改台账: one row per finding with its rectification, as offices keep the 问题清单、整改清单 in one table. The
/// source is an evaluation round (named by pairing sides, year and level) or a site inspection (site and date), or
/// other (self-inspection, routine supervision). Findings have no code of their own, so the natural key is the unit
/// concerned + the date found + the description. The row's rectification columns are the finding's first task.
/// </summary>
public sealed class FindingLedger : EntityLedger<Finding>
{
    private const string FromInspection = "现场检查";
    private const string FromOther = "其他";

    /// <summary>The Chinese name, as the template writes it.</summary>
    public static string Label(RectificationStatus value) => Statuses[value];

    internal static readonly ChoiceLabels<RectificationStatus> Statuses = new()
    {
        ["未整改"] = RectificationStatus.Open, ["整改中"] = RectificationStatus.InProgress, ["已完成"] = RectificationStatus.Done,
    };

    /// <summary>The Chinese name, as the template writes it.</summary>
    public static string Label(FindingSeverity value) => Severities[value];

    internal static readonly ChoiceLabels<FindingSeverity> Severities = new()
    {
        ["一般"] = FindingSeverity.General, ["较重"] = FindingSeverity.Serious, ["严重"] = FindingSeverity.Major,
    };

    private static readonly string[] Sources = [.. EvaluationLedger.Levels.Keys, FromInspection, FromOther];

    private static readonly string[] EvaluationColumns = ["round_east", "round_west", "round_year"];

    private static readonly string[] InspectionColumns = ["site", "visit_date"];

    private static readonly UpdatableFields<Finding> FindingFields = new UpdatableFields<Finding>()
        .Add(f => f.EvaluationRoundId).Add(f => f.InspectionId).Add(f => f.Area, SameText).Add(f => f.Severity).Add(f => f.OwnerOrgId);

    private static readonly UpdatableFields<RectificationTask> TaskFields = new UpdatableFields<RectificationTask>()
        .Add(t => t.Measure, SameText).Add(t => t.Deadline).Add(t => t.Status).Add(t => t.CompletedOn).Add(t => t.Evidence, SameText).Add(t => t.OwnerOrgId);

    private readonly KeysInFile keys = new("涉及单位、发现日期、问题描述");

    public override string Name => "findings";

    public override string Title => "问题与整改台账";

    public override string NaturalKey => "涉及单位 + 发现日期 + 问题描述";

    public override IReadOnlyList<LedgerColumn> Columns { get; } =
    [
        new("source", "问题来源", CellKind.Choice, true, "国家考核、省级考核（问题由考核评价反馈）、现场检查（由检查台账中的检查发现），或其他（自查、日常督导等）", "省级考核")
        {
            Choices = Sources, Aliases = ["来源"],
        },
        new("round_east", "考核东部单位", CellKind.Organization, false, "来源为考核时必填：被考核结对的东部单位，与考核评价台账一致", "440112"),
        new("round_west", "考核西部单位", CellKind.Organization, false, "来源为考核时必填：被考核结对的西部单位", "522726"),
        new("round_year", "考核年度", CellKind.WholeNumber, false, "来源为考核时必填：被考核的年度", "2022"),
        new("site", "检查点", CellKind.Organization, false, "来源为现场检查时必填：检查台账中的检查点", ""),
        new("visit_date", "检查日期", CellKind.Date, false, "来源为现场检查时必填：检查台账中的检查日期", ""),
        new("area", "问题领域", CellKind.Text, true, "问题所属的工作领域，如组织领导、资金使用、产业合作、劳务协作、安全生产", "资金使用") { MaxLength = 64, Aliases = ["问题类别", "领域"] },
        new("severity", "严重程度", CellKind.Choice, false, "一般、较重或严重；不填按一般", "一般") { Choices = [.. Severities.Keys], Aliases = ["问题等级", "严重性"] },
        new("description", "问题描述", CellKind.Text, true, "具体问题；同一单位同一天发现的问题不要写成一模一样的描述", "个别项目资金支付进度慢于计划") { MaxLength = 2000, Aliases = ["问题", "存在问题"] },
        new("found", "发现日期", CellKind.Date, true, "问题被发现或反馈的日期", "2022-11-08") { Aliases = ["反馈日期"] },
        new("concerns", "涉及单位", CellKind.Organization, true, "问题所在、负责整改的单位", "522726") { Aliases = ["责任单位", "整改责任单位"] },
        new("measure", "整改措施", CellKind.Text, false, "怎样整改；还没定措施的可暂不填", "建立项目资金支付月调度制度") { MaxLength = 2000 },
        new("deadline", "整改时限", CellKind.Date, false, "应完成整改的日期；填了整改措施就要填", "2023-01-31") { Aliases = ["整改期限"] },
        new("status", "整改状态", CellKind.Choice, false, "未整改、整改中或已完成；不填按未整改", "已完成") { Choices = [.. Statuses.Keys], Aliases = ["整改情况"] },
        new("completed", "完成日期", CellKind.Date, false, "整改完成的日期；已完成的必填，其他状态不填", "2023-01-12") { Aliases = ["整改完成日期"] },
        new("evidence", "佐证材料", CellKind.Text, false, "证明整改到位的材料名称或存放位置", "调度台账及支付凭证") { MaxLength = 2000 },
        new("owner", "填报单位", CellKind.Organization, true, "负责这条记录的单位", "522726"),
    ];

    internal override string? Check(RowValues row, OrgDirectory orgs, DateOnly today)
    {
        var source = row.Get<string>("source");
        if (source is not null)
        {
            var fromRound = EvaluationLedger.Levels.ContainsKey(source);
            RequireOnlyFor(row, EvaluationColumns, fromRound, source);
            RequireOnlyFor(row, InspectionColumns, source == FromInspection, source);
        }

        CheckYear(row, "round_year", today, yearsAhead: 0);
        NotAfterToday(row, "found", today, "发现日期");
        var found = row.Get<DateOnly?>("found");
        if (found is { } f1 && row.Get<DateOnly?>("visit_date") is { } visit && f1 < visit)
        {
            row.Fail("found", $"早于检查日期 {Iso(visit)}；现场检查的问题在检查当天或之后发现", "逻辑矛盾");
        }

        if (found is { } f2 && row.Get<int?>("round_year") is { } roundYear && f2.Year < roundYear)
        {
            row.Fail("found", $"早于被考核的 {roundYear} 年度", "逻辑矛盾");
        }

        if (row.Get<Organization>("round_east") is { } east && row.Get<Organization>("round_west") is { } west && east.Id == west.Id)
        {
            row.Fail("round_west", "考核东部单位和考核西部单位不能是同一个", "逻辑矛盾");
        }

        CheckRectification(row, found, today);
        return row.Has("concerns") && found is { } day && row.Has("description")
            ? keys.Claim(row, $"{row.Get<Organization>("concerns")!.Id}|{Iso(day)}|{row.Get<string>("description")}", "description")
            : null;
    }

    /// <summary>Columns of one kind of source: required for it, and left empty for the others (so a row names one source).</summary>
    private static void RequireOnlyFor(RowValues row, string[] columns, bool applies, string source)
    {
        foreach (var key in columns)
        {
            var filled = !string.IsNullOrWhiteSpace(row.Raw(key));
            if (applies && !filled)
            {
                row.Fail(key, $"问题来源为“{source}”时必填", "必填项为空");
            }
            else if (!applies && filled)
            {
                row.Fail(key, $"问题来源为“{source}”时不填此列", "逻辑矛盾");
            }
        }
    }

    private static void CheckRectification(RowValues row, DateOnly? found, DateOnly today)
    {
        var hasMeasure = row.Has("measure");
        if (hasMeasure && !row.Has("deadline") && string.IsNullOrWhiteSpace(row.Raw("deadline")))
        {
            row.Fail("deadline", "填了整改措施，还要填整改时限", "必填项为空");
        }

        if (!hasMeasure && string.IsNullOrWhiteSpace(row.Raw("measure")) && row.Has("deadline"))
        {
            row.Fail("measure", "填了整改时限，还要填整改措施", "必填项为空");
        }

        if (found is { } f && row.Get<DateOnly?>("deadline") is { } deadline && deadline < f)
        {
            row.Fail("deadline", $"整改时限早于发现日期 {Iso(f)}", "逻辑矛盾");
        }

        if (row.Get<DateOnly?>("completed") is { } done)
        {
            if (found is { } f2 && done < f2)
            {
                row.Fail("completed", $"完成日期早于发现日期 {Iso(f2)}", "逻辑矛盾");
            }

            NotAfterToday(row, "completed", today, "完成日期");
        }

        if (!row.Has("status") && !string.IsNullOrWhiteSpace(row.Raw("status")))
        {
            // The status could not be read (already reported): the rules that depend on it would only add noise.
            return;
        }

        var status = row.Get<string>("status") ?? "未整改";
        if (!hasMeasure && string.IsNullOrWhiteSpace(row.Raw("measure")) && status != "未整改")
        {
            row.Fail("status", $"没有整改措施，整改状态不能是“{status}”", "逻辑矛盾");
        }

        var completedFilled = !string.IsNullOrWhiteSpace(row.Raw("completed"));
        if (status == "已完成" && !completedFilled)
        {
            row.Fail("completed", "整改状态为“已完成”时必填完成日期", "必填项为空");
        }
        else if (status != "已完成" && completedFilled)
        {
            row.Fail("completed", $"整改状态为“{status}”，不应填完成日期；已整改完的请把状态改为“已完成”", "逻辑矛盾");
        }
    }

    /// <summary>
    /// The source a row names must be stored: the evaluation round (in the evaluations ledger) or the one inspection of
    /// the site that day (in the inspections ledger).
    /// </summary>
    internal override async Task CheckStoredAsync(ImportApplyContext context, IReadOnlyList<RowValues> rows, CancellationToken ct)
    {
        var rounds = await RoundsAsync(context.Db, rows, ct);
        var visits = await VisitsAsync(context.Db, rows, ct);
        foreach (var row in rows)
        {
            if (RoundKey(row) is { } rk && !rounds.ContainsKey(rk))
            {
                var pairing = $"{row.Get<Organization>("round_east")!.Name}与{row.Get<Organization>("round_west")!.Name}";
                var (east, west, year, level) = rk;
                var otherLevels = rounds.Keys.Where(k => (k.Item1, k.Item2, k.Item3) == (east, west, year)).Select(k => EvaluationLedger.Levels[k.Item4]).Distinct().ToList();
                if (otherLevels.Count > 0)
                {
                    row.Fail("source", $"考核评价台账中{pairing}的 {year} 年度只有{string.Join("、", otherLevels)}，没有{EvaluationLedger.Levels[level]}；请改正问题来源或考核年度", "引用不存在");
                }
                else
                {
                    row.Fail("round_year", $"考核评价台账中没有{pairing}的 {year} 年度{EvaluationLedger.Levels[level]}；请先导入考核评价台账，或改正考核东部单位、考核西部单位和考核年度", "引用不存在");
                }
            }

            if (VisitKey(row) is { } vk && visits.GetValueOrDefault(vk) is not [_])
            {
                var site = row.Get<Organization>("site")!.Name;
                if (visits.TryGetValue(vk, out var same))
                {
                    row.Fail("visit_date", $"{site}在 {Iso(vk.Item2)} 有 {same.Count} 次检查（不同检查清单），无法确定问题出自哪一次；请把问题来源改为“其他”、清空检查点和检查日期，并在问题描述中写明是哪份检查清单", "逻辑矛盾");
                }
                else
                {
                    row.Fail("visit_date", $"检查台账中没有{site}在 {Iso(vk.Item2)} 的检查；请先导入检查台账，或改正检查点和检查日期", "引用不存在");
                }
            }
        }
    }

    internal override async Task ApplyAsync(ImportApplyContext context, IReadOnlyList<RowValues> rows, CancellationToken ct)
    {
        var db = context.Db;
        var stored = new Dictionary<(long, DateOnly, string), Finding>();
        foreach (var f in await InChunksAsync(rows.Select(r => r.Get<Organization>("concerns")!.Id),
                     chunk => db.Rows<Finding>(Scope.Everything).Where(f => chunk.Contains(f.ConcernsOrgId)).OrderBy(f => f.Id), ct))
        {
            stored.TryAdd((f.ConcernsOrgId, f.Date, Read(f.Description)), f);
        }

        var tasks = new Dictionary<long, RectificationTask>();
        foreach (var t in await InChunksAsync(stored.Values.Select(f => f.Id),
                     chunk => db.Rows<RectificationTask>(Scope.Everything).Where(t => chunk.Contains(t.FindingId)).OrderBy(t => t.Id), ct))
        {
            tasks.TryAdd(t.FindingId, t);
        }

        var rounds = await RoundsAsync(db, rows, ct);
        var visits = await VisitsAsync(db, rows, ct);
        foreach (var row in rows)
        {
            var concerns = row.Get<Organization>("concerns")!.Id;
            var date = row.Get<DateOnly?>("found")!.Value;
            var description = row.Get<string>("description")!;
            var area = row.Get<string>("area")!;
            var owner = row.Get<Organization>("owner")!.Id;
            long? roundId = RoundKey(row) is { } rk ? Stored(rounds, rk) : null;
            long? inspectionId = VisitKey(row) is { } vk ? Stored(visits, vk).Single() : null;
            var measure = row.Get<string>("measure");
            var fresh = new Finding
            {
                EvaluationRoundId = roundId, InspectionId = inspectionId, Area = area, Description = description, Date = date, ConcernsOrgId = concerns, OwnerOrgId = owner,
                Severity = row.Get<string>("severity") is { } severity ? Severities[severity] : FindingSeverity.General,
            };
            if (!stored.TryGetValue((concerns, date, description), out var finding))
            {
                context.Insert(fresh);
                if (measure is not null)
                {
                    context.Insert(TaskOf(row, fresh, owner));
                }

                context.Count(RowOutcome.Inserted);
                continue;
            }

            // The finding and its rectification are one row: updated if either changed.
            var changed = context.Refresh(finding, fresh, FindingFields);

            // A row without measures leaves any stored rectification as it is.
            if (measure is not null)
            {
                var wanted = TaskOf(row, null, owner);
                wanted.FindingId = finding.Id;
                if (!tasks.TryGetValue(finding.Id, out var task))
                {
                    context.Insert(wanted);
                    changed = true;
                }
                else
                {
                    changed |= context.Refresh(task, wanted, TaskFields);
                }
            }

            context.Count(changed ? RowOutcome.Updated : RowOutcome.Unchanged);
        }
    }

    private static RectificationTask TaskOf(RowValues row, Finding? finding, long owner) => new()
    {
        Finding = finding, Measure = row.Get<string>("measure")!, Deadline = row.Get<DateOnly?>("deadline")!.Value,
        Status = row.Get<string>("status") is { } s ? Statuses[s] : RectificationStatus.Open, CompletedOn = row.Get<DateOnly?>("completed"),
        Evidence = row.Get<string>("evidence"), OwnerOrgId = owner,
    };

    private static (long, long, int, EvaluationLevel)? RoundKey(RowValues row) =>
        row.Get<string>("source") is { } s && EvaluationLedger.Levels.TryGetValue(s, out var level)
            ? (row.Get<Organization>("round_east")!.Id, row.Get<Organization>("round_west")!.Id, row.Get<int?>("round_year")!.Value, level)
            : null;

    private static (long, DateOnly)? VisitKey(RowValues row) =>
        row.Get<string>("source") == FromInspection ? (row.Get<Organization>("site")!.Id, row.Get<DateOnly?>("visit_date")!.Value) : null;

    private static async Task<Dictionary<(long, long, int, EvaluationLevel), long>> RoundsAsync(CounterpartDbContext db, IReadOnlyList<RowValues> rows, CancellationToken ct)
    {
        var sides = rows.Select(RoundKey).OfType<(long East, long West, int, EvaluationLevel)>().Select(k => (k.East, k.West)).ToList();
        if (sides.Count == 0)
        {
            return [];
        }

        var rounds = await EvaluationLedger.RoundsAsync(db, await EvaluationLedger.PairingsAsync(db, sides, ct), ct);
        return rounds.ToDictionary(r => r.Key, r => r.Value.Id);
    }

    /// <summary>Inspections by (site, date); a site visited twice the same day (two checklists) lists both.</summary>
    private static async Task<Dictionary<(long, DateOnly), List<long>>> VisitsAsync(CounterpartDbContext db, IReadOnlyList<RowValues> rows, CancellationToken ct)
    {
        var sites = rows.Select(VisitKey).OfType<(long Site, DateOnly)>().Select(k => k.Site).ToList();
        var found = await InChunksAsync(sites, chunk => db.Rows<Inspection>(Scope.Everything).Where(i => chunk.Contains(i.SiteOrgId)).OrderBy(i => i.Id)
            .Select(i => new { i.SiteOrgId, i.Date, i.Id }), ct);
        return found.GroupBy(i => (i.SiteOrgId, i.Date)).ToDictionary(g => g.Key, g => g.Select(i => i.Id).ToList());
    }

    internal override IQueryable<Finding> Dated(CounterpartDbContext db, Scope scope, int fromYear, int toYear)
    {
        var (from, to) = YearSpan(fromYear, toYear);
        return db.Rows<Finding>(scope).Where(f => f.Date >= from && f.Date <= to);
    }

    internal override IReadOnlyDictionary<string, Expression<Func<Finding, object?>>> SortKeys { get; } = new Dictionary<string, Expression<Func<Finding, object?>>>
    {
        ["area"] = f => f.Area, ["severity"] = f => f.Severity, ["found"] = f => f.Date, ["concerns"] = f => f.Concerns!.Code, ["round_year"] = f => f.EvaluationRound!.Year,
        ["visit_date"] = f => f.Inspection!.Date,
    };

    internal override Expression<Func<Finding, bool>> Search(string text) =>
        f => f.Area.Contains(text) || f.Description.Contains(text) || f.Concerns!.Code.Contains(text) || f.Concerns!.Name.Contains(text);

    /// <summary>
    /// The row's rectification columns are the finding's first task (by id), read with the row whatever the scope: the
    /// task belongs to the finding the scope may read.
    /// </summary>
    internal override async IAsyncEnumerable<LedgerRow> CellsAsync(IQueryable<Finding> rows, PersonalDataProtector protector, bool unmasked,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var projected = rows.Select(f => new
            {
                f.Id, f.ReviewState, RoundEast = f.EvaluationRound!.Pairing!.EastOrg!.Code, RoundWest = f.EvaluationRound!.Pairing!.WestOrg!.Code,
                RoundYear = (int?)f.EvaluationRound!.Year, Level = (EvaluationLevel?)f.EvaluationRound!.Level, Site = f.Inspection!.Site!.Code,
                VisitDate = (DateOnly?)f.Inspection!.Date, f.Area, f.Severity, f.Description, f.Date, Concerns = f.Concerns!.Code, Owner = f.Owner!.Code,
                Task = f.Tasks.OrderBy(t => t.Id).Select(t => new { t.Measure, t.Deadline, t.Status, t.CompletedOn, t.Evidence }).FirstOrDefault(),
            }).AsAsyncEnumerable();
        await foreach (var f in projected.WithCancellation(ct))
        {
            var source = f.Level is { } level ? EvaluationLedger.Levels[level] : f.VisitDate is not null ? FromInspection : FromOther;
            var task = f.Task;
            yield return new LedgerRow(f.Id, f.ReviewState,
            [
                source, f.RoundEast ?? "", f.RoundWest ?? "", f.RoundYear is { } y ? Number(y) : "", f.Level is null ? f.Site ?? "" : "", f.Level is null ? Iso(f.VisitDate) : "", f.Area, Severities[f.Severity], f.Description, Iso(f.Date),
                f.Concerns, task?.Measure ?? "", Iso(task?.Deadline), task is null ? "" : Statuses[task.Status], Iso(task?.CompletedOn), task?.Evidence ?? "", f.Owner,
            ]);
        }
    }
}
