using System.Globalization;
using System.Linq.Expressions;
using Counterpart.Data;
using Counterpart.People;
using Counterpart.Projects;
using Microsoft.EntityFrameworkCore;

namespace Counterpart.Ledgers;

/// <summary>
/// 项目资金台账: one row per movement of a project's money — allocated (下达), disbursed to the county (拨付) or paid to
/// the contractor (支付) — identified by project code, source, stage and date. Amounts are kept in 万元 in the template,
/// as project ledgers are. Per project and source (except self-raised money), the payments may not exceed the
/// disbursements, nor the disbursements the allocations, counting what is stored together with the file.
/// </summary>
public sealed class ProjectFundLedger : EntityLedger<ProjectFund>
{
    internal static readonly ChoiceLabels<FundSource> Sources = new()
    {
        ["东西部协作资金"] = FundSource.Cooperation, ["整合资金"] = FundSource.Integrated, ["自筹资金"] = FundSource.SelfRaised,
    };

    internal static readonly ChoiceLabels<FundStage> Stages = new()
    {
        ["下达"] = FundStage.Allocation, ["拨付"] = FundStage.Disbursement, ["支付"] = FundStage.Payment,
    };

    private static readonly UpdatableFields<ProjectFund> Updatable = new UpdatableFields<ProjectFund>().Add(f => f.Amount);

    /// <summary>Every valid row of the file by project code, so the totals rule judges what will be stored once the whole file is in.</summary>
    private readonly Dictionary<string, Dictionary<(FundSource, FundStage, DateOnly), decimal>> fileRows = new(StringComparer.Ordinal);

    private readonly ProjectOwners owners = new("project-funds");

    /// <summary>
    /// One chunk for the whole file: the totals rule in <see cref="CheckStoredAsync"/> reads every row <see cref="Check"/> saw,
    /// and the file is read on another thread while earlier chunks are written. Fund files are small (a row per payment).
    /// </summary>
    internal override int ChunkSize => int.MaxValue;

    public override string Name => "project-funds";

    public override string Title => "项目资金台账";

    public override string NaturalKey => "项目编号 + 资金来源 + 资金环节 + 日期";

    public override IReadOnlyList<LedgerColumn> Columns { get; } =
    [
        new("project", "项目编号", CellKind.Text, true, "资金所属项目的编号；项目须已在帮扶项目台账中登记", "DS-2024-012") { MaxLength = 64, Aliases = ["项目代码"] },
        new("source", "资金来源", CellKind.Choice, true, "东西部协作财政援助资金、统筹整合的涉农资金或项目单位自筹", "东西部协作资金") { Choices = [.. Sources.Keys], Aliases = ["资金类型"] },
        new("stage", "资金环节", CellKind.Choice, true, "下达（资金计划下达）、拨付（拨付到位到县）或支付（支付给实施单位）", "下达") { Choices = [.. Stages.Keys], Aliases = ["环节"] },
        new("date", "日期", CellKind.Date, true, "下达文件、拨付到位或支付的日期；同一天同一环节的多笔请合并为一行", "2024-02-20") { Aliases = ["发生日期", "下达日期", "拨付日期", "支付日期"] },
        new("amount", "金额（万元）", CellKind.Amount, true, "本笔金额，默认以万元计；单元格也可写“35万”“1200000元”", "300") { Aliases = ["资金金额", "资金规模"] },
    ];

    internal override string? Check(RowValues row, OrgDirectory orgs, DateOnly today)
    {
        if (row.Get<decimal?>("amount") == 0m)
        {
            row.Fail("amount", "金额应大于0", "取值不在范围内");
        }

        if (row.Get<DateOnly?>("date") > today)
        {
            row.Fail("date", "日期晚于今天；资金台账只登记已经发生的下达、拨付和支付", "逻辑矛盾");
        }

        if (!row.Ok)
        {
            return null;
        }

        var (code, source, stage, date) = (row.Get<string>("project")!, row.Get<string>("source")!, row.Get<string>("stage")!, row.Get<DateOnly?>("date")!.Value);
        if (!fileRows.TryGetValue(code, out var movements))
        {
            fileRows[code] = movements = [];
        }

        movements.TryAdd((Sources[source], Stages[stage], date), row.Get<decimal?>("amount")!.Value);
        return $"{code}|{source}|{stage}|{ProjectLedger.Iso(date)}";
    }

    internal override long BatchOwner(IReadOnlyList<RowValues> rows, OrgDirectory orgs) => owners.OfBatch(rows);

    /// <summary>
    /// The rules only the stored data can decide: the project exists; a row does not name a movement stored twice; and,
    /// per project and source, the totals stay in order over what will be stored once the whole file is in.
    /// </summary>
    internal override async Task CheckStoredAsync(ImportApplyContext context, IReadOnlyList<RowValues> rows, CancellationToken ct)
    {
        var projects = await ProjectLedger.CheckProjectsStoredAsync(context, rows, ct);
        var stored = await StoredAsync(context.Db, projects.Values, ct);
        var items = rows.Where(r => r.Ok).Select(r => Item.Of(r, projects[r.Get<string>("project")!])).ToList();
        var twice = stored.GroupBy(f => (f.ProjectId, f.Source, f.Stage, f.Date)).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
        foreach (var item in items.Where(i => twice.Contains((i.Project.Id, i.Source, i.Stage, i.Date))))
        {
            item.Row.Fail("date", $"项目“{item.Project.Code}”已存有两笔这一天的{Sources[item.Source]}{Stages[item.Stage]}记录，无法确定本行更新哪一笔；"
                + "请先在系统中把这两笔合并为一笔，再导入", "逻辑矛盾");
        }

        CheckTotals(items, stored);
    }

    /// <summary>
    /// Payments ≤ disbursements ≤ allocations for each project and source of the rows, over what will be stored after the
    /// whole file: the stored movements, with the file's rows in place of those they insert or update. A breach fails the
    /// rows of the two stages compared (all the rows of the project and source if it has none of them), on the amount.
    /// </summary>
    private void CheckTotals(List<Item> items, List<ProjectFund> stored)
    {
        foreach (var group in items.Where(i => i.Source != FundSource.SelfRaised).GroupBy(i => (i.Project, i.Source)))
        {
            var (project, source) = group.Key;
            var file = new Dictionary<(FundStage Stage, DateOnly Date), decimal>();
            foreach (var ((s, stage, date), amount) in fileRows.GetValueOrDefault(project.Code, []))
            {
                if (s == source)
                {
                    file[(stage, date)] = amount;
                }
            }

            decimal Total(FundStage stage) =>
                stored.Where(f => f.ProjectId == project.Id && f.Source == source && f.Stage == stage && !file.ContainsKey((stage, f.Date))).Sum(f => f.Amount)
                + file.Where(m => m.Key.Stage == stage).Sum(m => m.Value);

            var (allocated, disbursed, paid) = (Total(FundStage.Allocation), Total(FundStage.Disbursement), Total(FundStage.Payment));
            if (disbursed > allocated)
            {
                Fail(group, FundStage.Allocation, FundStage.Disbursement, $"项目“{project.Code}”的{Sources[source]}拨付合计 {Wan(disbursed)} 万元超过下达合计 {Wan(allocated)} 万元"
                    + "（已登记的与本文件合计）；请核对金额，或先登记下达");
            }

            if (paid > disbursed)
            {
                Fail(group, FundStage.Disbursement, FundStage.Payment, $"项目“{project.Code}”的{Sources[source]}支付合计 {Wan(paid)} 万元超过拨付合计 {Wan(disbursed)} 万元"
                    + "（已登记的与本文件合计）；请核对金额，或先登记拨付");
            }
        }

        static void Fail(IEnumerable<Item> group, FundStage lower, FundStage higher, string reason)
        {
            var involved = group.Where(i => i.Stage == lower || i.Stage == higher).ToList();
            foreach (var item in involved.Count > 0 ? involved : group)
            {
                item.Row.Fail("amount", reason, "逻辑矛盾");
            }
        }
    }

    internal override async Task ApplyAsync(ImportApplyContext context, IReadOnlyList<RowValues> rows, CancellationToken ct)
    {
        var projects = await ProjectLedger.ByCodeAsync(context.Db, rows.Select(r => r.Get<string>("project")!), ct);
        var items = rows.Select(r => Item.Of(r, ProjectLedger.Require(projects, r))).ToList();
        owners.Learn(projects.Values);

        var stored = new Dictionary<(long, FundSource, FundStage, DateOnly), ProjectFund>();
        var twice = new HashSet<(long, FundSource, FundStage, DateOnly)>();
        foreach (var f in await StoredAsync(context.Db, projects.Values, ct))
        {
            if (!stored.TryAdd((f.ProjectId, f.Source, f.Stage, f.Date), f))
            {
                twice.Add((f.ProjectId, f.Source, f.Stage, f.Date));
            }
        }

        foreach (var item in items)
        {
            var key = (item.Project.Id, item.Source, item.Stage, item.Date);
            if (twice.Contains(key))
            {
                throw new InvalidOperationException($"Row {item.Row.Row} names a fund movement stored twice; CheckStoredAsync refuses such rows.");
            }

            var fresh = new ProjectFund { ProjectId = item.Project.Id, Source = item.Source, Stage = item.Stage, Date = item.Date, Amount = item.Amount };
            if (context.Upsert(stored.GetValueOrDefault(key), fresh, Updatable) == RowOutcome.Inserted)
            {
                stored[key] = fresh;
            }
        }
    }

    /// <summary>The stored movements of the projects (untracked), looked up 500 projects at a time.</summary>
    private static async Task<List<ProjectFund>> StoredAsync(CounterpartDbContext db, IEnumerable<Project> projects, CancellationToken ct)
    {
        var funds = new List<ProjectFund>();
        foreach (var chunk in projects.Select(p => p.Id).Chunk(500))
        {
            funds.AddRange(await db.Rows<Project>(Scope.Everything).Where(p => chunk.Contains(p.Id)).SelectMany(p => p.Funds).ToListAsync(ct));
        }

        return funds;
    }

    /// <summary>The fund movements of the projects the scope may read, dated by the movement's own date.</summary>
    internal override IQueryable<ProjectFund> Dated(CounterpartDbContext db, Scope scope, int fromYear, int toYear)
    {
        var (from, to) = YearSpan(fromYear, toYear);
        return db.Rows<Project>(scope).SelectMany(p => p.Funds).Where(f => f.Date >= from && f.Date <= to);
    }

    /// <summary>As the projects ledger lists its projects (by year), each project's movements together and by date.</summary>
    internal override IOrderedQueryable<ProjectFund> InOrder(IQueryable<ProjectFund> rows) =>
        rows.OrderBy(f => f.Project!.Year).ThenBy(f => f.ProjectId).ThenBy(f => f.Date).ThenBy(f => f.Id);

    internal override IReadOnlyDictionary<string, Expression<Func<ProjectFund, object?>>> SortKeys { get; } = new Dictionary<string, Expression<Func<ProjectFund, object?>>>
    {
        ["project"] = f => f.Project!.Code, ["source"] = f => f.Source, ["stage"] = f => f.Stage, ["date"] = f => f.Date, ["amount"] = f => f.Amount,
    };

    internal override Expression<Func<ProjectFund, bool>> Search(string text) => f => f.Project!.Code.Contains(text) || f.Project!.Name.Contains(text);

    internal override async IAsyncEnumerable<LedgerRow> CellsAsync(IQueryable<ProjectFund> rows, PersonalDataProtector protector, bool unmasked,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var projected = rows.Select(f => new { f.Id, f.ReviewState, f.Project!.Code, f.Source, f.Stage, f.Date, f.Amount }).AsAsyncEnumerable();
        await foreach (var f in projected.WithCancellation(ct))
        {
            yield return new LedgerRow(f.Id, f.ReviewState, [f.Code, Sources[f.Source], Stages[f.Stage], ProjectLedger.Iso(f.Date), Wan(f.Amount)]);
        }
    }

    /// <summary>元 as 万元, exactly (a stored amount has at most two decimals in 元, so six in 万元).</summary>
    private static string Wan(decimal yuan) => (yuan / 10_000m).ToString("0.######", CultureInfo.InvariantCulture);

    private sealed record Item(RowValues Row, Project Project, FundSource Source, FundStage Stage, DateOnly Date, decimal Amount)
    {
        public static Item Of(RowValues row, Project project) =>
            new(row, project, Sources[row.Get<string>("source")!], Stages[row.Get<string>("stage")!], row.Get<DateOnly?>("date")!.Value, row.Get<decimal?>("amount")!.Value);
    }
}
