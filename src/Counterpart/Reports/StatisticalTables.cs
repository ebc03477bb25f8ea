using Counterpart.Data;
using Counterpart.Indicators;
using SpreadCheetah;

namespace Counterpart.Reports;

/// <summary>
/// The statistical workbook of a pairing: one sheet per area of the review (the same areas as
/// <see cref="PairingReview.Sections"/>), one row per indicator with plain numeric values by year and for the period in the
/// indicator's catalog unit (万元, 人, 个 …), and a sheet saying what was counted and how.
/// </summary>
public sealed class StatisticalTables(IndicatorService indicators, TimeProvider clock)
{
    public async Task WriteAsync(string pairingSpec, int fromYear, int toYear, Scope scope, bool approvedOnly, Stream output, CancellationToken ct = default)
    {
        var summary = await indicators.ForPairingAsync(pairingSpec, fromYear, toYear, scope, approvedOnly, ct);
        await using var book = await Spreadsheet.CreateNewAsync(output, cancellationToken: ct);
        var bold = book.AddStyle(new SpreadCheetah.Styling.Style { Font = { Bold = true } });
        var years = Enumerable.Range(fromYear, toYear - fromYear + 1).ToList();
        foreach (var (title, codes) in PairingReview.Sections)
        {
            await book.StartWorksheetAsync(title, token: ct);
            await book.AddRowAsync([new StyledCell("指标代码", bold), new StyledCell("指标", bold), new StyledCell("单位", bold),
                .. years.Select(y => new StyledCell($"{y}年", bold)), new StyledCell($"{fromYear}—{toYear}年", bold)], ct);
            foreach (var code in codes)
            {
                var (indicator, measure) = summary.Results.Single(r => r.Indicator.Code == code);
                await book.AddRowAsync([new Cell(indicator.Code), new Cell(indicator.NameZh), new Cell(indicator.Unit),
                    .. years.Select(y => measure.HasValue && measure.ByYear.TryGetValue(y, out var v) ? new Cell(v) : new Cell()),
                    measure.HasValue ? new Cell(measure.Total) : new Cell()], ct);
            }
        }

        await book.StartWorksheetAsync("说明", token: ct);
        await book.AddRowAsync([new StyledCell($"{summary.Title} {fromYear}—{toYear}年统计表", bold)], ct);
        await book.AddRowAsync([new Cell($"{summary.CoverageLabel}；由台账逐条计算，生成于 {ChinaTime.Today(clock):yyyy-MM-dd}。金额单位为万元；“人”按身份证号去重，年度之和可大于期间合计。空格表示没有可计算的数值（例如当年没有完成考核）。")], ct);
        await book.AddRowAsync([new StyledCell("指标代码", bold), new StyledCell("指标", bold), new StyledCell("计数口径", bold)], ct);
        foreach (var (indicator, _) in summary.Results)
        {
            await book.AddRowAsync([new Cell(indicator.Code), new Cell(indicator.NameZh), new Cell(indicator.RuleZh)], ct);
        }

        await book.FinishAsync(ct);
    }
}
