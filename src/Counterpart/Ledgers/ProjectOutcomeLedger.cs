using System.Globalization;
using System.Linq.Expressions;
using Counterpart.Data;
using Counterpart.People;
using Counterpart.Projects;
using Microsoft.EntityFrameworkCore;

namespace Counterpart.Ledgers;

/// <summary>
/// 项目绩效目标台账: the performance targets of a project (绩效目标表) with the values reached, one row per target,
/// identified by project code, target name and year (empty for a target of the whole project).
/// </summary>
public sealed class ProjectOutcomeLedger : EntityLedger<ProjectOutcome>
{
    private static readonly UpdatableFields<ProjectOutcome> Updatable = new UpdatableFields<ProjectOutcome>()
        .Add(o => o.Unit, ProjectLedger.SameText).Add(o => o.Baseline).Add(o => o.Target).Add(o => o.Actual);

    private readonly ProjectOwners owners = new("project-outcomes");

    public override string Name => "project-outcomes";

    public override string Title => "项目绩效目标台账";

    public override string NaturalKey => "项目编号 + 绩效指标 + 年度";

    public override IReadOnlyList<LedgerColumn> Columns { get; } =
    [
        new("project", "项目编号", CellKind.Text, true, "绩效目标所属项目的编号；项目须已在帮扶项目台账中登记", "DS-2024-012") { MaxLength = 64, Aliases = ["项目代码"] },
        new("name", "绩效指标", CellKind.Text, true, "绩效目标表中的指标名称（产出、效益等）", "年培训学员") { MaxLength = 200, Aliases = ["指标名称", "绩效目标"] },
        new("unit", "计量单位", CellKind.Text, true, "指标的计量单位；下面三个数值都按它填写", "人次") { MaxLength = 32, Aliases = ["单位"] },
        new("year", "年度", CellKind.WholeNumber, false, "考核哪一年的目标；整个项目期的目标不填", "2025") { Aliases = ["考核年度"] },
        new("baseline", "基期值", CellKind.Text, false, "项目实施前的数值；没有的不填", "") { MaxLength = 32, Aliases = ["基准值"] },
        new("target", "目标值", CellKind.Text, true, "要达到的数值", "500") { MaxLength = 32, Aliases = ["指标值"] },
        new("actual", "完成值", CellKind.Text, false, "实际达到的数值；尚未考核的不填", "569") { MaxLength = 32, Aliases = ["实际完成值", "实际值"] },
    ];

    internal override string? Check(RowValues row, OrgDirectory orgs, DateOnly today)
    {
        var year = row.Get<int?>("year");
        if (year is { } y && (y < 2000 || y > today.Year + 2))
        {
            row.Fail("year", $"年度应在 2000 年到 {today.Year + 2} 年之间", "取值不在范围内");
        }

        var unit = row.Get<string>("unit");
        foreach (var key in new[] { "baseline", "target", "actual" })
        {
            if (row.Get<string>(key) is { } raw && PlainNumber.Parse(raw, unit) is { Ok: false } bad)
            {
                row.Fail(key, bad.Error!, "格式错误");
            }
        }

        if (row.Has("actual") && year > today.Year)
        {
            row.Fail("actual", $"{year} 年还没到，不能填完成值", "逻辑矛盾");
        }

        return row.Ok ? $"{row.Get<string>("project")}|{row.Get<string>("name")}|{year}" : null;
    }

    internal override long BatchOwner(IReadOnlyList<RowValues> rows, OrgDirectory orgs) => owners.OfBatch(rows);

    /// <summary>The project each row names must already be stored.</summary>
    internal override Task CheckStoredAsync(ImportApplyContext context, IReadOnlyList<RowValues> rows, CancellationToken ct) =>
        ProjectLedger.CheckProjectsStoredAsync(context, rows, ct);

    internal override async Task ApplyAsync(ImportApplyContext context, IReadOnlyList<RowValues> rows, CancellationToken ct)
    {
        var projects = await ProjectLedger.ByCodeAsync(context.Db, rows.Select(r => r.Get<string>("project")!), ct);
        owners.Learn(projects.Values);

        var stored = new Dictionary<(long, string, int?), ProjectOutcome>();
        foreach (var chunk in projects.Values.Select(p => p.Id).Chunk(500))
        {
            foreach (var o in await context.Db.Rows<Project>(Scope.Everything).Where(p => chunk.Contains(p.Id)).SelectMany(p => p.Outcomes).ToListAsync(ct))
            {
                stored.TryAdd((o.ProjectId, CellParsers.Normalize(o.Name), o.Year), o);
            }
        }

        foreach (var row in rows)
        {
            var project = ProjectLedger.Require(projects, row);
            var unit = row.Get<string>("unit")!;
            var fresh = new ProjectOutcome
            {
                ProjectId = project.Id, Name = row.Get<string>("name")!, Unit = unit, Year = row.Get<int?>("year"), Baseline = Number(row, "baseline", unit),
                Target = Number(row, "target", unit)!.Value, Actual = Number(row, "actual", unit),
            };
            var key = (project.Id, fresh.Name, fresh.Year);
            if (context.Upsert(stored.GetValueOrDefault(key), fresh, Updatable) == RowOutcome.Inserted)
            {
                stored[key] = fresh;
            }
        }
    }

    private static decimal? Number(RowValues row, string key, string unit) =>
        row.Get<string>(key) is { } raw ? PlainNumber.Parse(raw, unit).Value : null;

    /// <summary>The targets of the projects the scope may read, dated by their own year, or the project's for a target of the whole project.</summary>
    internal override IQueryable<ProjectOutcome> Dated(CounterpartDbContext db, Scope scope, int fromYear, int toYear) =>
        db.Rows<Project>(scope).SelectMany(p => p.Outcomes).Where(o => (o.Year ?? o.Project!.Year) >= fromYear && (o.Year ?? o.Project!.Year) <= toYear);

    /// <summary>As the projects ledger lists its projects (by year), each project's targets together.</summary>
    internal override IOrderedQueryable<ProjectOutcome> InOrder(IQueryable<ProjectOutcome> rows) =>
        rows.OrderBy(o => o.Project!.Year).ThenBy(o => o.ProjectId).ThenBy(o => o.Id);

    internal override IReadOnlyDictionary<string, Expression<Func<ProjectOutcome, object?>>> SortKeys { get; } = new Dictionary<string, Expression<Func<ProjectOutcome, object?>>>
    {
        ["project"] = o => o.Project!.Code, ["name"] = o => o.Name, ["year"] = o => o.Year, ["target"] = o => o.Target, ["actual"] = o => o.Actual,
    };

    internal override Expression<Func<ProjectOutcome, bool>> Search(string text) => o => o.Name.Contains(text) || o.Project!.Code.Contains(text) || o.Project!.Name.Contains(text);

    internal override async IAsyncEnumerable<LedgerRow> CellsAsync(IQueryable<ProjectOutcome> rows, PersonalDataProtector protector, bool unmasked,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var projected = rows.Select(o => new { o.Id, o.ReviewState, o.Project!.Code, o.Name, o.Unit, o.Year, o.Baseline, o.Target, o.Actual }).AsAsyncEnumerable();
        await foreach (var o in projected.WithCancellation(ct))
        {
            yield return new LedgerRow(o.Id, o.ReviewState,
            [
                o.Code, o.Name, o.Unit, o.Year?.ToString(CultureInfo.InvariantCulture) ?? "", PlainNumber.Format(o.Baseline), PlainNumber.Format(o.Target),
                PlainNumber.Format(o.Actual),
            ]);
        }
    }
}
