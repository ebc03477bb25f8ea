using System.Globalization;
using System.Linq.Expressions;
using System.Text.RegularExpressions;
using Counterpart.Data;
using Counterpart.Inspections;
using Counterpart.Organizations;
using Counterpart.People;
using Microsoft.EntityFrameworkCore;
using static Counterpart.Ledgers.ReviewLedgerSupport;

namespace Counterpart.Ledgers;

/// <summary>
/// 检查台账: one row per site visit against a checklist. The items that failed are listed by number (“3、7”; empty =
/// every item passed), with an optional note per failed item; the visit keeps one result per checklist item. Natural
/// key: site + checklist + date.
/// </summary>
public sealed partial class InspectionLedger : EntityLedger<Inspection>
{
    /// <summary>Checklists a file may name, by code or name: the built-in ones (the database holds no others yet).</summary>
    private static readonly (string Code, string Name, int Items)[] Known = [(SafetyChecklist.Code, SafetyChecklist.Name, SafetyChecklist.Items.Count)];

    private static readonly OrgKind[] NotASite = [OrgKind.Nation, OrgKind.Province, OrgKind.Prefecture, OrgKind.County, OrgKind.Town];

    private static readonly UpdatableFields<Inspection> InspectionFields = new UpdatableFields<Inspection>()
        .Add(i => i.Inspector, SameText).Add(i => i.Summary, SameText).Add(i => i.OwnerOrgId);

    private static readonly UpdatableFields<InspectionResult> ResultFields = new UpdatableFields<InspectionResult>().Add(r => r.Passed).Add(r => r.Note, SameText);

    private readonly KeysInFile keys = new("检查点、检查清单、检查日期");

    public override string Name => "inspections";

    public override string Title => "检查台账";

    public override string NaturalKey => "检查点 + 检查清单 + 检查日期";

    public override IReadOnlyList<LedgerColumn> Columns { get; } =
    [
        new("site", "检查点", CellKind.Organization, true, "被检查的场所或单位（帮扶车间、企业、项目所在村、学校、安置点等）的代码或完整名称", "522726-W01") { Aliases = ["被检查单位", "检查场所"] },
        new("checklist", "检查清单", CellKind.Text, true, $"按哪份清单检查：填清单名称或代码，目前有“{SafetyChecklist.Name}”（代码 {SafetyChecklist.Code}）", SafetyChecklist.Name)
        {
            MaxLength = 64, Aliases = ["检查清单代码", "清单"],
        },
        new("date", "检查日期", CellKind.Date, true, "到现场检查的日期", "2024-03-10") { Aliases = ["检查时间"] },
        new("inspector", "检查人", CellKind.Text, true, "检查人员或检查组", "县协作办安全检查组") { MaxLength = 64, Aliases = ["检查人员", "检查组"] },
        new("failed", "不合格条目", CellKind.Text, false, "不符合要求的清单条目序号，多个用顿号隔开；全部合格的不填", "6") { Aliases = ["不合格项", "问题条目"] },
        new("notes", "不合格说明", CellKind.Text, false, "不合格条目的具体情况，写成“条目号：说明”，多条用分号隔开；只有一条不合格时可直接写说明", "6：一个插线板同时接了多台设备")
        {
            MaxLength = 2000, Aliases = ["问题说明"],
        },
        new("summary", "情况说明", CellKind.Text, false, "检查的总体情况和处理意见", "发现一处一闸多用，已要求整改") { MaxLength = 2000, Aliases = ["检查情况", "检查结论"] },
        new("owner", "填报单位", CellKind.Organization, true, "负责这条记录的单位", "522726"),
    ];

    internal override string? Check(RowValues row, OrgDirectory orgs, DateOnly today)
    {
        NotAfterToday(row, "date", today, "检查日期");
        if (row.Get<Organization>("site") is { } site)
        {
            if (NotASite.Contains(site.Kind))
            {
                row.Fail("site", $"“{site.Name}”是{KindName(site.Kind)}；检查点应是具体的场所或单位（车间、企业、项目所在村、学校、安置点等）", "逻辑矛盾");
            }
            else if (site.EstablishedOn is { } established && row.Get<DateOnly?>("date") is { } date && date < established)
            {
                row.Fail("date", $"早于“{site.Name}”成立（建成）的日期 {Iso(established)}", "逻辑矛盾");
            }
        }

        var checklist = row.Get<string>("checklist") is { } typed ? ChecklistOf(typed) : null;
        if (row.Has("checklist") && checklist is null)
        {
            row.Fail("checklist", "没有这份检查清单；目前可用：" + string.Join("、", Known.Select(k => $"{k.Name}（{k.Code}）")), "取值不在范围内");
        }

        if (checklist is { } list)
        {
            var (failed, error) = ParseItems(row.Get<string>("failed"), list.Items, list.Name);
            if (error is not null)
            {
                row.Fail("failed", error, "格式错误");
            }
            else if (ParseNotes(row.Get<string>("notes"), failed!).Error is { } notesError)
            {
                row.Fail("notes", notesError, "格式错误");
            }
        }

        return row.Has("site") && row.Has("date") && checklist is { } c
            ? keys.Claim(row, $"{row.Get<Organization>("site")!.Id}|{c.Code}|{Iso(row.Get<DateOnly?>("date")!.Value)}", "date")
            : null;
    }

    private static (string Code, string Name, int Items)? ChecklistOf(string typed) =>
        Known.Where(k => string.Equals(k.Code, typed, StringComparison.OrdinalIgnoreCase) || string.Equals(CellParsers.Normalize(k.Name), typed, StringComparison.Ordinal))
            .Select(k => ((string, string, int)?)k).FirstOrDefault();

    /// <summary>“3、7”, “3,7”, “第3条 第7条” → {3, 7}; each number must be an item of the checklist.</summary>
    internal static (SortedSet<int>? Items, string? Error) ParseItems(string? text, int count, string checklistName)
    {
        var items = new SortedSet<int>();
        foreach (var part in (text ?? "").Split(['、', ',', ';', ' ', '/', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var digits = part.TrimStart('第').TrimEnd('条', '项');
            if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                return (null, $"“{part}”不是条目序号；请填清单中的序号，如“3、7”");
            }

            if (n < 1 || n > count)
            {
                return (null, $"第 {n} 条不在“{checklistName}”中（共 {count} 条）");
            }

            items.Add(n);
        }

        return (items, null);
    }

    /// <summary>“6：说明；7：说明” → notes by item; a single failed item may have its note without the number.</summary>
    internal static (Dictionary<int, string>? Notes, string? Error) ParseNotes(string? text, SortedSet<int> failed)
    {
        var notes = new Dictionary<int, string>();
        var segments = (text ?? "").Split([';', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (segments.Length > 0 && failed.Count == 0)
        {
            return (null, "没有填不合格条目，不需要不合格说明；如有不合格，请先在“不合格条目”中填序号");
        }

        foreach (var segment in segments)
        {
            var m = NotePattern().Match(segment);
            int item;
            string note;
            if (m.Success)
            {
                item = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
                note = m.Groups[2].Value.Trim();
                if (!failed.Contains(item))
                {
                    return (null, $"第 {item} 条不在不合格条目中，不能为它写不合格说明");
                }
            }
            else if (segments.Length == 1 && failed.Count == 1)
            {
                (item, note) = (failed.Min, segment);
            }
            else
            {
                return (null, "有多条不合格时，请写成“条目号：说明”，多条之间用分号隔开");
            }

            if (note.Length > 500)
            {
                return (null, $"第 {item} 条的说明超过 500 字");
            }

            if (!notes.TryAdd(item, note))
            {
                return (null, $"第 {item} 条的说明写了两次");
            }
        }

        return (notes, null);
    }

    [GeneratedRegex(@"^第?\s*(\d{1,3})\s*[条项]?\s*:\s*(.+)$", RegexOptions.Singleline)]
    private static partial Regex NotePattern();

    internal override async Task ApplyAsync(ImportApplyContext context, IReadOnlyList<RowValues> rows, CancellationToken ct)
    {
        var db = context.Db;
        var codes = rows.Select(r => ChecklistOf(r.Get<string>("checklist")!)!.Value.Code).Distinct(StringComparer.Ordinal).ToList();
        var checklists = await db.Checklists.Include(c => c.Items).Where(c => codes.Contains(c.Code)).ToDictionaryAsync(c => c.Code, StringComparer.Ordinal, ct);
        ThrowIfMissing([.. codes.Where(c => !checklists.ContainsKey(c)).Select(c => $"检查清单 {c} 尚未装入数据库")], "请重新启动系统以装入内置清单。");

        var stored = new Dictionary<(long, long, DateOnly), Inspection>();
        foreach (var i in await InChunksAsync(rows.Select(r => r.Get<Organization>("site")!.Id),
                     chunk => db.Rows<Inspection>(Scope.Everything).Include(i => i.Results).Where(i => chunk.Contains(i.SiteOrgId)).OrderBy(i => i.Id), ct))
        {
            stored.TryAdd((i.SiteOrgId, i.ChecklistId, i.Date), i);
        }

        foreach (var row in rows)
        {
            var checklist = checklists[ChecklistOf(row.Get<string>("checklist")!)!.Value.Code];
            var failed = ParseItems(row.Get<string>("failed"), checklist.Items.Count, checklist.Name).Items!;
            var notes = ParseNotes(row.Get<string>("notes"), failed).Notes!;
            var site = row.Get<Organization>("site")!.Id;
            var date = row.Get<DateOnly?>("date")!.Value;
            var inspector = row.Get<string>("inspector")!;
            var summary = row.Get<string>("summary");
            var owner = row.Get<Organization>("owner")!.Id;
            var fresh = new Inspection { SiteOrgId = site, ChecklistId = checklist.Id, Date = date, Inspector = inspector, Summary = summary, OwnerOrgId = owner };
            if (!stored.TryGetValue((site, checklist.Id, date), out var inspection))
            {
                fresh.Results = [.. checklist.Items.OrderBy(i => i.Number).Select(i => new InspectionResult
                {
                    ChecklistItemId = i.Id, Passed = !failed.Contains(i.Number), Note = notes.GetValueOrDefault(i.Number),
                })];
                context.Insert(fresh);
                context.Count(RowOutcome.Inserted);
                continue;
            }

            // Results are updated one by one (each recorded for undo), not through the visit's graph.
            var results = inspection.Results;
            inspection.Results = [];
            var changed = context.Refresh(inspection, fresh, InspectionFields);
            foreach (var item in checklist.Items.OrderBy(i => i.Number))
            {
                var passed = !failed.Contains(item.Number);
                var result = results.FirstOrDefault(r => r.ChecklistItemId == item.Id);
                // A failed item carries the file's note; a passed item keeps a note it had while passed, and drops a failure's note.
                var note = passed ? (result is { Passed: true } ? result.Note : null) : notes.GetValueOrDefault(item.Number);
                var wanted = new InspectionResult { InspectionId = inspection.Id, ChecklistItemId = item.Id, Passed = passed, Note = note };
                if (result is null)
                {
                    context.Insert(wanted);
                    changed = true;
                }
                else
                {
                    changed |= context.Refresh(result, wanted, ResultFields);
                }
            }

            context.Count(changed ? RowOutcome.Updated : RowOutcome.Unchanged);
        }
    }

    internal override IQueryable<Inspection> Dated(CounterpartDbContext db, Scope scope, int fromYear, int toYear)
    {
        var (from, to) = YearSpan(fromYear, toYear);
        return db.Rows<Inspection>(scope).Where(i => i.Date >= from && i.Date <= to);
    }

    internal override IReadOnlyDictionary<string, Expression<Func<Inspection, object?>>> SortKeys { get; } = new Dictionary<string, Expression<Func<Inspection, object?>>>
    {
        ["site"] = i => i.Site!.Code, ["checklist"] = i => i.Checklist!.Name, ["date"] = i => i.Date, ["inspector"] = i => i.Inspector,
    };

    internal override Expression<Func<Inspection, bool>> Search(string text) =>
        i => i.Site!.Code.Contains(text) || i.Site!.Name.Contains(text) || i.Checklist!.Name.Contains(text) || i.Inspector.Contains(text);

    /// <summary>One row per visit: the results that failed are listed in its cells (their numbers, and the notes by number).</summary>
    internal override async IAsyncEnumerable<LedgerRow> CellsAsync(IQueryable<Inspection> rows, PersonalDataProtector protector, bool unmasked,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var projected = rows.Select(i => new
            {
                i.Id, i.ReviewState, Site = i.Site!.Code, Checklist = i.Checklist!.Name, i.Date, i.Inspector, i.Summary, Owner = i.Owner!.Code,
                Failed = i.Results.Where(r => !r.Passed).OrderBy(r => r.Item!.Number).Select(r => new { r.Item!.Number, r.Note }).ToList(),
            })
            .AsAsyncEnumerable();
        await foreach (var i in projected.WithCancellation(ct))
        {
            yield return new LedgerRow(i.Id, i.ReviewState,
            [
                i.Site, i.Checklist, Iso(i.Date), i.Inspector, string.Join("、", i.Failed.Select(f => Number(f.Number))),
                string.Join("；", i.Failed.Where(f => !string.IsNullOrWhiteSpace(f.Note)).Select(f => $"{Number(f.Number)}：{f.Note}")), i.Summary ?? "", i.Owner,
            ]);
        }
    }
}
