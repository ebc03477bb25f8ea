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

/// <summary>
/// A year of the rows an import wrote, with their two sides (east may be none) — or no sides at all for rows that have
/// none of their own (a project's fund movement).
/// </summary>
public readonly record struct ImportedSlice(int Year, long? EastOrgId, long? WestOrgId);

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

    /// <summary>The years and sides of the rows a committed import inserted or updated: which checks to run after it.</summary>
    public IReadOnlyList<ImportedSlice> Touched { get; init; } = [];

    /// <summary>
    /// The data-quality rules run after the import committed (<see cref="Counterpart.Quality.ImportQualityCheck"/>): warnings
    /// that never undo it. Null when no check ran — a dry run, a rejected file, or a host that did not ask for one.
    /// </summary>
    public Counterpart.Quality.ImportQuality? Quality { get; init; }

    /// <summary>Errors grouped by kind, most frequent first — what a clerk fixes first.</summary>
    public IEnumerable<IGrouping<string, ImportError>> ErrorsByKind =>
        Errors.GroupBy(e => e.Kind).OrderByDescending(g => g.Count());
}
