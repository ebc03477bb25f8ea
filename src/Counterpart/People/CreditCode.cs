using System.Buffers;
using System.Text;

namespace Counterpart.People;

public enum CreditCodeStatus
{
    Valid,
    ChecksumWarning,
    Invalid,
}

public readonly record struct CreditCodeResult(CreditCodeStatus Status, string? Normalized, string? MessageZh)
{
    public bool IsAcceptable => Status != CreditCodeStatus.Invalid;
}

/// <summary>GB 32100-2015 unified social credit codes (统一社会信用代码).</summary>
public static class CreditCode
{
    /// <summary>The 31 permitted characters; I, O, Z, S and V are excluded to avoid confusion with digits.</summary>
    public const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
    private static readonly SearchValues<char> AlphabetValues = SearchValues.Create(Alphabet);

    public static CreditCodeResult Parse(string? input)
    {
        var s = Normalize(input);
        if (s.Length == 0)
        {
            return new(CreditCodeStatus.Invalid, null, "统一社会信用代码为空");
        }

        var bad = s.AsSpan().IndexOfAnyExcept(AlphabetValues);
        if (bad >= 0)
        {
            return new(CreditCodeStatus.Invalid, null,
                $"统一社会信用代码含有不允许的字符“{s[bad]}”（只能是数字和大写字母，且不使用 I、O、Z、S、V）");
        }

        if (s.Length != 18)
        {
            return new(CreditCodeStatus.Invalid, null, $"统一社会信用代码应为18位，现在是{s.Length}位");
        }

        var expected = ComputeCheck(s.AsSpan(0, 17));
        if (s[17] != expected)
        {
            // Codes issued in early pilot regions predate the final check algorithm and remain legally valid.
            return new(CreditCodeStatus.ChecksumWarning, s,
                $"统一社会信用代码校验位不符（按前17位应为 {expected}）；早期试点发放的代码可能如此但仍然有效，请与营业执照核对");
        }

        return new(CreditCodeStatus.Valid, s, null);
    }

    public static char ComputeCheck(ReadOnlySpan<char> first17)
    {
        if (first17.Length != 17)
        {
            throw new ArgumentException("Expected exactly 17 characters.", nameof(first17));
        }

        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            var value = Alphabet.IndexOf(first17[i], StringComparison.Ordinal);
            if (value < 0)
            {
                throw new ArgumentException($"Character '{first17[i]}' is not in the credit code alphabet.", nameof(first17));
            }

            sum += value * Weights[i];
        }

        return Alphabet[(31 - (sum % 31)) % 31];
    }

    /// <summary>Builds a valid code for synthetic test data.</summary>
    public static string Create(string first17)
    {
        ArgumentNullException.ThrowIfNull(first17);
        return first17 + ComputeCheck(first17);
    }

    private static string Normalize(string? input)
    {
        if (input is null)
        {
            return string.Empty;
        }

        var sb = new StringBuilder(input.Length);
        foreach (var raw in input.AsSpan().Trim())
        {
            // Full-width ASCII block (U+FF01..U+FF5E) maps 1:1 onto ASCII.
            var c = raw is >= '\uFF01' and <= '\uFF5E' ? (char)(raw - 0xFEE0) : raw;
            if (!char.IsWhiteSpace(c))
            {
                sb.Append(char.ToUpperInvariant(c));
            }
        }

        return sb.ToString();
    }
}
