using System.Linq.Expressions;
using Counterpart.Data;
using Counterpart.Organizations;

namespace Counterpart.Indicators;

/// <summary>
/// What a figure is computed for. A pairing selects rows whose east side lies in the east organization's subtree
/// and whose west side lies in the west organization's subtree; an organization selects rows with either side in
/// its subtree — which is how figures roll up the tree (village → town → county → prefecture → province).
/// </summary>
public sealed record Selection(string Label, string? EastPath, string? WestPath, string? AnyPath)
{
    public static Selection ForPairing(Organization east, Organization west) =>
        new($"{east.Code}:{west.Code}", east.Path, west.Path, null);

    public static Selection ForOrganization(Organization org) => new(org.Code, null, null, org.Path);

    public bool IsPairing => EastPath is not null && WestPath is not null;

    /// <summary>Filters rows that carry an east and a west organization.</summary>
    public IQueryable<T> Apply<T>(IQueryable<T> rows) where T : LedgerRecord, ISidedRecord
    {
        var r = Expression.Parameter(typeof(T), "r");
        var west = OrgPath(r, nameof(ISidedRecord.WestOrg));
        var east = OrgPath(r, nameof(ISidedRecord.EastOrg));
        Expression body = IsPairing
            ? Expression.AndAlso(StartsWith(west, WestPath!), StartsWith(east, EastPath!))
            : Expression.OrElse(StartsWith(west, AnyPath!), StartsWith(east, AnyPath!));
        return rows.Where(Expression.Lambda<Func<T, bool>>(body, r));
    }

    /// <summary>The same test as <see cref="Apply{T}"/>, for an east and a west path already in memory.</summary>
    public bool Includes(string eastPath, string westPath) => IsPairing
        ? eastPath.StartsWith(EastPath!, StringComparison.Ordinal) && westPath.StartsWith(WestPath!, StringComparison.Ordinal)
        : eastPath.StartsWith(AnyPath!, StringComparison.Ordinal) || westPath.StartsWith(AnyPath!, StringComparison.Ordinal);

    private static MemberExpression OrgPath(ParameterExpression row, string navigation) =>
        Expression.Property(Expression.Property(row, navigation), nameof(Organization.Path));

    private static MethodCallExpression StartsWith(Expression path, string prefix) =>
        Expression.Call(path, typeof(string).GetMethod(nameof(string.StartsWith), [typeof(string)])!, Expression.Constant(prefix));
}
