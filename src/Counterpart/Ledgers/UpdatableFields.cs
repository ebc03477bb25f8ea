using System.Linq.Expressions;
using System.Reflection;

namespace Counterpart.Ledgers;

/// <summary>What importing one row did, as the import report counts it.</summary>
internal enum RowOutcome
{
    Inserted,
    Updated,
    Unchanged,
}

/// <summary>
/// The properties a re-imported row may change on an entity already stored under its natural key, each with how it is
/// compared. They are listed once, so what <see cref="ImportApplyContext.Upsert{T}"/> compares is exactly what it
/// copies; key properties are left out, since the row was found by them.
/// </summary>
internal sealed class UpdatableFields<T> where T : class
{
    private readonly List<(Func<T, T, bool> Same, Action<T, T> Copy)> fields = [];

    /// <summary>
    /// Adds a property, compared with <paramref name="same"/> (stored value first, then the file's) or, without it, with
    /// the type's own equality (ordinal for text).
    /// </summary>
    public UpdatableFields<T> Add<TValue>(Expression<Func<T, TValue>> property, Func<TValue, TValue, bool>? same = null)
    {
        if (property.Body is not MemberExpression { Member: PropertyInfo { GetMethod: { } getter, SetMethod: { } setter } } member
            || member.Expression != property.Parameters[0])
        {
            throw new ArgumentException($"“{property}” is not a settable property of {typeof(T).Name}.", nameof(property));
        }

        var get = getter.CreateDelegate<Func<T, TValue>>();
        var set = setter.CreateDelegate<Action<T, TValue>>();
        var equal = same ?? EqualityComparer<TValue>.Default.Equals;
        fields.Add(((stored, fresh) => equal(get(stored), get(fresh)), (stored, fresh) => set(stored, get(fresh))));
        return this;
    }

    /// <summary>True when every property of the stored entity equals the fresh one's.</summary>
    public bool Same(T stored, T fresh) => fields.TrueForAll(f => f.Same(stored, fresh));

    /// <summary>Copies every property from the fresh entity onto the stored one.</summary>
    public void Copy(T fresh, T stored)
    {
        foreach (var (_, copy) in fields)
        {
            copy(stored, fresh);
        }
    }
}
