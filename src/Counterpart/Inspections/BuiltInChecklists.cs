using Counterpart.Data;
using Microsoft.EntityFrameworkCore;

namespace Counterpart.Inspections;

/// <summary>Checklists that ship with the product; added to every database at start, with or without reference data.</summary>
public static class BuiltInChecklists
{
    public static async Task EnsureAsync(CounterpartDbContext db, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (await db.Checklists.AnyAsync(c => c.Code == SafetyChecklist.Code, ct))
        {
            return;
        }

        await new LedgerWriter(db).WriteAsync(WriteContext.System("built-in"), (d, _) =>
        {
            d.Add(SafetyChecklist.Create());
            return Task.CompletedTask;
        }, ct);
    }
}
