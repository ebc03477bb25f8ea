using Counterpart.Ledgers;
using Counterpart.Tests.Infrastructure;

namespace Counterpart.Tests.Ledgers;

public sealed class LedgerDocsTests
{
    [Fact]
    public void LedgersDoc_EveryTemplateColumn_IsListed()
    {
        var doc = File.ReadAllText(Path.Combine(Checkout.Root, "docs", "ledgers.md"));

        foreach (var ledger in LedgerCatalog.All)
        {
            Assert.Contains($"## {ledger.Name} — {ledger.Title}", doc, StringComparison.Ordinal);
            Assert.All(ledger.Columns, c => Assert.Contains($"| {c.Header} |", doc, StringComparison.Ordinal));
        }
    }
}
