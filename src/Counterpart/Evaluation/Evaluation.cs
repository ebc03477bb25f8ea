using Counterpart.Data;
using Counterpart.Inspections;
using Counterpart.Organizations;
using Counterpart.Pairings;

namespace Counterpart.Evaluation;

public enum EvaluationLevel
{
    National,
    Provincial,
}

/// <summary>好 / 较好 / 一般 / 差.</summary>
public enum Grade
{
    Good,
    FairlyGood,
    Average,
    Poor,
}

/// <summary>一般 / 较重 / 严重.</summary>
public enum FindingSeverity
{
    General,
    Serious,
    Major,
}

public enum RectificationStatus
{
    Open,
    InProgress,
    Done,
}

/// <summary>
/// One evaluation (考核评价) of a pairing for a year. A completed round with no findings is how
/// "zero findings" (零问题反馈) is shown and proved: the round exists, and nothing hangs under it.
/// </summary>
public sealed class EvaluationRound : LedgerRecord, IPairingRecord
{
    public long PairingId { get; set; }
    public Pairing? Pairing { get; set; }
    public int Year { get; set; }
    public EvaluationLevel Level { get; set; }
    public required string Name { get; set; }
    public DateOnly ConductedOn { get; set; }
    public bool Completed { get; set; }
    public Grade? Grade { get; set; }
}

/// <summary>A problem fed back by an evaluation round or found on an inspection.</summary>
public sealed class Finding : LedgerRecord
{
    public long? EvaluationRoundId { get; set; }
    public EvaluationRound? EvaluationRound { get; set; }
    public long? InspectionId { get; set; }
    public Inspection? Inspection { get; set; }
    public required string Area { get; set; }

    /// <summary>How serious the problem is (一般 when the file does not say).</summary>
    public FindingSeverity Severity { get; set; }
    public required string Description { get; set; }
    public DateOnly Date { get; set; }
    public long ConcernsOrgId { get; set; }
    public Organization? Concerns { get; set; }

    /// <summary>What is done about it; the findings ledger shows the first task in the finding's row.</summary>
    public List<RectificationTask> Tasks { get; set; } = [];
}

/// <summary>The task that fixes a finding (问题整改).</summary>
public sealed class RectificationTask : LedgerRecord
{
    public long FindingId { get; set; }
    public Finding? Finding { get; set; }
    public required string Measure { get; set; }
    public DateOnly Deadline { get; set; }
    public RectificationStatus Status { get; set; }
    public DateOnly? CompletedOn { get; set; }
    public string? Evidence { get; set; }
}
