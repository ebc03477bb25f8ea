using Counterpart.Data;
using Counterpart.Organizations;

namespace Counterpart.Tests.Infrastructure;

/// <summary>
/// A small hand-built tree for rule tests:
/// 广东省 → 广州市 → {黄埔区, 天河区}; 贵州省 → 黔南州 → {独山县 → {甲镇 → 甲村, 乙镇 → 乙村}, 荔波县 → 丙村}.
/// </summary>
public sealed class TestTree
{
    public required Organization Guangdong { get; init; }
    public required Organization Huangpu { get; init; }
    public required Organization Tianhe { get; init; }
    public required Organization Qiannan { get; init; }
    public required Organization Dushan { get; init; }
    public required Organization TownA { get; init; }
    public required Organization VillageA { get; init; }
    public required Organization TownB { get; init; }
    public required Organization VillageB { get; init; }
    public required Organization Libo { get; init; }
    public required Organization VillageC { get; init; }

    public static async Task<TestTree> CreateAsync(CounterpartDbContext db)
    {
        var created = new List<Organization>();
        Organization Node(string code, string name, OrgKind kind, Organization? parent)
        {
            var org = new Organization { Code = code, Name = name, Kind = kind, Parent = parent };
            created.Add(org);
            return org;
        }

        var gd = Node("440000", "广东省", OrgKind.Province, null);
        var gz = Node("440100", "广州市", OrgKind.Prefecture, gd);
        var huangpu = Node("440112", "黄埔区", OrgKind.County, gz);
        var tianhe = Node("440106", "天河区", OrgKind.County, gz);
        var gzProvince = Node("520000", "贵州省", OrgKind.Province, null);
        var qiannan = Node("522700", "黔南州", OrgKind.Prefecture, gzProvince);
        var dushan = Node("522726", "独山县", OrgKind.County, qiannan);
        var townA = Node("522726100000", "甲镇", OrgKind.Town, dushan);
        var villageA = Node("522726100200", "甲村", OrgKind.Village, townA);
        var townB = Node("522726101000", "乙镇", OrgKind.Town, dushan);
        var villageB = Node("522726101200", "乙村", OrgKind.Village, townB);
        var libo = Node("522722", "荔波县", OrgKind.County, qiannan);
        var villageC = Node("522722100200", "丙村", OrgKind.Village, libo);

        await new LedgerWriter(db).WriteAsync(WriteContext.System("test"), async (d, ct) =>
        {
            d.AddRange(created);
            await d.SaveChangesAsync(ct);
            foreach (var org in created)
            {
                OrganizationTree.AssignPath(org, org.Parent);
            }
        });

        return new TestTree
        {
            Guangdong = gd, Huangpu = huangpu, Tianhe = tianhe, Qiannan = qiannan, Dushan = dushan, TownA = townA, VillageA = villageA,
            TownB = townB, VillageB = villageB, Libo = libo, VillageC = villageC,
        };
    }

    /// <summary>Adds rows through the one write path, as the system.</summary>
    public static Task AddAsync(CounterpartDbContext db, params object[] rows) =>
        new LedgerWriter(db).WriteAsync(WriteContext.System("test"), (d, _) =>
        {
            d.AddRange(rows);
            return Task.CompletedTask;
        });
}

/// <summary>A clock fixed at one instant.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;
}
