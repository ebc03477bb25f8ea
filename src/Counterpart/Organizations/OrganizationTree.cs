using Counterpart.Data;
using Microsoft.EntityFrameworkCore;

namespace Counterpart.Organizations;

/// <summary>Finds organizations by code or name and keeps materialized paths right.</summary>
public static class OrganizationTree
{
    public static void AssignPath(Organization org, Organization? parent)
    {
        ArgumentNullException.ThrowIfNull(org);
        if (org.Id == 0)
        {
            throw new InvalidOperationException("The organization must be saved (have an id) before its path is set.");
        }

        org.Path = (parent?.Path ?? "/") + org.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) + "/";
        org.Depth = parent is null ? 0 : parent.Depth + 1;
    }

    /// <summary>Resolves a code (GB/T 2260, credit code or unit code) or an exact name; ambiguous names fail with the candidates.</summary>
    public static async Task<Organization> ResolveAsync(CounterpartDbContext db, string codeOrName, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var key = codeOrName.Trim();
        var byCode = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Code == key, ct);
        if (byCode is not null)
        {
            return byCode;
        }

        var byName = await db.Organizations.AsNoTracking().Where(o => o.Name == key).OrderBy(o => o.Code).Take(10).ToListAsync(ct);
        return byName.Count switch
        {
            1 => byName[0],
            0 => throw new DomainException($"找不到组织“{key}”：请使用行政区划代码、信用代码或完整名称。"),
            _ => throw new DomainException(
                $"组织名称“{key}”不唯一，可能是：{string.Join("、", byName.Select(o => $"{o.Name}（{o.Code}）"))}；请改用代码。"),
        };
    }
}
