using System.Text;

namespace Counterpart.Ledgers.Files;

/// <summary>
/// The shared strings of a workbook, kept as UTF-8 in 1 MB blocks with one offset per string instead of one .NET string
/// each: a million-row sheet has millions of distinct strings (ID and phone numbers), which as objects would cost
/// several times their text and keep the collector busy. A string is decoded when a cell asks for it.
/// </summary>
internal sealed class SharedStringTable
{
    private const int BlockSize = 1 << 20;
    private readonly List<byte[]> blocks = [];
    private readonly List<(int Block, int Start, int Length)> entries = [];
    private int used = BlockSize;

    public int Count => entries.Count;

    public void Add(string text)
    {
        var length = Encoding.UTF8.GetByteCount(text);
        if (blocks.Count == 0 || length > BlockSize - used)
        {
            blocks.Add(new byte[Math.Max(BlockSize, length)]);
            used = 0;
        }

        var block = blocks[^1];
        Encoding.UTF8.GetBytes(text, block.AsSpan(used));
        entries.Add((blocks.Count - 1, used, length));
        used += length;
    }

    public string this[int index]
    {
        get
        {
            var (block, start, length) = entries[index];
            return length == 0 ? string.Empty : Encoding.UTF8.GetString(blocks[block], start, length);
        }
    }
}
