using System.Reflection;
using System.Text.Json;
using Counterpart.Data;
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

    /// <summary>The organization an import batch of these rows belongs to (for scoping who may see and undo it).</summary>
    internal abstract long BatchOwner(IReadOnlyList<RowValues> rows, OrgDirectory orgs);

    /// <summary>Writes valid rows inside the caller's write; returns the outcome of each row.</summary>
    internal abstract Task ApplyAsync(ImportApplyContext context, IReadOnlyList<RowValues> rows, CancellationToken ct);

    /// <summary>
    /// The ledger's rows in the template's columns, streamed, for rows owned in the scope and dated in the years.
    /// Personal numbers are masked unless <paramref name="unmasked"/> (an export meant for re-import by an authorised user).
    /// </summary>
    internal abstract IAsyncEnumerable<string[]> ExportAsync(CounterpartDbContext db, PersonalDataProtector protector, Scope scope, int fromYear, int toYear, bool unmasked, CancellationToken ct);
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

    public void Insert(object entity)
    {
        Db.Add(entity);
        Changes.Add((entity, ChangeAction.Inserted, null));
    }

    /// <summary>Marks an untracked, already modified entity for update, keeping the snapshot taken before the change.</summary>
    public void Update(object entity, string before)
    {
        Db.Update(entity);
        Changes.Add((entity, ChangeAction.Updated, before));
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
