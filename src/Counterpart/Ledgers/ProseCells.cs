using System.Globalization;

namespace Counterpart.Ledgers;

/// <summary>
/// Helpers shared by the ledgers that carry prose (titles, summaries, posts): such text is stored as typed, with its
/// full-width punctuation (，（）), while keys and comparisons use the normalised form, so that “（第1期）” and
/// “(第1期)” name the same row.
/// </summary>
internal static class ProseCells
{
    /// <summary>
    /// The cell as typed (trimmed), or null when empty. The apostrophe our exports put before a cell that would run as a
    /// formula is dropped, as <see cref="CellParsers.Normalize"/> drops it.
    /// </summary>
    public static string? Text(RowValues row, string key)
    {
        if (!row.Has(key))
        {
            return null;
        }

        var text = row.Raw(key).Trim();
        return text.Length > 1 && text[0] == '\'' && "=+-@＝＋－＠".Contains(text[1], StringComparison.Ordinal) ? text[1..] : text;
    }

    /// <summary>The form text is compared in: full-width letters, digits and punctuation as half-width, spaces removed.</summary>
    public static string Key(string? text) => CellParsers.Normalize(text).Replace(" ", "", StringComparison.Ordinal);

    public static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
