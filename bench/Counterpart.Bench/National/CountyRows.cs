using Counterpart.Consumption;
using Counterpart.Donations;
using Counterpart.Investment;
using Counterpart.Labor;
using Counterpart.Organizations;
using Counterpart.People;
using Counterpart.Projects;
using Counterpart.ReferenceData;
using Counterpart.Talent;
using Counterpart.Trainings;

namespace Counterpart.Bench.National;

/// <summary>
/// The ledger rows of one western county for 2021–2025, built from a generator seeded by the county alone (so counties
/// can be built on any thread, in any order, with the same result). Rows refer to organizations by id; rows that
/// refer to other new rows (jobs → persons, funds → projects …) keep the index of their parent until it is inserted.
/// Personal data is protected afterwards by <see cref="Protect"/>, in parallel.
/// </summary>
internal sealed class CountyRows
{
    private static readonly DateOnly DataEnd = new(2025, 12, 31);
    private static readonly DateOnly LastJobStart = new(2025, 10, 31);
    private static readonly string[] OtherEastPlaces = ["440106", "440113", "441900", "440300", "330102", "320506", "310115", "350203"];
    private static readonly string[] ElsewherePlaces = ["330102", "350203", "320506", "310115", "500112", "420102", "430102"];

    public required CountyPlan Plan { get; init; }

    /// <summary>Persons with their plain ID and phone numbers until <see cref="Protect"/> replaces them by hash, cipher and mask.</summary>
    public List<Person> Persons { get; } = [];
    internal List<(string Id, string Phone)> PersonalData { get; } = [];
    public List<(Employment Job, int Person)> Jobs { get; } = [];
    public List<Project> Projects { get; } = [];
    public List<(ProjectFund Fund, int Project)> Funds { get; } = [];
    public List<Sale> Sales { get; } = [];
    public List<Donation> Donations { get; } = [];
    public List<TrainingSession> Trainings { get; } = [];
    public List<TalentPerson> TalentPersons { get; } = [];
    internal List<string?> TalentIds { get; } = [];
    public List<(TalentAssignment Assignment, int Person)> Assignments { get; } = [];
    public List<GuidedInvestment> Investments { get; } = [];
    public List<(InvestmentInflow Inflow, int Investment)> Inflows { get; } = [];

    public static CountyRows Build(CountyPlan plan, NationalVolumes volumes, int seed)
    {
        var rows = new CountyRows { Plan = plan };
        var s = new Synthetic(NationalGeography.Mix(seed, 3, plan.Index));
        rows.BuildLabor(s, volumes);
        rows.BuildProjects(s, volumes);
        rows.BuildSales(s, volumes);
        rows.BuildDonations(s, volumes);
        rows.BuildTrainings(s, volumes);
        rows.BuildTalent(s, volumes);
        rows.BuildInvestment(s, volumes);
        return rows;
    }

    /// <summary>Hashes and encrypts the ID and phone numbers exactly as the import does (<see cref="PersonalDataProtector"/>), on every core.</summary>
    public void Protect(PersonalDataProtector protector)
    {
        Parallel.For(0, Persons.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            var (id, phone) = PersonalData[i];
            Persons[i].IdNumber = protector.ProtectId(id);
            Persons[i].PhoneCipher = protector.Encrypt(phone);
        });
        for (var i = 0; i < TalentPersons.Count; i++)
        {
            if (TalentIds[i] is { } id)
            {
                TalentPersons[i].IdNumber = protector.ProtectId(id);
            }
        }
    }

    public int RowCount => Persons.Count + Jobs.Count + Projects.Count + Funds.Count + Sales.Count + Donations.Count + Trainings.Count + TalentPersons.Count
        + Assignments.Count + Investments.Count + Inflows.Count;

    private long CountyId => Plan.County.Id;

    private long DistrictId => Plan.District.District.Id;

    private void BuildLabor(Synthetic s, NationalVolumes v)
    {
        var persons = v.Share(NationalVolumes.NationalPersons, Plan.Index);
        var jobs = v.Share(NationalVolumes.NationalJobs, Plan.Index);
        var seconds = jobs / 10;
        var firsts = Math.Min(jobs - seconds, persons);
        seconds = Math.Min(jobs - firsts, firsts);
        for (var i = 0; i < persons; i++)
        {
            var home = s.Rng.Next(10) == 0 ? s.Pick(Plan.RelocationSites) : s.Pick(Plan.Villages);
            var r = s.Rng.Next(100);
            var household = r < 55 ? HouseholdType.Lifted : r < 63 ? HouseholdType.Monitored : HouseholdType.General;
            var (id, birth, gender) = s.ResidentIdFor(Plan.County.Code, 1961, 2006);
            var phone = "1" + s.Pick(["38", "39", "58", "82", "87", "98", "36", "51"]) + Synthetic.Number(s.Between(0, 99_999_999), 8);
            Persons.Add(new Person
            {
                Name = s.PersonName(), IdNumber = null!, Gender = gender, BirthDate = birth, HouseholdType = household, HomeOrgId = home.Id,
                OwnerOrgId = CountyId, RegisteredOn = s.DateIn(s.Between(2019, 2025)),
            });
            PersonalData.Add((id, phone));
        }

        var homes = new long[persons];
        for (var i = 0; i < persons; i++)
        {
            homes[i] = Persons[i].HomeOrgId;
        }

        for (var p = 0; p < firsts; p++)
        {
            var r = s.Rng.Next(100);
            var destination = r < 35 ? EmploymentDestination.ToEast : r < 62 ? EmploymentDestination.InProvince : r < 80 ? EmploymentDestination.Elsewhere
                : r < 92 ? EmploymentDestination.LocalWorkshop : EmploymentDestination.PublicWelfarePost;
            Organization? employer = destination switch
            {
                EmploymentDestination.LocalWorkshop => s.Pick(Plan.Workshops),
                EmploymentDestination.InProvince when s.Rng.Next(4) == 0 => s.Pick(Plan.LocalEntities),
                _ => null,
            };
            var year = s.Rng.Next(100) < 3 ? 2020 : s.Between(2021, 2025);
            var earliest = new DateOnly(year, 1, 1);
            if (employer?.EstablishedOn is { } established && established > earliest)
            {
                earliest = established;
            }

            var latest = year == 2025 ? LastJobStart : new DateOnly(year, 12, 31);
            var start = earliest > latest ? latest : Between(s, earliest, latest);
            var roll = s.Rng.Next(100);
            DateOnly? end = roll < 55 ? null : roll < 61 ? start.AddDays(s.Between(20, 80)) : start.AddMonths(s.Between(4, 30));
            if (end > DataEnd)
            {
                end = null;
            }

            AddJob(s, p, homes[p], destination, employer, start, end);
        }

        // A later second job for some persons: still one person in every figure.
        for (var p = 0; p < seconds; p++)
        {
            var first = Jobs[p].Job;
            var firstEnd = first.StartDate.AddMonths(s.Between(5, 12));
            var next = firstEnd.AddDays(s.Between(15, 60));
            if (next > LastJobStart)
            {
                next = LastJobStart;
            }

            if (first.EndDate is null || first.EndDate > firstEnd)
            {
                first.EndDate = firstEnd < next ? firstEnd : next.AddDays(-1);
            }

            var destination = s.Pick([EmploymentDestination.ToEast, EmploymentDestination.InProvince, EmploymentDestination.Elsewhere]);
            AddJob(s, p, homes[p], destination, null, next, s.Rng.Next(3) == 0 ? null : next.AddMonths(s.Between(4, 20)) is var e && e <= DataEnd ? e : null);
        }

        foreach (var (job, p) in Jobs)
        {
            if (job.StartDate < Persons[p].RegisteredOn)
            {
                Persons[p].RegisteredOn = job.StartDate;
            }
        }
    }

    private void AddJob(Synthetic s, int person, long home, EmploymentDestination destination, Organization? employer, DateOnly start, DateOnly? end)
    {
        var local = destination is EmploymentDestination.LocalWorkshop or EmploymentDestination.PublicWelfarePost || employer is not null;
        var organized = destination == EmploymentDestination.ToEast && s.Rng.Next(3) > 0;
        Jobs.Add((new Employment
        {
            Destination = destination, EmployerOrgId = employer?.Id, EastOrgId = DistrictId, OwnerOrgId = CountyId, WestOrgId = employer?.Id ?? home,
            EmployerName = employer?.Name ?? destination switch
            {
                EmploymentDestination.PublicWelfarePost => "村公益性岗位",
                EmploymentDestination.ToEast => s.Pick(["某电子厂", "某制衣厂", "某物流公司", "某餐饮公司", "某制造企业"]),
                _ => s.Pick(["某建筑公司", "某物业公司", "某电商企业", "某食品厂", "某酒店"]),
            },
            WorkPlaceCode = local ? Plan.County.Code : destination switch
            {
                EmploymentDestination.ToEast => s.Rng.Next(2) == 0 ? Plan.District.District.Code : s.Pick(OtherEastPlaces),
                EmploymentDestination.InProvince => Plan.Province.Code[..2] + "0102",
                _ => s.Pick(ElsewherePlaces),
            },
            StartDate = start, EndDate = end, MonthlyIncome = s.Between(22, 80) * 100m, Organized = organized,
            LaborStationOrgId = organized ? Plan.LaborStation.Id : null,
        }, person));
    }

    private void BuildProjects(Synthetic s, NationalVolumes v)
    {
        var count = v.Share(NationalVolumes.NationalProjects, Plan.Index);
        for (var k = 0; k < count; k++)
        {
            var year = 2021 + (k % 5);
            var r = s.Rng.Next(100);
            var category = r < 30 ? ProjectCategory.Industry : r < 40 ? ProjectCategory.Employment : r < 58 ? ProjectCategory.Infrastructure
                : r < 70 ? ProjectCategory.PublicService : r < 80 ? ProjectCategory.RelocationFollowUp : r < 88 ? ProjectCategory.Education
                : r < 94 ? ProjectCategory.Medical : ProjectCategory.Other;
            var reserve = s.Rng.Next(100) < 5;
            var where = category switch
            {
                ProjectCategory.RelocationFollowUp => s.Pick(Plan.RelocationSites),
                ProjectCategory.Industry when s.Rng.Next(3) == 0 => Plan.Park,
                _ => s.Pick(Plan.Villages),
            };
            var approved = s.DateIn(year, 1, 9);
            var age = 2025 - year;
            var status = reserve ? ProjectStatus.Reserve : age >= 2 ? ProjectStatus.Accepted : age == 1 ? ProjectStatus.Completed : ProjectStatus.Implementing;
            var amount = s.Between(50, 400) * 10_000m;
            var project = new Project
            {
                Code = $"{Plan.County.Code}-{year}-{k:0000}", Year = year, Name = $"{where.Name}{CategoryName(category)}项目", Category = category, Status = status,
                WestOrgId = where.Id, EastOrgId = DistrictId, OwnerOrgId = CountyId, ApprovedOn = reserve ? null : approved,
                StartedOn = reserve ? null : approved.AddDays(s.Between(10, 60)), CompletedOn = age >= 1 && !reserve ? approved.AddMonths(s.Between(6, 11)) : null,
                AcceptedOn = status == ProjectStatus.Accepted ? approved.AddMonths(12) : null,
                BenefitHouseholds = s.Between(20, 400), BenefitPersons = s.Between(60, 1200), BenefitMechanism = "务工带动、分红、订单收购", AssetOwner = where.Name,
            };
            project.BenefitPersonsLifted = project.BenefitPersons / 2;
            Projects.Add(project);
            if (reserve)
            {
                if (s.Rng.Next(2) == 0)
                {
                    Fund(FundSource.Cooperation, FundStage.Allocation, approved, amount);
                }

                continue;
            }

            Fund(FundSource.Cooperation, FundStage.Allocation, approved, amount);
            var first = approved.AddDays(s.Between(20, 90));
            var second = first.AddDays(s.Between(60, 240));
            if (s.Rng.Next(3) == 0 && second <= DataEnd)
            {
                var part = Math.Round(amount * 0.6m, 2);
                Fund(FundSource.Cooperation, FundStage.Disbursement, first, part);
                Fund(FundSource.Cooperation, FundStage.Disbursement, second, amount - part);
            }
            else
            {
                Fund(FundSource.Cooperation, FundStage.Disbursement, first, amount);
            }

            if (status is ProjectStatus.Completed or ProjectStatus.Accepted)
            {
                Fund(FundSource.Cooperation, FundStage.Payment, project.CompletedOn!.Value, Math.Round(amount * 0.85m, 2));
            }

            if (s.Rng.Next(10) < 3)
            {
                Fund(FundSource.Integrated, FundStage.Disbursement, first, s.Between(10, 100) * 10_000m);
            }

            if (s.Rng.Next(10) == 0)
            {
                Fund(FundSource.SelfRaised, FundStage.Disbursement, first, s.Between(5, 50) * 10_000m + s.Between(0, 99) / 100m);
            }

            void Fund(FundSource source, FundStage stage, DateOnly date, decimal value) =>
                Funds.Add((new ProjectFund { Source = source, Stage = stage, Date = date, Amount = value }, Projects.Count - 1));
        }
    }

    private static string CategoryName(ProjectCategory c) => c switch
    {
        ProjectCategory.Industry => "产业发展",
        ProjectCategory.Employment => "就业帮扶",
        ProjectCategory.Infrastructure => "基础设施",
        ProjectCategory.PublicService => "公共服务",
        ProjectCategory.RelocationFollowUp => "搬迁后续扶持",
        ProjectCategory.Education => "教育帮扶",
        ProjectCategory.Medical => "医疗帮扶",
        _ => "综合帮扶",
    };

    private void BuildSales(Synthetic s, NationalVolumes v)
    {
        var count = v.Share(NationalVolumes.NationalSales, Plan.Index);
        var buyers = Plan.District.Agencies.Concat(Plan.District.Investors).ToList();
        for (var k = 0; k < count; k++)
        {
            var year = 2021 + (k % 5);
            var buyer = s.Pick(buyers);
            var counts = s.Rng.Next(100) < 95;
            Sales.Add(new Sale
            {
                WestOrgId = s.Pick(Plan.Suppliers).Id, EastOrgId = counts ? buyer.Id : null, BuyerName = counts ? buyer.Name : "县内商超",
                Kind = s.Rng.Next(10) < 7 ? SaleKind.Purchase : SaleKind.HelpSell, Channel = (SalesChannel)s.Rng.Next(7), Date = s.DateIn(year),
                Amount = s.Between(500_000, 90_000_000) / 100m, VoucherNo = $"XF{year}{k:0000000}", CountsForEast = counts, OwnerOrgId = CountyId,
            });
        }
    }

    private void BuildDonations(Synthetic s, NationalVolumes v)
    {
        var count = v.Share(NationalVolumes.NationalDonations, Plan.Index);
        var donors = Plan.District.SocialOrgs.Concat(Plan.District.Investors).ToList();
        for (var k = 0; k < count; k++)
        {
            var donor = s.Pick(donors);
            var goods = s.Rng.Next(4) == 0;
            Donations.Add(new Donation
            {
                EastOrgId = donor.Id, DonorName = donor.Name, WestOrgId = s.Rng.Next(3) == 0 ? CountyId : s.Pick(Plan.Villages).Id,
                Kind = goods ? DonationKind.Goods : DonationKind.Money, Date = s.DateIn(2021 + (k % 5)), Amount = s.Between(10, 5000) * 100m,
                Purpose = s.Pick(["助学", "助老", "乡村建设", "防灾救灾", "冬衣被褥", "医疗救助"]), ReceiptNo = $"JZ{k:0000000}", OwnerOrgId = DistrictId,
            });
        }
    }

    private void BuildTrainings(Synthetic s, NationalVolumes v)
    {
        var attendance = v.Share(NationalVolumes.NationalAttendances, Plan.Index);
        var sessions = Math.Max(1, attendance / 33);
        var parts = attendance >= sessions ? s.Split(attendance, sessions, 0.8) : [attendance];
        string[] laborThemes = ["电子装配", "家政服务", "餐饮服务", "电工", "缝纫", "物流仓储", "养老护理", "电商直播"];
        for (var i = 0; i < parts.Length; i++)
        {
            var kind = i % 10;
            var (domain, market, title) = kind switch
            {
                < 4 => (TrainingDomain.LaborSkills, true, laborThemes[i % laborThemes.Length] + "定制化培训班"),
                4 => (TrainingDomain.LaborSkills, false, "农村实用技术培训"),
                < 8 => (TrainingDomain.Education, false, "教师专业能力提升培训"),
                8 => (TrainingDomain.Medical, false, "基层医疗适宜技术培训"),
                _ => (TrainingDomain.Cadre, false, "乡村振兴干部能力提升培训"),
            };
            var east = domain switch
            {
                TrainingDomain.Education => s.Pick(Plan.District.Schools),
                TrainingDomain.Medical => s.Pick(Plan.District.Hospitals),
                _ => s.Pick(Plan.District.Agencies),
            };
            var west = domain switch
            {
                TrainingDomain.Education => s.Pick(Plan.Schools),
                TrainingDomain.Medical => s.Pick(Plan.Hospitals),
                TrainingDomain.LaborSkills when market => Plan.LaborStation,
                _ => Plan.County,
            };
            var start = s.DateIn(2021 + (i % 5));
            Trainings.Add(new TrainingSession
            {
                Title = title, Domain = domain, MarketOriented = market, EastOrgId = east.Id, WestOrgId = west.Id, StartDate = start, EndDate = start.AddDays(s.Between(0, 4)),
                Attendance = parts[i], OwnerOrgId = i % 3 == 0 ? DistrictId : CountyId,
            });
        }
    }

    private void BuildTalent(Synthetic s, NationalVolumes v)
    {
        var eastIds = new HashSet<string>(StringComparer.Ordinal);
        var d = Plan.District;

        // Eastern cadres: terms of two years from 2021, 2023 and 2025; some renew (the same person again).
        var cadres = v.Small(3);
        for (var term = 0; term < 3; term++)
        {
            for (var c = 0; c < cadres; c++)
            {
                var renewing = term > 0 && c == 0;
                var person = renewing ? Assignments.Last(a => a.Assignment.Category == AssignmentCategory.Secondment && a.Assignment.Direction == Direction.EastToWest).Person
                    : NewTalent(s, Profession.Cadre, east: true, eastIds);
                var start = new DateOnly(2021 + (term * 2), 5, s.Between(5, 25));
                Assign(person, AssignmentCategory.Secondment, Direction.EastToWest, s.Pick(d.Agencies), Plan.County, start, term == 2 ? null : start.AddYears(2).AddDays(-1), "挂职干部");
            }
        }

        for (var i = 0; i < v.Small(20); i++)
        {
            var secondment = i % 3 == 0;
            var start = s.DateIn(2021 + (i % 5), 2, 9);
            Assign(NewTalent(s, Profession.Cadre, east: false, eastIds), secondment ? AssignmentCategory.Secondment : AssignmentCategory.Training, Direction.WestToEast,
                s.Pick(d.Agencies), Plan.County, start, start.AddDays(secondment ? s.Between(90, 180) : s.Between(10, 25)), secondment ? "挂职锻炼" : "干部培训");
        }

        Stays(s, v.Small(25), Profession.Teacher, AssignmentCategory.Teaching, Direction.EastToWest, d.Schools, Plan.Schools, 100, 150, "支教", eastIds);
        Stays(s, v.Small(4), Profession.Teacher, AssignmentCategory.Teaching, Direction.EastToWest, d.Schools, Plan.Schools, 3, 10, "送教下乡", eastIds);
        Stays(s, v.Small(10), Profession.Doctor, AssignmentCategory.Medical, Direction.EastToWest, d.Hospitals, Plan.Hospitals, 60, 120, "支医", eastIds);
        Stays(s, v.Small(5), Profession.Doctor, AssignmentCategory.ExpertVisit, Direction.EastToWest, d.Hospitals, Plan.Hospitals, 3, 20, "专家指导", eastIds);
        Stays(s, v.Small(5), Profession.Agronomist, AssignmentCategory.Agriculture, Direction.EastToWest, d.Agencies, [Plan.County], 40, 90, "支农", eastIds);
        Stays(s, v.Small(30), Profession.Teacher, AssignmentCategory.Shadowing, Direction.WestToEast, d.Schools, Plan.Schools, 30, 90, "跟岗学习", eastIds);
        Stays(s, v.Small(4), Profession.Teacher, AssignmentCategory.Shadowing, Direction.WestToEast, d.Schools, Plan.Schools, 5, 20, "短期观摩", eastIds);
        Stays(s, v.Small(15), Profession.Doctor, AssignmentCategory.Shadowing, Direction.WestToEast, d.Hospitals, Plan.Hospitals, 30, 60, "进修", eastIds);
    }

    private void Stays(Synthetic s, int count, Profession profession, AssignmentCategory category, Direction direction, List<Organization> east, List<Organization> west,
        int minDays, int maxDays, string post, HashSet<string> eastIds)
    {
        for (var i = 0; i < count; i++)
        {
            var start = s.DateIn(2021 + (i % 5), 2, 10);
            var person = NewTalent(s, profession, direction == Direction.EastToWest, eastIds);
            Assign(person, category, direction, s.Pick(east), s.Pick(west), start, start.AddDays(s.Between(minDays, maxDays) - 1), post);
        }
    }

    /// <summary>
    /// A person of the talent ledger. Western people get an ID number of the county (drawn with the registry's, so never
    /// repeated); eastern people one of the district, with sequence numbers split between the district's two counties.
    /// </summary>
    private int NewTalent(Synthetic s, Profession profession, bool east, HashSet<string> eastIds)
    {
        string id;
        Gender gender;
        if (east)
        {
            do
            {
                var birth = s.DateIn(s.Between(1965, 1998));
                var seq = (Plan.DistrictSlot * 500) + s.Between(1, 499);
                id = ResidentId.Create(Plan.District.District.Code, birth, seq);
                gender = seq % 2 == 1 ? Gender.Male : Gender.Female;
            }
            while (!eastIds.Add(id));
        }
        else
        {
            (id, _, gender) = s.ResidentIdFor(Plan.County.Code, 1965, 1998);
        }

        TalentPersons.Add(new TalentPerson { Name = s.PersonName(), Gender = gender, Profession = profession, OwnerOrgId = east ? DistrictId : CountyId });
        TalentIds.Add(id);
        return TalentPersons.Count - 1;
    }

    private void Assign(int person, AssignmentCategory category, Direction direction, Organization east, Organization west, DateOnly start, DateOnly? end, string post)
    {
        var p = TalentPersons[person];
        p.RegisteredOn = p.RegisteredOn == default || start < p.RegisteredOn ? start : p.RegisteredOn;
        Assignments.Add((new TalentAssignment
        {
            Category = category, Direction = direction, EastOrgId = east.Id, WestOrgId = west.Id, StartDate = start, EndDate = end, Post = post,
            OwnerOrgId = direction == Direction.EastToWest ? DistrictId : CountyId,
        }, person));
    }

    private void BuildInvestment(Synthetic s, NationalVolumes v)
    {
        string[] industries = ["电子信息", "装备制造", "农产品加工", "纺织服装", "新材料", "现代物流"];
        for (var i = 0; i < Plan.LocalEntities.Count; i++)
        {
            var entity = Plan.LocalEntities[i];
            var status = (i % 8) switch { 6 => InvestmentStatus.Agreed, 7 => InvestmentStatus.Withdrawn, _ => InvestmentStatus.Landed };
            var signed = s.DateIn(2021 + (i % 5), 1, 9);
            var landed = status == InvestmentStatus.Landed ? signed.AddDays(s.Between(60, 300)) : (DateOnly?)null;
            if (landed > DataEnd)
            {
                landed = DataEnd;
            }

            var amount = s.Between(10, 500) * 1_000_000m;
            Investments.Add(new GuidedInvestment
            {
                EastOrgId = Plan.District.Investors[i % Plan.District.Investors.Count].Id, WestOrgId = entity.Id, ParkOrgId = entity.ParentId == Plan.Park.Id ? Plan.Park.Id : null,
                Industry = industries[i % industries.Length], Status = status, SignedOn = signed, LandedOn = landed, SignedAmount = amount, OwnerOrgId = CountyId,
            });
            if (landed is { } l)
            {
                var inflows = s.Between(1, 3);
                for (var k = 0; k < inflows; k++)
                {
                    var date = l.AddDays(k * s.Between(60, 200));
                    if (date <= DataEnd)
                    {
                        Inflows.Add((new InvestmentInflow { Date = date, Amount = Math.Round(amount * 0.6m / inflows, 2) }, Investments.Count - 1));
                    }
                }
            }
        }
    }

    private static DateOnly Between(Synthetic s, DateOnly from, DateOnly to) => DateOnly.FromDayNumber(s.Between(from.DayNumber, to.DayNumber));
}
