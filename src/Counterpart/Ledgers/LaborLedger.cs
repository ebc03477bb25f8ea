using System.Linq.Expressions;
using Counterpart.Data;
using Counterpart.Labor;
using Counterpart.Organizations;
using Counterpart.People;
using Microsoft.EntityFrameworkCore;

namespace Counterpart.Ledgers;

/// <summary>
/// 劳务协作台账: one row per job, carrying the person it belongs to. Persons are found by ID number across every file and
/// county (one registry row each); a job is identified by the person and its start date.
/// </summary>
public sealed class LaborLedger : EntityLedger<Employment>
{
    internal static readonly ChoiceLabels<HouseholdType> Households = new()
    {
        ["脱贫户"] = HouseholdType.Lifted, ["监测户"] = HouseholdType.Monitored, ["一般农户"] = HouseholdType.General,
    };

    internal static readonly ChoiceLabels<EmploymentDestination> Destinations = new()
    {
        ["到东部"] = EmploymentDestination.ToEast, ["省内就近"] = EmploymentDestination.InProvince, ["其他地区"] = EmploymentDestination.Elsewhere,
        ["帮扶车间"] = EmploymentDestination.LocalWorkshop, ["公益岗位"] = EmploymentDestination.PublicWelfarePost,
    };

    private static readonly UpdatableFields<Employment> JobFields = new UpdatableFields<Employment>()
        .Add(e => e.EndDate).Add(e => e.Destination).Add(e => e.EmployerOrgId).Add(e => e.EmployerName).Add(e => e.WestOrgId).Add(e => e.EastOrgId)
        .Add(e => e.WorkPlaceCode).Add(e => e.MonthlyIncome).Add(e => e.Organized).Add(e => e.OwnerOrgId);

    public override string Name => "labor";

    public override string Title => "劳务协作台账（人员与就业）";

    public override string NaturalKey => "身份证号 + 就业起始日期";

    public override IReadOnlyList<LedgerColumn> Columns { get; } =
    [
        new("name", "姓名", CellKind.Text, true, "劳动力姓名", "王小明") { MaxLength = 32 },
        new("id_number", "身份证号", CellKind.IdNumber, true, "居民身份证号，全系统按此识别同一个人", "522726199001011235") { Aliases = ["证件号码", "身份证号码"] },
        new("gender", "性别", CellKind.Gender, false, "可不填，系统按身份证号判断；填了须与身份证号一致", "男"),
        new("phone", "联系电话", CellKind.Mobile, false, "本人手机号，加密保存", "13800000000") { Aliases = ["手机号"] },
        new("home", "户籍村（社区）", CellKind.Organization, true, "户籍所在村或社区", "郅家山社区") { Aliases = ["户籍村", "所在村"] },
        new("household", "户类型", CellKind.Choice, true, "脱贫户、监测户或一般农户", "脱贫户") { Choices = [.. Households.Keys] },
        new("destination", "就业去向", CellKind.Choice, true, "到东部、省内就近、其他地区、帮扶车间或公益岗位", "到东部") { Choices = [.. Destinations.Keys] },
        new("work_place", "就业地区划代码", CellKind.Text, false, "就业所在县级行政区划代码（6位）", "440112") { MaxLength = 6, Aliases = ["就业县代码"] },
        new("employer", "就业单位", CellKind.Text, false, "用工单位名称", "广州某电子有限公司") { Aliases = ["用工单位"] },
        new("employer_org", "系统内单位", CellKind.Organization, false, "用工单位已在系统中登记的（帮扶车间、引导企业等），填其代码或名称", "522726-W01"),
        new("start", "就业起始日期", CellKind.Date, true, "本段就业开始的日期", "2023-05-01") { Aliases = ["开始日期"] },
        new("end", "就业结束日期", CellKind.Date, false, "仍在就业的不填", ""),
        new("income", "月收入（元）", CellKind.Amount, false, "月工资收入", "4500") { Aliases = ["月收入"] },
        new("organized", "有组织输出", CellKind.YesNo, false, "是否经劳务工作站等有组织输出", "是"),
        new("east", "协作东部地区", CellKind.Organization, false, "经哪个东部地区协作帮助就业，填代码", "440112"),
        new("owner", "填报单位", CellKind.Organization, true, "负责这条记录的单位（县、乡镇等）", "522726"),
    ];

    internal override string? Check(RowValues row, OrgDirectory orgs, DateOnly today)
    {
        var id = row.Get<ResidentIdResult>("id_number");
        if (row.Has("id_number") && row.Get<Gender?>("gender") is { } gender && id.Gender != gender)
        {
            row.Fail("gender", $"与身份证号不符（身份证号显示为{(id.Gender == Gender.Male ? "男" : "女")}）", "逻辑矛盾");
        }

        if (row.Get<DateOnly?>("start") is { } start && row.Get<DateOnly?>("end") is { } end && end < start)
        {
            row.Fail("end", "结束日期早于起始日期", "逻辑矛盾");
        }

        var destination = row.Get<string>("destination");
        var local = destination is "帮扶车间" or "公益岗位";
        if (local && row.Get<Organization>("home") is { } home && row.Get<string>("work_place") is { } place
            && orgs.CountyOf(home) is { } county && !string.Equals(place, county.Code, StringComparison.Ordinal))
        {
            row.Fail("destination", $"就业地不在本县（{county.Name}，{county.Code}），不能填“{destination}”", "逻辑矛盾");
        }

        if (destination == "帮扶车间" && row.Get<Organization>("employer_org") is { Kind: not OrgKind.Workshop } notWorkshop)
        {
            row.Fail("employer_org", $"“{notWorkshop.Name}”不是登记的就业帮扶车间", "逻辑矛盾");
        }

        if (destination == "公益岗位" && row.Has("id_number") && row.Get<DateOnly?>("start") is { } s2 && ResidentId.AgeOn(id.BirthDate!.Value, s2) >= 70)
        {
            row.Fail("destination", "70周岁及以上人员不能安排公益岗位", "逻辑矛盾");
        }

        if (row.Get<string>("work_place") is { } code && (code.Length != 6 || !code.All(char.IsAsciiDigit)))
        {
            row.Fail("work_place", "应为6位县级行政区划代码", "格式错误");
        }

        return row.Ok ? $"{id.Normalized}|{row.Get<DateOnly?>("start"):yyyy-MM-dd}" : null;
    }

    /// <summary>Large chunks: labor files run to hundreds of thousands of rows, and new rows go in bulk.</summary>
    internal override int ChunkSize => 5_000;

    /// <summary>The person's lookup hash and encrypted numbers, computed on the reading thread.</summary>
    internal override void Prepare(RowValues row, PersonalDataProtector protector)
    {
        var id = protector.ProtectId(row.Get<ResidentIdResult>("id_number").Normalized!);
        row.Set(ProtectedKey, id);
        if (row.Get<string>("phone") is { } phone)
        {
            row.Set(PhoneCipherKey, protector.Encrypt(phone));
        }
    }

    private const string ProtectedKey = "~protected_id";
    private const string PhoneCipherKey = "~phone_cipher";

    /// <summary>
    /// New persons and new jobs are inserted in bulk (prepared statement or COPY); changed ones go through the change
    /// tracker, which keeps their earlier values for undo.
    /// </summary>
    internal override async Task ApplyAsync(ImportApplyContext context, IReadOnlyList<RowValues> rows, CancellationToken ct)
    {
        var db = context.Db;
        var hashes = rows.Select(r => r.Get<ProtectedId>(ProtectedKey)!.Hash).ToArray();
        var persons = new Dictionary<string, Person>(StringComparer.Ordinal);
        // Most rows of a large file are new persons: probe the hash index first, load only the persons found.
        var stored = await KeyLookup.IdsAsync<Person>(db, "IdHash", [.. hashes.Distinct(StringComparer.Ordinal)], ct);
        foreach (var chunk in stored.Values.Chunk(500))
        {
            foreach (var p in await db.Rows<Person>(Scope.Everything).Where(p => chunk.Contains(p.Id)).ToListAsync(ct))
            {
                persons[p.IdNumber.Hash] = p;
            }
        }

        var personIds = persons.Values.Select(p => p.Id).ToList();
        var jobs = new Dictionary<(long, DateOnly), Employment>();
        foreach (var chunk in personIds.Chunk(500))
        {
            foreach (var e in await db.Rows<Employment>(Scope.Everything).Where(e => chunk.Contains(e.PersonId)).ToListAsync(ct))
            {
                jobs[(e.PersonId, e.StartDate)] = e;
            }
        }

        var updatedPersons = new HashSet<Person>();
        var newPersons = new List<Person>();
        var newJobs = new List<(Employment Job, Person Person)>();
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var id = row.Get<ResidentIdResult>("id_number");
            var start = row.Get<DateOnly?>("start")!.Value;
            var owner = row.Get<Organization>("owner")!;
            var home = row.Get<Organization>("home")!;
            var household = Households[row.Get<string>("household")!];
            var personChanged = false;
            if (!persons.TryGetValue(hashes[i], out var person))
            {
                person = new Person
                {
                    Name = row.Get<string>("name")!, IdNumber = row.Get<ProtectedId>(ProtectedKey)!, Gender = id.Gender!.Value,
                    BirthDate = id.BirthDate!.Value, HouseholdType = household, HomeOrgId = home.Id, OwnerOrgId = owner.Id, RegisteredOn = context.Today,
                    PhoneCipher = row.Get<byte[]>(PhoneCipherKey),
                };
                persons[hashes[i]] = person;
                newPersons.Add(person);
            }
            else if (person.Id != 0 && !updatedPersons.Contains(person) && PersonDiffers(context, person, row, household, home))
            {
                var before = context.Snapshot(person);
                person.Name = row.Get<string>("name")!;
                person.HouseholdType = household;
                person.HomeOrgId = home.Id;
                if (row.Get<byte[]>(PhoneCipherKey) is { } phone)
                {
                    person.PhoneCipher = phone;
                }

                updatedPersons.Add(person);
                context.Update(person, before);
                personChanged = true;
            }

            var job = person.Id != 0 && jobs.TryGetValue((person.Id, start), out var existing) ? existing : null;
            var employer = row.Get<Organization>("employer_org");
            var fresh = new Employment
            {
                PersonId = person.Id, StartDate = start, EndDate = row.Get<DateOnly?>("end"),
                Destination = Destinations[row.Get<string>("destination")!], EmployerOrgId = employer?.Id, EmployerName = row.Get<string>("employer") ?? employer?.Name,
                WestOrgId = employer?.Id ?? home.Id, EastOrgId = row.Get<Organization>("east")?.Id, WorkPlaceCode = row.Get<string>("work_place"),
                MonthlyIncome = row.Get<decimal?>("income"), Organized = row.Get<bool?>("organized") ?? false, OwnerOrgId = owner.Id,
            };
            if (job is null)
            {
                // Inserted in bulk once the chunk's rows are known, not one by one.
                newJobs.Add((fresh, person));
                context.Count(RowOutcome.Inserted);
            }
            else
            {
                context.Upsert(job, fresh, JobFields, alsoChanged: personChanged);
            }
        }

        await context.BulkInsertAsync(newPersons, ct);
        foreach (var (job, person) in newJobs)
        {
            job.PersonId = person.Id;
        }

        await context.BulkInsertAsync([.. newJobs.Select(j => j.Job)], ct);
    }

    internal override IQueryable<Employment> Dated(CounterpartDbContext db, Scope scope, int fromYear, int toYear)
    {
        var (from, to) = YearSpan(fromYear, toYear);
        return db.Rows<Employment>(scope).Where(e => e.StartDate >= from && e.StartDate <= to);
    }

    internal override IReadOnlyDictionary<string, Expression<Func<Employment, object?>>> SortKeys { get; } = new Dictionary<string, Expression<Func<Employment, object?>>>
    {
        ["name"] = e => e.Person!.Name, ["home"] = e => e.Person!.Home!.Code, ["destination"] = e => e.Destination, ["employer"] = e => e.EmployerName,
        ["start"] = e => e.StartDate, ["end"] = e => e.EndDate, ["income"] = e => e.MonthlyIncome,
    };

    /// <summary>By the worker's name or the employer; never by the ID number or the phone, which are stored encrypted.</summary>
    internal override Expression<Func<Employment, bool>> Search(string text) =>
        e => e.Person!.Name.Contains(text) || e.EmployerName!.Contains(text) || e.Employer!.Name.Contains(text) || e.Person!.Home!.Name.Contains(text);

    internal override async IAsyncEnumerable<LedgerRow> CellsAsync(IQueryable<Employment> rows, PersonalDataProtector protector, bool unmasked,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var projected = rows.Select(e => new
            {
                e.Id, e.ReviewState, e.Person!.Name, e.Person.IdNumber.Cipher, e.Person.IdNumber.Masked, e.Person.Gender, e.Person.PhoneCipher, Home = e.Person.Home!.Code,
                e.Person.HouseholdType, e.Destination, e.WorkPlaceCode, e.EmployerName, Employer = e.Employer!.Code, e.StartDate, e.EndDate, e.MonthlyIncome,
                e.Organized, East = e.EastOrg!.Code, Owner = e.Owner!.Code,
            }).AsAsyncEnumerable();
        await foreach (var r in projected.WithCancellation(ct))
        {
            var phone = r.PhoneCipher is null ? "" : protector.Decrypt(r.PhoneCipher);
            yield return new LedgerRow(r.Id, r.ReviewState,
            [
                r.Name, unmasked ? protector.Decrypt(r.Cipher) : r.Masked, r.Gender == Gender.Male ? "男" : "女",
                unmasked || phone.Length < 11 ? phone : RowValues.MaskValue(phone), r.Home, Households[r.HouseholdType], Destinations[r.Destination],
                r.WorkPlaceCode ?? "", r.EmployerName ?? "", r.Employer ?? "", Iso(r.StartDate), r.EndDate is { } end ? Iso(end) : "",
                r.MonthlyIncome?.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture) ?? "", r.Organized ? "是" : "否", r.East ?? "", r.Owner,
            ]);
        }
    }

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static bool PersonDiffers(ImportApplyContext context, Person person, RowValues row, HouseholdType household, Organization home) =>
        person.Name != row.Get<string>("name") || person.HouseholdType != household || person.HomeOrgId != home.Id
        || (row.Get<string>("phone") is { } phone && (person.PhoneCipher is null || context.Protector.Decrypt(person.PhoneCipher) != phone));
}
