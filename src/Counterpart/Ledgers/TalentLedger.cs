using System.Linq.Expressions;
using Counterpart.Data;
using Counterpart.Organizations;
using Counterpart.People;
using Counterpart.Talent;
using Microsoft.EntityFrameworkCore;

namespace Counterpart.Ledgers;

/// <summary>
/// 人才交流台账: one row per assignment (人次), carrying the person it belongs to (人). A person given with an ID number
/// is found by it across every file and county; one without is found by name and eastern unit. An assignment is
/// identified by its person, category and start date.
/// </summary>
public sealed class TalentLedger : EntityLedger<TalentAssignment>
{
    internal static readonly ChoiceLabels<Profession> Professions = new()
    {
        ["党政干部"] = Profession.Cadre, ["教师"] = Profession.Teacher, ["医务人员"] = Profession.Doctor, ["农技人员"] = Profession.Agronomist,
        ["其他专业人才"] = Profession.Other,
    };

    internal static readonly ChoiceLabels<AssignmentCategory> Categories = new()
    {
        ["挂职"] = AssignmentCategory.Secondment, ["支教"] = AssignmentCategory.Teaching, ["支医"] = AssignmentCategory.Medical,
        ["支农"] = AssignmentCategory.Agriculture, ["跟岗学习"] = AssignmentCategory.Shadowing, ["培训"] = AssignmentCategory.Training,
        ["短期专家指导"] = AssignmentCategory.ExpertVisit,
    };

    internal static readonly ChoiceLabels<Direction> Directions = new()
    {
        ["东→西"] = Direction.EastToWest, ["西→东"] = Direction.WestToEast,
    };

    /// <summary>What a re-imported assignment may change; the post is compared to the letter, as typed.</summary>
    private static readonly UpdatableFields<TalentAssignment> Updatable = new UpdatableFields<TalentAssignment>()
        .Add(a => a.Direction).Add(a => a.EastOrgId).Add(a => a.WestOrgId).Add(a => a.EndDate).Add(a => a.Post).Add(a => a.OwnerOrgId);

    /// <summary>Categories that only exist as eastern people serving in the west.</summary>
    private static readonly string[] EastwardOnly = ["支教", "支医", "支农", "短期专家指导"];

    // Per file: the first row of each person, to catch one person written two ways.
    private readonly Dictionary<string, (int Row, string Name, string Profession)> personsSeen = new(StringComparer.Ordinal);

    public override string Name => "talent";

    public override string Title => "人才交流台账";

    public override string NaturalKey => "人员（身份证号，未填时为姓名 + 东部单位）+ 类别 + 开始日期";

    public override IReadOnlyList<LedgerColumn> Columns { get; } =
    [
        new("name", "姓名", CellKind.Text, true, "交流人员姓名", "张晓东") { MaxLength = 64, Aliases = ["人员姓名"] },
        new("id_number", "身份证号", CellKind.IdNumber, false, "填了全系统按此识别同一个人；确实没有的可不填，此时按姓名＋东部单位识别", "440112198505061239")
        {
            Aliases = ["证件号码", "身份证号码"],
        },
        new("gender", "性别", CellKind.Gender, false, "填了身份证号的可不填；填了须与身份证号一致", "男"),
        new("profession", "专业类别", CellKind.Choice, true, "人员的身份：党政干部或哪一类专业技术人才", "党政干部")
        {
            Choices = [.. Professions.Keys], Aliases = ["人员类别", "人才类别"],
        },
        new("category", "类别", CellKind.Choice, true, "这一次交流的方式", "挂职") { Choices = [.. Categories.Keys], Aliases = ["交流类别", "交流方式"] },
        new("direction", "方向", CellKind.Choice, true, "东→西：东部人员到西部；西→东：西部人员到东部", "东→西") { Choices = [.. Directions.Keys], Aliases = ["交流方向"] },
        new("east", "东部单位", CellKind.Organization, true, "东→西时是派出单位，西→东时是接收单位；填代码或完整名称", "440112-A01")
        {
            Aliases = ["东部派出单位", "东部接收单位", "派出单位"],
        },
        new("west", "西部单位", CellKind.Organization, true, "东→西时是接收单位，西→东时是派出单位；填代码或完整名称", "522726")
        {
            Aliases = ["西部接收单位", "西部派出单位", "接收单位"],
        },
        new("start", "开始日期", CellKind.Date, true, "到岗（开始交流）的日期", "2023-05-10") { Aliases = ["起始日期", "到岗日期"] },
        new("end", "结束日期", CellKind.Date, false, "期满离岗的日期；仍在岗的不填", "2025-05-09") { Aliases = ["离岗日期", "截止日期"] },
        new("post", "岗位/职务", CellKind.Text, false, "挂任的职务或所在岗位", "县政府副县长") { MaxLength = 200, Aliases = ["岗位", "职务", "挂职职务"] },
        new("owner", "填报单位", CellKind.Organization, true, "负责这条记录的单位", "440112"),
    ];

    internal override string? Check(RowValues row, OrgDirectory orgs, DateOnly today)
    {
        var id = row.Get<ResidentIdResult>("id_number");
        var hasId = row.Has("id_number");
        if (hasId && row.Get<Gender?>("gender") is { } gender && id.Gender != gender)
        {
            row.Fail("gender", $"与身份证号不符（身份证号显示为{(id.Gender == Gender.Male ? "男" : "女")}）", "逻辑矛盾");
        }

        var start = row.Get<DateOnly?>("start");
        if (start is { } s && row.Get<DateOnly?>("end") is { } end && end < s)
        {
            row.Fail("end", "结束日期早于开始日期", "逻辑矛盾");
        }

        if (hasId && start is { } s2 && (s2 < id.BirthDate!.Value || ResidentId.AgeOn(id.BirthDate.Value, s2) < 18))
        {
            row.Fail("start", "按身份证号，此人开始交流时未满18周岁；请核对身份证号和开始日期", "逻辑矛盾");
        }

        var east = row.Get<Organization>("east");
        var west = row.Get<Organization>("west");
        if (east is not null && west is not null)
        {
            if (east.Id == west.Id)
            {
                row.Fail("west", "东部单位和西部单位不能是同一个", "逻辑矛盾");
            }
            else if (orgs.CommonProvince(east, west) is not null)
            {
                row.Fail("west", $"与东部单位“{east.Name}”在同一省份，不是东西部之间的交流；请核对两个单位是否填反或填错", "逻辑矛盾");
            }
        }

        var category = row.Get<string>("category");
        var direction = row.Get<string>("direction");
        if (category is not null && direction == "西→东" && EastwardOnly.Contains(category))
        {
            row.Fail("direction", $"“{category}”是东部人员到西部服务，方向应为“东→西”", "逻辑矛盾");
        }
        else if (category == "跟岗学习" && direction == "东→西")
        {
            row.Fail("direction", "“跟岗学习”是西部人员到东部学习，方向应为“西→东”", "逻辑矛盾");
        }

        var profession = row.Get<string>("profession");
        if ((category, profession) is ("支教", not null and not "教师") or ("支医", not null and not "医务人员"))
        {
            row.Fail("profession", $"“{category}”的人员应为{(category == "支教" ? "教师" : "医务人员")}，这里填的是“{profession}”", "逻辑矛盾");
        }

        var name = row.Get<string>("name");
        if (name is not null && profession is not null && (hasId ? id.Normalized : east is null ? null : $"{name}|{east.Id}") is { } person)
        {
            if (!personsSeen.TryAdd(person, (row.Row, name, profession)))
            {
                var first = personsSeen[person];
                if (first.Name != name)
                {
                    row.Fail("name", $"与第 {first.Row} 行身份证号相同而姓名不同（第 {first.Row} 行为“{first.Name}”）", "逻辑矛盾");
                }
                else if (first.Profession != profession)
                {
                    row.Fail("profession", $"同一人在第 {first.Row} 行的专业类别是“{first.Profession}”，一人只能有一个专业类别", "逻辑矛盾");
                }
            }
        }

        if (!row.Ok)
        {
            return null;
        }

        var who = hasId ? id.Normalized : $"{name}|{east!.Code}";
        return $"{who}|{category}|{ProseCells.Iso(start!.Value)}";
    }

    /// <summary>
    /// A row without an ID number must name one person: if several stored persons of that name served with its eastern
    /// unit (and not exactly one of them was registered without a number), the number is needed to tell them apart.
    /// </summary>
    internal override async Task CheckStoredAsync(ImportApplyContext context, IReadOnlyList<RowValues> rows, CancellationToken ct)
    {
        var byNameEast = await NamesakesAsync(context.Db, rows, ct);
        foreach (var row in rows.Where(r => !r.Has("id_number")))
        {
            var name = row.Get<string>("name")!;
            var east = row.Get<Organization>("east")!;
            if (byNameEast.TryGetValue((name, east.Id), out var candidates) && Namesake(candidates).Ambiguous)
            {
                row.Fail("id_number", $"在“{east.Name}”交流过的人员中已有 {candidates.Count} 人叫“{name}”，无法确定是哪一位；请填写此人的身份证号", "必填项为空");
            }
        }
    }

    /// <summary>Stored persons named in rows without an ID number, by name and the eastern units of their assignments.</summary>
    private static async Task<Dictionary<(string Name, long East), List<TalentPerson>>> NamesakesAsync(CounterpartDbContext db, IReadOnlyList<RowValues> rows, CancellationToken ct)
    {
        var byNameEast = new Dictionary<(string, long), List<TalentPerson>>();
        var named = rows.Where(r => !r.Has("id_number")).Select(r => r.Get<string>("name")!).Distinct(StringComparer.Ordinal).ToList();
        foreach (var chunk in named.Chunk(500))
        {
            var candidates = await db.Rows<TalentPerson>(Scope.Everything).Where(p => chunk.Contains(p.Name)).ToDictionaryAsync(p => p.Id, ct);
            foreach (var ids in candidates.Keys.Chunk(500))
            {
                var pairs = await db.Rows<TalentAssignment>(Scope.Everything).Where(a => ids.Contains(a.PersonId) && a.EastOrgId != null)
                    .Select(a => new { a.PersonId, East = a.EastOrgId!.Value }).Distinct().ToListAsync(ct);
                foreach (var pair in pairs)
                {
                    var person = candidates[pair.PersonId];
                    var list = byNameEast.TryGetValue((person.Name, pair.East), out var l) ? l : byNameEast[(person.Name, pair.East)] = [];
                    if (!list.Contains(person))
                    {
                        list.Add(person);
                    }
                }
            }
        }

        return byNameEast;
    }

    /// <summary>
    /// Which of the persons of a name who served with an eastern unit a row without an ID number means: the one
    /// registered without a number, else the only one; none when there is no such person; ambiguous otherwise.
    /// </summary>
    private static (TalentPerson? Person, bool Ambiguous) Namesake(List<TalentPerson> candidates)
    {
        var withoutId = candidates.Where(p => p.IdNumber is null).ToList();
        TalentPerson? chosen = withoutId.Count == 1 ? withoutId[0] : withoutId.Count == 0 && candidates.Count == 1 ? candidates[0] : null;
        return (chosen, chosen is null && candidates.Count > 0);
    }

    internal override async Task ApplyAsync(ImportApplyContext context, IReadOnlyList<RowValues> rows, CancellationToken ct)
    {
        var db = context.Db;
        var hashes = rows.Where(r => r.Has("id_number"))
            .ToDictionary(r => r, r => context.Protector.Hash(r.Get<ResidentIdResult>("id_number").Normalized!));

        // Persons with an ID number, by its hash.
        var byHash = new Dictionary<string, TalentPerson>(StringComparer.Ordinal);
        foreach (var chunk in hashes.Values.Distinct(StringComparer.Ordinal).Chunk(500))
        {
            foreach (var p in await db.Rows<TalentPerson>(Scope.Everything).Where(p => chunk.Contains(p.IdNumber!.Hash)).ToListAsync(ct))
            {
                byHash[p.IdNumber!.Hash] = p;
            }
        }

        var byNameEast = await NamesakesAsync(db, rows, ct);

        // Resolve every row's person first (the same person object for rows of one person), then their assignments.
        var persons = new Dictionary<RowValues, TalentPerson>();
        foreach (var row in rows)
        {
            persons[row] = PersonOf(context, row, hashes, byHash, byNameEast);
        }

        var assignments = new Dictionary<(long, AssignmentCategory, DateOnly), TalentAssignment>();
        foreach (var chunk in persons.Values.Where(p => p.Id != 0).Select(p => p.Id).Distinct().Chunk(500))
        {
            foreach (var a in await db.Rows<TalentAssignment>(Scope.Everything).Where(a => chunk.Contains(a.PersonId)).ToListAsync(ct))
            {
                assignments[(a.PersonId, a.Category, a.StartDate)] = a;
            }
        }

        var updatedPersons = new HashSet<TalentPerson>();
        foreach (var row in rows)
        {
            var person = persons[row];
            var personChanged = false;
            if (person.Id != 0 && !updatedPersons.Contains(person) && PersonDiffers(person, row))
            {
                var before = context.Snapshot(person);
                ApplyPerson(person, row);
                updatedPersons.Add(person);
                context.Update(person, before);
                personChanged = true;
            }

            var fresh = new TalentAssignment
            {
                Person = person.Id == 0 ? person : null, PersonId = person.Id, Category = Categories[row.Get<string>("category")!],
                Direction = Directions[row.Get<string>("direction")!], EastOrgId = row.Get<Organization>("east")!.Id, WestOrgId = row.Get<Organization>("west")!.Id,
                StartDate = row.Get<DateOnly?>("start")!.Value, EndDate = row.Get<DateOnly?>("end"), Post = ProseCells.Text(row, "post"),
                OwnerOrgId = row.Get<Organization>("owner")!.Id,
            };
            var stored = person.Id != 0 && assignments.TryGetValue((person.Id, fresh.Category, fresh.StartDate), out var found) ? found : null;
            context.Upsert(stored, fresh, Updatable, alsoChanged: personChanged);
        }
    }

    /// <summary>
    /// The row's person: by ID number when given; otherwise by name among those who served with the same eastern unit,
    /// preferring a person registered without a number (<see cref="Namesake"/>). A new person is created (once) when none
    /// is found.
    /// </summary>
    private static TalentPerson PersonOf(ImportApplyContext context, RowValues row, Dictionary<RowValues, string> hashes,
        Dictionary<string, TalentPerson> byHash, Dictionary<(string, long), List<TalentPerson>> byNameEast)
    {
        var name = row.Get<string>("name")!;
        var east = row.Get<Organization>("east")!;
        if (hashes.TryGetValue(row, out var hash))
        {
            if (!byHash.TryGetValue(hash, out var known))
            {
                known = NewPerson(context, row);
                byHash[hash] = known;
            }

            return known;
        }

        var candidates = byNameEast.TryGetValue((name, east.Id), out var list) ? list : byNameEast[(name, east.Id)] = [];
        var (chosen, ambiguous) = Namesake(candidates);
        if (ambiguous)
        {
            throw new InvalidOperationException($"Row {row.Row}: several namesakes at one eastern unit, yet the row passed CheckStoredAsync.");
        }

        if (chosen is null)
        {
            chosen = NewPerson(context, row);
            candidates.Add(chosen);
        }

        return chosen;
    }

    private static TalentPerson NewPerson(ImportApplyContext context, RowValues row)
    {
        var id = row.Get<ResidentIdResult>("id_number");
        var person = new TalentPerson
        {
            Name = row.Get<string>("name")!, IdNumber = row.Has("id_number") ? context.Protector.ProtectId(id.Normalized!) : null,
            Gender = row.Has("id_number") ? id.Gender : row.Get<Gender?>("gender"), Profession = Professions[row.Get<string>("profession")!],
            RegisteredOn = context.Today, OwnerOrgId = row.Get<Organization>("owner")!.Id,
        };
        context.Insert(person);
        return person;
    }

    /// <summary>What a row may change on a known person: the name (when found by number), the gender (when it has no number), the profession.</summary>
    private static bool PersonDiffers(TalentPerson person, RowValues row) =>
        (row.Has("id_number") && person.Name != row.Get<string>("name"))
        || (person.IdNumber is null && row.Get<Gender?>("gender") is { } gender && person.Gender != gender)
        || person.Profession != Professions[row.Get<string>("profession")!];

    private static void ApplyPerson(TalentPerson person, RowValues row)
    {
        if (row.Has("id_number"))
        {
            person.Name = row.Get<string>("name")!;
        }

        if (person.IdNumber is null && row.Get<Gender?>("gender") is { } gender)
        {
            person.Gender = gender;
        }

        person.Profession = Professions[row.Get<string>("profession")!];
    }

    internal override IQueryable<TalentAssignment> Dated(CounterpartDbContext db, Scope scope, int fromYear, int toYear)
    {
        var (from, to) = YearSpan(fromYear, toYear);
        return db.Rows<TalentAssignment>(scope).Where(a => a.StartDate >= from && a.StartDate <= to);
    }

    internal override IReadOnlyDictionary<string, Expression<Func<TalentAssignment, object?>>> SortKeys { get; } = new Dictionary<string, Expression<Func<TalentAssignment, object?>>>
    {
        ["name"] = a => a.Person!.Name, ["profession"] = a => a.Person!.Profession, ["category"] = a => a.Category, ["direction"] = a => a.Direction,
        ["east"] = a => a.EastOrg!.Code, ["west"] = a => a.WestOrg!.Code, ["start"] = a => a.StartDate, ["end"] = a => a.EndDate,
    };

    /// <summary>By the person's name, the post or the sides' names; never by the ID number, which is stored encrypted.</summary>
    internal override Expression<Func<TalentAssignment, bool>> Search(string text) =>
        a => a.Person!.Name.Contains(text) || a.Post!.Contains(text) || a.EastOrg!.Name.Contains(text) || a.WestOrg!.Name.Contains(text);

    internal override async IAsyncEnumerable<LedgerRow> CellsAsync(IQueryable<TalentAssignment> rows, PersonalDataProtector protector, bool unmasked,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var projected = rows.Select(a => new
            {
                a.Id, a.ReviewState, a.Person!.Name, a.Person.IdNumber!.Cipher, a.Person.IdNumber.Masked, a.Person.Gender, a.Person.Profession, a.Category, a.Direction,
                East = a.EastOrg!.Code, West = a.WestOrg!.Code, a.StartDate, a.EndDate, a.Post, Owner = a.Owner!.Code,
            }).AsAsyncEnumerable();
        await foreach (var r in projected.WithCancellation(ct))
        {
            var id = r.Cipher is null ? "" : unmasked ? protector.Decrypt(r.Cipher) : r.Masked ?? "";
            yield return new LedgerRow(r.Id, r.ReviewState,
            [
                r.Name, id, r.Gender switch { Gender.Male => "男", Gender.Female => "女", _ => "" }, Professions[r.Profession], Categories[r.Category],
                Directions[r.Direction], r.East ?? "", r.West, ProseCells.Iso(r.StartDate), r.EndDate is { } end ? ProseCells.Iso(end) : "", r.Post ?? "", r.Owner,
            ]);
        }
    }
}
