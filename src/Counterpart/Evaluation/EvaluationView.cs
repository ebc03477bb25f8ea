using Counterpart.Accounts;
using Counterpart.Data;
using Counterpart.Indicators;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Counterpart.Evaluation;

public sealed record RoundView(long Id, string Name, EvaluationLevel Level, DateOnly ConductedOn, bool Completed, Grade? Grade, int Findings);

public sealed record TaskView(long Id, string Measure, DateOnly Deadline, RectificationStatus Status, DateOnly? CompletedOn, string? Evidence, bool Overdue);

public sealed record FindingView(long Id, long? RoundId, long? InspectionId, string Area, FindingSeverity Severity, string Description, DateOnly Date, IReadOnlyList<TaskView> Tasks);

/// <summary>
/// “Zero findings” shown and proved: true only when a completed national round of the year exists and no finding hangs
/// under any of them; the rounds are the evidence. False with the findings, or null when the year was not evaluated.
/// </summary>
public sealed record ZeroFindings(bool? Proved, string Statement, IReadOnlyList<long> RoundIds);

public sealed record EvaluationYear(string Pairing, string Title, int Year, IReadOnlyList<RoundView> Rounds, IReadOnlyList<FindingView> Findings, ZeroFindings ZeroFindings)
{
    /// <summary>Findings per area (资金使用, 安全生产 …), for the table of the review.</summary>
    public IReadOnlyDictionary<string, int> ByArea => Findings.GroupBy(f => f.Area).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count());

    /// <summary>Findings per severity (一般, 较重, 严重), every level listed.</summary>
    public IReadOnlyDictionary<FindingSeverity, int> BySeverity => Enum.GetValues<FindingSeverity>().ToDictionary(s => s, s => Findings.Count(f => f.Severity == s));

    public int OverdueTasks => Findings.Sum(f => f.Tasks.Count(t => t.Overdue));
}

/// <summary>
/// One pairing's evaluation year: its rounds (national and provincial) with grades, the findings fed back by them and by
/// inspections of the year, each with its rectification tasks (overdue when past the deadline and not done), and the
/// proof — or disproof — of “zero findings” from the national evaluation.
/// </summary>
public sealed class EvaluationViews(CounterpartDbContext db, IndicatorService indicators, TimeProvider clock)
{
    public async Task<EvaluationYear> ForPairingAsync(string pairingSpec, int year, Scope scope, CancellationToken ct = default)
    {
        var (east, west) = await indicators.ResolvePairingAsync(pairingSpec, ct);
        var today = ChinaTime.Today(clock);
        var rounds = await db.Rows<EvaluationRound>(scope)
            .Where(r => r.Year == year && r.Pairing!.EastOrgId == east.Id && r.Pairing.WestOrgId == west.Id)
            .OrderBy(r => r.ConductedOn).ThenBy(r => r.Id)
            .Select(r => new { r.Id, r.Name, r.Level, r.ConductedOn, r.Completed, r.Grade })
            .ToListAsync(ct);
        var roundIds = rounds.Select(r => r.Id).ToList();

        // Findings of the year's rounds, and of inspections of the year in the western side's subtree.
        var westPath = west.Path;
        var findings = await db.Rows<Finding>(scope)
            .Where(f => (f.EvaluationRoundId != null && roundIds.Contains(f.EvaluationRoundId.Value))
                || (f.InspectionId != null && f.Date.Year == year && f.Concerns!.Path.StartsWith(westPath)))
            .OrderBy(f => f.Date).ThenBy(f => f.Id)
            .Select(f => new { f.Id, f.EvaluationRoundId, f.InspectionId, f.Area, f.Severity, f.Description, f.Date })
            .ToListAsync(ct);
        var findingIds = findings.Select(f => f.Id).ToList();
        var tasks = await db.Rows<RectificationTask>(scope).Where(t => findingIds.Contains(t.FindingId))
            .OrderBy(t => t.Deadline).ThenBy(t => t.Id)
            .Select(t => new { t.FindingId, View = new TaskView(t.Id, t.Measure, t.Deadline, t.Status, t.CompletedOn, t.Evidence, false) })
            .ToListAsync(ct);

        var findingViews = findings.Select(f => new FindingView(f.Id, f.EvaluationRoundId, f.InspectionId, f.Area, f.Severity, f.Description, f.Date,
            [.. tasks.Where(t => t.FindingId == f.Id).Select(t => t.View with { Overdue = t.View.Status != RectificationStatus.Done && t.View.Deadline < today })])).ToList();
        var roundViews = rounds.Select(r => new RoundView(r.Id, r.Name, r.Level, r.ConductedOn, r.Completed, r.Grade, findings.Count(f => f.EvaluationRoundId == r.Id))).ToList();
        return new EvaluationYear($"{east.Code}:{west.Code}", $"{east.Name} → {west.Name}", year, roundViews, findingViews, Prove(year, roundViews));
    }

    private static ZeroFindings Prove(int year, List<RoundView> rounds)
    {
        var national = rounds.Where(r => r.Level == EvaluationLevel.National && r.Completed).ToList();
        if (national.Count == 0)
        {
            return new ZeroFindings(null, $"{year} 年度没有已完成的国家考核评价，不能认定为“零问题反馈”。", []);
        }

        var found = national.Sum(r => r.Findings);
        var names = string.Join("、", national.Select(r => $"“{r.Name}”（{r.ConductedOn:yyyy-MM-dd}）"));
        return found == 0
            ? new ZeroFindings(true, $"{year} 年度国家考核评价 {names} 已完成，反馈问题 0 条：零问题反馈。", [.. national.Select(r => r.Id)])
            : new ZeroFindings(false, $"{year} 年度国家考核评价 {names} 反馈问题 {found} 条。", [.. national.Select(r => r.Id)]);
    }
}

public static class EvaluationEndpoints
{

    public static RouteGroupBuilder MapEvaluationApi(this RouteGroupBuilder api)
    {
        api.MapGet("/evaluation", async (string? pairing, int? year, EvaluationViews views, TimeProvider clock, HttpContext http, CancellationToken ct) =>
            {
                if (string.IsNullOrWhiteSpace(pairing))
                {
                    return Results.Problem(title: "请用 pairing 参数指定结对，例如 pairing=440112:522726。", statusCode: StatusCodes.Status400BadRequest);
                }

                var view = await views.ForPairingAsync(pairing, year ?? ChinaTime.Today(clock).Year - 1, http.User.ReadScope(), ct);
                return Results.Json(new
                {
                    view.Pairing, view.Title, view.Year, view.Rounds, view.ByArea, view.BySeverity, view.OverdueTasks, view.Findings, view.ZeroFindings,
                }, IndicatorEndpoints.JsonWithEnumNames);
            })
            .RequireAuthorization(Policies.ReadData).WithName("GetEvaluationYear")
            .WithSummary("A pairing's evaluation year: rounds and grades, findings by area with rectification tasks (overdue flagged), and the proof of zero findings.");
        return api;
    }
}
