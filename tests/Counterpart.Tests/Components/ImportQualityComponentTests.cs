using Bunit;
using Counterpart.Quality;
using Counterpart.Web.Components.Common;

namespace Counterpart.Tests.Components;

/// <summary>The import wizard's result step: the data-quality check after the import, as warnings with links to their rows.</summary>
public sealed class ImportQualityComponentTests
{
    private static readonly Violation TwoCounties = new(QualityRuleCatalog.PersonInTwoCounties, "同一人员同年出现在两个县的就业台账", Importance.High,
        "工人00（522726********0101）2025 年同时登记在独山县、荔波县的就业台账中，汇总时会被重复计数。", "与另一县核对此人的实际就业地。", "Employment", [7, 12]);

    private static readonly Violation Jump = new(QualityRuleCatalog.YearOnYearJump, "指标同比变化过大", Importance.Medium,
        "黄埔区 → 独山县“帮助农村劳动力转移就业”2024 年 10人，2025 年 80人，为上年的 800%。", "核对两个年度的台账。", "indicator:labor_transferred", []);

    [Fact]
    public void Violations_AreWarningsThatKeepTheImport_EachWithALinkToItsRowsOrToTheQualityPage()
    {
        using var ctx = new BunitContext();
        var quality = new ImportQuality(true, [2025], ["黄埔区 → 独山县"], ["同一人员同年出现在两个县的就业台账", "指标同比变化过大"],
            [new ImportViolation(2025, TwoCounties, [12]), new ImportViolation(2025, Jump, [])]);

        var cut = ctx.Render<ImportQualityPanel>(p => p.Add(x => x.Quality, quality));

        Assert.Contains("发现 2 处需要核实的问题", cut.Find(".cp-quality-status.warn").TextContent, StringComparison.Ordinal);
        Assert.Contains("不会因此撤销", cut.Find(".cp-quality-status.warn").TextContent, StringComparison.Ordinal);
        var rows = cut.FindAll("tbody tr");
        Assert.Equal(2, rows.Count);
        var open = rows[0].QuerySelector("a")!;
        Assert.Equal(("/ledgers/labor?ids=7,12", "查看 2 条记录"), (open.GetAttribute("href"), open.TextContent));
        Assert.Contains("其中本次导入 1 条", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Equal("/quality?year=2025", rows[1].QuerySelector("a")!.GetAttribute("href"));
        Assert.Contains(cut.FindAll("p.cp-rule a"), a => a.GetAttribute("href") == "/quality?year=2025");
    }

    [Fact]
    public void CleanImport_SaysNothingWasFound_FailedCheck_SaysNotCompletedAndTheImportStands()
    {
        using var ctx = new BunitContext();

        var clean = ctx.Render<ImportQualityPanel>(p => p.Add(x => x.Quality, new ImportQuality(true, [2024, 2025], [], ["同一笔采购经两个渠道重复计数"], [])));
        var failed = ctx.Render<ImportQualityPanel>(p => p.Add(x => x.Quality, new ImportQuality(false, [2025], [], [], [])));
        var checking = ctx.Render<ImportQualityPanel>(p => p.Add(x => x.Checking, true));

        Assert.Contains("2024、2025 年：本次导入的记录没有发现数据质量问题", clean.Find(".cp-quality-status.ok").TextContent, StringComparison.Ordinal);
        Assert.Empty(clean.FindAll("table"));
        var warning = failed.Find(".cp-quality-status.warn").TextContent;
        Assert.Contains("质量检查未完成", warning, StringComparison.Ordinal);
        Assert.Contains("导入已经保存", warning, StringComparison.Ordinal);
        Assert.Equal("/quality?year=2025", failed.Find(".cp-quality-status.warn a").GetAttribute("href"));
        Assert.Contains("正在按数据质量规则检查", checking.Find(".cp-quality-status").TextContent, StringComparison.Ordinal);
    }
}
