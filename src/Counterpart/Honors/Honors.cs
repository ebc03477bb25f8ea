using Counterpart.Data;
using Counterpart.Organizations;

namespace Counterpart.Honors;

public enum HonorLevel
{
    National,
    Provincial,
    Prefecture,
    County,
}

/// <summary>An award to a site, unit or person (荣誉).</summary>
public sealed class Honor : LedgerRecord
{
    public required string Title { get; set; }
    public required string AwardedBy { get; set; }
    public HonorLevel Level { get; set; }
    public int Year { get; set; }
    public long RecipientOrgId { get; set; }
    public Organization? Recipient { get; set; }
    public string? RecipientPerson { get; set; }
}

/// <summary>A short typical case (典型案例) with its photos.</summary>
public sealed class CaseStory : LedgerRecord
{
    public required string Title { get; set; }
    public required string Summary { get; set; }
    public DateOnly Date { get; set; }
    public long SubjectOrgId { get; set; }
    public Organization? Subject { get; set; }
    public string? PhotoPaths { get; set; }
}
