using System.Globalization;
using Counterpart.Organizations;
using Counterpart.ReferenceData;

namespace Counterpart.Bench.National;

/// <summary>One western county with the places and units its ledgers refer to, and the eastern district paired with it.</summary>
internal sealed class CountyPlan
{
    public required int Index { get; init; }
    public required Organization Province { get; init; }
    public required Organization County { get; init; }
    public required DistrictPlan District { get; init; }

    /// <summary>0 for the district's first county, 1 for its second (keeps the eastern people's ID numbers apart).</summary>
    public required int DistrictSlot { get; init; }
    public List<Organization> Towns { get; } = [];
    public List<Organization> Villages { get; } = [];
    public List<Organization> RelocationSites { get; } = [];
    public List<Organization> Workshops { get; } = [];
    public List<Organization> Schools { get; } = [];
    public List<Organization> Hospitals { get; } = [];
    public List<Organization> Suppliers { get; } = [];

    /// <summary>The local entities of guided eastern enterprises (the employers that make enterprise_jobs).</summary>
    public List<Organization> LocalEntities { get; } = [];
    public required Organization Park { get; init; }
    public required Organization LaborStation { get; init; }
}

/// <summary>An eastern district with the units that take part in the cooperation.</summary>
internal sealed class DistrictPlan
{
    public required Organization District { get; init; }
    public List<Organization> Agencies { get; } = [];
    public List<Organization> Schools { get; } = [];
    public List<Organization> Hospitals { get; } = [];
    public List<Organization> SocialOrgs { get; } = [];
    public List<Organization> Investors { get; } = [];
    public int Counties { get; set; }
}

/// <summary>
/// The national tree: 中华人民共和国 → ten western provinces (with real GB/T 2260 province codes and the counties split
/// roughly as in the 2021 pairing lists) → prefectures → counties → towns → villages (12-digit statistical codes as in
/// the reference data), and their eastern partner provinces → prefectures → districts with agencies, schools, hospitals,
/// social organizations and enterprises. Names are invented from syllables; everything is drawn from seeded generators,
/// one per province and county, so the tree is the same on every run.
/// </summary>
internal sealed class NationalGeography
{
    /// <summary>Western province, its code, its share of the 450 assisted counties, and its eastern partner province.</summary>
    private static readonly (string Code, string Name, int Counties, string EastCode, string EastName)[] Provinces =
    [
        ("520000", "贵州省", 66, "440000", "广东省"),
        ("530000", "云南省", 88, "310000", "上海市"),
        ("510000", "四川省", 68, "330000", "浙江省"),
        ("620000", "甘肃省", 58, "120000", "天津市"),
        ("450000", "广西壮族自治区", 33, "440000", "广东省"),
        ("500000", "重庆市", 14, "370000", "山东省"),
        ("630000", "青海省", 30, "320000", "江苏省"),
        ("640000", "宁夏回族自治区", 9, "350000", "福建省"),
        ("150000", "内蒙古自治区", 31, "110000", "北京市"),
        ("610000", "陕西省", 53, "320000", "江苏省"),
    ];

    public const int NationalCounties = 450;
    private const string Syllables = "安平兴宁丰华龙凤泉山江河源溪石桥新红民德福寿长清云阳松柏青白金玉朝乐永和顺昌盛太康隆泰宝鸣鹤川岭湾坪坝塘";

    public Organization Nation { get; }
    public List<Organization> All { get; } = [];
    public List<CountyPlan> Counties { get; } = [];
    public List<DistrictPlan> Districts { get; } = [];

    private readonly Dictionary<string, Organization> eastProvinces = [];
    private readonly Dictionary<string, int> eastPrefectureCount = [];
    private readonly HashSet<string> codes = new(StringComparer.Ordinal);

    /// <param name="counties">How many western counties (450 nationally).</param>
    /// <param name="unitsFactor">How much of a national county's guided enterprises a county gets (≤ 1 at small scales).</param>
    public NationalGeography(int seed, int counties, double unitsFactor)
    {
        Nation = Add("100000", "中华人民共和国", OrgKind.Nation, null);
        var shares = Apportion(counties);
        var countyIndex = 0;
        for (var p = 0; p < Provinces.Length; p++)
        {
            if (shares[p] == 0)
            {
                continue;
            }

            var (code, name, _, eastCode, eastName) = Provinces[p];
            var s = new Synthetic(Mix(seed, 1, p));
            var province = Add(code, name, OrgKind.Province, Nation);
            if (!eastProvinces.TryGetValue(eastCode, out var eastProvince))
            {
                eastProvinces[eastCode] = eastProvince = Add(eastCode, eastName, OrgKind.Province, Nation);
                eastPrefectureCount[eastCode] = 0;
            }

            // One eastern district helps one or two counties (about 0.7 districts per county, as in the pairing lists).
            var districts = new List<DistrictPlan>();
            var districtCount = Math.Max(1, (int)Math.Ceiling(shares[p] * 0.7));
            Organization? eastPrefecture = null;
            for (var d = 0; d < districtCount; d++)
            {
                if (d % 8 == 0)
                {
                    var n = ++eastPrefectureCount[eastCode];
                    eastPrefecture = Add(eastCode[..2] + Two(n) + "00", Place(s, 2) + "市", OrgKind.Prefecture, eastProvince);
                }

                districts.Add(NewDistrict(s, eastPrefecture!, d % 8));
            }

            Organization? prefecture = null;
            var prefectureNo = 0;
            for (var c = 0; c < shares[p]; c++)
            {
                if (c % 9 == 0)
                {
                    prefectureNo++;
                    prefecture = Add(code[..2] + Two(prefectureNo + 20) + "00", Place(s, 2) + (prefectureNo % 3 == 0 ? "市" : "州"), OrgKind.Prefecture, province);
                }

                var cs = new Synthetic(Mix(seed, 2, countyIndex));
                Counties.Add(NewCounty(cs, countyIndex, province, prefecture!, c % 9, districts[c % districts.Count], unitsFactor));
                countyIndex++;
            }
        }
    }

    /// <summary>Splits the counties over the provinces in proportion to their national share (largest remainders).</summary>
    private static int[] Apportion(int counties)
    {
        var exact = Provinces.Select(p => (double)p.Counties * counties / NationalCounties).ToArray();
        var shares = exact.Select(e => (int)Math.Floor(e)).ToArray();
        foreach (var i in exact.Select((e, i) => (Remainder: e - Math.Floor(e), Index: i)).OrderByDescending(x => x.Remainder).ThenBy(x => x.Index).Take(counties - shares.Sum()).Select(x => x.Index))
        {
            shares[i]++;
        }

        return shares;
    }

    internal static int Mix(int seed, int kind, int index) => unchecked((seed * 1_000_003) ^ (kind * 7_919) ^ (index * 104_729));

    private DistrictPlan NewDistrict(Synthetic s, Organization prefecture, int number)
    {
        var code = prefecture.Code[..4] + Two(number + 2);
        var plan = new DistrictPlan { District = Add(code, Place(s, 2) + "区", OrgKind.County, prefecture) };
        string[] agencies = ["农业农村局", "人力资源和社会保障局", "教育局", "卫生健康局", "协作办"];
        foreach (var (agency, i) in agencies.Select((a, i) => (a, i)))
        {
            plan.Agencies.Add(Add($"{code}-A{Two(i + 1)}", plan.District.Name + agency, OrgKind.Agency, plan.District));
        }

        for (var i = 0; i < 4; i++)
        {
            plan.Schools.Add(Add($"{code}-S{Two(i + 1)}", plan.District.Name + Place(s, 2) + (i % 2 == 0 ? "中学" : "小学"), OrgKind.School, plan.District));
        }

        for (var i = 0; i < 2; i++)
        {
            plan.Hospitals.Add(Add($"{code}-H{Two(i + 1)}", plan.District.Name + (i == 0 ? "人民医院" : "中医医院"), OrgKind.Hospital, plan.District));
        }

        for (var i = 0; i < 2; i++)
        {
            var credit = CreditIn(s, code, "51");
            plan.SocialOrgs.Add(Add(credit, plan.District.Name + (i == 0 ? "慈善会" : "志愿者联合会"), OrgKind.SocialOrganization, plan.District, creditCode: credit));
        }

        string[] trades = ["电子", "机械", "食品", "纺织", "新材料", "物流"];
        foreach (var trade in trades)
        {
            var credit = CreditIn(s, code, "91");
            plan.Investors.Add(Add(credit, Place(s, 2) + trade + "有限公司", OrgKind.Enterprise, plan.District, creditCode: credit));
        }

        Districts.Add(plan);
        return plan;
    }

    private CountyPlan NewCounty(Synthetic s, int index, Organization province, Organization prefecture, int number, DistrictPlan district, double unitsFactor)
    {
        var code = prefecture.Code[..4] + Two(number + 21);
        var county = Add(code, Place(s, 2) + "县", OrgKind.County, prefecture);
        var plan = new CountyPlan
        {
            Index = index, Province = province, County = county, District = district, DistrictSlot = district.Counties++,
            Park = Add($"{code}-P01", county.Name + "产业园", OrgKind.IndustrialPark, county, established: new DateOnly(s.Between(2015, 2024), s.Between(1, 12), 1)),
            LaborStation = Add($"{code}-L01", $"{county.Name}驻{district.District.Name}劳务协作工作站", OrgKind.LaborStation, county, established: new DateOnly(2021, 3, 1)),
        };

        // Most parks are co-built with the eastern district in the period (共建园区, counted in `parks`); the others are the county's own, older ones.
        if (s.Rng.Next(10) < 8)
        {
            plan.Park.CoBuiltBy = district.District;
            plan.Park.EstablishedOn = new DateOnly(s.Between(2021, 2024), s.Between(1, 12), 1);
        }

        var towns = s.Between(8, 16);
        for (var t = 0; t < towns; t++)
        {
            var townCode = $"{code}{100 + t:000}000";
            var town = Add(townCode, Place(s, 2) + (t == 0 ? "街道" : "镇"), OrgKind.Town, county);
            plan.Towns.Add(town);
            var villages = s.Between(6, 14);
            for (var v = 0; v < villages; v++)
            {
                plan.Villages.Add(Add($"{townCode[..9]}{200 + v:000}", Place(s, 2) + (v % 5 == 4 ? "社区" : "村"), v % 5 == 4 ? OrgKind.Community : OrgKind.Village, town));
            }
        }

        for (var r = 0; r < 2; r++)
        {
            var town = plan.Towns[r % plan.Towns.Count];
            plan.RelocationSites.Add(Add($"{town.Code[..9]}{101 + r:000}", Place(s, 2) + "易地扶贫搬迁安置点", OrgKind.RelocationSite, town, new DateOnly(2019, s.Between(1, 12), 1)));
        }

        string[] trades = ["服装加工", "电子组装", "竹编", "农产品分拣", "手工刺绣", "箱包加工"];
        for (var w = 0; w < 5; w++)
        {
            var site = w < 3 ? plan.RelocationSites[w % 2] : s.Pick(plan.Villages);
            plan.Workshops.Add(Add($"{code}-W{Two(w + 1)}", site.Name[..2] + trades[w] + "就业帮扶车间", OrgKind.Workshop, site, new DateOnly(s.Between(2020, 2023), s.Between(1, 12), 1)));
        }

        for (var i = 0; i < 6; i++)
        {
            plan.Schools.Add(Add($"{code}-S{Two(i + 1)}", county.Name + (i < 3 ? $"第{"一二三"[i]}中学" : $"第{"一二三"[i - 3]}小学"), OrgKind.School, county));
        }

        for (var i = 0; i < 2; i++)
        {
            plan.Hospitals.Add(Add($"{code}-H{Two(i + 1)}", county.Name + (i == 0 ? "人民医院" : "中医医院"), OrgKind.Hospital, county));
        }

        string[] products = ["茶业", "食品", "农业发展", "菌业", "畜牧", "油脂"];
        foreach (var product in products)
        {
            var credit = CreditIn(s, code, "91");
            plan.Suppliers.Add(Add(credit, county.Name + Place(s, 2) + product + "有限公司", OrgKind.Enterprise, s.Pick(plan.Villages), creditCode: credit));
        }

        var entities = Math.Max(2, (int)Math.Round(12 * unitsFactor));
        for (var i = 0; i < entities; i++)
        {
            var credit = CreditIn(s, code, "91");
            plan.LocalEntities.Add(Add(credit, county.Name + Place(s, 2) + "实业有限公司", OrgKind.Enterprise, i % 3 == 0 ? plan.Park : county, creditCode: credit));
        }

        return plan;
    }

    private Organization Add(string code, string name, OrgKind kind, Organization? parent, DateOnly? established = null, string? creditCode = null)
    {
        if (!codes.Add(code))
        {
            throw new InvalidOperationException($"Duplicate organization code {code}.");
        }

        var org = new Organization { Code = code, Name = name, Kind = kind, Parent = parent, EstablishedOn = established, CreditCode = creditCode };
        All.Add(org);
        return org;
    }

    private string CreditIn(Synthetic s, string region6, string type)
    {
        while (true)
        {
            var code = s.CreditCodeIn(region6, type);
            if (!codes.Contains(code))
            {
                return code;
            }
        }
    }

    private static string Place(Synthetic s, int length) =>
        string.Concat(Enumerable.Range(0, length).Select(_ => Syllables[s.Rng.Next(Syllables.Length)]));

    private static string Two(int n) => n.ToString("00", CultureInfo.InvariantCulture);
}
