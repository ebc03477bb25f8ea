using Counterpart.Data;
using Counterpart.Organizations;
using Counterpart.People;

namespace Counterpart.Talent;

public enum Profession
{
    Cadre,
    Teacher,
    Doctor,
    Agronomist,
    Other,
}

public enum AssignmentCategory
{
    /// <summary>挂职.</summary>
    Secondment,

    /// <summary>支教.</summary>
    Teaching,

    /// <summary>支医.</summary>
    Medical,

    /// <summary>支农.</summary>
    Agriculture,

    /// <summary>跟岗学习.</summary>
    Shadowing,

    /// <summary>培训 (cadres trained on the other side).</summary>
    Training,

    /// <summary>短期专家指导 (expert visits, usually days).</summary>
    ExpertVisit,
}

public enum Direction
{
    EastToWest,
    WestToEast,
}

/// <summary>A person exchanged between the two sides: one row per person (人).</summary>
public sealed class TalentPerson : LedgerRecord
{
    public required string Name { get; set; }
    public ProtectedId? IdNumber { get; set; }
    public Gender? Gender { get; set; }
    public Profession Profession { get; set; }

    /// <summary>When the person was entered in the register (登记日期).</summary>
    public DateOnly RegisteredOn { get; set; }
}

/// <summary>One stay on the other side: one row per assignment (人次).</summary>
public sealed class TalentAssignment : LedgerRecord, ISidedRecord
{
    public long PersonId { get; set; }
    public TalentPerson? Person { get; set; }
    public AssignmentCategory Category { get; set; }
    public Direction Direction { get; set; }

    /// <summary>The eastern unit (sending or receiving, by direction).</summary>
    public long? EastOrgId { get; set; }
    public Organization? EastOrg { get; set; }

    /// <summary>The western unit (receiving or sending, by direction).</summary>
    public long WestOrgId { get; set; }
    public Organization? WestOrg { get; set; }
    public DateOnly StartDate { get; set; }

    /// <summary>Null while the person is still serving.</summary>
    public DateOnly? EndDate { get; set; }
    public string? Post { get; set; }

    /// <summary>Days served, both ends included; an ongoing stay counts up to <paramref name="asOf"/>.</summary>
    public static int DaysServed(DateOnly start, DateOnly? end, DateOnly asOf)
    {
        var last = end is { } e && e < asOf ? e : asOf;
        return Math.Max(0, last.DayNumber - start.DayNumber + 1);
    }
}
