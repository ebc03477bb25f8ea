using Counterpart.Labor;
using Counterpart.Organizations;

namespace Counterpart.ReferenceData;

public sealed partial class ReferenceDataset
{
    internal const int LaborTransferred = 22_033;
    internal const int LaborTransferredLifted = 13_160;
    internal const int EnterpriseJobs = 2_027;
    internal const int EnterpriseJobsLifted = 514;
    internal const int ZhijiashanWorkshopJobs = 296;
    internal const int WangchengWorkshopJobs = 120;

    private static readonly DateOnly LastStart = new(2025, 8, 31);
    private static readonly DateOnly DataEnd = new(2025, 12, 31);
    private static readonly string[] EastWorkPlaces = ["440112", "440112", "440112", "440106", "440113", "441900", "440300"];
    private static readonly string[] ProvinceWorkPlaces = ["522701", "520102", "522702", "520115", "522726"];
    private static readonly string[] ElsewhereWorkPlaces = ["330102", "350203", "320506", "310115", "500112"];

    private sealed record Segment(string Name, int Persons, int Lifted, EmploymentDestination Destination, Func<int, Organization?> Employer, DateOnly Earliest);

    /// <summary>
    /// The person registry and employment records. Counted persons are split into segments by their first job;
    /// 3,000 of them take a second job later (still one person); 350 only had jobs too short to count, and 120 only
    /// jobs that started in 2020 — these are in the registry and are not counted.
    /// </summary>
    private void BuildLabor()
    {
        var zhijiashan = Org(ZhijiashanWorkshopKey);
        var wangcheng = Org(WangchengWorkshopKey);
        var earliestWorkshop = otherWorkshops.Min(w => w.EstablishedOn!.Value);
        Segment[] segments =
        [
            new("enterprise", EnterpriseJobs, EnterpriseJobsLifted, EmploymentDestination.InProvince, i => guidedLocalEntities[i % guidedLocalEntities.Count], new DateOnly(2021, 4, 1)),
            new("zhijiashan", ZhijiashanWorkshopJobs, 200, EmploymentDestination.LocalWorkshop, _ => zhijiashan, zhijiashan.EstablishedOn!.Value),
            new("wangcheng", WangchengWorkshopJobs, 80, EmploymentDestination.LocalWorkshop, _ => wangcheng, wangcheng.EstablishedOn!.Value),
            new("workshops", 760, 560, EmploymentDestination.LocalWorkshop, i => otherWorkshops[i % otherWorkshops.Count], earliestWorkshop),
            new("welfare", 900, 700, EmploymentDestination.PublicWelfarePost, _ => null, new DateOnly(2021, 1, 1)),
            new("east", 7_800, 4_900, EmploymentDestination.ToEast, _ => null, new DateOnly(2021, 1, 1)),
            new("province", 6_030, 3_706, EmploymentDestination.InProvince, _ => null, new DateOnly(2021, 1, 1)),
            new("elsewhere", 4_100, 2_500, EmploymentDestination.Elsewhere, _ => null, new DateOnly(2021, 1, 1)),
        ];
        if (segments.Sum(x => x.Persons) != LaborTransferred || segments.Sum(x => x.Lifted) != LaborTransferredLifted)
        {
            throw new InvalidOperationException("The labor segments must add up to the reference totals.");
        }

        var counted = new List<(Person Person, Employment Job)>();
        foreach (var seg in segments)
        {
            for (var i = 0; i < seg.Persons; i++)
            {
                var employer = seg.Employer(i);
                var earliest = Max(seg.Earliest, employer?.EstablishedOn ?? seg.Earliest);
                var home = seg.Destination == EmploymentDestination.LocalWorkshop ? employer!.Parent! : HomeVillage();
                var person = NewPerson(home, i < seg.Lifted ? HouseholdType.Lifted : OtherHousehold());
                var start = DateBetween(earliest, LastStart);
                var job = Job(person, seg.Destination, employer, start, StableEnd(start));
                counted.Add((person, job));
            }
        }

        // A second, later job for 3,000 counted persons: the same person, counted once.
        foreach (var (person, first) in counted.Where(c => c.Job.Destination is EmploymentDestination.ToEast or EmploymentDestination.InProvince or EmploymentDestination.Elsewhere && c.Job.Employer is null)
                     .Where(c => c.Job.StartDate < new DateOnly(2024, 6, 1)).Take(3_000))
        {
            first.EndDate = first.StartDate.AddMonths(s.Between(5, 12));
            var next = first.EndDate.Value.AddDays(s.Between(15, 60));
            Job(person, s.Pick([EmploymentDestination.ToEast, EmploymentDestination.InProvince, EmploymentDestination.Elsewhere]), null, next, StableEnd(next));
        }

        for (var i = 0; i < 350; i++)
        {
            var start = DateBetween(new DateOnly(2021, 1, 1), new DateOnly(2025, 9, 30));
            Job(NewPerson(HomeVillage(), OtherHousehold()), EmploymentDestination.ToEast, null, start, start.AddDays(s.Between(20, 80)));
        }

        for (var i = 0; i < 120; i++)
        {
            var start = s.DateIn(2020, 1, 10);
            Job(NewPerson(HomeVillage(), i % 2 == 0 ? HouseholdType.Lifted : HouseholdType.General), EmploymentDestination.InProvince, null, start, i % 3 == 0 ? null : start.AddMonths(s.Between(4, 12)));
        }
    }

    private Organization HomeVillage() => s.Rng.Next(10) == 0 ? s.Pick(relocationSites) : s.Pick(villages);

    private HouseholdType OtherHousehold() => s.Rng.Next(10) == 0 ? HouseholdType.Monitored : HouseholdType.General;

    private Person NewPerson(Organization home, HouseholdType household)
    {
        var (id, birth, gender) = s.ResidentIdFor(WestCode, 1966, 2004);
        var phone = "1" + s.Pick(["38", "39", "58", "82", "87", "98"]) + Synthetic.Number(s.Between(0, 99_999_999), 8);
        var person = new Person
        {
            Name = s.PersonName(), IdNumber = protector.ProtectId(id), Gender = gender, BirthDate = birth, HouseholdType = household,
            Home = home, PhoneCipher = protector.Encrypt(phone), Owner = West,
        };
        rows.Add(person);
        return person;
    }

    private Employment Job(Person person, EmploymentDestination destination, Organization? employer, DateOnly start, DateOnly? end)
    {
        var local = destination is EmploymentDestination.LocalWorkshop or EmploymentDestination.PublicWelfarePost || employer is not null;
        var job = new Employment
        {
            Person = person, Destination = destination, Employer = employer, EastOrg = East, Owner = West,
            WestOrg = employer ?? person.Home!,
            EmployerName = employer?.Name ?? destination switch
            {
                EmploymentDestination.PublicWelfarePost => $"{person.Home!.Name}公益性岗位",
                EmploymentDestination.ToEast => s.Pick(["广州某电子厂", "东莞某制衣厂", "深圳某物流公司", "广州某餐饮公司", "黄埔区某制造企业"]),
                _ => s.Pick(["都匀某建筑公司", "贵阳某物业公司", "某电商企业", "某食品厂", "某酒店"]),
            },
            WorkPlaceCode = local ? WestCode : destination switch
            {
                EmploymentDestination.ToEast => s.Pick(EastWorkPlaces),
                EmploymentDestination.InProvince => s.Pick(ProvinceWorkPlaces),
                _ => s.Pick(ElsewhereWorkPlaces),
            },
            StartDate = start, EndDate = end, MonthlyIncome = s.Between(22, 75) * 100m,
            Organized = destination == EmploymentDestination.ToEast && s.Rng.Next(3) > 0,
        };
        job.LaborStationOrgId = job.Organized ? Org(LaborStationKey).Id : null;
        person.RegisteredOn = person.RegisteredOn == default || start < person.RegisteredOn ? start : person.RegisteredOn;
        rows.Add(job);
        return job;
    }

    /// <summary>Ongoing (no end) for most; otherwise an end at least four months after the start, within the data.</summary>
    private DateOnly? StableEnd(DateOnly start)
    {
        if (s.Rng.Next(10) < 6)
        {
            return null;
        }

        var end = start.AddMonths(s.Between(4, 30));
        return end > DataEnd ? null : end;
    }

    private DateOnly DateBetween(DateOnly from, DateOnly to) => DateOnly.FromDayNumber(s.Between(from.DayNumber, to.DayNumber));

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;
}
