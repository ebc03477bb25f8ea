using Counterpart.Organizations;

namespace Counterpart.ReferenceData;

public sealed partial class ReferenceDataset
{
    private static readonly string[] Towns = ["井城街道", "百泉镇", "基长镇", "麻尾镇", "影山镇", "下司镇", "上司镇", "玉水镇"];
    private static readonly string[] VillageSyllables = ["甲", "摆", "拉", "羊", "董", "翁", "尧", "打", "里", "新", "红", "民", "高", "平", "兴", "塘", "坡", "龙", "凤", "桥"];
    private static readonly string[] VillageSuffixes = ["村", "村", "村", "寨村", "坪村", "湾村"];

    internal const string ZhijiashanKey = "site:郅家山社区";
    internal const string ZhijiashanWorkshopKey = "workshop:郅家山";
    internal const string WangchengWorkshopKey = "workshop:望城";
    internal const string XingsenKey = "ent:兴森";
    internal const string YuanchengKey = "ent:元诚";
    internal const string FengdaKey = "ent:丰达";
    internal const string BearingParkKey = "park:轴承";
    internal const string BearingTestCentreKey = "unit:轴承检测中心";
    internal const string BearingTrainingBaseKey = "unit:轴承实训基地";
    internal const string AgriParkKey = "park:农业";
    internal const string TungOilInstituteKey = "unit:油桐研究院";
    internal const string StudioKey = "studio:朱穗清";
    internal const string CountyHospitalKey = "hos-w:1";
    internal const string TcmHospitalEastKey = "hos-e:1";
    internal const string LaborStationKey = "station:黄埔";

    private Organization Add(string key, string code, string name, OrgKind kind, Organization? parent, DateOnly? established = null, string? creditCode = null)
    {
        var org = new Organization { Code = code, Name = name, Kind = kind, Parent = parent, EstablishedOn = established, CreditCode = creditCode };
        orgs.Add(org);
        byKey.Add(key, org);
        return org;
    }

    private Organization Enterprise(string key, string name, Organization parent, string region6, DateOnly? established = null)
    {
        var code = s.CreditCodeIn(region6);
        return Add(key, code, name, OrgKind.Enterprise, parent, established, code);
    }

    private readonly List<Organization> villages = [];
    private readonly List<Organization> westSchools = [];
    private readonly List<Organization> eastSchools = [];
    private readonly List<Organization> westHospitals = [];
    private readonly List<Organization> eastHospitals = [];
    private readonly List<Organization> eastAgencies = [];
    private readonly List<Organization> eastSocialOrgs = [];
    private readonly List<Organization> eastBuyers = [];
    private readonly List<Organization> relocationSites = [];
    private readonly List<Organization> otherWorkshops = [];
    private readonly List<Organization> westSuppliers = [];

    private void BuildOrganizations()
    {
        var guangdong = Add("440000", "440000", "广东省", OrgKind.Province, null);
        var guangzhou = Add("440100", "440100", "广州市", OrgKind.Prefecture, guangdong);
        var huangpu = Add(EastCode, EastCode, "黄埔区", OrgKind.County, guangzhou);
        var guizhou = Add("520000", "520000", "贵州省", OrgKind.Province, null);
        var qiannan = Add("522700", "522700", "黔南布依族苗族自治州", OrgKind.Prefecture, guizhou);
        var dushan = Add(WestCode, WestCode, "独山县", OrgKind.County, qiannan);

        BuildEastUnits(huangpu);
        BuildWestPlaces(dushan);
        BuildWestUnits(dushan);
        BuildGuidedEnterprises();
    }

    private void BuildEastUnits(Organization huangpu)
    {
        string[] agencies = ["黄埔区农业农村局", "黄埔区人力资源和社会保障局", "黄埔区教育局", "黄埔区卫生健康局"];
        for (var i = 0; i < agencies.Length; i++)
        {
            eastAgencies.Add(Add($"agency-e:{i + 1}", $"440112-A{i + 1:00}", agencies[i], OrgKind.Agency, huangpu));
        }

        string[] schoolNames = ["香雪", "长岭", "萝岗", "九龙", "永和", "新龙", "联和", "夏港", "文冲", "红山", "鱼珠", "南岗", "大沙",
            "穗东", "荔联", "云埔", "东区", "知识城", "科学城", "开泰", "玉岩", "怡园", "金峰", "凤凰", "黄陂", "会元"];
        for (var i = 0; i < schoolNames.Length; i++)
        {
            var kind = i % 3 == 0 ? "中学" : "小学";
            eastSchools.Add(Add($"school-e:{i + 1}", $"440112-S{i + 1:00}", $"广州市黄埔区{schoolNames[i]}{kind}", OrgKind.School, huangpu));
        }

        Add(StudioKey, "440112-ST01", "朱穗清名班主任工作室", OrgKind.Studio, eastSchools[0]);
        eastHospitals.Add(Add(TcmHospitalEastKey, "440112-H01", "黄埔区中医医院", OrgKind.Hospital, huangpu));
        eastHospitals.Add(Add("hos-e:2", "440112-H02", "黄埔区人民医院", OrgKind.Hospital, huangpu));

        string[] socialOrgs = ["黄埔区慈善会", "黄埔区志愿者联合会", "黄埔区青年企业家协会"];
        for (var i = 0; i < socialOrgs.Length; i++)
        {
            eastSocialOrgs.Add(Add($"social-e:{i + 1}", s.CreditCodeIn(EastCode, "51"), socialOrgs[i], OrgKind.SocialOrganization, huangpu));
        }

        Enterprise(XingsenKey, "广州兴森快捷电路科技有限公司", huangpu, EastCode);
        string[] buyers = ["黄埔区总工会", "黄埔区机关事务管理局食堂", "广州开发区国企联合采购中心", "黄埔区黔货出山专馆", "广州黄埔消费帮扶专柜联盟"];
        for (var i = 0; i < buyers.Length; i++)
        {
            eastBuyers.Add(Add($"buyer-e:{i + 1}", $"440112-B{i + 1:00}", buyers[i], OrgKind.Agency, huangpu));
        }

        eastBuyers.Add(Org(XingsenKey));
    }

    private void BuildWestPlaces(Organization dushan)
    {
        for (var t = 0; t < Towns.Length; t++)
        {
            var townCode = $"{WestCode}{100 + t:000}000";
            var town = Add($"town:{t}", townCode, Towns[t], OrgKind.Town, dushan);
            for (var v = 0; v < 8; v++)
            {
                var name = VillageSyllables[(t * 7 + v * 3) % VillageSyllables.Length] + VillageSyllables[(t * 3 + v * 5 + 1) % VillageSyllables.Length]
                    + VillageSuffixes[(t + v) % VillageSuffixes.Length];
                villages.Add(Add($"village:{t}:{v}", $"{townCode[..9]}{200 + v:000}", name, OrgKind.Village, town));
            }
        }

        var jingcheng = Org("town:0");
        relocationSites.Add(Add(ZhijiashanKey, $"{WestCode}100101", "郅家山社区", OrgKind.RelocationSite, jingcheng, new DateOnly(2019, 6, 1)));
        relocationSites.Add(Add("site:百泉", $"{WestCode}101101", "百泉易地搬迁安置点", OrgKind.RelocationSite, Org("town:1"), new DateOnly(2019, 9, 1)));
        relocationSites.Add(Add("site:麻尾", $"{WestCode}103101", "麻尾易地搬迁安置点", OrgKind.RelocationSite, Org("town:3"), new DateOnly(2019, 10, 1)));
        relocationSites.Add(Add("site:基长", $"{WestCode}102101", "基长易地搬迁安置点", OrgKind.RelocationSite, Org("town:2"), new DateOnly(2020, 3, 1)));
        var wangcheng = Add("community:望城", $"{WestCode}100102", "望城社区", OrgKind.Community, jingcheng);

        Add(ZhijiashanWorkshopKey, $"{WestCode}-W01", "郅家山社区广帮就业帮扶车间", OrgKind.Workshop, Org(ZhijiashanKey), new DateOnly(2021, 9, 1));
        Add(WangchengWorkshopKey, $"{WestCode}-W02", "望城社区兴森就业帮扶车间", OrgKind.Workshop, wangcheng, new DateOnly(2022, 3, 1));
        string[] workshopTrades = ["服装加工", "电子组装", "竹编", "刺梨分拣", "食用菌包装", "手工刺绣", "鞋帽加工", "箱包加工"];
        for (var i = 0; i < workshopTrades.Length; i++)
        {
            var site = relocationSites[1 + i % 3];
            otherWorkshops.Add(Add($"workshop:{i + 3}", $"{WestCode}-W{i + 3:00}", $"{site.Name[..2]}{workshopTrades[i]}就业帮扶车间", OrgKind.Workshop, site, new DateOnly(2021 + i % 4, 4, 1)));
        }
    }

    private void BuildWestUnits(Organization dushan)
    {
        string[] westSchoolNames = ["独山县第一小学", "独山县第二小学", "独山县第三小学", "独山县第四小学", "独山县第五小学", "独山县第六小学",
            "独山县第一中学", "独山县第二中学", "独山县第三中学", "独山县第四中学", "独山县民族中学", "独山县职业技术学校", "郅家山社区幼儿园"];
        string[] townSchoolKinds = ["中心小学", "中学", "第二小学", "第三小学"];
        for (var i = 0; i < 39; i++)
        {
            var k = i - westSchoolNames.Length;
            var name = k < 0 ? westSchoolNames[i] : Towns[k % Towns.Length] + townSchoolKinds[k / Towns.Length];
            var parent = name == "郅家山社区幼儿园" ? Org(ZhijiashanKey) : dushan;
            westSchools.Add(Add($"school-w:{i + 1}", $"522726-S{i + 1:00}", name, OrgKind.School, parent));
        }

        westHospitals.Add(Add(CountyHospitalKey, "522726-H01", "独山县人民医院", OrgKind.Hospital, dushan));
        westHospitals.Add(Add("hos-w:2", "522726-H02", "独山县中医医院", OrgKind.Hospital, dushan));
        westHospitals.Add(Add("hos-w:3", "522726-H03", "独山县妇幼保健院", OrgKind.Hospital, dushan));

        Add(LaborStationKey, "522726-L01", "独山县驻广州黄埔劳务协作工作站", OrgKind.LaborStation, dushan, new DateOnly(2021, 3, 1));
        var bearingPark = Add(BearingParkKey, "522726-P01", "独山县轴承产业园", OrgKind.IndustrialPark, dushan, new DateOnly(2016, 5, 1));
        var agriPark = Add(AgriParkKey, "522726-P02", "黄埔—独山现代农业产业园", OrgKind.IndustrialPark, Org("town:1"), new DateOnly(2022, 4, 18));
        agriPark.CoBuiltBy = Org(EastCode);
        Add(BearingTestCentreKey, "522726-P01-01", "独山县轴承产业园检测中心", OrgKind.Agency, bearingPark, new DateOnly(2023, 9, 1));
        Add(BearingTrainingBaseKey, "522726-P01-02", "独山县轴承产业实训基地", OrgKind.LaborStation, bearingPark, new DateOnly(2024, 8, 1));
        Enterprise(YuanchengKey, "贵州元诚实业有限公司", bearingPark, WestCode);
        Enterprise(FengdaKey, "贵州丰达轴承有限公司", bearingPark, WestCode);
        // The park's other enterprises ("20-odd" in all with the two above and the guided bearing-parts plant).
        string[] bearingFirms = ["贵州黔轴精密", "独山恒力轴承", "独山华滚机械", "贵州宏达保持架", "独山鑫钢锻造", "贵州远航密封件", "独山创新磨具", "贵州联众轴承",
            "独山精锐热处理", "贵州永固机电", "独山利达滚子", "贵州智联传动", "独山盛世钢球", "贵州金轮机械", "独山顺达物流装备", "贵州南方轴承", "独山博远检测设备", "独山佳美包装"];
        foreach (var (firm, i) in bearingFirms.Select((f, i) => (f, i)))
        {
            Enterprise($"bearing:{i + 1}", firm + "有限公司", bearingPark, WestCode);
        }
        Add(TungOilInstituteKey, "522726-R01", "独山县油桐产业研究院", OrgKind.Agency, dushan, new DateOnly(2022, 7, 1));

        string[] suppliers = ["独山县刺梨食品有限公司", "独山县高寨茶业有限公司", "独山县黔菌农业发展有限公司", "独山县生态生猪养殖专业合作社",
            "独山县桐乡油脂有限公司", "独山县盐酸菜食品厂", "独山县百泉农特产品合作社", "独山县麻尾腊味加工厂"];
        foreach (var (name, i) in suppliers.Select((n, i) => (n, i)))
        {
            westSuppliers.Add(Enterprise($"supplier:{i + 1}", name, villages[i * 7 % villages.Count], WestCode));
        }
    }
}
