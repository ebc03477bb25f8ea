namespace Counterpart.Monitoring;

/// <summary>The kinds of difference between our registry and the monitoring system.</summary>
public enum MismatchKind
{
    /// <summary>户类型不一致.</summary>
    HouseholdType,

    /// <summary>姓名不一致.</summary>
    Name,

    /// <summary>性别不一致.</summary>
    Gender,

    /// <summary>我方标为脱贫户/监测户但监测系统无此人.</summary>
    NotInFile,
}

/// <summary>One employment record of a person: its id (for /ledgers/labor?ids=…) and the year it started.</summary>
public sealed record JobRef(long Id, int Year);

/// <summary>
/// One difference for one person. <see cref="Ours"/> and <see cref="Theirs"/> name both values (for a household type, the
/// monitoring system's own words in brackets). <see cref="LiftedFlagWrong"/>: the person's jobs are counted in (or left out
/// of) “of whom 脱贫” wrongly, as far as the monitoring system says. The ID number only ever appears masked.
/// </summary>
public sealed record Mismatch(
    MismatchKind Kind,
    string KindLabel,
    long PersonId,
    string MaskedId,
    string Name,
    string Ours,
    string Theirs,
    string? Sheet,
    int? Row,
    string Advice,
    bool LiftedFlagWrong,
    IReadOnlyList<JobRef> Employment);

/// <summary>How many persons of “of whom 脱贫” (labor_transferred_lifted) a year would lose and gain if the monitoring system is right.</summary>
public sealed record FigureEffect(int Year, int Decrease, int Increase)
{
    public int Net => Increase - Decrease;
}

/// <summary>A person of the file not in our registry (within the scope): only the masked number and the file's row.</summary>
public sealed record FileOnlyPerson(string Sheet, int Row, string MaskedId);

/// <summary>
/// The outcome of one cross-check. Nothing of it is stored: the caller shows it, or writes it as a workbook
/// (<see cref="CrossCheckWorkbook"/>), and the audit trail keeps only the counts (ADR 14).
/// </summary>
public sealed record CrossCheckResult
{
    public required string FileName { get; init; }
    public required string Layout { get; init; }
    public int? Year { get; init; }
    public DateOnly CheckedOn { get; init; }

    /// <summary>Member rows read (not blank), and household rows of a two-sheet workbook.</summary>
    public int RowsRead { get; init; }
    public int HouseholdRowsRead { get; init; }

    /// <summary>Rows with at least one problem (each problem is in <see cref="Errors"/>).</summary>
    public int BadRows { get; init; }

    /// <summary>Distinct persons read with a status.</summary>
    public int PersonsInFile { get; init; }

    /// <summary>Persons of our registry (in scope).</summary>
    public int OursInScope { get; init; }

    /// <summary>Persons of ours found in the file.</summary>
    public int Matched { get; init; }

    /// <summary>Persons of ours not in the file whose home county the file covers (of whom those marked 脱贫户/监测户 are mismatches).</summary>
    public int OursNotInFile { get; init; }

    /// <summary>Persons of ours not in the file whose home county the file does not cover: not judged.</summary>
    public int OursNotJudged { get; init; }

    /// <summary>Persons of the file not in our registry (within the scope).</summary>
    public int FileNotOurs { get; init; }

    /// <summary>Counties with at least one matched person: there, absence from the file means 一般农户.</summary>
    public IReadOnlyList<string> CoveredCounties { get; init; } = [];

    /// <summary>Counties of our persons with none matched: absence from the file says nothing there.</summary>
    public IReadOnlyList<string> UncoveredCounties { get; init; } = [];

    /// <summary>County names the file's 县 column gives, for reference.</summary>
    public IReadOnlyList<string> FileCounties { get; init; } = [];

    public IReadOnlyList<Mismatch> Mismatches { get; init; } = [];

    public IReadOnlyList<FileBadRow> Errors { get; init; } = [];

    public IReadOnlyList<string> Notices { get; init; } = [];

    public IReadOnlyList<FigureEffect> FigureEffects { get; init; } = [];

    public IReadOnlyList<FileOnlyPerson> FileOnly { get; init; } = [];

    /// <summary>Mismatching persons (a person may differ in several ways).</summary>
    public int MismatchedPersons => Mismatches.Select(m => m.PersonId).Distinct().Count();

    public int CountOf(MismatchKind kind) => Mismatches.Count(m => m.Kind == kind);

    /// <summary>What “absent from the file” means here, in Chinese, for the result and the workbook.</summary>
    public string CoverageNote => CoveredCounties.Count == 0
        ? "文件中没有一个人与我方名册对上，无法判断文件覆盖哪些县，所以不判断“监测系统无此人”。"
        : $"监测系统只列脱贫户和监测对象，不在文件中的人按一般农户看待；这只适用于文件覆盖的县（{string.Join("、", CoveredCounties)}，即至少有一人对上的县）。"
          + (UncoveredCounties.Count > 0 ? $"{string.Join("、", UncoveredCounties)}没有一人对上，那里的 {OursNotJudged:#,0} 人不作判断。" : "");

    /// <summary>The audit entry's detail: counts, never a person's values.</summary>
    public string AuditDetail() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"与国家防返贫监测系统比对：文件“{FileName}”，{(Year is { } y ? $"{y} 年，" : "")}读取 {RowsRead} 行（户信息 {HouseholdRowsRead} 行），有误 {BadRows} 行，"
        + $"对上 {Matched} 人；不一致 {Mismatches.Count} 处（户类型 {CountOf(MismatchKind.HouseholdType)}、姓名 {CountOf(MismatchKind.Name)}、性别 {CountOf(MismatchKind.Gender)}、"
        + $"监测系统无此人 {CountOf(MismatchKind.NotInFile)}）；我方有、文件无 {OursNotInFile} 人，未判断 {OursNotJudged} 人；文件有、我方无 {FileNotOurs} 人；未保存文件");
}
