using System.Reflection;
using System.Text.Json;
using Counterpart.Data;
using Counterpart.Organizations;
using Counterpart.People;
using Microsoft.EntityFrameworkCore;

namespace Counterpart.Ledgers;

/// <summary>
/// A ledger as files see it: its template columns, its natural key, its cross-field rules, and how valid rows are
/// written (inserted, updated by natural key, or left unchanged).
/// </summary>
public abstract class LedgerDefinition
{
    /// <summary>The name used on the command line and in the API (e.g. "labor").</summary>
    public abstract string Name { get; }

    public abstract string Title { get; }

    public abstract IReadOnlyList<LedgerColumn> Columns { get; }

    /// <summary>The columns that identify a row, for the notes sheet and docs/ledgers.md.</summary>
    public abstract string NaturalKey { get; }

    /// <summary>Cross-field rules; returns the row's natural key, or null if the row is already invalid.</summary>
    internal abstract string? Check(RowValues row, OrgDirectory orgs, DateOnly today);

    /// <summary>
    /// Work on a valid row that needs no database — hashing and encrypting personal numbers — done while the file is
    /// still being read, on the reading thread, so that the writing thread only writes. Values go into the row
    /// (<see cref="RowValues.Set"/>) for <see cref="ApplyAsync"/>.
    /// </summary>
    internal virtual void Prepare(RowValues row, PersonalDataProtector protector)
    {
    }

    /// <summary>
    /// The organization an import batch belongs to (for scoping who may see and undo it), from the file's first chunk: by
    /// default the 填报单位 (column "owner") of its first row.
    /// </summary>
    internal virtual long BatchOwner(IReadOnlyList<RowValues> rows, OrgDirectory orgs) => rows[0].Get<Organization>("owner")!.Id;

    /// <summary>
    /// How many valid rows <see cref="ApplyAsync"/> gets at a time. An import applies the file's rows chunk after chunk in
    /// one transaction, each chunk saved before the next, so a definition finds earlier chunks' rows in the database.
    /// </summary>
    internal virtual int ChunkSize => 2_000;

    /// <summary>
    /// Rules only the stored data can decide — a fund row's project exists, a sale's product is in the directory, the
    /// totals of a project's funds stay in order — checked on the writing thread just before the chunk is applied, inside
    /// the import's transaction (so earlier chunks are visible). Failures go through <see cref="RowValues.Fail"/> like
    /// those of <see cref="Check"/>: the file is rejected with an error naming the row, the column, the value and the
    /// reason, and nothing is saved.
    /// </summary>
    internal virtual Task CheckStoredAsync(ImportApplyContext context, IReadOnlyList<RowValues> rows, CancellationToken ct) => Task.CompletedTask;

    /// <summary>Writes one chunk of valid rows inside the caller's write, counting each row's outcome on the context.</summary>
    internal abstract Task ApplyAsync(ImportApplyContext context, IReadOnlyList<RowValues> rows, CancellationToken ct);

    /// <summary>
    /// The ledger's rows in the template's columns, streamed, for rows owned in the scope and dated in the years.
    /// Personal numbers are masked unless <paramref name="unmasked"/> (an export meant for re-import by an authorised user).
    /// </summary>
    internal abstract IAsyncEnumerable<string[]> ExportAsync(CounterpartDbContext db, PersonalDataProtector protector, Scope scope, int fromYear, int toYear, bool unmasked, CancellationToken ct);

    /// <summary>
    /// One page of the ledger's rows for a list. This default reads the export and pages it in memory, for the small
    /// ledgers whose rows are not entities of one type (<see cref="EntityLedger{T}"/> queries the database instead);
    /// its rows have no id (0), so they cannot be opened, changed or deleted one by one.
    /// </summary>
    internal virtual async Task<LedgerPage> ListAsync(CounterpartDbContext db, PersonalDataProtector protector, Scope scope, LedgerQuery query, CancellationToken ct)
    {
        var all = new List<LedgerRow>();
        var search = query.Search?.Trim();
        await foreach (var cells in ExportAsync(db, protector, scope, query.FromYear, query.ToYear, unmasked: false, ct).WithCancellation(ct))
        {
            if (string.IsNullOrEmpty(search) || cells.Any(c => c.Contains(search, StringComparison.OrdinalIgnoreCase)))
            {
                all.Add(new LedgerRow(0, null, cells));
            }
        }

        if (query.Descending)
        {
            all.Reverse();
        }

        return new LedgerPage(all.Count, [.. all.Skip((query.Page - 1) * query.PageSize).Take(query.PageSize)]);
    }

    /// <summary>One row by id, as a list shows it; null when there is none the scope may read (or the ledger has no ids).</summary>
    internal virtual Task<LedgerRow?> GetAsync(CounterpartDbContext db, PersonalDataProtector protector, Scope scope, long id, CancellationToken ct) => Task.FromResult<LedgerRow?>(null);

    /// <summary>Whether rows have ids that can be opened, changed and deleted one by one.</summary>
    public virtual bool HasRecords => false;

    /// <summary>The keys of the columns a list can be sorted by.</summary>
    public virtual IReadOnlyCollection<string> SortableColumns => [];

    /// <summary>The entity type of a row (for review steps on one row); null when rows are not entities.</summary>
    public virtual Type? RecordType => null;

    /// <summary>Whether a row's cells can be edited in a form: not when they hold masked personal numbers (the form would save the mask).</summary>
    public bool EditableInForm => HasRecords && Columns.All(c => c.Kind is not (CellKind.IdNumber or CellKind.Mobile));

    /// <summary>Row <paramref name="id"/> tracked for a change inside a write, if the scope may read it.</summary>
    internal virtual Task<object?> FindTrackedAsync(CounterpartDbContext db, Scope scope, long id, CancellationToken ct) => Task.FromResult<object?>(null);

    /// <summary>The columns named in <see cref="NaturalKey"/>: they identify a row, so a form that changes a row keeps them.</summary>
    public IReadOnlyList<LedgerColumn> KeyColumns => keyColumns ??= [.. Columns.Where(c => NaturalKey.Contains(c.Header, StringComparison.Ordinal))];

    private IReadOnlyList<LedgerColumn>? keyColumns;

    /// <summary>The first and the last day of the years an export asks for.</summary>
    private protected static (DateOnly From, DateOnly To) YearSpan(int fromYear, int toYear) => (new DateOnly(fromYear, 1, 1), new DateOnly(toYear, 12, 31));
}

/// <summary>What a ledger's apply step needs, and where it records what it changed.</summary>
internal sealed class ImportApplyContext(CounterpartDbContext db, PersonalDataProtector protector, OrgDirectory orgs, DateOnly today)
{
    private static readonly JsonSerializerOptions Json = new();

    public CounterpartDbContext Db { get; } = db;
    public PersonalDataProtector Protector { get; } = protector;
    public OrgDirectory Orgs { get; } = orgs;
    public DateOnly Today { get; } = today;
    public int Inserted { get; set; }
    public int Updated { get; set; }
    public int Unchanged { get; set; }

    /// <summary>Entities inserted or updated, with their values before an update; linked to the batch once saved.</summary>
    public List<(object Entity, ChangeAction Action, string? Before)> Changes { get; } = [];

    /// <summary>Runs of ids inserted in bulk, by entity type.</summary>
    private readonly List<(string EntityType, long First, long Last)> insertedRuns = [];

    /// <summary>
    /// The years and sides of the rows inserted or updated (a row's year as year locks count it; sides when the row has
    /// its own), for the data-quality checks run after the import. Kept for the whole import: a handful of entries.
    /// </summary>
    public HashSet<ImportedSlice> Touched { get; } = [];

    private readonly Dictionary<Type, object> inserters = [];

    /// <summary>
    /// Inserts many new rows at once (prepared statement or COPY, see <see cref="BulkInserter{T}"/>) and sets their ids;
    /// for the large ledgers, where change tracking would cost more than the rest of the import. Counted as changes of
    /// the batch like <see cref="Insert"/>.
    /// </summary>
    public async Task BulkInsertAsync<T>(IReadOnlyList<T> rows, CancellationToken ct) where T : class
    {
        if (!inserters.TryGetValue(typeof(T), out var inserter))
        {
            inserters[typeof(T)] = inserter = new BulkInserter<T>(Db);
        }

        foreach (var (first, last) in await ((BulkInserter<T>)inserter).InsertAsync(rows, ct))
        {
            insertedRuns.Add((typeof(T).Name, first, last));
        }

        foreach (var row in rows)
        {
            Touch(row);
        }
    }

    private void Touch(object entity)
    {
        if (Review.YearLocks.YearOf(entity) is { } year)
        {
            Touched.Add(entity is ISidedRecord sided ? new ImportedSlice(year, sided.EastOrgId, sided.WestOrgId) : new ImportedSlice(year, null, null));
        }
    }

    /// <summary>Adds what the last chunk changed to the batch (after it was saved, so every entity has its id) and forgets it.</summary>
    public void RecordChanges(long batchId)
    {
        foreach (var (type, first, last) in insertedRuns)
        {
            Db.Add(new ImportChange { BatchId = batchId, EntityType = type, EntityId = first, LastEntityId = last > first ? last : null, Action = ChangeAction.Inserted });
        }

        foreach (var (entity, action, before) in Changes)
        {
            Db.Add(new ImportChange { BatchId = batchId, EntityType = entity.GetType().Name, EntityId = (long)Db.Entry(entity).Property("Id").CurrentValue!, Action = action, Before = before });
        }

        insertedRuns.Clear();
        Changes.Clear();
    }

    public void Insert(object entity)
    {
        Db.Add(entity);
        Changes.Add((entity, ChangeAction.Inserted, null));
        Touch(entity);
    }

    /// <summary>Marks an untracked, already modified entity for update, keeping the snapshot taken before the change.</summary>
    public void Update(object entity, string before)
    {
        Db.Update(entity);
        Changes.Add((entity, ChangeAction.Updated, before));
        Touch(entity);
    }

    /// <summary>
    /// The insert / update / unchanged step of a row whose entity is looked up by natural key: with nothing
    /// <paramref name="stored"/>, inserts <paramref name="fresh"/>; otherwise copies the <paramref name="fields"/> that
    /// differ onto the stored entity (see <see cref="Refresh{T}"/>) or leaves it as it is. Counts the row.
    /// <paramref name="alsoChanged"/>: the row updated another entity first (a person it names), so it counts as updated
    /// even when this entity is unchanged.
    /// </summary>
    public RowOutcome Upsert<T>(T? stored, T fresh, UpdatableFields<T> fields, bool alsoChanged = false) where T : class
    {
        RowOutcome outcome;
        if (stored is null)
        {
            Insert(fresh);
            outcome = RowOutcome.Inserted;
        }
        else
        {
            outcome = Refresh(stored, fresh, fields) || alsoChanged ? RowOutcome.Updated : RowOutcome.Unchanged;
        }

        Count(outcome);
        return outcome;
    }

    /// <summary>
    /// Brings a stored (untracked) entity in line with the file: if any of the <paramref name="fields"/> differ, snapshots
    /// it for undo, copies them from <paramref name="fresh"/> and marks it for update. Counts nothing — for an entity that
    /// is one part of what a row writes. False when nothing differed.
    /// </summary>
    public bool Refresh<T>(T stored, T fresh, UpdatableFields<T> fields) where T : class
    {
        if (fields.Same(stored, fresh))
        {
            return false;
        }

        var before = Snapshot(stored);
        fields.Copy(fresh, stored);
        Update(stored, before);
        return true;
    }

    /// <summary>Counts one row's outcome for the import report.</summary>
    public void Count(RowOutcome outcome)
    {
        switch (outcome)
        {
            case RowOutcome.Inserted:
                Inserted++;
                break;
            case RowOutcome.Updated:
                Updated++;
                break;
            default:
                Unchanged++;
                break;
        }
    }

    /// <summary>The scalar properties of an entity as JSON, to restore them when the import is undone.</summary>
    public string Snapshot(object entity) => SnapshotOf(Db, entity);

    internal static string SnapshotOf(CounterpartDbContext db, object entity)
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in ScalarProperties(db, entity.GetType()))
        {
            values[property.Name] = property.GetValue(entity);
        }

        return JsonSerializer.Serialize(values, Json);
    }

    internal static void Restore(CounterpartDbContext db, object entity, string snapshot)
    {
        using var doc = JsonDocument.Parse(snapshot);
        foreach (var property in ScalarProperties(db, entity.GetType()))
        {
            if (doc.RootElement.TryGetProperty(property.Name, out var value))
            {
                property.SetValue(entity, value.Deserialize(property.PropertyType, Json));
            }
        }
    }

    private static IEnumerable<PropertyInfo> ScalarProperties(CounterpartDbContext db, Type type) =>
        db.Model.FindEntityType(type)!.GetProperties()
            .Where(p => !p.IsPrimaryKey() && !p.IsShadowProperty() && p.PropertyInfo is not null)
            .Select(p => p.PropertyInfo!);
}
