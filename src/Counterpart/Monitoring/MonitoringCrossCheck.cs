using System.Text;
using Counterpart.Audit;
using Counterpart.Data;
using Counterpart.Indicators;
using Counterpart.Labor;
using Counterpart.Ledgers;
using Counterpart.Ledgers.Files;
using Counterpart.People;
using Microsoft.EntityFrameworkCore;

namespace Counterpart.Monitoring;

/// <summary>
/// Cross-checks our person registry against an export of the national anti-poverty-relapse monitoring system (ADR 14):
/// reads the export, finds our persons by the ID number's keyed hash (nothing of the registry is decrypted), lists the
/// differences with the employment records they touch and the effect on “of whom 脱贫”, and records the run in the audit
/// trail by its counts. Stateless and read-only: the file is not kept, and nothing of the registry is changed.
/// </summary>
public sealed class MonitoringCrossCheck(CounterpartDbContext db, PersonalDataProtector protector, CountingRules rules, TimeProvider clock)
{
    private sealed record Ours(long Id, string Hash, string Masked, string Name, Gender Gender, HouseholdType Type, long HomeOrgId);

    /// <param name="file">The export, seekable (a temporary file or a memory stream); read once and left to the caller to discard.</param>
    /// <param name="scope">Whose registry: the account's scope (or the CLI's, narrowed by --org).</param>
    /// <param name="year">When given, the employment records and the figure effect of that year only.</param>
    public async Task<CrossCheckResult> RunAsync(Stream file, string fileName, Scope scope, int? year, WriteContext who, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(who);
        if (year is < 2000 or > 2100)
        {
            throw new DomainException($"年度 {year} 无效。");
        }

        // Persons are matched by the keyed hash: under a retired key nobody would match.
        await People.PersonalDataKeys.EnsureCurrentAsync(db, protector, ct);
        var today = ChinaTime.Today(clock);
        var orgs = await OrgDirectory.LoadAsync(db, ct);
        var content = file.CanSeek && file.Length == 0
            ? throw new DomainException("文件是空的。请上传从防返贫监测信息系统导出的 .xlsx 或 .csv 文件。")
            : await Task.Run(() => MonitoringFile.Read(file, fileName, protector, orgs, today), ct);
        if (content.RowsRead == 0)
        {
            throw new DomainException("文件只有表头，没有数据行。");
        }

        var ours = await db.Rows<Person>(scope)
            .Select(p => new Ours(p.Id, p.IdNumber.Hash, p.IdNumber.Masked, p.Name, p.Gender, p.HouseholdType, p.HomeOrgId))
            .ToListAsync(ct);
        if (ours.Count == 0)
        {
            content.Notices.Insert(0, "您的管辖范围内没有劳务协作人员，无从比对；人员名册请由登记它的单位（一般是户籍所在县）的账号比对。");
        }

        var byHash = ours.ToDictionary(p => p.Hash, StringComparer.Ordinal);
        string CountyOf(Ours p) => orgs[p.HomeOrgId] is { } home ? (orgs.CountyOf(home) ?? home).Name : "";

        var found = new List<(Ours Person, FilePerson? Theirs)>();
        foreach (var theirs in content.Persons.Values)
        {
            if (byHash.TryGetValue(theirs.Hash, out var person))
            {
                found.Add((person, theirs));
            }
        }

        found.AddRange(content.Unreadable.Where(byHash.ContainsKey).Select(h => (byHash[h], (FilePerson?)null)));
        var inFile = found.Select(f => f.Person.Id).ToHashSet();
        var covered = found.Select(f => CountyOf(f.Person)).Where(c => c.Length > 0).ToHashSet(StringComparer.Ordinal);

        var mismatches = new List<Mismatch>();
        foreach (var (person, theirs) in found.Where(f => f.Theirs is not null).OrderBy(f => f.Theirs!.Row))
        {
            mismatches.AddRange(Compare(person, theirs!));
        }

        var notInFile = 0;
        var notJudged = 0;
        var uncovered = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var person in ours.Where(p => !inFile.Contains(p.Id)).OrderBy(p => p.Id))
        {
            var county = CountyOf(person);
            if (!covered.Contains(county))
            {
                notJudged++;
                uncovered.Add(county.Length > 0 ? county : "（户籍地不详）");
                continue;
            }

            notInFile++;
            if (person.Type != HouseholdType.General)
            {
                var ourType = MonitoringColumns.Label(person.Type);
                mismatches.Add(new Mismatch(MismatchKind.NotInFile, $"我方标为{ourType}但监测系统无此人", person.Id, person.Masked, person.Name, ourType,
                    "无此人（按一般农户）", null, null,
                    $"{county}已在本次文件中，但监测系统没有此人。请核实：身份证号是否录错、户籍是否迁出、是否已不再是{ourType}；确认是一般农户的，在劳务协作台账中改正户类型并提交审核。",
                    person.Type == HouseholdType.Lifted, []));
            }
        }

        var jobs = await JobsAsync(scope, year, [.. mismatches.Select(m => m.PersonId).Distinct()], ct);
        mismatches = [.. mismatches.Select(m => m with { Employment = jobs.TryGetValue(m.PersonId, out var list) ? [.. list.Select(j => new JobRef(j.Id, j.StartDate.Year))] : [] })];

        var fileOnly = content.Persons.Values.Where(p => !byHash.ContainsKey(p.Hash)).OrderBy(p => p.Row).Select(p => new FileOnlyPerson(p.Sheet, p.Row, p.Masked)).ToList();
        var result = new CrossCheckResult
        {
            FileName = fileName, Layout = content.Layout, Year = year, CheckedOn = today,
            RowsRead = content.RowsRead, HouseholdRowsRead = content.HouseholdRowsRead,
            BadRows = content.BadRows.Select(e => (e.Sheet, e.Row)).Distinct().Count(),
            PersonsInFile = content.Persons.Count, OursInScope = ours.Count, Matched = inFile.Count,
            OursNotInFile = notInFile, OursNotJudged = notJudged, FileNotOurs = fileOnly.Count,
            CoveredCounties = [.. covered.Order(StringComparer.Ordinal)], UncoveredCounties = [.. uncovered], FileCounties = content.Counties,
            Mismatches = mismatches, Errors = content.BadRows, Notices = content.Notices, FileOnly = fileOnly,
            FigureEffects = Effects(mismatches, jobs, today, ours.Where(p => jobs.ContainsKey(p.Id)).ToDictionary(p => p.Id, p => p.Type)),
        };

        await new LedgerWriter(db).WriteAsync(who with { AuditEachRow = false }, (d, _) =>
        {
            AuditTrail.Add(d, AuditAction.CrossChecked, detail: result.AuditDetail());
            return Task.CompletedTask;
        }, ct);
        return result;
    }

    private static IEnumerable<Mismatch> Compare(Ours ours, FilePerson theirs)
    {
        if (ours.Type != theirs.Status.Type)
        {
            var lifted = (ours.Type == HouseholdType.Lifted) != (theirs.Status.Type == HouseholdType.Lifted);
            yield return new Mismatch(MismatchKind.HouseholdType, "户类型不一致", ours.Id, ours.Masked, ours.Name, MonitoringColumns.Label(ours.Type), theirs.Status.Detail,
                theirs.Sheet, theirs.Row,
                "核实户类型：监测系统正确的，在劳务协作台账中改正此人的户类型并提交审核" + (lifted ? "（改正后其就业计入或不再计入“其中脱贫”）" : "")
                + "；我方正确的，请乡镇在监测系统中核实更正。",
                lifted, []);
        }

        if (theirs.Name is { } name && NameKey(name) != NameKey(ours.Name))
        {
            yield return new Mismatch(MismatchKind.Name, "姓名不一致", ours.Id, ours.Masked, ours.Name, ours.Name, name, theirs.Sheet, theirs.Row,
                "对照户口簿或身份证核实姓名（常见原因：同音字、生僻字、少数民族姓名的间隔点），改正有误的一方。", false, []);
        }

        if (theirs.Gender is { } gender && gender != ours.Gender)
        {
            var byId = GenderLabel(theirs.IdGender);
            yield return new Mismatch(MismatchKind.Gender, "性别不一致", ours.Id, ours.Masked, ours.Name, GenderLabel(ours.Gender), GenderLabel(gender), theirs.Sheet, theirs.Row,
                $"身份证号第17位表明是{byId}性；" + (ours.Gender == theirs.IdGender ? "我方与身份证号一致，请乡镇在监测系统中核实更正。" : "监测系统与身份证号一致，请改正我方记录。"),
                false, []);
        }
    }

    private static string GenderLabel(Gender gender) => gender == Gender.Male ? "男" : "女";

    /// <summary>Names compare without spaces, full-width forms and the variants of the middle dot in minority names.</summary>
    internal static string NameKey(string name)
    {
        var text = new StringBuilder();
        foreach (var c in CellParsers.Normalize(name))
        {
            if (char.IsWhiteSpace(c))
            {
                continue;
            }

            text.Append(c is '•' or '・' or '‧' or '.' or '∙' or '⋅' ? '·' : c);
        }

        return text.ToString();
    }

    private sealed record Job(long Id, long PersonId, DateOnly StartDate, DateOnly? EndDate, EmploymentDestination Destination, long? EmployerOrgId);

    /// <summary>The employment records in scope of the given persons (of the year, when given).</summary>
    private async Task<Dictionary<long, List<Job>>> JobsAsync(Scope scope, int? year, IReadOnlyList<long> personIds, CancellationToken ct)
    {
        var jobs = new List<Job>();
        foreach (var chunk in personIds.Chunk(500))
        {
            var rows = db.Rows<Employment>(scope).Where(e => chunk.Contains(e.PersonId));
            if (year is { } y)
            {
                var (from, to) = (new DateOnly(y, 1, 1), new DateOnly(y, 12, 31));
                rows = rows.Where(e => e.StartDate >= from && e.StartDate <= to);
            }

            jobs.AddRange(await rows.OrderBy(e => e.StartDate).ThenBy(e => e.Id)
                .Select(e => new Job(e.Id, e.PersonId, e.StartDate, e.EndDate, e.Destination, e.EmployerOrgId)).ToListAsync(ct));
        }

        return jobs.GroupBy(j => j.PersonId).ToDictionary(g => g.Key, g => g.ToList());
    }

    /// <summary>
    /// Per year, the persons “of whom 脱贫” (labor_transferred_lifted) would lose or gain: those whose 脱贫 flag is wrong and
    /// who are counted in the year by the figure's own rule (a job started in the year, stable by today, of a destination
    /// that counts) — each person once a year, as the figure counts persons.
    /// </summary>
    private IReadOnlyList<FigureEffect> Effects(List<Mismatch> mismatches, Dictionary<long, List<Job>> jobs, DateOnly today, Dictionary<long, HouseholdType> ourTypes)
    {
        var changes = new Dictionary<int, (HashSet<long> Lose, HashSet<long> Gain)>();
        foreach (var m in mismatches.Where(m => m.LiftedFlagWrong).DistinctBy(m => m.PersonId))
        {
            var losing = ourTypes.GetValueOrDefault(m.PersonId, HouseholdType.General) == HouseholdType.Lifted;
            foreach (var job in jobs.GetValueOrDefault(m.PersonId) ?? [])
            {
                var counted = new CountedJob(job.PersonId, losing ? HouseholdType.Lifted : HouseholdType.General, job.Destination, job.EmployerOrgId, job.StartDate, job.EndDate);
                if (!LaborIndicators.IsStable(counted, rules, today) || (!rules.CountPublicWelfarePosts && job.Destination == EmploymentDestination.PublicWelfarePost))
                {
                    continue;
                }

                if (!changes.TryGetValue(job.StartDate.Year, out var year))
                {
                    changes[job.StartDate.Year] = year = ([], []);
                }

                (losing ? year.Lose : year.Gain).Add(job.PersonId);
            }
        }

        return [.. changes.OrderBy(c => c.Key).Select(c => new FigureEffect(c.Key, c.Value.Lose.Count, c.Value.Gain.Count))];
    }

    /// <summary>Reads a file from disk (the CLI).</summary>
    public async Task<CrossCheckResult> RunAsync(string path, Scope scope, int? year, WriteContext who, CancellationToken ct = default)
    {
        await using var file = File.OpenRead(path);
        return await RunAsync(file, Path.GetFileName(path), scope, year, who, ct);
    }

    /// <summary>The limits of an upload (the import's).</summary>
    public static long MaxFileBytes => FileLimits.Default.MaxFileBytes;
}
