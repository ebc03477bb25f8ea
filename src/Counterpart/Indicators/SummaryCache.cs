using Counterpart.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Counterpart.Indicators;

/// <summary>
/// Computed summaries kept in memory per node, under the data version they were computed at: the sequence number of
/// the last audit entry. Every write that can change a figure (import, form save, undo, review, key rotation) appends
/// to the audit chain in its own transaction, and on PostgreSQL the chain's appenders take turns until commit, so the
/// number grows in commit order: a summary cached under the current number is the figure a fresh computation would give,
/// on every node, with no message between nodes. A write makes every cached summary unreachable at once (the key
/// changes), which is what keeps figures fresh right after an import or approval. Entries are also keyed by the as-of
/// date and the counting rules. Never used inside an open transaction, whose uncommitted entries may still roll back.
/// </summary>
public sealed class SummaryCache : IDisposable
{
    private readonly MemoryCache cache;

    public SummaryCache(int maxEntries = 2_000) =>
        cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = Math.Max(1, maxEntries) });

    /// <summary>What a summary depends on besides the data.</summary>
    internal sealed record Key(string Selection, string? EastPath, string? WestPath, string? AnyPath, string Title, int FromYear, int ToYear, string Scope,
        bool ApprovedOnly, DateOnly AsOf, CountingRules Rules, long DataVersion);

    /// <summary>The data version, or null when the context is inside a transaction (then nothing is cached).</summary>
    internal static async Task<long?> VersionAsync(CounterpartDbContext db, CancellationToken ct) =>
        db.Database.CurrentTransaction is not null ? null : await db.AuditRecords.MaxAsync(a => (long?)a.Seq, ct) ?? 0;

    internal static string ScopeKey(Scope scope) => scope.Paths is null ? "*" : string.Join("|", scope.Paths.Order(StringComparer.Ordinal));

    internal bool TryGet(Key key, out Summary? summary) => cache.TryGetValue(key, out summary);

    internal void Set(Key key, Summary summary) =>
        cache.Set(key, summary, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = TimeSpan.FromMinutes(30) });

    public void Dispose() => cache.Dispose();
}
