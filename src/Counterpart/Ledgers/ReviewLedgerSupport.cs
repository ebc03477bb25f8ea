using System.Globalization;
using Counterpart.Organizations;
using Microsoft.EntityFrameworkCore;

namespace Counterpart.Ledgers;

/// <summary>
/// Formats and small rules shared by the needs, offers, inspections, evaluations and findings ledgers: ISO dates and
/// years for export, text compared as the importer reads it, year ranges, names of organization kinds, lookups in
/// chunks, references already checked against stored data, and in-file duplicates reported on the column a clerk
/// would fix.
/// </summary>
internal static class ReviewLedgerSupport
{
    /// <summary>At most this many keys in one SQL IN list.</summary>
    public const int LookupChunk = 500;

    public static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Iso(DateOnly? date) => date is { } d ? Iso(d) : "";

    public static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Text as the importer reads it (full-width letters and punctuation made half-width, trimmed), so a stored text
    /// typed with full-width commas compares equal to the same text read back from its export. Null and empty are equal.
    /// </summary>
    public static string Read(string? text) => CellParsers.Normalize(text);

    public static bool SameText(string? stored, string? imported) => string.Equals(Read(stored), Read(imported), StringComparison.Ordinal);

    /// <summary>A year column must hold a plausible four-digit year, at most <paramref name="yearsAhead"/> after this year.</summary>
    public static void CheckYear(RowValues row, string key, DateOnly today, int yearsAhead)
    {
        var latest = today.Year + yearsAhead;
        if (row.Get<int?>(key) is { } year && (year < 2000 || year > latest))
        {
            row.Fail(key, $"年度应为 2000 至 {latest} 之间的四位年份", "格式错误");
        }
    }

    /// <summary>A date column must not be later than today (things found, visited or finished cannot be in the future).</summary>
    public static void NotAfterToday(RowValues row, string key, DateOnly today, string what)
    {
        if (row.Get<DateOnly?>(key) is { } date && date > today)
        {
            row.Fail(key, $"{what}晚于今天（{Iso(today)}），请检查", "逻辑矛盾");
        }
    }

    /// <summary>The Chinese name of an organization kind, as the organizations ledger writes it.</summary>
    public static string KindName(OrgKind kind) => OrganizationLedger.Kinds[kind];

    /// <summary>Rows of a query for many keys, asked in chunks so no IN list grows beyond <see cref="LookupChunk"/>.</summary>
    public static async Task<List<T>> InChunksAsync<TKey, T>(IEnumerable<TKey> keys, Func<TKey[], IQueryable<T>> query, CancellationToken ct)
    {
        var result = new List<T>();
        foreach (var chunk in keys.Distinct().Chunk(LookupChunk))
        {
            result.AddRange(await query(chunk).ToListAsync(ct));
        }

        return result;
    }

    /// <summary>
    /// Throws one message naming everything a chunk needs from the database that is not there, for states no row of the
    /// file can fix (a built-in checklist not yet loaded); the file is then rejected as a whole and nothing is saved. A
    /// row's reference to another ledger's row is checked in <see cref="LedgerDefinition.CheckStoredAsync"/> instead,
    /// as an error on the row's column.
    /// </summary>
    public static void ThrowIfMissing(List<string> missing, string advice)
    {
        if (missing.Count == 0)
        {
            return;
        }

        var shown = string.Join("；", missing.Take(10)) + (missing.Count > 10 ? $"；另有 {missing.Count - 10} 行" : "");
        throw new Data.DomainException($"文件未导入：{shown}。{advice}");
    }

    /// <summary>
    /// A stored row a reference resolves to. <see cref="LedgerDefinition.CheckStoredAsync"/> has already failed every
    /// row whose reference is not stored, so a miss here is a bug, not a clerk's mistake.
    /// </summary>
    public static TValue Stored<TKey, TValue>(Dictionary<TKey, TValue> found, TKey key) where TKey : notnull =>
        found.TryGetValue(key, out var value) ? value : throw new InvalidOperationException($"{key} passed the stored-data check but is not stored.");
}

/// <summary>
/// Natural keys seen so far in one file. A repeated key is reported on the column a clerk would change (e.g. 需求名称),
/// naming the first row, rather than on the key as a whole; <paramref name="advice"/>, if given, follows the reason.
/// </summary>
internal sealed class KeysInFile(string keyColumns, string? advice = null)
{
    private readonly Dictionary<string, int> seen = new(StringComparer.Ordinal);

    /// <summary>The key if the row is valid and its key is new in the file; otherwise null (the row has failed).</summary>
    public string? Claim(RowValues row, string key, string column)
    {
        if (!row.Ok)
        {
            return null;
        }

        if (seen.TryGetValue(key, out var first))
        {
            row.Fail(column, $"与第 {first} 行重复（{keyColumns}都相同）" + (advice is null ? "" : $"；{advice}"), "文件内重复");
            return null;
        }

        seen[key] = row.Row;
        return key;
    }
}
