using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using Counterpart.Data;
using Counterpart.People;
using Microsoft.EntityFrameworkCore;

namespace Counterpart.Ledgers;

/// <summary>
/// A ledger whose file rows are entities of one type (a project, a fund movement, a job): the export, the ledger pages'
/// lists and the record API read the same query (<see cref="Dated"/>) and show the same cells (<see cref="CellsAsync"/>),
/// so a page shows exactly what an export of the same rows would write. Lists page, sort and search in the database.
/// </summary>
public abstract class EntityLedger<T> : LedgerDefinition where T : class
{
    /// <summary>The rows the scope may read, dated in the years by the ledger's own date (start date, year, signed on …).</summary>
    internal abstract IQueryable<T> Dated(CounterpartDbContext db, Scope scope, int fromYear, int toYear);

    /// <summary>The template's cells of each row with its id and review state, in the order of <paramref name="rows"/>.</summary>
    internal abstract IAsyncEnumerable<LedgerRow> CellsAsync(IQueryable<T> rows, PersonalDataProtector protector, bool unmasked, CancellationToken ct);

    /// <summary>The order of an export and of a list nobody sorted: by default the order rows were entered.</summary>
    internal virtual IOrderedQueryable<T> InOrder(IQueryable<T> rows) => rows.OrderBy(r => EF.Property<long>(r, "Id"));

    /// <summary>The columns a list can be sorted by (column key → the value sorted on).</summary>
    internal virtual IReadOnlyDictionary<string, Expression<Func<T, object?>>> SortKeys { get; } = new Dictionary<string, Expression<Func<T, object?>>>();

    /// <summary>Rows whose text matches what the user typed in the list's search box; null when the ledger has no search.</summary>
    internal virtual Expression<Func<T, bool>>? Search(string text) => null;

    internal sealed override async IAsyncEnumerable<string[]> ExportAsync(CounterpartDbContext db, PersonalDataProtector protector, Scope scope, int fromYear, int toYear,
        bool unmasked, [EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var row in CellsAsync(InOrder(Dated(db, scope, fromYear, toYear)), protector, unmasked, ct).WithCancellation(ct))
        {
            yield return row.Cells;
        }
    }

    internal sealed override async Task<LedgerPage> ListAsync(CounterpartDbContext db, PersonalDataProtector protector, Scope scope, LedgerQuery query, CancellationToken ct)
    {
        var rows = Dated(db, scope, query.FromYear, query.ToYear);
        if (query.Ids is { Count: > 0 } ids)
        {
            var idList = ids.ToList();
            rows = rows.Where(r => EF.Parameter(idList).Contains(EF.Property<long>(r, "Id")));
        }

        if (!string.IsNullOrWhiteSpace(query.Search) && Search(query.Search.Trim()) is { } matches)
        {
            rows = rows.Where(matches);
        }

        var total = await rows.CountAsync(ct);
        var ordered = query.SortBy is { } key && SortKeys.TryGetValue(key, out var sortKey)
            ? (query.Descending ? rows.OrderByDescending(sortKey) : rows.OrderBy(sortKey)).ThenBy(r => EF.Property<long>(r, "Id"))
            : query.Descending ? rows.OrderByDescending(r => EF.Property<long>(r, "Id")) : InOrder(rows);
        var page = ordered.Skip((query.Page - 1) * query.PageSize).Take(query.PageSize);
        var list = new List<LedgerRow>(query.PageSize);
        await foreach (var row in CellsAsync(page, protector, unmasked: false, ct).WithCancellation(ct))
        {
            list.Add(row);
        }

        return new LedgerPage(total, list);
    }

    internal sealed override async Task<LedgerRow?> GetAsync(CounterpartDbContext db, PersonalDataProtector protector, Scope scope, long id, CancellationToken ct)
    {
        var rows = Dated(db, scope, 1, 9999).Where(r => EF.Property<long>(r, "Id") == id);
        await foreach (var row in CellsAsync(rows, protector, unmasked: false, ct).WithCancellation(ct))
        {
            return row;
        }

        return null;
    }

    public override bool HasRecords => true;

    public override IReadOnlyCollection<string> SortableColumns => [.. SortKeys.Keys];

    public override Type? RecordType => typeof(T);

    internal sealed override async Task<object?> FindTrackedAsync(CounterpartDbContext db, Scope scope, long id, CancellationToken ct) =>
        await Dated(db, scope, 1, 9999).Where(r => EF.Property<long>(r, "Id") == id).AsTracking().SingleOrDefaultAsync(ct);
}

/// <summary>One row of a ledger as a page or the record API shows it: its id, its review state (null for rows reviewed with their parent) and its template cells.</summary>
public sealed record LedgerRow(long Id, ReviewStatus? State, string[] Cells);

/// <summary>One page of a ledger's list and how many rows match in all.</summary>
public sealed record LedgerPage(int Total, IReadOnlyList<LedgerRow> Rows);

/// <summary>What a list asks for: the years, the words searched, the column sorted by, and the page (1-based).</summary>
public sealed record LedgerQuery(int FromYear, int ToYear, string? Search = null, string? SortBy = null, bool Descending = false, int Page = 1, int PageSize = 20)
{
    /// <summary>Only these rows (the rows a data-quality finding names), when given.</summary>
    public IReadOnlyList<long>? Ids { get; init; }

    public const int MaxPageSize = 200;

    /// <summary>The query with its page number and size brought into range.</summary>
    public LedgerQuery Normalized() => this with { Page = Math.Max(1, Page), PageSize = Math.Clamp(PageSize, 1, MaxPageSize) };
}
