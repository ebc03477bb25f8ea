using Counterpart.Organizations;
using Counterpart.Talent;
using Counterpart.Trainings;

namespace Counterpart.ReferenceData;

public sealed partial class ReferenceDataset
{
    /// <summary>
    /// Labor: 83 market-oriented sessions with 2,580 attendances, of which the bearing training base ran 16 with 569
    /// in 2025. Education: 159 sessions with 21,886, of which the head-teacher studio ran 68 with 12,267.
    /// Medical, cadre and non-customised labor sessions are recorded too; no reported figure counts them.
    /// </summary>
    private void BuildTrainings()
    {
        var trainingBase = Org(BearingTrainingBaseKey);
        var studio = Org(StudioKey);
        var attendance = s.Split(569, 16, 0.5);
        for (var i = 0; i < 16; i++)
        {
            Session($"轴承产业技能实训第{i + 1}期", TrainingDomain.LaborSkills, true, null, trainingBase, s.DateIn(2025, 1, 11), attendance[i]);
        }

        string[] laborThemes = ["电子装配", "家政服务", "餐饮服务", "电工", "缝纫", "物流仓储", "养老护理", "电商直播"];
        attendance = s.Split(2_580 - 569, 67, 0.8);
        for (var i = 0; i < 67; i++)
        {
            Session($"{laborThemes[i % laborThemes.Length]}定制化培训班", TrainingDomain.LaborSkills, true, eastAgencies[1], Org(LaborStationKey), s.DateIn(2021 + i % 5), attendance[i]);
        }

        for (var i = 0; i < 12; i++)
        {
            Session("农村实用技术普及培训", TrainingDomain.LaborSkills, false, null, s.Pick(villages), s.DateIn(2021 + i % 5), s.Between(30, 80));
        }

        attendance = s.Split(12_267, 68, 0.5);
        for (var i = 0; i < 68; i++)
        {
            Session($"班主任专业能力提升公益培训（第{i + 1}场）", TrainingDomain.Education, false, studio, West, s.DateIn(2021 + i * 5 / 68), attendance[i]);
        }

        string[] eduThemes = ["新课标教学", "学校管理", "心理健康教育", "信息化教学", "幼儿教育", "职业教育"];
        attendance = s.Split(21_886 - 12_267, 91, 0.8);
        for (var i = 0; i < 91; i++)
        {
            Session($"{eduThemes[i % eduThemes.Length]}专题培训", TrainingDomain.Education, false, s.Pick(eastSchools), s.Pick(westSchools), s.DateIn(2021 + i % 5), attendance[i]);
        }

        for (var i = 0; i < 40; i++)
        {
            Session("中西医结合诊疗适宜技术培训", TrainingDomain.Medical, false, Org(TcmHospitalEastKey), s.Pick(westHospitals), s.DateIn(2021 + i % 5), s.Between(30, 120));
        }

        for (var i = 0; i < 10; i++)
        {
            Session("乡村振兴干部能力提升培训", TrainingDomain.Cadre, false, eastAgencies[0], West, s.DateIn(2021 + i % 5), s.Between(40, 90));
        }
    }

    private void Session(string title, TrainingDomain domain, bool marketOriented, Organization? east, Organization west, DateOnly start, int attendance) =>
        rows.Add(new TrainingSession
        {
            Title = title, Domain = domain, MarketOriented = marketOriented, EastOrg = east ?? East, WestOrg = west,
            StartDate = start, EndDate = start.AddDays(s.Between(0, 4)), Attendance = attendance, Owner = east is null ? West : East,
        });

    /// <summary>
    /// Cadres: 6 eastern cadres (two renewed their term: 8 assignments, 6 persons); 41 western cadre assignments.
    /// Professionals: 75 eastern teaching stays and 126 western shadowing stays of at least 30 days. Short stays are
    /// recorded but below the minimum: the hospital's expert visits, short teaching visits, doctors' study visits.
    /// That is how 75 is both "teachers" and "professionals" (and 126 likewise) in the report.
    /// </summary>
    private void BuildTalent()
    {
        var cadres = Enumerable.Range(0, 6).Select(_ => TalentPersonOf(Profession.Cadre, East)).ToList();
        for (var i = 0; i < 6; i++)
        {
            var start = new DateOnly(2021 + (i / 3) * 2, 5, 10 + i);
            Assign(cadres[i], AssignmentCategory.Secondment, Direction.EastToWest, eastAgencies[i % 4], West, start, start.AddYears(2).AddDays(-1), "县政府副县长、部门副职");
            if (i < 2)
            {
                Assign(cadres[i], AssignmentCategory.Secondment, Direction.EastToWest, eastAgencies[i % 4], West, start.AddYears(2), start.AddYears(3), "续任");
            }
        }

        var westCadres = Enumerable.Range(0, 36).Select(_ => TalentPersonOf(Profession.Cadre, West)).ToList();
        for (var i = 0; i < 41; i++)
        {
            var start = s.DateIn(2021 + i % 5, 2, 9);
            var secondment = i % 3 == 0;
            Assign(westCadres[i % 36], secondment ? AssignmentCategory.Secondment : AssignmentCategory.Training, Direction.WestToEast, West, s.Pick(eastAgencies), start,
                start.AddDays(secondment ? s.Between(90, 180) : s.Between(10, 25)), secondment ? "挂职锻炼" : "干部培训");
        }

        var teachers = Enumerable.Range(0, 62).Select(_ => TalentPersonOf(Profession.Teacher, East)).ToList();
        for (var i = 0; i < 75; i++)
        {
            var start = new DateOnly(2021 + i % 5, i % 2 == 0 ? 2 : 9, s.Between(1, 20));
            Assign(teachers[i % 62], AssignmentCategory.Teaching, Direction.EastToWest, s.Pick(eastSchools), s.Pick(westSchools), start, start.AddDays(s.Between(100, 150)), "支教");
        }

        for (var i = 0; i < 6; i++)
        {
            var start = s.DateIn(2021 + i % 5, 3, 11);
            Assign(teachers[i], AssignmentCategory.Teaching, Direction.EastToWest, s.Pick(eastSchools), s.Pick(westSchools), start, start.AddDays(s.Between(3, 10)), "送教下乡");
        }

        var doctors = Enumerable.Range(0, 9).Select(_ => TalentPersonOf(Profession.Doctor, Org(TcmHospitalEastKey))).ToList();
        for (var i = 0; i < 14; i++)
        {
            var start = s.DateIn(2021 + i % 5, 3, 11);
            Assign(doctors[i % 9], i % 2 == 0 ? AssignmentCategory.ExpertVisit : AssignmentCategory.Medical, Direction.EastToWest, Org(TcmHospitalEastKey), Org(CountyHospitalKey),
                start, start.AddDays(s.Between(3, 20)), "中西医结合专家指导");
        }

        var westTeachers = Enumerable.Range(0, 110).Select(_ => TalentPersonOf(Profession.Teacher, West)).ToList();
        for (var i = 0; i < 126; i++)
        {
            var start = s.DateIn(2021 + i % 5, 3, 10);
            Assign(westTeachers[i % 110], AssignmentCategory.Shadowing, Direction.WestToEast, s.Pick(westSchools), s.Pick(eastSchools), start, start.AddDays(s.Between(30, 90)), "跟岗学习");
        }

        for (var i = 0; i < 5; i++)
        {
            var start = s.DateIn(2021 + i, 4, 10);
            Assign(westTeachers[i], AssignmentCategory.Shadowing, Direction.WestToEast, s.Pick(westSchools), s.Pick(eastSchools), start, start.AddDays(s.Between(5, 20)), "短期观摩");
        }

        var westDoctors = Enumerable.Range(0, 10).Select(_ => TalentPersonOf(Profession.Doctor, West)).ToList();
        for (var i = 0; i < 10; i++)
        {
            var start = s.DateIn(2021 + i % 5, 4, 10);
            Assign(westDoctors[i], AssignmentCategory.Shadowing, Direction.WestToEast, s.Pick(westHospitals), s.Pick(eastHospitals), start, start.AddDays(s.Between(14, 21)), "进修观摩");
        }
    }

    private TalentPerson TalentPersonOf(Profession profession, Organization owner)
    {
        var region = IsEast(owner) ? EastCode : WestCode;
        var (id, _, gender) = s.ResidentIdFor(region, 1965, 1998);
        var person = new TalentPerson { Name = s.PersonName(), IdNumber = protector.ProtectId(id), Gender = gender, Profession = profession, Owner = IsEast(owner) ? East : West };
        rows.Add(person);
        return person;
    }

    private bool IsEast(Organization org)
    {
        for (var o = org; o is not null; o = o.Parent)
        {
            if (ReferenceEquals(o, East))
            {
                return true;
            }
        }

        return false;
    }

    private void Assign(TalentPerson person, AssignmentCategory category, Direction direction, Organization from, Organization to, DateOnly start, DateOnly end, string post)
    {
        var (east, west) = direction == Direction.EastToWest ? (from, to) : (to, from);
        person.RegisteredOn = person.RegisteredOn == default || start < person.RegisteredOn ? start : person.RegisteredOn;
        rows.Add(new TalentAssignment
        {
            Person = person, Category = category, Direction = direction, EastOrg = east, WestOrg = west, StartDate = start, EndDate = end,
            Post = post, Owner = direction == Direction.EastToWest ? East : West,
        });
    }
}
