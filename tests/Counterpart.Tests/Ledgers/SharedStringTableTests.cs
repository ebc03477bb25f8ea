using Counterpart.Ledgers.Files;

namespace Counterpart.Tests.Ledgers;

public sealed class SharedStringTableTests
{
    [Fact]
    public void Strings_AcrossBlocksEmptyAndLargerThanABlock_ComeBackAsAdded()
    {
        var table = new SharedStringTable();
        var added = new List<string> { "", "脱贫户", new('长', 400_000), "522726199001011235" };
        for (var i = 0; i < 120_000; i++)
        {
            added.Add("王小明" + i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        added.Add("");
        foreach (var s in added)
        {
            table.Add(s);
        }

        Assert.Equal(added.Count, table.Count);
        Assert.All(Enumerable.Range(0, added.Count), i => Assert.Equal(added[i], table[i]));
    }
}
