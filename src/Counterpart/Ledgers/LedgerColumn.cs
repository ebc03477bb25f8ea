namespace Counterpart.Ledgers;

/// <summary>How a column's cells are read and checked.</summary>
public enum CellKind
{
    Text,
    WholeNumber,
    Amount,
    Date,
    YesNo,
    Gender,
    Choice,
    IdNumber,
    CreditCode,
    Organization,
    Mobile,
}

/// <summary>
/// One column of a ledger template: the Chinese header people see, how the cell is read, whether it is required, and
/// what the notes sheet says about it. Other headers people commonly use for the same column are accepted as aliases.
/// </summary>
public sealed record LedgerColumn(string Key, string Header, CellKind Kind, bool Required, string Meaning, string Example)
{
    /// <summary>Allowed values of a <see cref="CellKind.Choice"/> column, as shown in the drop-down list.</summary>
    public IReadOnlyList<string> Choices { get; init; } = [];

    public IReadOnlyList<string> Aliases { get; init; } = [];

    public int MaxLength { get; init; } = 200;

    /// <summary>The format line of the notes sheet, derived from the kind.</summary>
    public string Format => Kind switch
    {
        CellKind.Date => "日期：2023-05-01、2023/5/1、2023年5月1日均可",
        CellKind.Amount => "金额，单位见表头（元）；也可在单元格中写“12.5万”“1.2亿元”",
        CellKind.WholeNumber => "整数",
        CellKind.YesNo => "是 / 否（也可填 Y/N、√/×）",
        CellKind.Gender => "男 / 女",
        CellKind.Choice => "下拉选择：" + string.Join(" / ", Choices),
        CellKind.IdNumber => "18位居民身份证号（旧15位号自动升位）；请把该列设为“文本”格式",
        CellKind.CreditCode => "18位统一社会信用代码",
        CellKind.Organization => "组织的行政区划代码、统一社会信用代码或系统内完整名称",
        CellKind.Mobile => "11位手机号",
        _ => $"文字，不超过 {MaxLength} 字",
    };

    /// <summary>Column width in a written workbook: wide enough for an 18-character number or the header.</summary>
    public double Width => Kind switch
    {
        CellKind.IdNumber or CellKind.CreditCode => 22,
        CellKind.Mobile or CellKind.Date => 14,
        _ => Math.Max(12, Header.Length * 2.4 + 2),
    };

    public bool Matches(string header)
    {
        var h = Normalize(header);
        return h == Normalize(Header) || Aliases.Any(a => Normalize(a) == h);
    }

    /// <summary>Headers compare without spaces, asterisks (required marks) and the unit in brackets.</summary>
    private static string Normalize(string header)
    {
        var h = CellParsers.Normalize(header).Replace(" ", "", StringComparison.Ordinal).TrimStart('*').TrimEnd('*');
        var bracket = h.IndexOf('(', StringComparison.Ordinal);
        return bracket > 0 ? h[..bracket] : h;
    }
}
