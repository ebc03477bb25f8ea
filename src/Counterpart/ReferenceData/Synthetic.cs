using System.Globalization;
using Counterpart.People;

namespace Counterpart.ReferenceData;

/// <summary>
/// Deterministic synthetic values: invented names, checksum-valid ID numbers and credit codes, and exact splits
/// of a total. One seeded <see cref="Random"/> drives everything, so every machine generates the same ledgers.
/// </summary>
internal sealed class Synthetic(int seed)
{
    private const string Surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何罗郑梁谢宋唐韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁沈姚卢陆韦莫蒙覃杨吴龙石罗";
    private const string GivenChars = "永春秀兰建国明华丽芳志强勇军静敏艳霞平玉金福贵英红梅德文海燕兴荣桂花清云光荣成林宇鑫琴家朝顺发正祥";
    private const string CreditChars = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    private readonly HashSet<string> usedIds = new(StringComparer.Ordinal);
    private readonly HashSet<string> usedCodes = new(StringComparer.Ordinal);

    public Random Rng { get; } = new(seed);

    public int Between(int minInclusive, int maxInclusive) => Rng.Next(minInclusive, maxInclusive + 1);

    public T Pick<T>(IReadOnlyList<T> items) => items[Rng.Next(items.Count)];

    public DateOnly DateIn(int year, int fromMonth = 1, int toMonth = 12)
    {
        var month = Between(fromMonth, toMonth);
        return new DateOnly(year, month, Between(1, DateTime.DaysInMonth(year, month)));
    }

    public string PersonName()
    {
        var given = Rng.Next(3) == 0 ? GivenChars[Rng.Next(GivenChars.Length)].ToString() : string.Concat(GivenChars[Rng.Next(GivenChars.Length)], GivenChars[Rng.Next(GivenChars.Length)]);
        return Surnames[Rng.Next(Surnames.Length)] + given;
    }

    /// <summary>A checksum-valid, never repeated resident ID number of the region, for a person born in the range.</summary>
    public (string Id, DateOnly Birth, Gender Gender) ResidentIdFor(string region6, int fromYear, int toYear)
    {
        while (true)
        {
            var birth = DateIn(Between(fromYear, toYear));
            var seq = Between(1, 999);
            var id = ResidentId.Create(region6, birth, seq);
            if (usedIds.Add(id))
            {
                return (id, birth, seq % 2 == 1 ? Gender.Male : Gender.Female);
            }
        }
    }

    /// <summary>A checksum-valid credit code registered in the given region (legal-person type 91 = enterprise).</summary>
    public string CreditCodeIn(string region6, string type = "91")
    {
        while (true)
        {
            var body = string.Concat(Enumerable.Range(0, 9).Select(_ => CreditChars[Rng.Next(CreditChars.Length)]));
            var code = CreditCode.Create(type + region6 + body);
            if (usedCodes.Add(code))
            {
                return code;
            }
        }
    }

    /// <summary>Splits a total into n positive parts that are multiples of <paramref name="unit"/> and add up exactly.</summary>
    public decimal[] Split(decimal total, int n, decimal unit, double spread = 0.6)
    {
        var weights = Enumerable.Range(0, n).Select(_ => 1 - spread / 2 + Rng.NextDouble() * spread).ToArray();
        var sum = weights.Sum();
        var parts = weights.Select(w => Math.Floor(total * (decimal)(w / sum) / unit) * unit).ToArray();
        parts[^1] += total - parts.Sum();
        if (parts.Any(p => p <= 0))
        {
            throw new InvalidOperationException("Split produced a non-positive part; use a smaller unit or fewer parts.");
        }

        return parts;
    }

    public int[] Split(int total, int n, double spread = 0.6) =>
        [.. Split((decimal)total, n, 1m, spread).Select(p => (int)p)];

    public static string Number(int n, int width) => n.ToString(CultureInfo.InvariantCulture).PadLeft(width, '0');
}
