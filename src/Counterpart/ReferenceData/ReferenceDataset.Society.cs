using Counterpart.Agreements;
using Counterpart.Donations;
using Counterpart.Evaluation;
using Counterpart.Honors;
using Counterpart.Inspections;
using Counterpart.NeedsOffers;
using Counterpart.Organizations;

namespace Counterpart.ReferenceData;

public sealed partial class ReferenceDataset
{
    internal const decimal DonationsYuan = 15_998_800m;
    internal const decimal XingsenDonationsYuan = 5_111_500m;

    /// <summary>1,599.88万 in all, of which 兴森快捷 gave 511.15万 in five donations.</summary>
    private void BuildDonations()
    {
        var xingsen = Org(XingsenKey);
        decimal[] xingsenGifts = [1_200_000m, 1_500_000m, 900_000m, 811_500m, 700_000m];
        for (var y = 0; y < xingsenGifts.Length; y++)
        {
            rows.Add(new Donation
            {
                EastOrg = xingsen, WestOrg = y == 1 ? Org(WangchengWorkshopKey) : West, Kind = y == 3 ? DonationKind.Goods : DonationKind.Money,
                Date = s.DateIn(2021 + y, 4, 11), Amount = xingsenGifts[y], Purpose = y == 1 ? "援建望城社区就业帮扶车间" : "助学助困", Owner = East,
                ReceiptNo = $"JZ{2021 + y}-{y + 1:D4}",
            });
        }

        var donors = eastSocialOrgs.Concat(eastBuyers.Where(b => b != xingsen)).Concat(eastSchools.Take(5)).ToList();
        var parts = s.Split(DonationsYuan - xingsenGifts.Sum(), 42, 100m, 1.2);
        for (var i = 0; i < parts.Length; i++)
        {
            rows.Add(new Donation
            {
                EastOrg = donors[i % donors.Count], WestOrg = i % 3 == 0 ? s.Pick(westSchools) : s.Pick(villages), Kind = i % 4 == 0 ? DonationKind.Goods : DonationKind.Money,
                Date = s.DateIn(2021 + i % 5), Amount = parts[i], Purpose = s.Pick(["助学", "助老", "乡村建设", "防疫物资", "冬衣被褥"]), Owner = East,
                ReceiptNo = $"JZ{2021 + i % 5}-{i + 101:D4}",
            });
        }
    }

    private void BuildHonorsAndCases()
    {
        var zhijiashan = Org(ZhijiashanKey);
        Honor("全国妇联2022年度妇女工作改革创新案例（家庭教育项目）", "全国妇联", HonorLevel.National, 2022, zhijiashan);
        Honor("贵州省“产业+东西部协作”示范点", "贵州省", HonorLevel.Provincial, 2023, zhijiashan);
        Honor("全国示范性老年友好型社区", "全国老龄工作委员会", HonorLevel.National, 2023, zhijiashan);
        Honor("贵州省民族团结进步模范集体", "贵州省", HonorLevel.Provincial, 2024, zhijiashan);
        Honor("贵州省优秀就业帮扶车间", "贵州省人力资源和社会保障厅", HonorLevel.Provincial, 2023, Org(WangchengWorkshopKey));
        Honor("三级综合医院", "贵州省卫生健康委员会", HonorLevel.Provincial, 2024, Org(CountyHospitalKey));
        Honor("贵州省卫生健康委科研项目立项（肿瘤介入科）", "贵州省卫生健康委员会", HonorLevel.Provincial, 2024, Org(CountyHospitalKey));

        rows.Add(new CaseStory
        {
            Title = "安置社区里的“家门口”就业", Date = new DateOnly(2024, 6, 18), Subject = zhijiashan, Owner = West,
            Summary = "社区车间承接东部订单，搬迁群众在楼下上班、按时接送孩子，车间与幼儿园、广场一起构成安置社区的日常。",
        });
        rows.Add(new CaseStory
        {
            Title = "一间检测中心带动一个轴承园区", Date = new DateOnly(2024, 11, 5), Subject = Org(BearingTestCentreKey), Owner = West,
            Summary = "园区企业过去把样品送往外省检测，检测中心建成后就近完成十余项检测，企业质检周期明显缩短。",
        });
        rows.Add(new CaseStory
        {
            Title = "名班主任工作室的五年", Date = new DateOnly(2025, 9, 10), Subject = Org(StudioKey), Owner = East,
            Summary = "工作室每年多次到县里开展公益培训，线上线下结合，县内班主任普遍参加过至少一次研修。",
        });
    }

    private void Honor(string title, string by, HonorLevel level, int year, Organization recipient) =>
        rows.Add(new Honor { Title = title, AwardedBy = by, Level = level, Year = year, Recipient = recipient, Owner = West });

    private void BuildNeedsAndOffers()
    {
        (string Need, string Offer, string Area)[] pairs =
        [
            ("轴承企业缺少就近检测能力", "协助建设园区检测中心并引入检测标准", "产业"),
            ("安置社区就业岗位不足", "引导东部企业在社区设立帮扶车间", "就业"),
            ("班主任专业培训资源不足", "名班主任工作室常态化送培", "教育"),
            ("县医院肿瘤介入技术薄弱", "结对医院派专家驻点带教", "医疗"),
            ("油桐良种繁育技术缺乏", "对接科研力量共建研究院", "产业"),
        ];
        foreach (var (need, offer, area) in pairs)
        {
            var n = new Need { Title = need, Area = area, Year = 2022, WestOrg = West, Status = MatchStatus.Matched, Owner = West };
            rows.Add(n);
            rows.Add(new Offer { Title = offer, Area = area, Year = 2022, EastOrg = East, Status = MatchStatus.Matched, MatchedNeed = n, Owner = East });
        }

        rows.Add(new Need { Title = "冷链物流短板", Area = "消费帮扶", Year = 2025, WestOrg = West, Status = MatchStatus.Open, Owner = West });
    }

    /// <summary>
    /// Agreements with targets each year; a completed national evaluation each year with no findings (零问题反馈);
    /// a provincial spot check and a site inspection whose findings were rectified — which the national figure does not count.
    /// </summary>
    private void BuildEvaluation(Checklist checklist)
    {
        for (var year = 2021; year <= 2025; year++)
        {
            var agreement = new Agreement { Pairing = districtPairing, Year = year, Title = $"{year}年度黄埔区—独山县东西部协作协议", SignedOn = new DateOnly(year, 3, 15), Owner = West };
            agreement.Targets.Add(new AgreementTarget { IndicatorCode = "fiscal_aid", Target = 4_000m });
            agreement.Targets.Add(new AgreementTarget { IndicatorCode = "labor_transferred", Target = 4_000m });
            agreement.Targets.Add(new AgreementTarget { IndicatorCode = "consumption_sales", Target = 25_000m + (year - 2021) * 5_000m });
            agreement.Targets.Add(new AgreementTarget { IndicatorCode = "enterprises_landed", Target = 2m });
            rows.Add(agreement);

            rows.Add(new EvaluationRound
            {
                Pairing = districtPairing, Year = year, Level = EvaluationLevel.National, Name = $"{year}年度东西部协作国家考核评价",
                ConductedOn = new DateOnly(year + 1, 3, 20), Completed = true, Grade = Grade.Good, Owner = West,
            });
        }

        var provincial = new EvaluationRound
        {
            Pairing = districtPairing, Year = 2022, Level = EvaluationLevel.Provincial, Name = "2022年度省级交叉检查", ConductedOn = new DateOnly(2022, 11, 8),
            Completed = true, Grade = Grade.Good, Owner = West,
        };
        rows.Add(provincial);
        var finding = new Finding { EvaluationRound = provincial, Area = "资金使用", Description = "个别项目资金支付进度慢于计划", Date = provincial.ConductedOn, Concerns = West, Owner = West };
        rows.Add(finding);
        rows.Add(new RectificationTask { Finding = finding, Measure = "建立项目资金支付月调度制度", Deadline = new DateOnly(2023, 1, 31), Status = RectificationStatus.Done, CompletedOn = new DateOnly(2023, 1, 12), Evidence = "调度台账及支付凭证", Owner = West });

        var workshops = new[] { Org(ZhijiashanWorkshopKey), Org(WangchengWorkshopKey) }.Concat(otherWorkshops.Take(4)).ToList();
        for (var i = 0; i < workshops.Count; i++)
        {
            var inspection = new Inspection { Site = workshops[i], Checklist = checklist, Date = s.DateIn(2024 + i % 2, 3, 10), Inspector = "县协作办安全检查组", Owner = West };
            foreach (var item in checklist.Items)
            {
                var failed = i == 2 && item.Number == 6;
                inspection.Results.Add(new InspectionResult { Item = item, Passed = !failed, Note = failed ? "一个插线板同时接了多台设备" : null });
            }

            inspection.Summary = i == 2 ? "发现一处一闸多用，已要求整改" : "各项均符合要求";
            rows.Add(inspection);
            if (i == 2)
            {
                var f = new Finding { Inspection = inspection, Area = "安全生产", Description = "电源开关一闸多用", Date = inspection.Date, Concerns = workshops[i], Owner = West };
                rows.Add(f);
                rows.Add(new RectificationTask { Finding = f, Measure = "加装独立开关，每台设备单独控制", Deadline = inspection.Date.AddDays(15), Status = RectificationStatus.Done, CompletedOn = inspection.Date.AddDays(6), Owner = West });
            }
        }
    }
}
