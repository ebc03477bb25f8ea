using Counterpart.Data;
using Counterpart.Indicators;
using Microsoft.EntityFrameworkCore;

namespace Counterpart.Agreements;

/// <summary>Where an indicator stands against its yearly target.</summary>
public enum TargetStatus
{
    /// <summary>The year's actual is in; nothing to compare it with (no value computed for the indicator).</summary>
    NoData,
    OnTrack,
    Lagging,
    AtRisk,
}

/// <summary>
/// How completion is judged (configuration section <c>Counterpart:Targets</c>): the actual is compared with the share of
/// the target expected by the as-of date — the whole target for a past year, the elapsed part of the year for the current
/// one, pro rata by days — and the ratio of the two decides the status.
/// </summary>
public sealed record TargetThresholds
{
    /// <summary>At or above this share of the expected amount: on track.</summary>
    public decimal OnTrack { get; init; } = 0.9m;

    /// <summary>At or above this (and below <see cref="OnTrack"/>): lagging; below it: at risk.</summary>
    public decimal Lagging { get; init; } = 0.7m;

    public static TargetThresholds Default { get; } = new();

    public TargetThresholds Validated() => OnTrack > 0 && Lagging > 0 && Lagging <= OnTrack
        ? this
        : throw new InvalidOperationException($"Counterpart:Targets needs 0 < Lagging ≤ OnTrack (got Lagging {Lagging}, OnTrack {OnTrack}).");
}

/// <summary>One target of a yearly agreement against what the ledgers say.</summary>
public sealed record TargetProgress(
    string Pairing, string PairingTitle, int Year, Indicator Indicator, decimal Target, decimal? Actual, decimal? Completion, decimal Expected, TargetStatus Status)
{
    public static string Label(TargetStatus status) => status switch
    {
        TargetStatus.OnTrack => "进度正常",
        TargetStatus.Lagging => "进度滞后",
        TargetStatus.AtRisk => "完成困难",
        _ => "暂无数据",
    };
}

/// <summary>
/// Targets vs actuals: for a pairing and year, every target of its agreement with the actual computed from the ledgers by
/// the same indicator (and the same counting rules) as every other figure, the completion (actual ÷ target), the share
/// expected by the as-of date and the status; and across an account's scope, the targets that lag.
/// </summary>
public sealed class TargetTracking(CounterpartDbContext db, IndicatorService indicators, TargetThresholds thresholds, TimeProvider clock)
{
    public async Task<IReadOnlyList<TargetProgress>> ForPairingAsync(string pairingSpec, int year, Scope scope, bool approvedOnly = false, CancellationToken ct = default)
    {
        var (east, west) = await indicators.ResolvePairingAsync(pairingSpec, ct);
        var agreements = await db.Rows<Agreement>(scope)
            .Where(a => a.Year == year && a.Pairing!.EastOrgId == east.Id && a.Pairing.WestOrgId == west.Id)
            .Select(a => new AgreementRow(a.Year, a.Pairing!.EastOrg!, a.Pairing.WestOrg!, a.Targets.Select(t => new TargetRow(t.IndicatorCode, t.Target)).ToList()))
            .ToListAsync(ct);
        return await ProgressAsync(agreements, scope, approvedOnly, ct);
    }

    /// <summary>Every target of the year in the scope's agreements that is lagging or at risk, worst first.</summary>
    public async Task<IReadOnlyList<TargetProgress>> LaggingAsync(int year, Scope scope, bool approvedOnly = false, CancellationToken ct = default)
    {
        var agreements = await db.Rows<Agreement>(scope).Where(a => a.Year == year)
            .Select(a => new AgreementRow(a.Year, a.Pairing!.EastOrg!, a.Pairing.WestOrg!, a.Targets.Select(t => new TargetRow(t.IndicatorCode, t.Target)).ToList()))
            .ToListAsync(ct);
        var all = await ProgressAsync(agreements, scope, approvedOnly, ct);
        return [.. all.Where(p => p.Status is TargetStatus.Lagging or TargetStatus.AtRisk).OrderBy(p => p.Completion / Math.Max(p.Expected, 0.0001m))];
    }

    /// <summary>The share of a year's target expected by <paramref name="asOf"/>: by days elapsed, 0 before the year, 1 after it.</summary>
    public static decimal ExpectedShare(int year, DateOnly asOf)
    {
        var start = new DateOnly(year, 1, 1);
        var end = new DateOnly(year, 12, 31);
        if (asOf < start)
        {
            return 0m;
        }

        return asOf >= end ? 1m : (asOf.DayNumber - start.DayNumber + 1) / (decimal)(end.DayNumber - start.DayNumber + 1);
    }

    /// <summary>The status of an actual against a target, pro rata by the expected share.</summary>
    public static TargetStatus StatusOf(decimal target, decimal? actual, decimal expected, TargetThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        if (actual is not { } done)
        {
            return TargetStatus.NoData;
        }

        if (target <= 0 || expected <= 0)
        {
            return TargetStatus.OnTrack;
        }

        var ratio = done / (target * expected);
        return ratio >= thresholds.OnTrack ? TargetStatus.OnTrack : ratio >= thresholds.Lagging ? TargetStatus.Lagging : TargetStatus.AtRisk;
    }

    private sealed record TargetRow(string Code, decimal Target);

    private sealed record AgreementRow(int Year, Organizations.Organization East, Organizations.Organization West, List<TargetRow> Targets);

    private async Task<IReadOnlyList<TargetProgress>> ProgressAsync(List<AgreementRow> agreements, Scope scope, bool approvedOnly, CancellationToken ct)
    {
        var asOf = ChinaTime.Today(clock);
        var result = new List<TargetProgress>();
        foreach (var agreement in agreements.Where(a => a.Targets.Count > 0))
        {
            var selection = Selection.ForPairing(agreement.East, agreement.West);
            var title = $"{agreement.East.Name} → {agreement.West.Name}";
            var summary = await indicators.ComputeAsync(selection, title, agreement.Year, agreement.Year, scope, IndicatorSource.Auto, approvedOnly, ct);
            var expected = ExpectedShare(agreement.Year, asOf);
            foreach (var target in agreement.Targets.OrderBy(t => t.Code, StringComparer.Ordinal))
            {
                var measured = summary.Results.FirstOrDefault(r => r.Indicator.Code == target.Code);
                if (measured is null)
                {
                    continue;
                }

                decimal? actual = measured.Measure.HasValue ? measured.Measure.Total : null;
                var completion = actual is { } a && target.Target > 0 ? decimal.Round(a / target.Target, 4) : (decimal?)null;
                result.Add(new TargetProgress(selection.Label, title, agreement.Year, measured.Indicator, target.Target, actual, completion, decimal.Round(expected, 4),
                    StatusOf(target.Target, actual, expected, thresholds)));
            }
        }

        return result;
    }
}
