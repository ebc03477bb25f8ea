using Counterpart.Data;
using Counterpart.Organizations;
using Microsoft.EntityFrameworkCore;

namespace Counterpart.Ledgers;

/// <summary>Organizations of the database, for resolving the codes and names people type in a file.</summary>
public sealed class OrgDirectory
{
    private readonly Dictionary<string, Organization> byCode;
    private readonly Dictionary<long, Organization> byId;
    private readonly ILookup<string, Organization> byName;

    private OrgDirectory(List<Organization> all)
    {
        byId = all.ToDictionary(o => o.Id);
        byCode = new Dictionary<string, Organization>(StringComparer.OrdinalIgnoreCase);
        foreach (var o in all)
        {
            byCode[o.Code] = o;
            if (o.CreditCode is { } credit)
            {
                byCode.TryAdd(credit, o);
            }
        }

        byName = all.ToLookup(o => o.Name, StringComparer.Ordinal);
    }

    public static async Task<OrgDirectory> LoadAsync(CounterpartDbContext db, CancellationToken ct) =>
        new(await db.Organizations.AsNoTracking().ToListAsync(ct));

    public Organization? this[long id] => byId.GetValueOrDefault(id);

    public IEnumerable<Organization> All => byId.Values;

    public Parsed<Organization> Resolve(string cell)
    {
        var key = CellParsers.Normalize(cell);
        if (byCode.TryGetValue(key, out var org))
        {
            return Parsed.Of(org);
        }

        var named = byName[key].ToList();
        return named.Count switch
        {
            1 => Parsed.Of(named[0]),
            0 => Parsed.Fail<Organization>("系统中没有这个组织；请填写行政区划代码、统一社会信用代码或完整名称"),
            _ => Parsed.Fail<Organization>("名称不唯一，可能是：" + string.Join("、", named.Take(5).Select(o => $"{o.Name}（{o.Code}，{Describe(o)}）")) + "；请改填代码"),
        };
    }

    /// <summary>The county (or district) an organization lies in, for rules about working inside or outside the county.</summary>
    public Organization? CountyOf(Organization org) => EnclosingOf(org, OrgKind.County);

    /// <summary>The province an organization lies in, or null for one above or outside the provinces (the tree's roots).</summary>
    public Organization? ProvinceOf(Organization org) => EnclosingOf(org, OrgKind.Province);

    /// <summary>
    /// The province both organizations lie in, or null: two units of one province cannot be each other's eastern and
    /// western side, so a row pairing them is a clerk's mistake.
    /// </summary>
    public Organization? CommonProvince(Organization a, Organization b) =>
        ProvinceOf(a) is { } province && ProvinceOf(b)?.Id == province.Id ? province : null;

    /// <summary>The organization itself or its nearest ancestor of the kind.</summary>
    private Organization? EnclosingOf(Organization org, OrgKind kind)
    {
        for (var o = org; o is not null; o = o.ParentId is { } p ? this[p] : null)
        {
            if (o.Kind == kind)
            {
                return o;
            }
        }

        return null;
    }

    private string Describe(Organization o) => o.ParentId is { } p && this[p] is { } parent ? "属" + parent.Name : o.Kind.ToString();
}
