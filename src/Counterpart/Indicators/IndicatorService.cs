using Counterpart.Data;
using Counterpart.Organizations;
using Counterpart.Pairings;
using Microsoft.EntityFrameworkCore;

namespace Counterpart.Indicators;

/// <summary>Where a summary's figures come from.</summary>
public enum IndicatorSource
{
    /// <summary>The maintained indicator facts where available and current, else the ledger rows.</summary>
    Auto,

    /// <summary>Always the ledger rows.</summary>
    Rows,
}

public sealed record IndicatorResult(Indicator Indicator, Measure Measure);

public sealed record Summary(Selection Selection, string Title, int FromYear, int ToYear, IReadOnlyList<IndicatorResult> Results)
{
    /// <summary>True when the indicators of the high-volume ledgers were read from the maintained summaries.</summary>
    public bool UsedFacts { get; init; }

    /// <summary>True when only rows approved in review were counted; false when every row was, whatever its review state.</summary>
    public bool ApprovedOnly { get; init; }

    /// <summary>How the summary is labelled, so that nobody mistakes figures with unreviewed rows for reviewed ones.</summary>
    public string CoverageLabel => ApprovedOnly ? "仅含已审核数据" : "含未审核数据";

    public decimal this[string code] => Results.First(r => r.Indicator.Code == code).Measure.Total;
}

/// <summary>
/// Computes the catalog for a pairing or an organization subtree over a range of years; with a <see cref="SummaryCache"/>
/// (the web host and the CLI register one), a summary already computed at the current data version is reused.
/// </summary>
public sealed class IndicatorService(CounterpartDbContext db, CountingRules rules, TimeProvider clock, SummaryCache? cache = null)
{
    public Task<Summary> ForPairingAsync(string pairingSpec, int fromYear, int toYear, Scope scope, CancellationToken ct = default) =>
        ForPairingAsync(pairingSpec, fromYear, toYear, scope, approvedOnly: false, ct);

    /// <param name="approvedOnly">Count only rows approved in review (ADR 11).</param>
    public async Task<Summary> ForPairingAsync(string pairingSpec, int fromYear, int toYear, Scope scope, bool approvedOnly, CancellationToken ct = default)
    {
        var (east, west) = await ResolvePairingAsync(pairingSpec, ct);
        return await ComputeAsync(Selection.ForPairing(east, west), $"{east.Name} → {west.Name}", fromYear, toYear, scope, IndicatorSource.Auto, approvedOnly, ct);
    }

    public Task<Summary> ForOrganizationAsync(string codeOrName, int fromYear, int toYear, Scope scope, CancellationToken ct = default) =>
        ForOrganizationAsync(codeOrName, fromYear, toYear, scope, approvedOnly: false, ct);

    /// <param name="approvedOnly">Count only rows approved in review (ADR 11).</param>
    public async Task<Summary> ForOrganizationAsync(string codeOrName, int fromYear, int toYear, Scope scope, bool approvedOnly, CancellationToken ct = default)
    {
        var org = await OrganizationTree.ResolveAsync(db, codeOrName, ct);
        return await ComputeAsync(Selection.ForOrganization(org), org.Name, fromYear, toYear, scope, IndicatorSource.Auto, approvedOnly, ct);
    }

    public Task<Summary> ComputeAsync(Selection selection, string title, int fromYear, int toYear, Scope scope, CancellationToken ct = default) =>
        ComputeAsync(selection, title, fromYear, toYear, scope, IndicatorSource.Auto, ct);

    /// <param name="source">Where figures come from: the maintained facts when they follow the configured rules (the
    /// default), or always the ledger rows (to verify the facts).</param>
    public Task<Summary> ComputeAsync(Selection selection, string title, int fromYear, int toYear, Scope scope, IndicatorSource source, CancellationToken ct = default) =>
        ComputeAsync(selection, title, fromYear, toYear, scope, source, approvedOnly: false, ct);

    /// <param name="approvedOnly">Count only rows approved in review (ADR 11).</param>
    public async Task<Summary> ComputeAsync(Selection selection, string title, int fromYear, int toYear, Scope scope, IndicatorSource source, bool approvedOnly,
        CancellationToken ct = default)
    {
        if (fromYear > toYear || fromYear < 2000 || toYear > 2100)
        {
            throw new DomainException($"年度范围 {fromYear}–{toYear} 无效：起始年度不能晚于结束年度。");
        }

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var asOf = ChinaTime.Today(clock);
        SummaryCache.Key? key = null;
        if (cache is not null && await SummaryCache.VersionAsync(db, ct) is { } version)
        {
            key = new SummaryCache.Key(selection.Label, selection.EastPath, selection.WestPath, selection.AnyPath, title, fromYear, toYear, SummaryCache.ScopeKey(scope),
                approvedOnly, asOf, rules, version);
            if (source == IndicatorSource.Auto && cache.TryGet(key, out var cached))
            {
                Operations.CounterpartMetrics.SummaryComputed(cached!.UsedFacts, started, cached: true);
                return cached;
            }
        }

        var useFacts = source == IndicatorSource.Auto
            && await Facts.FactMaintainer.StoredRulesAsync(db, ct) is { } built && built.StableEmploymentMonths == rules.StableEmploymentMonths;
        var ctx = new IndicatorContext(db, scope, selection, fromYear, toYear, rules, asOf) { UseFacts = useFacts, ApprovedOnly = approvedOnly };
        var results = new List<IndicatorResult>();
        foreach (var indicator in IndicatorCatalog.All)
        {
            // One DbContext: computations run one after another, never in parallel.
            results.Add(new IndicatorResult(indicator, await indicator.ComputeAsync(ctx, ct)));
        }

        Operations.CounterpartMetrics.SummaryComputed(useFacts, started);
        var summary = new Summary(selection, title, fromYear, toYear, results) { UsedFacts = useFacts, ApprovedOnly = approvedOnly };
        if (key is not null && source == IndicatorSource.Auto)
        {
            cache!.Set(key, summary);
        }

        return summary;
    }

    /// <summary>
    /// The rows behind one figure of a pairing (a year of it, a part of a breakdown), counted by the figure's rule; throws
    /// for an indicator without a list (<see cref="HasEvidence"/>).
    /// </summary>
    public async Task<EvidencePage> EvidenceAsync(string pairingSpec, int fromYear, int toYear, Scope scope, bool approvedOnly, string code, EvidenceFilter filter,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var (east, west) = await ResolvePairingAsync(pairingSpec, ct);
        var ctx = new IndicatorContext(db, scope, Selection.ForPairing(east, west), fromYear, toYear, rules, ChinaTime.Today(clock)) { ApprovedOnly = approvedOnly };
        return await IndicatorEvidence.ListAsync(ctx, code, filter, ct);
    }

    /// <summary>Whether a figure opens a list of its rows.</summary>
    public static bool HasEvidence(string code) => IndicatorEvidence.Has(code);

    /// <summary>"440112:522726" or "黄埔区:独山县": east side first, then west side; a pairing must exist between them.</summary>
    public async Task<(Organization East, Organization West)> ResolvePairingAsync(string spec, CancellationToken ct = default)
    {
        var parts = (spec ?? "").Split([':', '：'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2)
        {
            throw new DomainException($"结对“{spec}”格式不对：应为“东部代码:西部代码”，例如 440112:522726。");
        }

        var east = await OrganizationTree.ResolveAsync(db, parts[0], ct);
        var west = await OrganizationTree.ResolveAsync(db, parts[1], ct);
        var exists = await db.Rows<Pairing>(Scope.Everything)
            .AnyAsync(p => p.EastOrgId == east.Id && p.WestOrgId == west.Id, ct);
        if (!exists)
        {
            throw new DomainException($"{east.Name}（{east.Code}）与{west.Name}（{west.Code}）之间没有结对关系。");
        }

        return (east, west);
    }
}
