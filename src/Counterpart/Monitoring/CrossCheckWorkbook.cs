using System.Globalization;
using Counterpart.Ledgers;
using SpreadCheetah;
using SpreadCheetah.Styling;
using SpreadCheetah.Worksheets;

namespace Counterpart.Monitoring;

/// <summary>
/// The result of a cross-check as a workbook to work through: the summary, the mismatches (masked ID numbers, the
/// employment records each touches, what to do), the file's bad rows, and the file's persons not in our registry (masked
/// numbers and rows only). Cells that would run as formulas are neutralised, as in every export.
/// </summary>
public static class CrossCheckWorkbook
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private static readonly string[] MismatchHeaders =
        ["序号", "类型", "证件号码（已遮蔽）", "姓名（我方）", "我方", "监测系统", "文件位置", "影响“其中脱贫”", "就业记录编号", "就业年度", "处理建议"];

    private static readonly string[] ErrorHeaders = ["工作表", "行", "列", "填写的值", "原因", "类别"];

    private static readonly string[] FileOnlyHeaders = ["工作表", "行", "证件号码（已遮蔽）"];

    public static string FileName(CrossCheckResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return $"监测系统比对结果-{result.CheckedOn:yyyyMMdd}.xlsx";
    }

    public static async Task WriteAsync(CrossCheckResult result, Stream output, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(result);
        await using var book = await Spreadsheet.CreateNewAsync(output, cancellationToken: ct);
        var bold = book.AddStyle(new Style { Font = { Bold = true } });
        var text = book.AddStyle(new Style { Format = NumberFormat.Custom("@") });

        await book.StartWorksheetAsync("汇总", Widths(22, 60), ct);
        await book.AddRowAsync([new StyledCell("与国家防返贫监测系统比对结果", bold)], ct);
        foreach (var (label, value) in Summary(result))
        {
            await book.AddRowAsync([C(label), new StyledCell(Csv.Neutralize(value), text)], ct);
        }

        await book.AddRowAsync([], ct);
        await book.AddRowAsync([C("说明"), C(result.CoverageNote)], ct);
        await book.AddRowAsync([C(""), C("本结果只列出差异，不修改任何台账；改正请在劳务协作台账中修改或重新导入，并提交审核。上传的文件比对后即丢弃，系统不保存。")], ct);
        if (result.FigureEffects.Count > 0)
        {
            await book.AddRowAsync([], ct);
            await book.AddRowAsync([new StyledCell("对“其中：脱贫劳动力”的影响（人）", bold)], ct);
            await book.AddRowAsync([new StyledCell("年度", bold), new StyledCell("将减少", bold), new StyledCell("将增加", bold), new StyledCell("净变化", bold)], ct);
            foreach (var e in result.FigureEffects)
            {
                await book.AddRowAsync([C(e.Year), C(e.Decrease), C(e.Increase), C(e.Net)], ct);
            }
        }

        foreach (var notice in result.Notices)
        {
            await book.AddRowAsync([C("提示"), C(Csv.Neutralize(notice))], ct);
        }

        await book.StartWorksheetAsync("不一致", Widths(6, 30, 22, 12, 16, 30, 16, 12, 24, 16, 60), ct);
        await book.AddRowAsync([.. MismatchHeaders.Select(h => new StyledCell(h, bold))], ct);
        var n = 0;
        foreach (var m in result.Mismatches)
        {
            await book.AddRowAsync(
            [
                C(++n), C(m.KindLabel), new StyledCell(m.MaskedId, text), new StyledCell(Csv.Neutralize(m.Name), text),
                new StyledCell(Csv.Neutralize(m.Ours), text), new StyledCell(Csv.Neutralize(m.Theirs), text), C(Position(m.Sheet, m.Row)),
                C(m.LiftedFlagWrong ? "是" : "否"), new StyledCell(string.Join(",", m.Employment.Select(j => j.Id.ToString(CultureInfo.InvariantCulture))), text),
                new StyledCell(string.Join(",", m.Employment.Select(j => j.Year.ToString(CultureInfo.InvariantCulture)).Distinct()), text), C(m.Advice),
            ], ct);
        }

        await book.StartWorksheetAsync("文件错误行", Widths(16, 8, 16, 24, 60, 14), ct);
        await book.AddRowAsync([.. ErrorHeaders.Select(h => new StyledCell(h, bold))], ct);
        foreach (var e in result.Errors)
        {
            await book.AddRowAsync([new StyledCell(Csv.Neutralize(e.Sheet), text), C(e.Row), new StyledCell(Csv.Neutralize(e.Column), text),
                new StyledCell(Csv.Neutralize(e.Value), text), C(e.Reason), C(e.Kind)], ct);
        }

        await book.StartWorksheetAsync("监测系统有我方无", Widths(16, 8, 22), ct);
        await book.AddRowAsync([.. FileOnlyHeaders.Select(h => new StyledCell(h, bold))], ct);
        foreach (var p in result.FileOnly)
        {
            await book.AddRowAsync([new StyledCell(Csv.Neutralize(p.Sheet), text), C(p.Row), new StyledCell(p.MaskedId, text)], ct);
        }

        await book.FinishAsync(ct);
    }

    /// <summary>The summary lines shared by the workbook and the command line.</summary>
    public static IEnumerable<(string Label, string Value)> Summary(CrossCheckResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        static string N(int v) => v.ToString("#,0", CultureInfo.InvariantCulture);
        yield return ("文件", result.FileName);
        yield return ("文件格式", result.Layout);
        yield return ("比对日期", result.CheckedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        yield return ("就业记录年度", result.Year is { } y ? y.ToString(CultureInfo.InvariantCulture) : "全部年度");
        yield return ("读取行数", N(result.RowsRead) + (result.HouseholdRowsRead > 0 ? $"（另有户信息 {N(result.HouseholdRowsRead)} 行）" : ""));
        yield return ("有误的行", N(result.BadRows));
        yield return ("文件中的人数", N(result.PersonsInFile));
        yield return ("我方名册人数", N(result.OursInScope));
        yield return ("对上的人数", N(result.Matched));
        yield return ("不一致", $"{N(result.Mismatches.Count)} 处，涉及 {N(result.MismatchedPersons)} 人");
        foreach (var kind in Enum.GetValues<MismatchKind>())
        {
            yield return ("　" + KindTitle(kind), N(result.CountOf(kind)));
        }

        yield return ("我方有、文件无", $"{N(result.OursNotInFile)} 人（文件覆盖的县）；另有 {N(result.OursNotJudged)} 人所在县未覆盖，不作判断");
        yield return ("文件有、我方无", $"{N(result.FileNotOurs)} 人（只计数，证件号码已遮蔽）");
        yield return ("文件覆盖的县", result.CoveredCounties.Count > 0 ? string.Join("、", result.CoveredCounties) : "无");
        if (result.FileCounties.Count > 0)
        {
            yield return ("文件“县”列", string.Join("、", result.FileCounties));
        }
    }

    public static string KindTitle(MismatchKind kind) => kind switch
    {
        MismatchKind.HouseholdType => "户类型不一致",
        MismatchKind.Name => "姓名不一致",
        MismatchKind.Gender => "性别不一致",
        _ => "我方标为脱贫户/监测户但监测系统无此人",
    };

    private static StyledCell C(string value) => new(value, null);

    private static StyledCell C(int value) => new(value, null);

    private static string Position(string? sheet, int? row) =>
        row is null ? "" : string.IsNullOrEmpty(sheet) ? $"第 {row} 行" : $"“{sheet}”第 {row} 行";

    private static WorksheetOptions Widths(params double[] widths)
    {
        var options = new WorksheetOptions { FrozenRows = 1 };
        for (var i = 0; i < widths.Length; i++)
        {
            options.Column(i + 1).Width = widths[i];
        }

        return options;
    }
}
