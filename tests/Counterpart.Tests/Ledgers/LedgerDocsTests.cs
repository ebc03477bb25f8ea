using Counterpart.Ledgers;

namespace Counterpart.Tests.Ledgers;

public sealed class LedgerDocsTests
{
    [Fact]
    public void LedgersDoc_EveryTemplateColumn_IsListed()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root!.FullName, "Counterpart.slnx")))
        {
            root = root.Parent;
        }

        var doc = File.ReadAllText(Path.Combine(root.FullName, "docs", "ledgers.md"));

        foreach (var ledger in LedgerCatalog.All)
        {
            Assert.Contains($"## {ledger.Name} — {ledger.Title}", doc, StringComparison.Ordinal);
            Assert.All(ledger.Columns, c => Assert.Contains($"| {c.Header} |", doc, StringComparison.Ordinal));
        }
    }
}
