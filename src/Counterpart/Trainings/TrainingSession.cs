using Counterpart.Data;
using Counterpart.Organizations;

namespace Counterpart.Trainings;

public enum TrainingDomain
{
    LaborSkills,
    Education,
    Medical,
    Cadre,
    Other,
}

/// <summary>
/// One training session (期) with its signed-in attendance (人次), as offices keep them in their training
/// ledgers (期次, 日期, 地点, 人数).
/// </summary>
public sealed class TrainingSession : LedgerRecord, ISidedRecord
{
    public required string Title { get; set; }
    public TrainingDomain Domain { get; set; }

    /// <summary>Market-oriented, employer-customised (定制化) labor training.</summary>
    public bool MarketOriented { get; set; }

    /// <summary>The eastern organizer (a studio, school, agency) when the east runs it.</summary>
    public long? EastOrgId { get; set; }
    public Organization? EastOrg { get; set; }

    /// <summary>Where it is held or whom it serves in the west (a training base, the county …).</summary>
    public long WestOrgId { get; set; }
    public Organization? WestOrg { get; set; }
    public DateOnly StartDate { get; set; }
    public DateOnly EndDate { get; set; }
    public int Attendance { get; set; }
}
