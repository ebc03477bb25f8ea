using System.Text;
using Counterpart.Data;
using Counterpart.Ledgers;
using Counterpart.Tests.Infrastructure;

namespace Counterpart.Tests.Ledgers;

/// <summary>
/// Bad rows for the agreements, projects, project-funds and project-outcomes ledgers: each file holds two good rows and
/// then one row with some cells changed. The bad row must be reported with the exact row, column, shown value and
/// reason, and nothing may be saved. The good rows name the reference data's pairing and project (DS-2024-012), so the
/// rules decided by stored data are met by them.
/// </summary>
public sealed class BadRowCorpusAgreementsProjectsTests(ReferenceDatabases databases)
{
    /// <summary>A good row of each ledger (in the reference data's organizations), and the cells that make the next two rows distinct.</summary>
    private static readonly Dictionary<string, (Dictionary<string, string> Good, string Second, string Third)> Ledgers = new(StringComparer.Ordinal)
    {
        ["agreements"] = (Row("东部区县=440112;西部区县=522726;协议年度=2026;协议名称=2026年度黄埔区—独山县东西部协作协议;签订日期=2026-03-15;"
                + "指标代码=fiscal_aid;指标名称=财政援助资金;计量单位=万元;目标值=4000;填报单位=522726"),
            "指标代码=labor_transferred;指标名称=;计量单位=人;目标值=4000",
            "协议年度=2027;协议名称=2027年度黄埔区—独山县东西部协作协议;签订日期=2026-11-20;指标代码=enterprises_landed;指标名称=;计量单位=家;目标值=2"),
        ["projects"] = (Row("项目编号=T-2026-01;项目年度=2026;项目名称=测试产业路项目;项目类别=基础设施;项目状态=实施;建设内容=硬化道路;项目地点=522726100101;"
                + "东部协作单位=440112;受益主体=;立项日期=2026-02-10;开工日期=2026-03-20;完工日期=;验收日期=;受益户数=100;受益人数=300;其中脱贫人口=120;"
                + "联农带农方式=就业带动;资产归属=郅家山社区;填报单位=522726"),
            "项目编号=T-2026-02", "项目编号=T-2026-03"),
        ["project-funds"] = (Row("项目编号=DS-2024-012;资金来源=东西部协作资金;资金环节=下达;日期=2026-03-01;金额（万元）=100"), "资金环节=拨付", "资金环节=支付"),
        ["project-outcomes"] = (Row("项目编号=DS-2024-012;绩效指标=年培训学员;计量单位=人次;年度=2025;基期值=;目标值=500;完成值=569"), "年度=2024", "年度=2026"),
    };

    public static TheoryData<string, string, string, string, string> Cases() => new()
    {
        // ledger, cells changed in the third row, expected column in the report, expected shown value, expected reason (substring)
        { "agreements", "东部区县=", "东部区县", "", "必填项为空" },
        { "agreements", "东部区县=广州市黄埔", "东部区县", "广州市黄埔", "系统中没有这个组织" },
        { "agreements", "东部区县=440112-S01", "东部区县", "440112-S01", "不是区（县）" },
        { "agreements", "西部区县=440112", "西部区县", "440112", "东部区县和西部区县不能是同一个" },
        { "agreements", "协议年度=二〇二七", "协议年度", "二〇二七", "应为整数" },
        { "agreements", "协议年度=1999", "协议年度", "1999", "协议年度应在 2000 年到 2027 年之间" },
        { "agreements", "签订日期=2025-06-01", "签订日期", "2025-06-01", "签订日期应在协议年度（2027年）内或上一年" },
        { "agreements", "签订日期=2026-12-01", "签订日期", "2026-12-01", "签订日期晚于今天" },
        { "agreements", "签订日期=2026-11-31", "签订日期", "2026-11-31", "不是有效的日期" },
        { "agreements", "指标代码=fiscal", "指标代码", "fiscal", "指标目录中没有这个指标" },
        { "agreements", "指标代码=其中：脱贫劳动力", "指标代码", "其中：脱贫劳动力", "对应多个指标（enterprise_jobs_lifted、labor_transferred_lifted）" },
        { "agreements", "指标名称=财政援助资金", "指标名称", "财政援助资金", "与指标代码不对应" },
        { "agreements", "计量单位=亿元", "计量单位", "亿元", "计量单位是“家”" },
        { "agreements", "目标值=2.5", "目标值", "2.5", "目标值应为整数" },
        { "agreements", "目标值=-1", "目标值", "-1", "不能为负数" },
        { "agreements", "目标值=2家企业", "目标值", "2家企业", "应为数字，单位是“家”" },
        { "agreements", "目标值=", "目标值", "", "必填项为空" },
        { "agreements", "协议年度=2026;协议名称=另一个协议;签订日期=2026-03-15", "协议名称", "另一个协议", "与第 2 行是同一份协议" },
        { "agreements", "协议年度=2026;协议名称=2026年度黄埔区—独山县东西部协作协议;签订日期=2026-03-15;指标代码=fiscal_aid;计量单位=万元;目标值=4100",
            "东部区县 + 西部区县 + 协议年度 + 指标代码", "440112 522726 2026 fiscal_aid", "与第 2 行重复" },
        { "agreements", "填报单位=不存在的单位", "填报单位", "不存在的单位", "系统中没有这个组织" },
        // Against stored data: the pairing of 黄埔区 and 独山县 starts in 2021.
        { "agreements", "协议年度=2020;协议名称=2020年度协议;签订日期=2020-03-01", "西部区县", "522726", "黄埔区与独山县在 2020 年没有区县结对" },

        { "projects", "项目编号=", "项目编号", "", "必填项为空" },
        { "projects", "项目年度=2030", "项目年度", "2030", "项目年度应在 2000 年到 2028 年之间" },
        { "projects", "项目名称=" + new string('项', 201), "项目名称", new string('项', 201), "超过 200 字" },
        { "projects", "项目类别=产业", "项目类别", "产业", "只能填：产业发展、就业帮扶、基础设施" },
        { "projects", "项目状态=在建", "项目状态", "在建", "只能填：储备、立项、实施、完工、验收" },
        { "projects", "项目地点=522700", "项目地点", "522700", "是省、市一级" },
        { "projects", "项目地点=黄埔新村", "项目地点", "黄埔新村", "系统中没有这个组织" },
        { "projects", "东部协作单位=522726", "东部协作单位", "522726", "与项目地点同在贵州省，不是东部协作单位" },
        { "projects", "受益主体=522726", "受益主体", "522726", "是地方而不是企业或单位" },
        { "projects", "立项日期=2026-02-30", "立项日期", "2026-02-30", "不是有效的日期" },
        { "projects", "开工日期=2026-01-05", "开工日期", "2026-01-05", "开工日期早于立项日期（2026-02-10）" },
        { "projects", "项目状态=完工", "完工日期", "", "项目状态为“完工”，须填完工日期" },
        { "projects", "项目状态=储备;开工日期=", "项目状态", "储备", "已填立项日期，项目状态至少应为“立项”" },
        { "projects", "验收日期=2026-06-01", "项目状态", "实施", "已填验收日期，项目状态至少应为“验收”" },
        { "projects", "项目状态=完工;完工日期=2026-12-05", "完工日期", "2026-12-05", "完工日期晚于今天" },
        { "projects", "受益户数=-3", "受益户数", "-3", "不能为负数" },
        { "projects", "受益人数=50;其中脱贫人口=20", "受益人数", "50", "受益人数（50）少于受益户数（100）" },
        { "projects", "其中脱贫人口=301", "其中脱贫人口", "301", "其中脱贫人口（301）多于受益人数（300）" },
        { "projects", "受益人数=三百", "受益人数", "三百", "应为整数" },
        { "projects", "项目编号=T-2026-01", "项目编号", "T-2026-01", "与第 2 行重复" },
        { "projects", "填报单位=", "填报单位", "", "必填项为空" },

        { "project-funds", "项目编号=", "项目编号", "", "必填项为空" },
        { "project-funds", "资金来源=协作资金", "资金来源", "协作资金", "只能填：东西部协作资金、整合资金、自筹资金" },
        { "project-funds", "资金环节=拨付到位", "资金环节", "拨付到位", "只能填：下达、拨付、支付" },
        { "project-funds", "日期=2026-13-01", "日期", "2026-13-01", "不是有效的日期" },
        { "project-funds", "日期=2026-12-01", "日期", "2026-12-01", "日期晚于今天" },
        { "project-funds", "金额（万元）=0", "金额（万元）", "0", "金额应大于0" },
        { "project-funds", "金额（万元）=十万", "金额（万元）", "十万", "应为金额数字" },
        { "project-funds", "金额（万元）=-5", "金额（万元）", "-5", "金额不能为负数" },
        { "project-funds", "金额（万元）=0.0000001", "金额（万元）", "0.0000001", "超过两位小数" },
        { "project-funds", "资金环节=下达", "项目编号 + 资金来源 + 资金环节 + 日期", "DS-2024-012 东西部协作资金 下达 2026-03-01", "与第 2 行重复" },
        // Against stored data: the project is registered; 整合资金 paid beyond what was disbursed (the two good rows are 东西部协作资金).
        { "project-funds", "项目编号=DS-2099-999", "项目编号", "DS-2099-999", "帮扶项目台账中没有这个项目编号" },
        { "project-funds", "资金来源=整合资金;金额（万元）=10000", "金额（万元）", "10000", "项目“DS-2024-012”的整合资金支付合计 10000 万元超过拨付合计" },

        { "project-outcomes", "绩效指标=", "绩效指标", "", "必填项为空" },
        { "project-outcomes", "目标值=五百", "目标值", "五百", "应为数字，单位是“人次”" },
        { "project-outcomes", "完成值=569人", "完成值", "569人", "应为数字，单位是“人次”" },
        { "project-outcomes", "基期值=1.234", "基期值", "1.234", "最多保留两位小数" },
        { "project-outcomes", "年度=2027", "完成值", "569", "2027 年还没到，不能填完成值" },
        { "project-outcomes", "年度=1990", "年度", "1990", "年度应在 2000 年到 2028 年之间" },
        { "project-outcomes", "年度=2025", "项目编号 + 绩效指标 + 年度", "DS-2024-012 年培训学员 2025", "与第 2 行重复" },
        { "project-outcomes", "项目编号=DS-2099-999", "项目编号", "DS-2099-999", "帮扶项目台账中没有这个项目编号" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Import_OneBadRow_IsReportedExactlyAndNothingIsSaved(string ledger, string changes, string expectedColumn, string expectedValue, string expectedReason)
    {
        var reference = await databases.GetAsync(DatabaseProvider.Sqlite);
        await using var ctx = reference.NewContext();
        var before = await AgreementsProjectsImportTests.CountsAsync(ctx);
        var header = LedgerCatalog.Get(ledger).Columns.Select(c => c.Header).ToList();
        var (good, second, third) = Ledgers[ledger];
        var csv = new StringBuilder(string.Join(",", header)).Append('\n');
        foreach (var row in new[] { good, With(good, second), With(With(good, third), changes) })
        {
            Assert.Equal(header.Count, row.Count);
            csv.Append(string.Join(",", header.Select(h => Csv.Quote(row[h]).Replace("'", "", StringComparison.Ordinal)))).Append('\n');
        }

        var importer = new LedgerImporter(ctx, ReferenceDatabases.Protector, new FixedClock(Services.Today));
        var report = await importer.ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv.ToString())), "corpus.csv", ledger, new ImportOptions("测试员"), null, TestContext.Current.CancellationToken);

        Assert.Equal(ImportStatus.Rejected, report.Status);
        var error = Assert.Single(report.Errors, e => e.Column == expectedColumn);
        Assert.Equal((4, expectedValue), (error.Row, error.Value));
        Assert.Contains(expectedReason, error.Reason, StringComparison.Ordinal);
        Assert.All(report.Errors, e => Assert.Equal(4, e.Row));
        Assert.Equal(before, await AgreementsProjectsImportTests.CountsAsync(ctx));
    }

    [Fact]
    public void Corpus_CoversEveryLedgerOfTheGroup() =>
        Assert.Equal(Ledgers.Keys.Order(StringComparer.Ordinal), Cases().Select(c => c.Data.Item1).Distinct().Order(StringComparer.Ordinal));

    /// <summary>"列=值;列=值" as a row.</summary>
    private static Dictionary<string, string> Row(string cells) =>
        cells.Split(';').Select(c => c.Split('=', 2)).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);

    private static Dictionary<string, string> With(Dictionary<string, string> row, string changes)
    {
        var changed = new Dictionary<string, string>(row, StringComparer.Ordinal);
        foreach (var (column, value) in Row(changes))
        {
            Assert.True(changed.ContainsKey(column), column);
            changed[column] = value;
        }

        return changed;
    }
}
