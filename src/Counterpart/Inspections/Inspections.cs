using Counterpart.Data;
using Counterpart.Organizations;

namespace Counterpart.Inspections;

/// <summary>A checklist used on site visits; built-in ones (the ten safety prohibitions) ship with the product.</summary>
public sealed class Checklist
{
    public long Id { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    public bool BuiltIn { get; set; }
    public List<ChecklistItem> Items { get; set; } = [];
}

public sealed class ChecklistItem
{
    public long Id { get; set; }
    public long ChecklistId { get; set; }
    public int Number { get; set; }
    public required string Text { get; set; }
}

/// <summary>A site visit (检查) against a checklist.</summary>
public sealed class Inspection : LedgerRecord
{
    public long SiteOrgId { get; set; }
    public Organization? Site { get; set; }
    public long ChecklistId { get; set; }
    public Checklist? Checklist { get; set; }
    public DateOnly Date { get; set; }
    public required string Inspector { get; set; }
    public string? Summary { get; set; }
    public List<InspectionResult> Results { get; set; } = [];
}

public sealed class InspectionResult
{
    public long Id { get; set; }
    public long InspectionId { get; set; }
    public long ChecklistItemId { get; set; }
    public ChecklistItem? Item { get; set; }
    public bool Passed { get; set; }
    public string? Note { get; set; }
}
