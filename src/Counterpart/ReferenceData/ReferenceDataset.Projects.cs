using Counterpart.Organizations;
using Counterpart.Pairings;
using Counterpart.Projects;

namespace Counterpart.ReferenceData;

public sealed partial class ReferenceDataset
{
    // The report's totals, in 元. Printed as the report prints them: 2.05亿, 9,039.5万.
    internal const decimal FiscalAidYuan = 205_123_000m;
    internal const decimal RelocationSupportYuan = 90_395_000m;
    internal const int CountedProjects = 117;

    private Pairing districtPairing = null!;
    private int projectSeq;

    private void BuildPairings()
    {
        districtPairing = Pairing(PairingKind.DistrictCounty, East, West, new DateOnly(2021, 1, 1), null);
        // 26 eastern schools with 39 western ones: the first 13 eastern schools take two partners each.
        for (var i = 0; i < westSchools.Count; i++)
        {
            Pairing(PairingKind.SchoolSchool, eastSchools[i < 26 ? i : i - 26], westSchools[i], s.DateIn(2021 + i % 3, 3, 10), districtPairing);
        }

        Pairing(PairingKind.HospitalHospital, eastHospitals[0], westHospitals[0], new DateOnly(2021, 4, 1), districtPairing);
        Pairing(PairingKind.HospitalHospital, eastHospitals[0], westHospitals[1], new DateOnly(2021, 4, 1), districtPairing);
        Pairing(PairingKind.HospitalHospital, eastHospitals[1], westHospitals[2], new DateOnly(2022, 5, 1), districtPairing);
        for (var i = 0; i < 5; i++)
        {
            Pairing(PairingKind.AgencyVillage, eastAgencies[i % 4], villages[i * 11 % villages.Count], new DateOnly(2021, 6, 1), districtPairing);
        }

        for (var i = 0; i < 3; i++)
        {
            Pairing(PairingKind.SocialOrgVillage, eastSocialOrgs[i], villages[(i * 13 + 5) % villages.Count], new DateOnly(2022, 3, 1), districtPairing);
        }

        for (var i = 0; i < 6; i++)
        {
            // 万企兴万村: eastern enterprises with villages (recorded; no figure of the report counts them).
            Pairing(PairingKind.EnterpriseVillage, i == 0 ? Org(XingsenKey) : eastBuyers[i - 1], villages[(i * 9 + 2) % villages.Count], new DateOnly(2022, 6, 1), districtPairing);
        }
    }

    private Pairing Pairing(PairingKind kind, Organization east, Organization west, DateOnly start, Pairing? parent)
    {
        var p = new Pairing { Kind = kind, EastOrg = east, WestOrg = west, StartDate = start, ParentPairing = parent, Owner = West };
        rows.Add(p);
        return p;
    }

    private void BuildProjects()
    {
        var zhijiashan = Org(ZhijiashanKey);
        var bearingPark = Org(BearingParkKey);
        var counted = 0;
        decimal relocation = 0, total = 0;

        Project Named(int year, string name, ProjectCategory category, Organization where, decimal yuan, Organization? beneficiary = null)
        {
            var project = Project(year, name, category, where, yuan, beneficiary);
            counted++;
            total += yuan;
            relocation += category == ProjectCategory.RelocationFollowUp ? yuan : 0;
            return project;
        }

        // 郅家山社区: 1,493万 over five years ("安居+乐业+善治").
        Named(2021, "郅家山社区同心广场建设项目", ProjectCategory.RelocationFollowUp, zhijiashan, 4_200_000m);
        Named(2021, "郅家山社区广帮就业帮扶车间建设项目", ProjectCategory.RelocationFollowUp, Org(ZhijiashanWorkshopKey), 3_800_000m);
        Named(2022, "郅家山社区智能安防管控系统项目", ProjectCategory.RelocationFollowUp, zhijiashan, 2_100_000m);
        Named(2022, "郅家山社区妇女儿童家庭教育项目", ProjectCategory.RelocationFollowUp, zhijiashan, 950_000m);
        Named(2023, "郅家山社区幼儿园改扩建项目", ProjectCategory.RelocationFollowUp, westSchools.Single(w => w.Name == "郅家山社区幼儿园"), 2_480_000m);
        Named(2024, "郅家山社区就业帮扶车间扩能项目", ProjectCategory.RelocationFollowUp, Org(ZhijiashanWorkshopKey), 1_400_000m);

        Named(2022, "贵州元诚实业有限公司设备更新项目", ProjectCategory.Industry, bearingPark, 4_900_000m, Org(YuanchengKey));
        Named(2023, "贵州丰达轴承有限公司生产线升级项目", ProjectCategory.Industry, bearingPark, 3_800_000m, Org(FengdaKey))
            .Outcomes.Add(new ProjectOutcome { Name = "企业年产值", Unit = "万元", Baseline = 1_000m, Target = 2_000m, Actual = 1_900m, Year = 2023 });
        Named(2024, "贵州丰达轴承有限公司精密磨削设备项目", ProjectCategory.Industry, bearingPark, 4_200_000m, Org(FengdaKey))
            .Outcomes.Add(new ProjectOutcome { Name = "企业年产值", Unit = "万元", Baseline = 1_900m, Target = 2_600m, Actual = 2_650m, Year = 2024 });
        Named(2025, "贵州丰达轴承有限公司智能化改造项目", ProjectCategory.Industry, bearingPark, 3_600_000m, Org(FengdaKey))
            .Outcomes.Add(new ProjectOutcome { Name = "企业年产值", Unit = "万元", Baseline = 2_650m, Target = 3_000m, Actual = 3_080m, Year = 2025 });
        var testCentre = Named(2023, "独山县轴承产业园检测中心建设项目", ProjectCategory.Industry, Org(BearingTestCentreKey), 6_500_000m);
        testCentre.Outcomes.Add(new ProjectOutcome { Name = "可提供检测项目", Unit = "项", Target = 10m, Actual = 12m, Year = 2023 });
        testCentre.Outcomes.Add(new ProjectOutcome { Name = "服务园区企业", Unit = "家", Target = 15m, Actual = 22m, Year = 2025 });
        Named(2024, "独山县轴承产业实训基地建设项目", ProjectCategory.Employment, Org(BearingTrainingBaseKey), 3_000_000m)
            .Outcomes.Add(new ProjectOutcome { Name = "年培训学员", Unit = "人次", Target = 500m, Actual = 569m, Year = 2025 });
        var tungOil = Named(2022, "独山县油桐产业研究院建设项目", ProjectCategory.Industry, Org(TungOilInstituteKey), 2_300_000m);
        tungOil.Outcomes.Add(new ProjectOutcome { Name = "年培育优质苗木", Unit = "万株", Baseline = 80m, Target = 150m, Actual = 200m, Year = 2025 });
        tungOil.Outcomes.Add(new ProjectOutcome { Name = "带动油桐产业产值", Unit = "万元", Target = 3_000m, Actual = 3_150m, Year = 2025 });
        tungOil.Outcomes.Add(new ProjectOutcome { Name = "直接带动群众就业增收", Unit = "人", Target = 3_000m, Actual = 3_260m, Year = 2025 });
        Named(2023, "独山县第五小学心理健康支持中心项目", ProjectCategory.Education, westSchools.Single(w => w.Name == "独山县第五小学"), 600_000m);
        Named(2023, "独山县第三中学心理健康支持中心项目", ProjectCategory.Education, westSchools.Single(w => w.Name == "独山县第三中学"), 650_000m);
        Named(2022, "独山县人民医院肿瘤介入科能力提升项目", ProjectCategory.Medical, Org(CountyHospitalKey), 1_500_000m);

        // The other relocation sites share the rest of the relocation support.
        const int otherRelocation = 20;
        var relocationParts = s.Split(RelocationSupportYuan - relocation, otherRelocation, 1000m);
        for (var i = 0; i < otherRelocation; i++)
        {
            var site = relocationSites[1 + i % 3];
            Named(2021 + i % 5, $"{site.Name}后续扶持项目（{i / 3 + 1}）", ProjectCategory.RelocationFollowUp, site, relocationParts[i]);
        }

        // Everything else: industry, employment, infrastructure and public services in the villages.
        var remaining = CountedProjects - counted;
        var parts = s.Split(FiscalAidYuan - total, remaining, 1000m);
        ProjectCategory[] categories = [ProjectCategory.Industry, ProjectCategory.Infrastructure, ProjectCategory.PublicService, ProjectCategory.Employment, ProjectCategory.Education, ProjectCategory.Medical];
        string[] themes = ["产业路", "冷链仓储", "人居环境整治", "产业基地", "饮水安全巩固", "村级卫生室", "技能培训", "农特产品加工"];
        for (var i = 0; i < remaining; i++)
        {
            var village = villages[(i * 5 + 3) % villages.Count];
            Named(2021 + i % 5, $"{village.Name}{themes[i % themes.Length]}项目", categories[i % categories.Length], village, parts[i]);
        }

        // Not counted: a project of 2020 (before the period) and reserve projects without funds.
        Project(2020, "独山县2020年东西部协作产业项目", ProjectCategory.Industry, villages[1], 1_200_000m, null);
        for (var i = 0; i < 3; i++)
        {
            rows.Add(new Project
            {
                Code = $"DS-2026-R{i + 1:00}", Year = 2026, Name = $"{villages[i + 20].Name}储备项目", Category = ProjectCategory.Industry,
                Status = ProjectStatus.Reserve, WestOrg = villages[i + 20], EastOrg = East, Owner = West,
            });
        }
    }

    private Project Project(int year, string name, ProjectCategory category, Organization where, decimal cooperationYuan, Organization? beneficiary)
    {
        projectSeq++;
        var approved = s.DateIn(year, 2, 5);
        var status = year switch { <= 2023 => ProjectStatus.Accepted, 2024 => ProjectStatus.Completed, _ => ProjectStatus.Implementing };
        var p = new Project
        {
            Code = $"DS-{year}-{projectSeq:000}", Year = year, Name = name, Category = category, Status = status,
            WestOrg = where, EastOrg = East, BeneficiaryOrg = beneficiary, Owner = West,
            ApprovedOn = approved, StartedOn = approved.AddDays(s.Between(20, 60)),
            CompletedOn = status >= ProjectStatus.Completed ? new DateOnly(year, 12, s.Between(1, 28)) : null,
            AcceptedOn = status == ProjectStatus.Accepted ? new DateOnly(year + 1, s.Between(1, 4), s.Between(1, 28)) : null,
            BenefitHouseholds = s.Between(20, 400), BenefitMechanism = s.Pick(["就业带动", "分红", "土地流转", "订单收购", "资产收益"]),
            AssetOwner = where.Kind == OrgKind.Village ? $"{where.Name}集体经济组织" : where.Name,
        };
        p.BenefitPersons = p.BenefitHouseholds * s.Between(2, 4);
        p.BenefitPersonsLifted = p.BenefitPersons * s.Between(40, 80) / 100;

        // Allocation, then disbursement in one or two tranches (the second may fall early next year), then payment.
        p.Funds.Add(new ProjectFund { Source = FundSource.Cooperation, Stage = FundStage.Allocation, Date = approved, Amount = cooperationYuan });
        // Projects before the period get one instalment, so none of their money can fall into it.
        var split = s.Between(0, 2) == 0 && cooperationYuan >= 200_000m && year >= 2021;
        var first = split ? Math.Round(cooperationYuan * 0.6m, 0) : cooperationYuan;
        var firstDate = approved.AddDays(s.Between(15, 90));
        p.Funds.Add(new ProjectFund { Source = FundSource.Cooperation, Stage = FundStage.Disbursement, Date = firstDate, Amount = first });
        if (split)
        {
            var secondDate = year < 2025 && s.Between(0, 3) == 0 ? new DateOnly(year + 1, s.Between(1, 3), s.Between(1, 28)) : new DateOnly(year, s.Between(10, 12), s.Between(1, 28));
            p.Funds.Add(new ProjectFund { Source = FundSource.Cooperation, Stage = FundStage.Disbursement, Date = secondDate, Amount = cooperationYuan - first });
        }

        var paidShare = status == ProjectStatus.Implementing ? 0.6m : 1m;
        p.Funds.Add(new ProjectFund { Source = FundSource.Cooperation, Stage = FundStage.Payment, Date = firstDate.AddDays(s.Between(30, 120)), Amount = Math.Round(cooperationYuan * paidShare, 2) });
        if (s.Between(0, 3) == 0)
        {
            var integrated = Math.Round(cooperationYuan * s.Between(10, 50) / 100m / 1000m) * 1000m;
            p.Funds.Add(new ProjectFund { Source = FundSource.Integrated, Stage = FundStage.Allocation, Date = approved, Amount = integrated });
            p.Funds.Add(new ProjectFund { Source = FundSource.Integrated, Stage = FundStage.Disbursement, Date = firstDate, Amount = integrated });
        }

        rows.Add(p);
        return p;
    }
}
