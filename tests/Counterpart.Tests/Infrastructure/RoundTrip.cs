using Counterpart.Data;
using Counterpart.Ledgers;

namespace Counterpart.Tests.Infrastructure;

/// <summary>A ledger's stored rows exported (every year) and imported again as a dry run: the round trip of the ledger tests.</summary>
internal static class RoundTrip
{
    public static async Task<(int Count, ImportReport Report)> ExportThenDryRunAsync(CounterpartDbContext ctx, string ledger, bool csv, bool unmasked, CancellationToken ct)
    {
        var exported = new MemoryStream();
        var count = await new LedgerExporter(ctx, ReferenceDatabases.Protector).ExportAsync(ledger, exported, csv, Scope.Everything, 2000, 2100, unmasked, WriteContext.System("测试员"), ct);
        var report = await new LedgerImporter(ctx, ReferenceDatabases.Protector, new FixedClock(Services.Today))
            .ImportAsync(new MemoryStream(exported.ToArray()), csv ? "导出.csv" : "导出.xlsx", ledger, new ImportOptions("测试员", DryRun: true), null, ct);
        return (count, report);
    }
}
