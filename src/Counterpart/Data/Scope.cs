using System.Linq.Expressions;
using Counterpart.Organizations;

namespace Counterpart.Data;

/// <summary>
/// A set of organization subtrees, each named by its materialized path. Every query of ledger rows takes one;
/// <see cref="Everything"/> is the scope of the system itself (migrations, seeding, the CLI).
/// <para>
/// Reading: a row is in scope when its owner lies in one of the subtrees, or — for a row between the two sides of a
/// pairing (<see cref="ISidedRecord"/>) — when its eastern or its western organization does: each side of a pairing
/// reads what the other side recorded about it, so both see the same figures for their pairing; records of a pairing as
/// a whole (<see cref="IPairingRecord"/>: agreements, evaluation rounds) are read by both sides (ADR 10). Writing is
/// judged on the owner alone (<see cref="LedgerWriter"/>): each side writes only its own rows.
/// </para>
/// </summary>
public sealed class Scope
{
    private Scope(IReadOnlyList<string>? paths) => Paths = paths;

    public static Scope Everything { get; } = new(null);

    /// <summary>Null means every organization.</summary>
    public IReadOnlyList<string>? Paths { get; }

    /// <summary>Paths end with '/', so that "/1/4/" never matches "/1/45/".</summary>
    public static Scope Subtrees(params IEnumerable<string> paths) =>
        new([.. paths.Select(p => p.EndsWith('/') ? p : p + "/").Distinct(StringComparer.Ordinal)]);

    public static Scope Of(params IEnumerable<Organization> roots) => Subtrees(roots.Select(o => o.Path));

    public bool Contains(string path) =>
        Paths is null || Paths.Any(p => path.StartsWith(p, StringComparison.Ordinal));
}

public static class ScopeQueries
{
    public static IQueryable<T> InScope<T>(this IQueryable<T> rows, Scope scope) where T : LedgerRecord => rows.InScope(scope, null);

    /// <param name="pairings">The pairings, for the lists one side keeps for the other (needs, offers): such an item is
    /// also visible where a pairing has one side in the scope and the item's unit within its other side.</param>
    public static IQueryable<T> InScope<T>(this IQueryable<T> rows, Scope scope, IQueryable<Pairings.Pairing>? pairings) where T : LedgerRecord
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (scope.Paths is null)
        {
            return rows;
        }

        var row = Expression.Parameter(typeof(T), "r");
        var ownerPath = Expression.Property(Expression.Property(row, nameof(LedgerRecord.Owner)), nameof(Organization.Path));
        var body = AnyPrefix(ownerPath, scope.Paths);
        if (typeof(ISidedRecord).IsAssignableFrom(typeof(T)))
        {
            foreach (var side in new[] { nameof(ISidedRecord.EastOrg), nameof(ISidedRecord.WestOrg) })
            {
                body = Expression.OrElse(body, AnyPrefix(Expression.Property(Expression.Property(row, side), nameof(Organization.Path)), scope.Paths));
            }
        }

        if (typeof(IPairingRecord).IsAssignableFrom(typeof(T)))
        {
            var pairing = Expression.Property(row, nameof(IPairingRecord.Pairing));
            foreach (var side in new[] { nameof(ISidedRecord.EastOrg), nameof(ISidedRecord.WestOrg) })
            {
                body = Expression.OrElse(body, AnyPrefix(Expression.Property(Expression.Property(pairing, side), nameof(Organization.Path)), scope.Paths));
            }
        }

        if (pairings is not null && CounterpartDbContext.PairedListUnit.TryGetValue(typeof(T), out var unit))
        {
            // EXISTS (pairing p: p.East or p.West in scope, and the item's unit within p.West or p.East)
            var p = Expression.Parameter(typeof(Pairings.Pairing), "p");
            var unitPath = Expression.Property(Expression.Property(row, unit), nameof(Organization.Path));
            var startsWith = typeof(string).GetMethod(nameof(string.StartsWith), [typeof(string)])!;
            Expression SidePath(string side) => Expression.Property(Expression.Property(p, side), nameof(Organization.Path));
            var pairingInScope = Expression.OrElse(AnyPrefix(SidePath(nameof(Pairings.Pairing.EastOrg)), scope.Paths), AnyPrefix(SidePath(nameof(Pairings.Pairing.WestOrg)), scope.Paths));
            var unitInPairing = Expression.OrElse(
                Expression.Call(unitPath, startsWith, SidePath(nameof(Pairings.Pairing.WestOrg))),
                Expression.Call(unitPath, startsWith, SidePath(nameof(Pairings.Pairing.EastOrg))));
            var any = Expression.Call(typeof(Queryable), nameof(Queryable.Any), [typeof(Pairings.Pairing)], pairings.Expression,
                Expression.Quote(Expression.Lambda<Func<Pairings.Pairing, bool>>(Expression.AndAlso(pairingInScope, unitInPairing), p)));
            body = Expression.OrElse(body, any);
        }

        return rows.Where(Expression.Lambda<Func<T, bool>>(body, row));
    }

    /// <summary>path LIKE 'p1%' OR path LIKE 'p2%' …; false for an empty list.</summary>
    public static Expression AnyPrefix(Expression path, IReadOnlyList<string> prefixes)
    {
        var startsWith = typeof(string).GetMethod(nameof(string.StartsWith), [typeof(string)])!;
        Expression body = Expression.Constant(false);
        foreach (var prefix in prefixes)
        {
            body = Expression.OrElse(body, Expression.Call(path, startsWith, Expression.Constant(prefix)));
        }

        return body;
    }
}
