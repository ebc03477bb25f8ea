using Counterpart.Ledgers.Files;
using Counterpart.Organizations;
using Counterpart.People;

namespace Counterpart.Ledgers;

/// <summary>Which file column holds which ledger column, and the unit an amount header names.</summary>
public sealed class HeaderMap
{
    private readonly Dictionary<string, int> index = new(StringComparer.Ordinal);
    private readonly Dictionary<string, decimal> units = new(StringComparer.Ordinal);

    private HeaderMap()
    {
    }

    public static HeaderMap Build(IReadOnlyList<string> header, IReadOnlyList<LedgerColumn> columns, List<ImportError> errors, List<string> notices)
    {
        var map = new HeaderMap();
        for (var i = 0; i < header.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(header[i]))
            {
                if (i < header.Count - 1 && header.Skip(i + 1).Any(h => !string.IsNullOrWhiteSpace(h)))
                {
                    errors.Add(new ImportError(1, $"第{i + 1}列", "", "表头为空（可能是合并单元格）；请取消合并，每列一个表头", "表头"));
                }

                continue;
            }

            var column = columns.FirstOrDefault(c => c.Matches(header[i]));
            if (column is null)
            {
                notices.Add($"表头“{header[i]}”不是本台账的列，已忽略。");
                continue;
            }

            if (!map.index.TryAdd(column.Key, i))
            {
                errors.Add(new ImportError(1, header[i], "", $"与第{map.index[column.Key] + 1}列是同一列，表头重复", "表头"));
                continue;
            }

            map.units[column.Key] = CellParsers.UnitOfHeader(header[i]);
        }

        foreach (var missing in columns.Where(c => c.Required && !map.index.ContainsKey(c.Key)))
        {
            errors.Add(new ImportError(1, missing.Header, "", "缺少必填列；请使用本台账的模板", "表头"));
        }

        return map;
    }

    public int? IndexOf(string key) => index.TryGetValue(key, out var i) ? i : null;

    public decimal UnitOf(string key) => units.GetValueOrDefault(key, 1m);
}

/// <summary>One row read against a ledger's columns: typed values for the cells that passed, errors for those that did not.</summary>
public sealed class RowValues
{
    private readonly Dictionary<string, object?> values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> raw = new(StringComparer.Ordinal);
    private readonly IReadOnlyList<LedgerColumn> columns;

    private RowValues(int row, IReadOnlyList<LedgerColumn> columns)
    {
        Row = row;
        this.columns = columns;
    }

    public int Row { get; }

    public List<ImportError> Errors { get; } = [];

    public bool Ok => Errors.Count == 0;

    public T? Get<T>(string key) => values.TryGetValue(key, out var v) && v is T t ? t : default;

    /// <summary>Keeps a value a definition derived from the row (see <see cref="LedgerDefinition.Prepare"/>).</summary>
    internal void Set(string key, object? value) => values[key] = value;

    public bool Has(string key) => values.TryGetValue(key, out var v) && v is not null;

    public string Raw(string key) => raw.GetValueOrDefault(key, "");

    public void Fail(string key, string reason, string kind)
    {
        var column = columns.First(c => c.Key == key);
        var shown = column.Kind is CellKind.IdNumber or CellKind.Mobile ? MaskValue(Raw(key)) : Raw(key);
        Errors.Add(new ImportError(Row, column.Header, shown, reason, kind));
    }

    /// <summary>Personal numbers are never echoed whole in a report: first six and last four characters at most.</summary>
    public static string MaskValue(string value)
    {
        var v = CellParsers.Normalize(value);
        var keep = v.Length <= 11 ? 3 : 6;
        return v.Length >= 11 ? v[..keep] + new string('*', v.Length - keep - 4) + v[^4..] : v;
    }

    /// <summary>
    /// A natural key for a report, with any personal number in it masked: a part holding 11 or more digits (an ID or
    /// phone number); codes and titles are shown as they are.
    /// </summary>
    public static string MaskKey(string key) =>
        string.Join(" ", key.Split('|').Select(part => part.Count(char.IsAsciiDigit) >= 11 ? MaskValue(part) : part));

    public static RowValues Read(TableRow row, HeaderMap map, IReadOnlyList<LedgerColumn> columns, OrgDirectory orgs, DateOnly today)
    {
        var result = new RowValues(row.Number, columns);
        foreach (var column in columns)
        {
            if (map.IndexOf(column.Key) is not { } i)
            {
                continue;
            }

            var cell = row.Cell(i);
            result.raw[column.Key] = cell;
            if (row.FormulaColumns.Contains(i))
            {
                result.Fail(column.Key, "单元格是公式；请复制后“选择性粘贴为数值”再导入", "公式");
                continue;
            }

            if (string.IsNullOrWhiteSpace(cell))
            {
                if (column.Required)
                {
                    result.Fail(column.Key, "必填项为空", "必填项为空");
                }

                continue;
            }

            var (value, error, kind) = Parse(column, cell, map.UnitOf(column.Key), orgs, today);
            if (error is null)
            {
                result.values[column.Key] = value;
            }
            else
            {
                result.Fail(column.Key, error, kind);
            }
        }

        return result;
    }

    private static (object? Value, string? Error, string Kind) Parse(LedgerColumn column, string cell, decimal unit, OrgDirectory orgs, DateOnly today)
    {
        switch (column.Kind)
        {
            case CellKind.WholeNumber:
                return From(CellParsers.WholeNumber(cell), "格式错误");
            case CellKind.Amount:
                return From(CellParsers.Amount(cell, unit), "格式错误");
            case CellKind.Date:
                var date = CellParsers.Date(cell);
                return date.Ok && date.Value > today.AddYears(2)
                    ? (null, "日期太远，请检查年份", "格式错误")
                    : From(date, "格式错误");
            case CellKind.YesNo:
                return From(CellParsers.Boolean(cell), "取值不在范围内");
            case CellKind.Gender:
                return From(CellParsers.Gender(cell), "取值不在范围内");
            case CellKind.Choice:
                // Compared normalised (full-width brackets and spaces as people type them), returned as listed.
                var typed = CellParsers.Normalize(cell);
                var choice = column.Choices.FirstOrDefault(c => CellParsers.Normalize(c) == typed);
                return choice is not null
                    ? (choice, null, "")
                    : (null, "只能填：" + string.Join("、", column.Choices), "取值不在范围内");
            case CellKind.IdNumber:
                var id = ResidentId.Parse(cell, today);
                return id.IsValid ? (id, null, "") : (null, id.ErrorMessageZh, "身份证号错误");
            case CellKind.CreditCode:
                var credit = CreditCode.Parse(cell);
                return credit.IsAcceptable ? (credit, null, "") : (null, credit.MessageZh, "信用代码错误");
            case CellKind.Organization:
                var org = orgs.Resolve(cell);
                return org.Ok ? (org.Value, null, "") : (null, org.Error, org.Error!.StartsWith("名称不唯一", StringComparison.Ordinal) ? "组织名称不唯一" : "组织不存在");
            case CellKind.Mobile:
                var digits = CellParsers.Normalize(cell).Replace("-", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
                return digits.Length == 11 && digits[0] == '1' && digits.All(char.IsAsciiDigit)
                    ? (digits, null, "")
                    : (null, "应为11位手机号", "格式错误");
            default:
                var text = CellParsers.Normalize(cell);
                return text.Length <= column.MaxLength ? (text, null, "") : (null, $"超过 {column.MaxLength} 字", "格式错误");
        }
    }

    private static (object? Value, string? Error, string Kind) From<T>(Parsed<T> parsed, string kind) =>
        parsed.Ok ? (parsed.Value, null, "") : (null, parsed.Error, kind);
}
