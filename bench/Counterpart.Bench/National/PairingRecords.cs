using Counterpart.Agreements;
using Counterpart.Consumption;
using Counterpart.Evaluation;
using Counterpart.Labor;
using Counterpart.Pairings;
using Counterpart.Projects;
using Counterpart.ReferenceData;
using Counterpart.Talent;
using Counterpart.Trainings;

namespace Counterpart.Bench.National;

/// <summary>
/// A county's records of its pairing as a whole, written through the tracked path (they have children): the
/// district–county pairing with its units' pairings (schools, hospitals, agencies and social organizations with
/// villages, enterprises with villages), a yearly agreement per year with targets near what the rows will give, and a
/// completed national evaluation round per year with its findings and their rectification.
/// </summary>
internal sealed class PairingRecords
{
    public List<object> All { get; } = [];
    public int Pairings { get; private set; }
    public int Agreements { get; private set; }
    public int Targets { get; private set; }
    public int Rounds { get; private set; }
    public int Findings { get; private set; }

    public static PairingRecords Build(CountyRows rows, int seed)
    {
        var plan = rows.Plan;
        var s = new Synthetic(NationalGeography.Mix(seed, 4, plan.Index));
        var records = new PairingRecords();
        var district = plan.District;
        var start = new DateOnly(2021, 1, 1);
        var main = records.Pair(PairingKind.DistrictCounty, district.District.Id, plan.County.Id, start, null, plan.County.Id);
        for (var i = 0; i < 4; i++)
        {
            records.Pair(PairingKind.SchoolSchool, district.Schools[i].Id, plan.Schools[i].Id, s.DateIn(2021 + (i % 3)), main, plan.County.Id);
        }

        records.Pair(PairingKind.HospitalHospital, district.Hospitals[0].Id, plan.Hospitals[0].Id, s.DateIn(2021), main, plan.County.Id);
        records.Pair(PairingKind.HospitalHospital, district.Hospitals[1].Id, plan.Hospitals[1].Id, s.DateIn(2022), main, plan.County.Id);
        var villages = plan.Villages;
        for (var i = 0; i < 3; i++)
        {
            records.Pair(PairingKind.AgencyVillage, district.Agencies[i].Id, villages[(i * 7) % villages.Count].Id, s.DateIn(2021 + i), main, plan.County.Id);
        }

        for (var i = 0; i < 2; i++)
        {
            records.Pair(PairingKind.SocialOrgVillage, district.SocialOrgs[i].Id, villages[((i * 5) + 1) % villages.Count].Id, s.DateIn(2022 + i), main, plan.County.Id);
            records.Pair(PairingKind.EnterpriseVillage, district.Investors[i].Id, villages[((i * 3) + 2) % villages.Count].Id, s.DateIn(2022 + i), main, plan.County.Id,
                end: i == 1 ? new DateOnly(2024, 12, 31) : null);
        }

        for (var year = 2021; year <= 2025; year++)
        {
            var agreement = new Agreement
            {
                Pairing = main, Year = year, Title = $"{year}年度{district.District.Name}—{plan.County.Name}东西部协作协议", SignedOn = new DateOnly(year, 3, s.Between(1, 28)),
                OwnerOrgId = plan.County.Id,
            };
            foreach (var (code, actual) in Actuals(rows, year))
            {
                // Targets set before the year: most are met, some not (0.85–1.15 of what the year gives).
                var target = Math.Max(1m, Math.Round(actual * (0.85m + (s.Between(0, 30) / 100m)), actual >= 100 ? 0 : 2));
                agreement.Targets.Add(new AgreementTarget { IndicatorCode = code, Target = target });
                records.Targets++;
            }

            records.All.Add(agreement);
            records.Agreements++;

            var round = new EvaluationRound
            {
                Pairing = main, Year = year, Level = EvaluationLevel.National, Name = $"{year}年度东西部协作国家考核", ConductedOn = new DateOnly(year + 1, 3, s.Between(10, 28)),
                Completed = true, Grade = (Grade)Math.Min(2, s.Rng.Next(5) / 2), OwnerOrgId = plan.County.Id,
            };
            records.All.Add(round);
            records.Rounds++;
            var findings = s.Rng.Next(4) == 0 ? 0 : s.Between(1, 3);
            for (var f = 0; f < findings; f++)
            {
                var finding = new Finding
                {
                    EvaluationRound = round, Area = s.Pick(["组织领导", "资金使用", "产业合作", "劳务协作", "消费帮扶"]), Severity = FindingSeverity.General,
                    Description = s.Pick(["项目资金支付进度偏慢", "部分帮扶车间吸纳脱贫劳动力不足", "劳务协作台账佐证材料不全", "消费帮扶产品认定不规范"]),
                    Date = round.ConductedOn, ConcernsOrgId = plan.County.Id, OwnerOrgId = plan.County.Id,
                };
                var deadline = round.ConductedOn.AddMonths(3);
                var done = deadline < new DateOnly(2026, 6, 1);
                records.All.Add(finding);
                records.All.Add(new RectificationTask
                {
                    Finding = finding, Measure = "建立月调度机制，限期整改", Deadline = deadline, Status = done ? RectificationStatus.Done : RectificationStatus.InProgress,
                    CompletedOn = done ? deadline.AddDays(-s.Between(1, 30)) : null, Evidence = done ? "整改台账及佐证材料" : null, OwnerOrgId = plan.County.Id,
                });
                records.Findings++;
            }
        }

        return records;
    }

    private Pairing Pair(PairingKind kind, long east, long west, DateOnly start, Pairing? parent, long owner, DateOnly? end = null)
    {
        var pairing = new Pairing { Kind = kind, EastOrgId = east, WestOrgId = west, StartDate = start, EndDate = end, ParentPairing = parent, OwnerOrgId = owner };
        All.Add(pairing);
        Pairings++;
        return pairing;
    }

    /// <summary>Roughly what the year's rows give for the indicators an agreement usually names (not the counting rules' exact figures).</summary>
    private static IEnumerable<(string Code, decimal Actual)> Actuals(CountyRows rows, int year)
    {
        var disbursed = rows.Funds.Where(f => f.Fund.Source == FundSource.Cooperation && f.Fund.Stage == FundStage.Disbursement && f.Fund.Date.Year == year).ToList();
        yield return ("fiscal_aid", disbursed.Sum(f => f.Fund.Amount) / 10_000m);
        yield return ("relocation_support", disbursed.Where(f => rows.Projects[f.Project].Category == ProjectCategory.RelocationFollowUp).Sum(f => f.Fund.Amount) / 10_000m);
        yield return ("projects", rows.Projects.Count(p => p.ApprovedOn?.Year == year));
        yield return ("consumption_sales", rows.Sales.Where(x => x.CountsForEast && x.Date.Year == year).Sum(x => x.Amount) / 10_000m);
        var started = rows.Jobs.Where(j => j.Job.StartDate.Year == year).ToList();
        yield return ("labor_transferred", started.Select(j => j.Person).Distinct().Count());
        yield return ("labor_transferred_lifted", started.Where(j => rows.Persons[j.Person].HouseholdType == HouseholdType.Lifted).Select(j => j.Person).Distinct().Count());
        yield return ("labor_trainees", rows.Trainings.Where(t => t.Domain == TrainingDomain.LaborSkills && t.MarketOriented && t.StartDate.Year == year).Sum(t => (decimal)t.Attendance));
        yield return ("donations", rows.Donations.Where(d => d.Date.Year == year).Sum(d => d.Amount) / 10_000m);
        yield return ("cadres_sent", Math.Max(1, rows.Assignments.Count(a => a.Assignment.Direction == Direction.EastToWest && a.Assignment.Category == AssignmentCategory.Secondment
            && a.Assignment.StartDate.Year <= year)));
        yield return ("professionals_sent", rows.Assignments.Count(a => a.Assignment.Direction == Direction.EastToWest && a.Assignment.Category != AssignmentCategory.Secondment
            && a.Assignment.StartDate.Year == year));
        yield return ("enterprise_investment", rows.Inflows.Where(f => f.Inflow.Date.Year == year).Sum(f => f.Inflow.Amount) / 10_000m);
    }
}
