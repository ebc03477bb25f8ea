namespace Counterpart.Ledgers;

public enum ImportStatus
{
    /// <summary>Validated; nothing saved (dry run).</summary>
    Validated,

    /// <summary>Saved as a whole.</summary>
    Committed,

    /// <summary>Errors found; nothing saved.</summary>
    Rejected,
}

/// <summary>One problem with one cell (or row, or file): where, what was there, and why it was refused.</summary>
public sealed record ImportError(int Row, string Column, string Value, string Reason, string Kind);

/// <summary>What an import did or would do, with every error; the same report for the CLI, the API and the error workbook.</summary>
public sealed record ImportReport
{
    public required string Ledger { get; init; }
    public required string FileName { get; init; }
    public required string Sha256 { get; init; }
    public ImportStatus Status { get; init; }
    public long? BatchId { get; init; }
    public int RowsRead { get; init; }
    public int Inserted { get; init; }
    public int Updated { get; init; }
    public int Unchanged { get; init; }
    public int Rejected { get; init; }
    public IReadOnlyList<ImportError> Errors { get; init; } = [];
    public IReadOnlyList<string> Notices { get; init; } = [];

    /// <summary>Errors grouped by kind, most frequent first — what a clerk fixes first.</summary>
    public IEnumerable<IGrouping<string, ImportError>> ErrorsByKind =>
        Errors.GroupBy(e => e.Kind).OrderByDescending(g => g.Count());
}
