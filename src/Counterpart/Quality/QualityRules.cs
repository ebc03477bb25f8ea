using System.Globalization;
using System.Text.RegularExpressions;
using Counterpart.Data;
using Counterpart.Indicators;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Counterpart.Quality;

/// <summary>
/// A data-quality rule of the form “left operator right” over the indicators of a pairing and year, like the validation
/// rules of indicator systems: e.g. <c>labor_transferred_lifted &lt;= labor_transferred</c> or
/// <c>relocation_support &lt;= 0.5 * fiscal_aid</c>. Each side is a sum of terms, a term an indicator code or a number,
/// or a number times a code.
/// </summary>
public sealed class QualityRule
{
    public long Id { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    public required string Left { get; set; }
    public required string Operator { get; set; }
    public required string Right { get; set; }
    public Importance Importance { get; set; }
    public required string Instructions { get; set; }
    public bool Enabled { get; set; } = true;
    public required string CreatedBy { get; set; }
    public DateTime CreatedAtUtc { get; set; }
}

internal sealed class QualityRuleConfiguration : IEntityTypeConfiguration<QualityRule>
{
    public void Configure(EntityTypeBuilder<QualityRule> b)
    {
        b.HasIndex(r => r.Code).IsUnique();
        b.Property(r => r.Code).HasMaxLength(64);
        b.Property(r => r.Name).HasMaxLength(200);
        b.Property(r => r.Left).HasMaxLength(500);
        b.Property(r => r.Operator).HasMaxLength(2);
        b.Property(r => r.Right).HasMaxLength(500);
        b.Property(r => r.Instructions).HasMaxLength(1000);
        b.Property(r => r.CreatedBy).HasMaxLength(128);
    }
}

/// <summary>A side of a rule, parsed: terms of (coefficient, indicator code or null for a constant).</summary>
public sealed partial record RuleExpression(IReadOnlyList<(decimal Coefficient, string? Code)> Terms)
{
    public static readonly string[] Operators = ["<=", "<", ">=", ">", "=", "!="];

    /// <summary>Parses “a + 2 * b - 100”; refuses unknown codes and anything else with a message naming the part.</summary>
    public static RuleExpression Parse(string text, string side)
    {
        // Full-width digits and signs, as typed with a Chinese input method, read like ASCII ones.
        var source = new string([.. (text ?? "").Select(c => c is >= '０' and <= '９' ? (char)(c - '０' + '0') : c switch
        {
            '＊' or '×' => '*',
            '＋' => '+',
            '－' => '-',
            '．' => '.',
            _ => c,
        })]).Trim();
        if (source.Length == 0)
        {
            throw new DomainException($"{side}不能为空。");
        }

        var terms = new List<(decimal, string?)>();
        var matches = Term().Matches(source);
        var consumed = 0;
        foreach (Match m in matches)
        {
            if (m.Index != consumed || (terms.Count > 0 && m.Groups["sign"].Value.Length == 0))
            {
                break;
            }

            consumed = m.Index + m.Length;
            var sign = m.Groups["sign"].Value == "-" ? -1m : 1m;
            var number = m.Groups["number"].Success ? decimal.Parse(m.Groups["number"].Value, CultureInfo.InvariantCulture) : 1m;
            var code = m.Groups["code"].Success ? m.Groups["code"].Value : null;
            if (code is not null && IndicatorCatalog.All.All(i => i.Code != code))
            {
                throw new DomainException($"{side}“{text}”中的“{code}”不是指标目录中的代码。");
            }

            if (!m.Groups["number"].Success && code is null)
            {
                break;
            }

            terms.Add((sign * number, code));
        }

        return consumed == source.Length && terms.Count > 0
            ? new RuleExpression(terms)
            : throw new DomainException($"{side}“{text}”看不懂：请写成指标代码、数字或“数字 * 指标代码”用 + 或 - 连接，例如 0.5 * fiscal_aid。");
    }

    public decimal? Evaluate(Summary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var total = 0m;
        foreach (var (coefficient, code) in Terms)
        {
            if (code is null)
            {
                total += coefficient;
                continue;
            }

            var result = summary.Results.Single(r => r.Indicator.Code == code);
            if (!result.Measure.HasValue)
            {
                return null;
            }

            total += coefficient * result.Measure.Total;
        }

        return total;
    }

    public IEnumerable<string> Codes => Terms.Where(t => t.Code is not null).Select(t => t.Code!);

    public static bool Holds(decimal left, string op, decimal right) => op switch
    {
        "<=" => left <= right,
        "<" => left < right,
        ">=" => left >= right,
        ">" => left > right,
        "=" => left == right,
        "!=" => left != right,
        _ => throw new DomainException($"比较符“{op}”无效；可用 {string.Join(" ", Operators)}。"),
    };

    [GeneratedRegex(@"\s*(?<sign>[+-]?)\s*(?:(?<number>[0-9]+(?:\.[0-9]+)?)\s*(?:\*\s*(?<code>[a-z][a-z0-9_]*))?|(?<code>[a-z][a-z0-9_]*)(?:\s*\*\s*(?<number>[0-9]+(?:\.[0-9]+)?))?)\s*")]
    private static partial Regex Term();
}
