using System.Text;
using Counterpart.Data;
using Counterpart.Evaluation;
using Counterpart.Inspections;
using Counterpart.Ledgers;
using Counterpart.NeedsOffers;
using Counterpart.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Counterpart.Tests.Ledgers;

/// <summary>
/// Bad rows for the needs, offers, inspections, evaluations and findings ledgers: each case is a good row with some
/// cells changed, imported after two good rows against the reference data. It must be reported with the exact row,
/// column, shown value and reason, and nothing may be saved.
/// </summary>
public sealed class BadRowCorpusNeedsInspectionsEvaluationTests(ReferenceDatabases databases)
{
    /// <summary>The broken row repeats the first good row (same natural key).</summary>
    private const string Duplicate = "DUP";

    private static readonly string LongTitle = new('缺', 201);

    /// <summary>Per ledger: a good row (column → value), then what the second good row and the broken row change in it.</summary>
    private static (Dictionary<string, string> Good, string SecondChange, string BrokenChange) Rows(string ledger) => ledger switch
    {
        "needs" => (new(StringComparer.Ordinal)
        {
            ["西部单位"] = "522726", ["年度"] = "2026", ["需求名称"] = "县城冷库容量不足", ["需求领域"] = "消费帮扶", ["对接状态"] = "待对接", ["对接项目编号"] = "", ["填报单位"] = "522726",
        }, "需求名称=乡村教师信息化培训不足", "需求名称=村级物流站点缺少运营人员"),
        "offers" => (new(StringComparer.Ordinal)
        {
            ["东部单位"] = "440112", ["年度"] = "2026", ["资源名称"] = "组织东部企业对接冷链物流", ["资源领域"] = "消费帮扶", ["对接状态"] = "已对接", ["对接需求单位"] = "522726",
            ["对接需求年度"] = "2025", ["对接需求名称"] = "冷链物流短板", ["填报单位"] = "440112",
        }, "资源名称=派驻冷链物流专家", "资源名称=开放东部冷库资源"),
        "inspections" => (new(StringComparer.Ordinal)
        {
            ["检查点"] = "522726-W01", ["检查清单"] = "安全生产十不准", ["检查日期"] = "2026-03-10", ["检查人"] = "县协作办安全检查组", ["不合格条目"] = "3、7",
            ["不合格说明"] = "3：有人未戴安全帽；7：搅拌机带故障运行", ["情况说明"] = "发现两处问题", ["填报单位"] = "522726",
        }, "检查点=522726-W02", "检查日期=2026-04-10"),
        "evaluations" => (new(StringComparer.Ordinal)
        {
            ["东部单位"] = "440112", ["西部单位"] = "522726", ["年度"] = "2026", ["考核层级"] = "省级考核", ["考核名称"] = "", ["考核日期"] = "2026-11-08", ["是否完成"] = "是",
            ["考核等次"] = "较好", ["填报单位"] = "522726",
        }, "年度=2025|考核日期=2025-11-08", "年度=2023|考核日期=2023-11-08"),
        "findings" => (new(StringComparer.Ordinal)
        {
            ["问题来源"] = "其他", ["考核东部单位"] = "", ["考核西部单位"] = "", ["考核年度"] = "", ["检查点"] = "", ["检查日期"] = "", ["问题领域"] = "安全生产",
            ["严重程度"] = "较重", ["问题描述"] = "车间消防通道堆放杂物", ["发现日期"] = "2026-05-06", ["涉及单位"] = "522726-W01", ["整改措施"] = "清理通道并设置警示标志", ["整改时限"] = "2026-05-20",
            ["整改状态"] = "已完成", ["完成日期"] = "2026-05-15", ["佐证材料"] = "整改前后照片", ["填报单位"] = "522726",
        }, "问题描述=车间灭火器过期", "问题描述=车间电动车室内充电"),
        _ => throw new ArgumentOutOfRangeException(nameof(ledger)),
    };

    public static TheoryData<string, string, string, string, string> Cases() => new()
    {
        // ledger, cells changed in the broken row ("列=值|列=值", or DUP), expected column, expected shown value, expected reason (substring)
        { "needs", "需求名称=", "需求名称", "", "必填项为空" },
        { "needs", "需求名称=" + LongTitle, "需求名称", LongTitle, "超过 200 字" },
        { "needs", "需求领域=", "需求领域", "", "必填项为空" },
        { "needs", "对接状态=已完成", "对接状态", "已完成", "只能填：待对接、已对接、已关闭" },
        { "needs", "年度=二〇二六", "年度", "二〇二六", "应为整数" },
        { "needs", "年度=1999", "年度", "1999", "年度应为 2000 至 2027 之间的四位年份" },
        { "needs", "西部单位=不存在的县", "西部单位", "不存在的县", "系统中没有这个组织" },
        { "needs", "西部单位=520000", "西部单位", "520000", "需求清单由市（州）、县及以下的地方或单位提出" },
        { "needs", "对接项目编号=DS-2022-001|对接状态=待对接", "对接状态", "待对接", "已填对接项目编号，对接状态不能是“待对接”" },
        { "needs", "对接项目编号=DS-2026-404|对接状态=已对接", "对接项目编号", "DS-2026-404", "项目台账中没有这个项目编号；请先导入项目台账" },
        { "needs", Duplicate, "需求名称", "县城冷库容量不足", "与第 2 行重复（西部单位、年度、需求名称都相同）" },
        { "offers", "东部单位=", "东部单位", "", "必填项为空" },
        { "offers", "对接需求单位=440112", "对接需求单位", "440112", "不能是东部单位自己" },
        { "offers", "对接需求单位=440112-S01", "对接需求单位", "440112-S01", "与东部单位同在广东省" },
        { "offers", "对接需求名称=", "对接需求名称", "", "还要填对接需求名称" },
        { "offers", "对接需求单位=", "对接需求单位", "", "还要填需求的西部单位" },
        { "offers", "对接状态=待对接", "对接状态", "待对接", "已填对接需求，对接状态不能是“待对接”" },
        { "offers", "对接需求年度=2030", "对接需求年度", "2030", "年度应为 2000 至 2027" },
        { "offers", "对接需求名称=冷链物流长板", "对接需求名称", "冷链物流长板", "需求清单中没有独山县 2025 年的这项需求；请先导入需求清单" },
        { "offers", "对接需求年度=2024", "对接需求年度", "2024", "需求清单中独山县的“冷链物流短板”是 2025 年的需求，没有 2024 年的" },
        { "offers", "对接需求年度=", "对接需求年度", "", "没有 2026 年的（不填时按本行年度 2026）" },
        { "offers", Duplicate, "资源名称", "组织东部企业对接冷链物流", "与第 2 行重复" },
        { "inspections", "不合格条目=11", "不合格条目", "11", "第 11 条不在“安全生产十不准”中（共 10 条）" },
        { "inspections", "不合格条目=三", "不合格条目", "三", "“三”不是条目序号" },
        { "inspections", "不合格说明=5：地面湿滑", "不合格说明", "5：地面湿滑", "第 5 条不在不合格条目中" },
        { "inspections", "不合格说明=有人未戴安全帽", "不合格说明", "有人未戴安全帽", "写成“条目号：说明”" },
        { "inspections", "不合格条目=|不合格说明=3：有人未戴安全帽", "不合格说明", "3：有人未戴安全帽", "没有填不合格条目" },
        { "inspections", "检查点=522726", "检查点", "522726", "检查点应是具体的场所或单位" },
        { "inspections", "检查点=不存在的车间", "检查点", "不存在的车间", "系统中没有这个组织" },
        { "inspections", "检查日期=2027-01-05", "检查日期", "2027-01-05", "检查日期晚于今天" },
        { "inspections", "检查日期=2021-08-05", "检查日期", "2021-08-05", "早于“郅家山社区广帮就业帮扶车间”成立（建成）的日期 2021-09-01" },
        { "inspections", "检查日期=2026/13/01", "检查日期", "2026/13/01", "不是有效的日期" },
        { "inspections", "检查清单=消防检查表", "检查清单", "消防检查表", "没有这份检查清单" },
        { "inspections", "检查人=", "检查人", "", "必填项为空" },
        { "inspections", Duplicate, "检查日期", "2026-03-10", "与第 2 行重复（检查点、检查清单、检查日期都相同）" },
        { "evaluations", "是否完成=否", "考核等次", "较好", "考核尚未完成" },
        { "evaluations", "考核等次=优秀", "考核等次", "优秀", "只能填：好、较好、一般、差" },
        { "evaluations", "考核层级=县级考核", "考核层级", "县级考核", "只能填：国家考核、省级考核" },
        { "evaluations", "考核日期=2022-11-08", "考核日期", "2022-11-08", "考核日期早于被考核的 2023 年度" },
        { "evaluations", "考核日期=2027-03-01", "是否完成", "是", "还没到，不能标为已完成" },
        { "evaluations", "西部单位=440112", "西部单位", "440112", "东部单位和西部单位不能是同一个" },
        { "evaluations", "年度=2027|考核日期=2026-11-01|是否完成=否|考核等次=", "年度", "2027", "年度应为 2000 至 2026" },
        { "evaluations", "是否完成=也许", "是否完成", "也许", "应填“是”或“否”" },
        { "evaluations", "东部单位=440100", "东部单位", "440100", "广州市与独山县之间没有结对关系；考核评价须挂在结对上" },
        { "evaluations", "年度=2020|考核日期=2020-11-08", "年度", "2020", "黄埔区与独山县的结对期为 2021-01-01 起，2020 年不在其中" },
        { "evaluations", Duplicate, "考核层级", "省级考核", "与第 2 行重复" },
        { "findings", "问题来源=考核", "问题来源", "考核", "只能填：国家考核、省级考核、现场检查、其他" },
        { "findings", "严重程度=很严重", "严重程度", "很严重", "只能填：一般、较重、严重" },
        { "findings", "检查点=522726-W01", "检查点", "522726-W01", "问题来源为“其他”时不填此列" },
        { "findings", "问题来源=现场检查|检查日期=2026-05-06", "检查点", "", "问题来源为“现场检查”时必填" },
        { "findings", "问题来源=国家考核|考核东部单位=440112|考核西部单位=522726", "考核年度", "", "问题来源为“国家考核”时必填" },
        { "findings", "问题来源=省级考核|考核东部单位=440112|考核西部单位=440112|考核年度=2025", "考核西部单位", "440112", "不能是同一个" },
        { "findings", "问题来源=现场检查|检查点=522726-W01|检查日期=2026-05-10", "发现日期", "2026-05-06", "早于检查日期 2026-05-10" },
        { "findings", "问题来源=省级考核|考核东部单位=440112|考核西部单位=522726|考核年度=2027", "考核年度", "2027", "年度应为 2000 至 2026" },
        { "findings", "完成日期=", "完成日期", "", "整改状态为“已完成”时必填完成日期" },
        { "findings", "完成日期=2026-05-01", "完成日期", "2026-05-01", "完成日期早于发现日期 2026-05-06" },
        { "findings", "整改时限=2026-05-01", "整改时限", "2026-05-01", "整改时限早于发现日期 2026-05-06" },
        { "findings", "整改状态=整改中", "完成日期", "2026-05-15", "不应填完成日期" },
        { "findings", "整改状态=已整改", "整改状态", "已整改", "只能填：未整改、整改中、已完成" },
        { "findings", "整改措施=", "整改措施", "", "填了整改时限，还要填整改措施" },
        { "findings", "整改时限=", "整改时限", "", "填了整改措施，还要填整改时限" },
        { "findings", "涉及单位=不存在单位", "涉及单位", "不存在单位", "系统中没有这个组织" },
        { "findings", "发现日期=2026-02-30", "发现日期", "2026-02-30", "不是有效的日期" },
        { "findings", "发现日期=2027-01-01|整改时限=2027-02-01|整改状态=整改中|完成日期=", "发现日期", "2027-01-01", "发现日期晚于今天" },
        { "findings", "问题描述=" + new string('问', 2001), "问题描述", new string('问', 2001), "超过 2000 字" },
        { "findings", "问题来源=国家考核|考核东部单位=440112|考核西部单位=522726|考核年度=2026", "考核年度", "2026", "考核评价台账中没有黄埔区与独山县的 2026 年度国家考核" },
        { "findings", "问题来源=省级考核|考核东部单位=440112|考核西部单位=522726|考核年度=2024", "问题来源", "省级考核", "2024 年度只有国家考核，没有省级考核" },
        { "findings", "问题来源=现场检查|检查点=522726-W01|检查日期=2026-05-01", "检查日期", "2026-05-01", "检查台账中没有郅家山社区广帮就业帮扶车间在 2026-05-01 的检查" },
        { "findings", Duplicate, "问题描述", "车间消防通道堆放杂物", "与第 2 行重复（涉及单位、发现日期、问题描述都相同）" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Import_OneBadRow_IsReportedExactlyAndNothingIsSaved(string ledger, string change, string expectedColumn, string expectedValue, string expectedReason)
    {
        var ct = TestContext.Current.CancellationToken;
        var reference = await databases.GetAsync(DatabaseProvider.Sqlite);
        await using var ctx = reference.NewContext();
        var before = await CountAsync(ctx, ct);
        var header = LedgerCatalog.Get(ledger).Columns.Select(c => c.Header).ToList();
        var (good, secondChange, brokenChange) = Rows(ledger);
        var second = Apply(good, secondChange);
        var broken = change == Duplicate ? new Dictionary<string, string>(good) : Apply(Apply(good, brokenChange), change);

        var csv = new StringBuilder(string.Join(",", header)).Append('\n');
        foreach (var row in new[] { good, second, broken })
        {
            Assert.Equal(header.Order(), row.Keys.Order());
            csv.Append(string.Join(",", header.Select(h => Csv.Quote(row[h])))).Append('\n');
        }

        var importer = new LedgerImporter(ctx, ReferenceDatabases.Protector, new FixedClock(Services.Today));
        var report = await importer.ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv.ToString())), "corpus.csv", ledger, new ImportOptions("测试员", DryRun: true), null, ct);

        Assert.Equal(ImportStatus.Rejected, report.Status);
        var error = Assert.Single(report.Errors, e => e.Column == expectedColumn);
        Assert.Equal((4, expectedValue), (error.Row, error.Value));
        Assert.Contains(expectedReason, error.Reason, StringComparison.Ordinal);
        Assert.All(report.Errors, e => Assert.Equal(4, e.Row));
        if (change.Contains("=也许", StringComparison.Ordinal) || change.Contains("=已整改", StringComparison.Ordinal))
        {
            // A cell that cannot be read is reported once, without rules that depend on it piling up.
            Assert.Single(report.Errors);
        }

        Assert.Equal(before, await CountAsync(ctx, ct));
    }

    /// <summary>The same good rows, without the broken one, pass a dry run: every case fails only for its change.</summary>
    [Theory]
    [InlineData("needs")]
    [InlineData("offers")]
    [InlineData("inspections")]
    [InlineData("evaluations")]
    [InlineData("findings")]
    public async Task Import_GoodRowsOfTheCorpus_PassADryRun(string ledger)
    {
        var ct = TestContext.Current.CancellationToken;
        var reference = await databases.GetAsync(DatabaseProvider.Sqlite);
        await using var ctx = reference.NewContext();
        var header = LedgerCatalog.Get(ledger).Columns.Select(c => c.Header).ToList();
        var (good, secondChange, brokenChange) = Rows(ledger);
        var csv = new StringBuilder(string.Join(",", header)).Append('\n');
        foreach (var row in new[] { good, Apply(good, secondChange), Apply(good, brokenChange) })
        {
            csv.Append(string.Join(",", header.Select(h => Csv.Quote(row[h])))).Append('\n');
        }

        var report = await new LedgerImporter(ctx, ReferenceDatabases.Protector, new FixedClock(Services.Today))
            .ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv.ToString())), "corpus.csv", ledger, new ImportOptions("测试员", DryRun: true), null, ct);

        Assert.True(report.Status == ImportStatus.Validated, string.Join("；", report.Errors.Select(e => $"{e.Row} {e.Column} {e.Value} {e.Reason}")));
        Assert.Equal(3, report.Inserted);
    }

    private static Dictionary<string, string> Apply(Dictionary<string, string> row, string change)
    {
        var result = new Dictionary<string, string>(row, StringComparer.Ordinal);
        foreach (var cell in change.Split('|'))
        {
            var eq = cell.IndexOf('=', StringComparison.Ordinal);
            Assert.True(result.ContainsKey(cell[..eq]), cell);
            result[cell[..eq]] = cell[(eq + 1)..];
        }

        return result;
    }

    private static async Task<(int, int, int, int, int, int)> CountAsync(CounterpartDbContext ctx, CancellationToken ct) =>
        (await ctx.Rows<Need>(Scope.Everything).CountAsync(ct), await ctx.Rows<Offer>(Scope.Everything).CountAsync(ct), await ctx.Rows<Inspection>(Scope.Everything).CountAsync(ct),
            await ctx.Rows<EvaluationRound>(Scope.Everything).CountAsync(ct), await ctx.Rows<Finding>(Scope.Everything).CountAsync(ct),
            await ctx.Rows<RectificationTask>(Scope.Everything).CountAsync(ct));
}
