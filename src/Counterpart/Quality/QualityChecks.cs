using System.Globalization;
using Counterpart.Accounts;
using Counterpart.Consumption;
using Counterpart.Data;
using Counterpart.Indicators;
using Counterpart.Labor;
using Counterpart.Ledgers;
using Counterpart.Organizations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Counterpart.Quality;

public enum Importance
{
    High,
    Medium,
    Low,
}

/// <summary>One breach of a data-quality rule, with the rows behind it (kind and ids) so that it can be opened and fixed.</summary>
public sealed record Violation(string Rule, string RuleName, Importance Importance, string Message, string Instructions, string RowKind, IReadOnlyList<long> RowIds)
{
    /// <summary>The ledger page that lists the violation's rows (a page of them at most), or null for a violation of figures.</summary>
    public string? RowsLink => LedgerCatalog.All.FirstOrDefault(l => l.RecordType?.Name == RowKind) is { } ledger && RowIds.Count > 0
        ? $"/ledgers/{ledger.Name}?ids={string.Join(",", RowIds.Take(LedgerQuery.MaxPageSize))}"
        : null;
}

/// <summary>A violation and which of its rows one import batch wrote (empty when run for everything).</summary>
internal sealed record Finding(Violation Violation, IReadOnlyList<long> ImportedRowIds);

/// <summary>
/// Thresholds of the built-in rules (configuration section <c>Counterpart:Quality</c>).
/// </summary>
public sealed record QualitySettings
{
    /// <summary>
    /// A figure that rises to more than this many times the year before, or falls below the year before divided by it
    /// (4: above 400 % or below 25 %), is flagged.
    /// </summary>
    public decimal YearOnYearFactor { get; init; } = 4m;

    /// <summary>A year before smaller than this (in the unit) is not compared: small numbers, and work just starting, jump naturally.</summary>
    public decimal YearOnYearMinimum { get; init; } = 10m;

    public static QualitySettings Default { get; } = new();
}

/// <summary>
/// The built-in data-quality rules, run on demand over what an account can see for a year: the same person in two
/// counties' employment ledgers (found by an account that sees both jobs: the persons' home county, a prefecture, a
/// province, the server — ADR 10);
/// one purchase recorded through two sales channels; an indicator of a pairing that jumps from one year to the next
/// beyond a factor. Each violation names the rows behind it (or, for a jump, the indicator).
/// </summary>
public sealed class QualityChecks(CounterpartDbContext db, IndicatorService indicators, QualitySettings settings)
{
    public async Task<IReadOnlyList<Violation>> RunAsync(int year, Scope scope, string? pairingSpec = null, CancellationToken ct = default)
    {
        var violations = new List<Violation>();
        violations.AddRange(await PersonInTwoCountiesAsync(year, scope, ct));
        violations.AddRange(await SaleThroughTwoChannelsAsync(year, scope, ct));
        if (!string.IsNullOrWhiteSpace(pairingSpec))
        {
            violations.AddRange(await YearOnYearJumpsAsync(pairingSpec, year, scope, ct));
            violations.AddRange(await PartEqualsWholeAsync(pairingSpec, year, scope, ct));
            violations.AddRange(await ConfiguredRulesAsync(pairingSpec, year, scope, ct));
        }

        return violations;
    }

    /// <summary>A person with jobs that started in the year in the employment ledgers of two or more counties: counted twice in the roll-up.</summary>
    public async Task<IReadOnlyList<Violation>> PersonInTwoCountiesAsync(int year, Scope scope, CancellationToken ct = default) =>
        [.. (await PersonInTwoCountiesAsync(year, scope, null, ct)).Select(f => f.Violation)];

    /// <summary>
    /// The same rule for the persons of one import batch only (<paramref name="batchId"/>; all persons when null): the
    /// query starts from the batch's own jobs of the year — found through its change records, as undo finds them — and
    /// reads the other jobs of just those persons, never every job of the year. Each finding says which of its rows the
    /// batch wrote.
    /// </summary>
    internal async Task<IReadOnlyList<Finding>> PersonInTwoCountiesAsync(int year, Scope scope, long? batchId, CancellationToken ct)
    {
        var (start, end) = (new DateOnly(year, 1, 1), new DateOnly(year, 12, 31));
        var rows = db.Rows<Employment>(scope).Where(e => e.StartDate >= start && e.StartDate <= end);
        var jobs = new List<(long Id, long PersonId, string OwnerPath, string Name, string Masked)>();
        HashSet<long> imported = [];
        if (batchId is { } id)
        {
            // The batch's own jobs of the year, then the jobs of the year of just those persons, a chunk of persons at a
            // time (an index lookup per person on both engines).
            var batch = await ImportedRows.ReadAsync(db, id, (Employment e) => new { e.Id, e.PersonId, e.StartDate }, ct);
            imported = [.. batch.Where(e => e.StartDate >= start && e.StartDate <= end).Select(e => e.Id)];
            foreach (var persons in batch.Where(e => imported.Contains(e.Id)).Select(e => e.PersonId).Distinct().Chunk(1000))
            {
                jobs.AddRange(await JobsAsync(rows.Where(e => persons.Contains(e.PersonId)), ct));
            }
        }
        else
        {
            jobs.AddRange(await JobsAsync(rows, ct));
        }

        if (jobs.Count == 0)
        {
            return [];
        }

        var counties = await db.Organizations.AsNoTracking().Where(o => o.Kind == OrgKind.County).Select(o => new { o.Path, o.Name }).ToListAsync(ct);
        string? CountyOf(string path) => counties.Where(c => path.StartsWith(c.Path, StringComparison.Ordinal)).Select(c => c.Name).FirstOrDefault();

        return [.. jobs.GroupBy(j => j.PersonId)
            .Select(g => (Jobs: g.ToList(), Counties: g.Select(j => CountyOf(j.OwnerPath)).Where(c => c is not null).Distinct().ToList()))
            .Where(g => g.Counties.Count > 1)
            .Select(g => new Finding(new Violation(QualityRuleCatalog.PersonInTwoCounties, "同一人员同年出现在两个县的就业台账", Importance.High,
                $"{g.Jobs[0].Name}（{g.Jobs[0].Masked}）{year} 年同时登记在{string.Join("、", g.Counties)}的就业台账中，汇总时会被重复计数。",
                "与另一县核对此人的实际就业地，只保留一条就业记录；确属先后在两地就业的，核对起止日期。",
                nameof(Employment), [.. g.Jobs.Select(j => j.Id).Distinct().Order()]), [.. g.Jobs.Select(j => j.Id).Where(imported.Contains).Distinct().Order()]))];
    }

    private static async Task<IEnumerable<(long Id, long PersonId, string OwnerPath, string Name, string Masked)>> JobsAsync(IQueryable<Employment> jobs, CancellationToken ct) =>
        (await jobs.Select(e => new { e.Id, e.PersonId, OwnerPath = e.Owner!.Path, e.Person!.Name, Masked = e.Person.IdNumber.Masked }).ToListAsync(ct))
            .Select(j => (j.Id, j.PersonId, j.OwnerPath, j.Name, j.Masked));

    /// <summary>
    /// One purchase recorded twice through different channels: the same seller, buyer, day and amount under two channels
    /// (e.g. once as a canteen purchase and once through the 832 platform), both counted for the east.
    /// </summary>
    public async Task<IReadOnlyList<Violation>> SaleThroughTwoChannelsAsync(int year, Scope scope, CancellationToken ct = default) =>
        [.. (await SaleThroughTwoChannelsAsync(year, scope, null, ct)).Select(f => f.Violation)];

    /// <summary>
    /// The same rule for the sales of one import batch only (<paramref name="batchId"/>; all sales when null): reads the
    /// sales of the batch's sellers on the batch's days, not every sale of the year, and keeps the findings with a row of
    /// the batch.
    /// </summary>
    internal async Task<IReadOnlyList<Finding>> SaleThroughTwoChannelsAsync(int year, Scope scope, long? batchId, CancellationToken ct)
    {
        var (start, end) = (new DateOnly(year, 1, 1), new DateOnly(year, 12, 31));
        var rows = db.Rows<Sale>(scope).Where(s => s.CountsForEast && s.Date >= start && s.Date <= end);
        var sales = new List<SaleRow>();
        HashSet<long> imported = [];
        if (batchId is { } id)
        {
            // The batch's own sales of the year, then the sales of their sellers on their days (a chunk of sellers at a time).
            var batch = (await ImportedRows.ReadAsync(db, id, (Sale s) => new { s.Id, s.WestOrgId, s.Date, s.CountsForEast }, ct))
                .Where(s => s.CountsForEast && s.Date >= start && s.Date <= end).ToList();
            imported = [.. batch.Select(s => s.Id)];
            var days = batch.Select(s => s.Date).Distinct().ToList();
            foreach (var sellers in batch.Select(s => s.WestOrgId).Distinct().Chunk(1000))
            {
                sales.AddRange(await rows.Where(s => sellers.Contains(s.WestOrgId) && days.Contains(s.Date)).Select(SaleRow.Of).ToListAsync(ct));
            }
        }
        else
        {
            sales.AddRange(await rows.Select(SaleRow.Of).ToListAsync(ct));
        }

        return [.. sales.GroupBy(s => (s.WestOrgId, s.EastOrgId, Buyer: s.BuyerName ?? "", s.Date, s.Amount))
            .Where(g => g.Select(s => s.Channel).Distinct().Count() > 1 && (batchId is null || g.Any(s => imported.Contains(s.Id))))
            .Select(g => new Finding(new Violation(QualityRuleCatalog.SaleThroughTwoChannels, "同一笔采购经两个渠道重复计数", Importance.High,
                string.Create(CultureInfo.InvariantCulture,
                    $"{g.First().Seller} {g.Key.Date:yyyy-MM-dd} 向“{(g.Key.Buyer.Length > 0 ? g.Key.Buyer : g.First().EastName)}”销售 {g.Key.Amount:#,0.##} 元，以 {g.Count()} 个渠道各登记了一次，消费帮扶金额会被重复计算。"),
                "核对销售凭证，确认是同一笔交易的，只保留一个渠道的记录，或把另一条标为不计入东部。",
                nameof(Sale), [.. g.Select(s => s.Id).Order()]), [.. g.Select(s => s.Id).Where(imported.Contains).Order()]))];
    }

    private sealed record SaleRow(long Id, long WestOrgId, string Seller, long? EastOrgId, string? EastName, string? BuyerName, DateOnly Date, decimal Amount, SalesChannel Channel)
    {
        public static readonly System.Linq.Expressions.Expression<Func<Sale, SaleRow>> Of =
            s => new SaleRow(s.Id, s.WestOrgId, s.WestOrg!.Name, s.EastOrgId, s.EastOrg!.Name, s.BuyerName, s.Date, s.Amount, s.Channel);
    }

    /// <summary>A part of a whole (the figure and the rows that fall under the whole but not under the part).</summary>
    private sealed record PartOfWhole(string Part, string Whole, Talent.Direction Direction, Func<Talent.TalentAssignment, bool> OtherPart);

    private static readonly PartOfWhole[] PartsOfWholes =
    [
        new("teachers_sent", "professionals_sent", Talent.Direction.EastToWest,
            a => TalentIndicators.ProfessionalService.Contains(a.Category) && TalentIndicators.Professionals.Contains(a.Person!.Profession)
                && !(a.Category == Talent.AssignmentCategory.Teaching && a.Person.Profession == Talent.Profession.Teacher)),
        new("teachers_received", "professionals_received", Talent.Direction.WestToEast,
            a => a.Category == Talent.AssignmentCategory.Shadowing && TalentIndicators.Professionals.Contains(a.Person!.Profession)
                && a.Person.Profession != Talent.Profession.Teacher),
    ];

    /// <summary>
    /// The founding report's 75/126 pattern: a part (teachers) as large as its whole (all professionals) while the ledger
    /// holds records of another part (doctors, agronomists …) in the same year. Either those records do not count (then
    /// the counting rule should be stated with the figures) or the figures are wrong.
    /// </summary>
    public async Task<IReadOnlyList<Violation>> PartEqualsWholeAsync(string pairingSpec, int year, Scope scope, CancellationToken ct = default)
    {
        var (east, west) = await indicators.ResolvePairingAsync(pairingSpec, ct);
        var summary = await indicators.ComputeAsync(Selection.ForPairing(east, west), $"{east.Name} → {west.Name}", year, year, scope, ct);
        var (start, end) = (new DateOnly(year, 1, 1), new DateOnly(year, 12, 31));
        var assignments = await Selection.ForPairing(east, west).Apply(db.Rows<Talent.TalentAssignment>(scope))
            .Where(a => a.StartDate >= start && a.StartDate <= end).Include(a => a.Person).ToListAsync(ct);
        var violations = new List<Violation>();
        foreach (var rule in PartsOfWholes)
        {
            var part = summary.Results.Single(r => r.Indicator.Code == rule.Part);
            var whole = summary.Results.Single(r => r.Indicator.Code == rule.Whole);
            var others = assignments.Where(a => a.Direction == rule.Direction && rule.OtherPart(a)).Select(a => a.Id).Order().ToList();
            if (part.Measure.Total >= whole.Measure.Total && others.Count > 0)
            {
                violations.Add(new Violation(QualityRuleCatalog.PartEqualsWhole, "部分等于整体而其他部分有记录", Importance.Medium,
                    string.Create(CultureInfo.InvariantCulture,
                        $"{summary.Title} {year} 年“{part.Indicator.NameZh}”{part.Measure.Total:#,0}{part.Indicator.Unit}，不小于“{whole.Indicator.NameZh}”{whole.Measure.Total:#,0}{whole.Indicator.Unit}，但台账中还有 {others.Count} 条其他专业人才的记录。"),
                    "这些记录没有计入（例如短于最短服务天数），对外报送时请说明计数口径；如果应当计入，请核对记录的类别、专业和起止日期。",
                    nameof(Talent.TalentAssignment), others));
            }
        }

        return violations;
    }

#pragma warning disable RS0030 // Rule definitions are settings, not ledger rows: everyone reads them, reviewers change them.
    internal static DbSet<QualityRule> Rules(CounterpartDbContext db) => db.Set<QualityRule>();
#pragma warning restore RS0030

    /// <summary>The configured “left operator right” rules (<see cref="QualityRule"/>) over the pairing's figures of the year.</summary>
    public Task<IReadOnlyList<Violation>> ConfiguredRulesAsync(string pairingSpec, int year, Scope scope, CancellationToken ct = default) =>
        ConfiguredRulesAsync(pairingSpec, year, scope, null, ct);

    /// <param name="which">Only the rules it accepts (after an import: those over the indicators of the ledger imported).</param>
    public async Task<IReadOnlyList<Violation>> ConfiguredRulesAsync(string pairingSpec, int year, Scope scope, Func<QualityRule, bool>? which, CancellationToken ct = default)
    {
        var rules = (await Rules(db).AsNoTracking().Where(r => r.Enabled).OrderBy(r => r.Code).ToListAsync(ct)).Where(r => which is null || which(r)).ToList();
        if (rules.Count == 0)
        {
            return [];
        }

        var summary = await indicators.ForPairingAsync(pairingSpec, year, year, scope, ct);
        var violations = new List<Violation>();
        foreach (var rule in rules)
        {
            var left = RuleExpression.Parse(rule.Left, "左边");
            var right = RuleExpression.Parse(rule.Right, "右边");
            if (left.Evaluate(summary) is not { } l || right.Evaluate(summary) is not { } r || RuleExpression.Holds(l, rule.Operator, r))
            {
                continue;
            }

            violations.Add(new Violation("rule:" + rule.Code, rule.Name, rule.Importance,
                string.Create(CultureInfo.InvariantCulture,
                    $"{summary.Title} {year} 年不满足“{rule.Left} {rule.Operator} {rule.Right}”：左边为 {l:#,0.##}，右边为 {r:#,0.##}。"),
                rule.Instructions, "indicator:" + string.Join(",", left.Codes.Concat(right.Codes).Distinct()), []));
        }

        return violations;
    }

    /// <summary>An indicator of the pairing that grows or falls between the year before and this year by more than the threshold.</summary>
    public Task<IReadOnlyList<Violation>> YearOnYearJumpsAsync(string pairingSpec, int year, Scope scope, CancellationToken ct = default) =>
        YearOnYearJumpsAsync(pairingSpec, year, scope, null, ct);

    /// <param name="codes">Only these indicators (after an import: those that read the ledger imported); all when null.</param>
    public async Task<IReadOnlyList<Violation>> YearOnYearJumpsAsync(string pairingSpec, int year, Scope scope, IReadOnlySet<string>? codes, CancellationToken ct = default)
    {
        var summary = await indicators.ForPairingAsync(pairingSpec, year - 1, year, scope, ct);
        var violations = new List<Violation>();
        foreach (var (indicator, measure) in summary.Results.Where(r => r.Measure.HasValue && (codes is null || codes.Contains(r.Indicator.Code))))
        {
            if (!measure.ByYear.TryGetValue(year - 1, out var before) || !measure.ByYear.TryGetValue(year, out var now) || before < settings.YearOnYearMinimum)
            {
                continue;
            }

            var ratio = now / before;
            if (ratio > settings.YearOnYearFactor || ratio < 1 / settings.YearOnYearFactor)
            {
                violations.Add(new Violation(QualityRuleCatalog.YearOnYearJump, "指标同比变化过大", Importance.Medium,
                    string.Create(CultureInfo.InvariantCulture,
                        $"{summary.Title}“{indicator.NameZh}”{year - 1} 年 {before:#,0.##}{indicator.Unit}，{year} 年 {now:#,0.##}{indicator.Unit}，为上年的 {ratio * 100:0}%。"),
                    "核对两个年度的台账是否漏报、重复导入或单位填错（元与万元）；确属实情的，在年度总结中说明原因。",
                    "indicator:" + indicator.Code, []));
            }
        }

        return violations;
    }
}

public static class QualityEndpoints
{
    public static RouteGroupBuilder MapQualityApi(this RouteGroupBuilder api)
    {
        api.MapGet("/quality", async (int? year, string? pairing, QualityChecks checks, TimeProvider clock, HttpContext http, CancellationToken ct) =>
            {
                var violations = await checks.RunAsync(year ?? ChinaTime.Today(clock).Year, http.User.ReadScope(), pairing, ct);
                return Results.Json(new { Count = violations.Count, Violations = violations.Select(v => new { v.Rule, v.RuleName, Importance = v.Importance.ToString(), v.Message, v.Instructions, v.RowKind, v.RowIds }) },
                    IndicatorEndpoints.Json);
            })
            .RequireAuthorization(Policies.ReadData).WithName("RunQualityChecks")
            .WithSummary("Run the data-quality rules over the account's scope for a year (with a pairing also its figures' rules); each violation lists its rows.");
        api.MapGet("/quality/rules", async (CounterpartDbContext db, CancellationToken ct) =>
                Results.Json(await QualityChecks.Rules(db).AsNoTracking().OrderBy(r => r.Code).ToListAsync(ct), IndicatorEndpoints.JsonWithEnumNames))
            .RequireAuthorization(Policies.ReadData).WithName("ListQualityRules").WithSummary("The configured “left operator right” rules.");
        api.MapPost("/quality/rules", AddRuleAsync).RequireAuthorization(Policies.Review).WithName("AddQualityRule")
            .WithSummary("Add a rule “left operator right” over indicator codes (e.g. labor_transferred_lifted <= labor_transferred), with importance and instructions.");
        api.MapDelete("/quality/rules/{id:long}", DeleteRuleAsync).RequireAuthorization(Policies.Review).WithName("DeleteQualityRule").WithSummary("Remove a rule.");
        return api;
    }

    public sealed record RuleRequest(string? Code, string? Name, string? Left, string? Operator, string? Right, string? Importance, string? Instructions);

    private static async Task<IResult> AddRuleAsync(RuleRequest request, CounterpartDbContext db, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        var code = request.Code?.Trim() ?? "";
        if (!System.Text.RegularExpressions.Regex.IsMatch(code, "^[a-z][a-z0-9_-]{1,63}$"))
        {
            return Results.Problem(title: "规则代码须为 2—64 位小写字母、数字、下划线或连字符，以字母开头，例如 lifted-within-total。", statusCode: StatusCodes.Status400BadRequest);
        }

        if (string.IsNullOrWhiteSpace(request.Name) || string.IsNullOrWhiteSpace(request.Instructions))
        {
            return Results.Problem(title: "请填写规则名称和处理说明（发现问题时告诉录入人员怎么查、怎么改）。", statusCode: StatusCodes.Status400BadRequest);
        }

        var op = request.Operator?.Trim().Replace('＜', '<').Replace('＞', '>').Replace('＝', '=').Replace("≤", "<=", StringComparison.Ordinal).Replace("≥", ">=", StringComparison.Ordinal)
            .Replace("≠", "!=", StringComparison.Ordinal) ?? "";
        if (!RuleExpression.Operators.Contains(op))
        {
            return Results.Problem(title: $"比较符“{request.Operator}”无效；可用 {string.Join(" ", RuleExpression.Operators)}。", statusCode: StatusCodes.Status400BadRequest);
        }

        RuleExpression.Parse(request.Left ?? "", "左边");
        RuleExpression.Parse(request.Right ?? "", "右边");
        var importance = request.Importance?.Trim() switch
        {
            null or "" or "medium" or "Medium" or "中" => Importance.Medium,
            "high" or "High" or "高" => Importance.High,
            "low" or "Low" or "低" => Importance.Low,
            var other => throw new DomainException($"重要程度“{other}”无效；可填 高、中、低。"),
        };
        if (await QualityChecks.Rules(db).AnyAsync(r => r.Code == code, ct))
        {
            return Results.Problem(title: $"已有代码为“{code}”的规则。", statusCode: StatusCodes.Status409Conflict);
        }

        var who = http.AccountWriter();
        var rule = new QualityRule
        {
            Code = code, Name = request.Name.Trim(), Left = request.Left!.Trim(), Operator = op, Right = request.Right!.Trim(), Importance = importance,
            Instructions = request.Instructions.Trim(), CreatedBy = who.Actor, CreatedAtUtc = clock.GetUtcNow().UtcDateTime,
        };
        await new LedgerWriter(db).WriteAsync(who, (d, _) =>
        {
            QualityChecks.Rules(d).Add(rule);
            Audit.AuditTrail.Add(d, Audit.AuditAction.SettingChanged, nameof(QualityRule), null, $"新增数据质量规则 {code}：{rule.Left} {op} {rule.Right}");
            return Task.CompletedTask;
        }, ct);
        return Results.Json(rule, IndicatorEndpoints.JsonWithEnumNames, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> DeleteRuleAsync(long id, CounterpartDbContext db, HttpContext http, CancellationToken ct)
    {
        var rule = await QualityChecks.Rules(db).SingleOrDefaultAsync(r => r.Id == id, ct);
        if (rule is null)
        {
            return Results.Problem(title: $"没有编号为 {id} 的规则。", statusCode: StatusCodes.Status404NotFound);
        }

        await new LedgerWriter(db).WriteAsync(http.AccountWriter(), (d, _) =>
        {
            QualityChecks.Rules(d).Remove(rule);
            Audit.AuditTrail.Add(d, Audit.AuditAction.SettingChanged, nameof(QualityRule), rule.Id, $"删除数据质量规则 {rule.Code}：{rule.Left} {rule.Operator} {rule.Right}");
            return Task.CompletedTask;
        }, ct);
        return Results.NoContent();
    }
}
