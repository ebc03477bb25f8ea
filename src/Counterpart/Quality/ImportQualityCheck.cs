using Counterpart.Data;
using Counterpart.Ledgers;
using Counterpart.Pairings;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Counterpart.Quality;

/// <summary>A violation found after an import: the year it was checked for and which of its rows the import wrote.</summary>
public sealed record ImportViolation(int Year, Violation Violation, IReadOnlyList<long> ImportedRowIds);

/// <summary>
/// The data-quality rules run after an import committed. Violations are warnings: the rows are valid and stay saved; a
/// rule flags something to look at. <see cref="Completed"/> is false when the check failed (the import stands).
/// </summary>
public sealed record ImportQuality(bool Completed, IReadOnlyList<int> Years, IReadOnlyList<string> Pairings, IReadOnlyList<string> Rules,
    IReadOnlyList<ImportViolation> Violations)
{
    /// <summary>What the result says when the check could not finish.</summary>
    public const string NotCompletedText = "质量检查未完成";
}

/// <summary>
/// Runs, after an import has committed and outside its transaction, the data-quality rules that concern the ledger
/// imported (<see cref="QualityRuleCatalog"/>), for the years its rows touched, in the importing account's scope:
/// <list type="bullet">
/// <item>rules over rows only for the rows of the batch (found through its change records) and those they collide with —
/// never a scan of the year — and only violations with a row of the batch;</item>
/// <item>rules over figures for the top-level pairings the account reads whose two sides hold the sides of an imported
/// row (for rows without sides of their own, such as fund movements, the pairings with a side over the batch's owner);
/// they read the indicator summaries, so they cost a few small queries per pairing and year.</item>
/// </list>
/// A failure is logged (batch, ledger and the kind of error — no row values) and reported as not completed; it never
/// fails the import.
/// </summary>
public sealed partial class ImportQualityCheck(CounterpartDbContext db, QualityChecks checks, ILogger<ImportQualityCheck> log)
{
    public async Task<ImportReport> CheckAsync(ImportReport report, Scope scope, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(scope);
        if (report.Status != ImportStatus.Committed || report.BatchId is not { } batchId)
        {
            return report; // a dry run or a rejected file: nothing was saved, nothing is checked
        }

        var years = report.Touched.Select(t => t.Year).Distinct().Order().ToList();
        var rules = QualityRuleCatalog.Concerning(report.Ledger);
        var names = rules.Select(r => r.Name).ToList();
        try
        {
            var found = new List<ImportViolation>();
            var pairings = years.Count > 0 && QualityRuleCatalog.IndicatorsReading(report.Ledger).Count > 0
                ? await PairingsTouchedAsync(report, batchId, scope, ct)
                : [];
            var codes = QualityRuleCatalog.IndicatorsReading(report.Ledger);
            foreach (var year in years)
            {
                foreach (var rule in rules.Where(r => r.Level == RuleLevel.Rows))
                {
                    var findings = rule.Code == QualityRuleCatalog.PersonInTwoCounties
                        ? await checks.PersonInTwoCountiesAsync(year, scope, batchId, ct)
                        : await checks.SaleThroughTwoChannelsAsync(year, scope, batchId, ct);
                    found.AddRange(findings.Select(f => new ImportViolation(year, f.Violation, f.ImportedRowIds)));
                }

                foreach (var (spec, _) in pairings)
                {
                    var figures = new List<Violation>();
                    if (rules.Any(r => r.Code == QualityRuleCatalog.PartEqualsWhole))
                    {
                        figures.AddRange(await checks.PartEqualsWholeAsync(spec, year, scope, ct));
                    }

                    if (rules.Any(r => r.Code == QualityRuleCatalog.YearOnYearJump))
                    {
                        figures.AddRange(await checks.YearOnYearJumpsAsync(spec, year, scope, codes, ct));
                    }

                    figures.AddRange(await checks.ConfiguredRulesAsync(spec, year, scope, r => QualityRuleCatalog.Concerns(r, report.Ledger), ct));
                    found.AddRange(figures.Select(v => new ImportViolation(year, v, [])));
                }
            }

            return report with { Quality = new ImportQuality(true, years, [.. pairings.Select(p => p.Title)], names, found) };
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            LogCheckFailed(log, batchId, report.Ledger, e.GetType().Name);
            return report with { Quality = new ImportQuality(false, years, [], names, []) };
        }
    }

    /// <summary>The top-level pairings the scope reads that the batch's rows fall under, as (spec, title).</summary>
    private async Task<IReadOnlyList<(string Spec, string Title)>> PairingsTouchedAsync(ImportReport report, long batchId, Scope scope, CancellationToken ct)
    {
        var pairings = await db.Rows<Pairing>(scope).Where(p => p.ParentPairingId == null)
            .Select(p => new { EastCode = p.EastOrg!.Code, EastName = p.EastOrg.Name, EastPath = p.EastOrg.Path, WestCode = p.WestOrg!.Code, WestName = p.WestOrg.Name, WestPath = p.WestOrg.Path })
            .ToListAsync(ct);
        var sides = report.Touched.Where(t => t.EastOrgId is not null && t.WestOrgId is not null).Select(t => (East: t.EastOrgId!.Value, West: t.WestOrgId!.Value)).Distinct().ToList();
        var ids = sides.SelectMany(s => new[] { s.East, s.West }).Distinct().ToList();
        var paths = await db.Organizations.AsNoTracking().Where(o => ids.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Path, ct);
        var owner = report.Touched.Any(t => t.WestOrgId is null)
            ? await db.Rows<ImportBatch>(Scope.Everything).Where(b => b.Id == batchId).Select(b => b.Owner!.Path).SingleAsync(ct)
            : null;
        return [.. pairings
            .Where(p => sides.Exists(s => paths[s.East].StartsWith(p.EastPath, StringComparison.Ordinal) && paths[s.West].StartsWith(p.WestPath, StringComparison.Ordinal))
                || (owner is not null && (owner.StartsWith(p.WestPath, StringComparison.Ordinal) || owner.StartsWith(p.EastPath, StringComparison.Ordinal))))
            .Select(p => ($"{p.EastCode}:{p.WestCode}", $"{p.EastName} → {p.WestName}"))
            .Distinct()
            .OrderBy(p => p.Item1, StringComparer.Ordinal)];
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The data-quality check after import {BatchId} ({Ledger}) did not finish ({Error}); the import stands.")]
    private static partial void LogCheckFailed(ILogger logger, long batchId, string ledger, string error);
}
