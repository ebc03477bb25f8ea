using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Counterpart.People;

public enum Gender
{
    Male,
    Female,
}

public enum ResidentIdError
{
    None,
    Empty,
    InvalidCharacters,
    WrongLength,
    ExcelScientificNotation,
    InvalidRegion,
    InvalidBirthDate,
    ChecksumMismatch,
}

public readonly record struct ResidentIdResult(
    ResidentIdError Error,
    string? Normalized = null,
    DateOnly? BirthDate = null,
    Gender? Gender = null,
    bool UpgradedFrom15 = false,
    char? ExpectedCheck = null)
{
    public bool IsValid => Error == ResidentIdError.None;

    public string ErrorMessageZh => Error switch
    {
        ResidentIdError.None => string.Empty,
        ResidentIdError.Empty => "身份证号为空",
        ResidentIdError.InvalidCharacters => "身份证号只能由数字组成，最后一位可以是 X",
        ResidentIdError.WrongLength => "身份证号位数不对，应为18位（旧证为15位）",
        ResidentIdError.ExcelScientificNotation =>
            "身份证号被 Excel 存成了数字（科学计数法），后几位已经丢失；请把该列设为“文本”格式后重新录入",
        ResidentIdError.InvalidRegion => "身份证号前两位不是有效的省级行政区代码",
        ResidentIdError.InvalidBirthDate => "身份证号中的出生日期不是有效日期",
        ResidentIdError.ChecksumMismatch => $"身份证号校验位错误（按前17位应为 {ExpectedCheck}），请核对是否有数字录错",
        _ => "身份证号无效",
    };
}

/// <summary>GB 11643-1999 citizen identity numbers (and HK/Macao/Taiwan residence permit numbers).</summary>
public static partial class ResidentId
{
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckChars = "10X98765432";

    public static ResidentIdResult Parse(string? input) => ParseCore(input, today: null);

    /// <summary>As <see cref="Parse(string?)"/>, and also rejects birth dates after <paramref name="today"/>.</summary>
    public static ResidentIdResult Parse(string? input, DateOnly today) => ParseCore(input, today);

    public static char ComputeCheck(ReadOnlySpan<char> first17)
    {
        if (first17.Length != 17 || !AllDigits(first17))
        {
            throw new ArgumentException("Expected exactly 17 ASCII digits.", nameof(first17));
        }

        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += (first17[i] - '0') * Weights[i];
        }

        return CheckChars[sum % 11];
    }

    public static string Mask(string normalized)
    {
        if (string.IsNullOrEmpty(normalized))
        {
            return string.Empty;
        }

        if (normalized.Length == 18)
        {
            return string.Concat(normalized.AsSpan(0, 6), new string('*', 8), normalized.AsSpan(14));
        }

        var hidden = Math.Max(0, normalized.Length - 2);
        return string.Concat(new string('*', hidden), normalized.AsSpan(hidden));
    }

    /// <summary>Builds a valid number for synthetic test data.</summary>
    public static string Create(string regionCode6, DateOnly birthDate, int sequence3)
    {
        ArgumentNullException.ThrowIfNull(regionCode6);
        if (regionCode6.Length != 6 || !AllDigits(regionCode6) || !IsProvince(regionCode6))
        {
            throw new ArgumentException("Expected a 6-digit region code with a valid province prefix.", nameof(regionCode6));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(birthDate.Year, 1900, nameof(birthDate));
        ArgumentOutOfRangeException.ThrowIfNegative(sequence3);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sequence3, 999);

        var first17 = string.Concat(
            regionCode6,
            birthDate.ToString("yyyyMMdd", CultureInfo.InvariantCulture),
            sequence3.ToString("D3", CultureInfo.InvariantCulture));
        return first17 + ComputeCheck(first17);
    }

    public static int AgeOn(DateOnly birthDate, DateOnly today)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(today, birthDate);
        var age = today.Year - birthDate.Year;
        // Someone born on 29 February turns a year older on 1 March in common years.
        if (today.Month < birthDate.Month || (today.Month == birthDate.Month && today.Day < birthDate.Day))
        {
            age--;
        }

        return age;
    }

    private static ResidentIdResult ParseCore(string? input, DateOnly? today)
    {
        var s = Normalize(input);
        if (s.Length == 0)
        {
            return new(ResidentIdError.Empty);
        }

        if (ScientificNotation().IsMatch(s))
        {
            return new(ResidentIdError.ExcelScientificNotation);
        }

        var upgraded = false;
        if (s.Length == 15)
        {
            if (!AllDigits(s))
            {
                return new(ResidentIdError.InvalidCharacters);
            }

            var first17 = string.Concat(s.AsSpan(0, 6), "19", s.AsSpan(6));
            s = first17 + ComputeCheck(first17);
            upgraded = true;
        }
        else if (s.Length == 18)
        {
            if (!AllDigits(s.AsSpan(0, 17)) || !(char.IsAsciiDigit(s[17]) || s[17] == 'X'))
            {
                return new(ResidentIdError.InvalidCharacters);
            }
        }
        else
        {
            return AllDigits(s.Replace("X", string.Empty, StringComparison.Ordinal))
                ? new(ResidentIdError.WrongLength)
                : new(ResidentIdError.InvalidCharacters);
        }

        if (!IsProvince(s))
        {
            return new(ResidentIdError.InvalidRegion);
        }

        if (!TryReadBirthDate(s.AsSpan(6, 8), out var birthDate) || (today is { } t && birthDate > t))
        {
            return new(ResidentIdError.InvalidBirthDate);
        }

        var expected = ComputeCheck(s.AsSpan(0, 17));
        if (s[17] != expected)
        {
            return new(ResidentIdError.ChecksumMismatch, ExpectedCheck: expected);
        }

        var gender = (s[16] - '0') % 2 == 1 ? Gender.Male : Gender.Female;
        return new(ResidentIdError.None, s, birthDate, gender, upgraded);
    }

    private static string Normalize(string? input)
    {
        if (input is null)
        {
            return string.Empty;
        }

        // A leading apostrophe is Excel's "store as text" marker and is sometimes copied along.
        var text = input.AsSpan().Trim();
        if (text.StartsWith('\''))
        {
            text = text[1..];
        }

        var sb = new StringBuilder(text.Length);
        foreach (var raw in text)
        {
            // Full-width ASCII block (U+FF01..U+FF5E) maps 1:1 onto ASCII: covers ０-９, Ｘ, ｘ, －, ＋, ．, Ｅ.
            var c = raw is >= '\uFF01' and <= '\uFF5E' ? (char)(raw - 0xFEE0) : raw;
            if (char.IsWhiteSpace(c) || c == '-')
            {
                continue;
            }

            sb.Append(c == 'x' ? 'X' : c);
        }

        return sb.ToString();
    }

    // Excel shows long numbers as e.g. "5.22726E+17"; the digits past ~15 are gone for good.
    [GeneratedRegex(@"^[0-9]+(\.[0-9]+)?[Ee]\+?[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex ScientificNotation();

    private static bool TryReadBirthDate(ReadOnlySpan<char> yyyyMMdd, out DateOnly date)
    {
        var year = int.Parse(yyyyMMdd[..4], NumberStyles.None, CultureInfo.InvariantCulture);
        var month = int.Parse(yyyyMMdd.Slice(4, 2), NumberStyles.None, CultureInfo.InvariantCulture);
        var day = int.Parse(yyyyMMdd.Slice(6, 2), NumberStyles.None, CultureInfo.InvariantCulture);
        date = default;
        if (year < 1900 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        date = new DateOnly(year, month, day);
        return true;
    }

    private static bool IsProvince(ReadOnlySpan<char> s)
    {
        var p = ((s[0] - '0') * 10) + (s[1] - '0');
        return p is (>= 11 and <= 15) or (>= 21 and <= 23) or (>= 31 and <= 37) or (>= 41 and <= 46)
            or (>= 50 and <= 54) or (>= 61 and <= 65) or 81 or 82 or 83;
    }

    private static bool AllDigits(ReadOnlySpan<char> s) => !s.ContainsAnyExceptInRange('0', '9');
}
