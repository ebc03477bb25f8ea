using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Counterpart.People;

namespace Counterpart.Ledgers;

/// <summary>The outcome of reading one cell: a value, or the reason in Chinese why the cell was refused.</summary>
public readonly record struct Parsed<T>(T? Value, string? Error)
{
    public bool Ok => Error is null;
}

public static class Parsed
{
    public static Parsed<T> Of<T>(T value) => new(value, null);

    public static Parsed<T> Fail<T>(string reason) => new(default, reason);
}

/// <summary>
/// Reads cells the way people type them in Excel and WPS: full-width characters, 是/否/√, dates with any separator or
/// in Chinese, Excel serial dates, amounts with 元/万元/亿元 in the cell or given by the header.
/// </summary>
public static partial class CellParsers
{
    private static readonly DateOnly ExcelEpoch = new(1899, 12, 30);

    /// <summary>Full-width ASCII (Ａ-Ｚ, ０-９, punctuation) to half-width; ideographic space to space; trimmed.</summary>
    public static string Normalize(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            sb.Append(c switch
            {
                >= '\uFF01' and <= '\uFF5E' => (char)(c - 0xFEE0),
                '\u3000' or '\u00A0' => ' ',
                _ => c,
            });
        }

        var result = sb.ToString().Trim();
        // Our exports prefix an apostrophe to cells that would run as formulas; reading them back drops it.
        return result.Length > 1 && result[0] == '\'' && "=+-@".Contains(result[1], StringComparison.Ordinal) ? result[1..] : result;
    }

    public static Parsed<bool> Boolean(string? cell)
    {
        var v = Normalize(cell).ToUpperInvariant();
        return v switch
        {
            "是" or "Y" or "YES" or "TRUE" or "1" or "√" or "✓" or "✔" or "对" or "有" => Parsed.Of<bool>(true),
            "否" or "N" or "NO" or "FALSE" or "0" or "×" or "✗" or "X" or "不是" or "无" => Parsed.Of<bool>(false),
            _ => Parsed.Fail<bool>("应填“是”或“否”（也可填 Y/N、√/×）"),
        };
    }

    public static Parsed<Gender> Gender(string? cell) => Normalize(cell).ToUpperInvariant() switch
    {
        "男" or "M" or "MALE" or "1" => Parsed.Of<Gender>(People.Gender.Male),
        "女" or "F" or "FEMALE" or "2" => Parsed.Of<Gender>(People.Gender.Female),
        _ => Parsed.Fail<Gender>("性别应填“男”或“女”"),
    };

    public static Parsed<int> WholeNumber(string? cell)
    {
        var v = Normalize(cell).Replace(",", "", StringComparison.Ordinal);
        if (v.EndsWith('人') || v.EndsWith('个') || v.EndsWith('户') || v.EndsWith('期') || v.EndsWith('次'))
        {
            v = v[..^1];
        }

        if (decimal.TryParse(v, NumberStyles.Number, CultureInfo.InvariantCulture, out var d) && d == decimal.Truncate(d) && d is >= int.MinValue and <= int.MaxValue)
        {
            return Parsed.Of<int>((int)d);
        }

        return Parsed.Fail<int>("应为整数");
    }

    /// <summary>
    /// An amount in 元. The cell may carry its own unit (12.5万, 1.2亿元, 3,000元); otherwise the column's unit applies
    /// (a header such as “金额（万元）”).
    /// </summary>
    public static Parsed<decimal> Amount(string? cell, decimal columnUnitInYuan = 1m)
    {
        var v = Normalize(cell).Replace(",", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
        var unit = columnUnitInYuan;
        foreach (var (suffix, yuan) in AmountSuffixes)
        {
            if (v.EndsWith(suffix, StringComparison.Ordinal))
            {
                v = v[..^suffix.Length];
                unit = yuan;
                break;
            }
        }

        v = v.TrimStart('¥', '￥');
        if (!decimal.TryParse(v, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            return Parsed.Fail<decimal>("应为金额数字，可带单位：元、万元或亿元");
        }

        var yuanValue = number * unit;
        if (yuanValue < 0)
        {
            return Parsed.Fail<decimal>("金额不能为负数");
        }

        return decimal.Round(yuanValue, 2) != yuanValue
            ? Parsed.Fail<decimal>("金额换算成元后超过两位小数（精确到分）")
            : Parsed.Of<decimal>(yuanValue);
    }

    private static readonly (string Suffix, decimal Yuan)[] AmountSuffixes =
        [("亿元", 100_000_000m), ("万元", 10_000m), ("亿", 100_000_000m), ("万", 10_000m), ("元", 1m)];

    /// <summary>The unit a header names, e.g. “拨付金额（万元）” → 10,000; no unit → 元.</summary>
    public static decimal UnitOfHeader(string header)
    {
        var h = Normalize(header);
        return h.Contains("亿元", StringComparison.Ordinal) ? 100_000_000m
            : h.Contains("万元", StringComparison.Ordinal) ? 10_000m
            : 1m;
    }

    /// <summary>
    /// A date as people write it: 2023-5-1, 2023/05/01, 2023.5.1, 2023年5月1日, 20230501, or an Excel serial day
    /// number (45047), as Excel stores a date cell.
    /// </summary>
    public static Parsed<DateOnly> Date(string? cell)
    {
        var v = Normalize(cell);
        if (v.Length == 0)
        {
            return Parsed.Fail<DateOnly>("日期为空");
        }

        var m = DatePattern().Match(v);
        if (m.Success)
        {
            var y = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            var mo = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
            var d = int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture);
            return y is >= 1900 and <= 2100 && mo is >= 1 and <= 12 && d >= 1 && d <= DateTime.DaysInMonth(y, mo)
                ? Parsed.Of<DateOnly>(new DateOnly(y, mo, d))
                : Parsed.Fail<DateOnly>("不是有效的日期");
        }

        if (decimal.TryParse(v, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var serial) && serial is >= 1 and < 100000 && v.Length <= 10)
        {
            // Excel day numbers; the time of day (fraction) is dropped. 60 is Excel's non-existent 1900-02-29.
            var days = (int)decimal.Truncate(serial);
            return days == 60 ? Parsed.Fail<DateOnly>("不是有效的日期") : Parsed.Of<DateOnly>(ExcelEpoch.AddDays(days < 60 ? days + 1 : days));
        }

        return Parsed.Fail<DateOnly>("日期格式无法识别，请写成 2023-05-01 或 2023年5月1日");
    }

    [GeneratedRegex(@"^(\d{4})\s*[-/.年]?\s*(\d{1,2})\s*[-/.月]?\s*(\d{1,2})\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")]
    private static partial Regex DatePattern();
}
