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

    /// <summary>Whether a place or unit that belongs to the west (a park, a site) is selected.</summary>
    public bool IncludesWestOrg(string path) =>
        path.StartsWith(IsPairing ? WestPath! : AnyPath!, StringComparison.Ordinal);

    private static MemberExpression OrgPath(ParameterExpression row, string navigation) =>
        Expression.Property(Expression.Property(row, navigation), nameof(Organization.Path));

    private static MethodCallExpression StartsWith(Expression path, string prefix) =>
        Expression.Call(path, typeof(string).GetMethod(nameof(string.StartsWith), [typeof(string)])!, Expression.Constant(prefix));
}
