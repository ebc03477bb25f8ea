using System.Globalization;

namespace Counterpart.Ledgers;

/// <summary>
/// A number in a unit the row already names (a target in the indicator's unit, a performance value in its own unit):
/// no 万/亿 scaling, so “4000万” in a 万元 column is refused instead of silently read as 40,000,000.
/// </summary>
internal static class PlainNumber
{
    /// <summary>Reads “4,000”, “１２.５”, or “4000人” when the unit is 人; refuses negatives and more than two decimals.</summary>
    public static Parsed<decimal> Parse(string raw, string? unit)
    {
        var v = CellParsers.Normalize(raw).Replace(",", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
        var u = CellParsers.Normalize(unit);
        if (u.Length > 0 && v.Length > u.Length && v.EndsWith(u, StringComparison.Ordinal))
        {
            v = v[..^u.Length];
        }

        if (!decimal.TryParse(v, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            return Parsed.Fail<decimal>(u.Length > 0 ? $"应为数字，单位是“{u}”（不要写其他单位）" : "应为数字");
        }

        if (number < 0)
        {
            return Parsed.Fail<decimal>("不能为负数");
        }

        return decimal.Round(number, 2) != number ? Parsed.Fail<decimal>("最多保留两位小数") : Parsed.Of(number);
    }

    public static string Format(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    public static string Format(decimal? value) => value is { } v ? Format(v) : "";
}
