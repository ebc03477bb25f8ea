using System.Text;
using Counterpart.Data;
using Counterpart.Labor;
using Counterpart.Ledgers;
using Counterpart.People;
using Counterpart.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Counterpart.Tests.Ledgers;

/// <summary>
/// A corpus of bad rows: each is one good row with one cell changed, imported after two good rows. Each must be
/// reported with the exact row, column, shown value and reason, and the file must save nothing.
/// </summary>
public sealed class BadRowCorpusTests(ReferenceDatabases databases)
{
    private static readonly string Id = ResidentId.Create("522726", new DateOnly(1988, 8, 8), 321);
    private static readonly string Old = ResidentId.Create("522726", new DateOnly(1940, 1, 1), 111);

    /// <summary>Column → value of a good row (in the reference data's organizations).</summary>
    private static Dictionary<string, string> GoodRow() => new(StringComparer.Ordinal)
    {
        ["姓名"] = "陈某", ["身份证号"] = Id, ["性别"] = "男", ["联系电话"] = "13912345678", ["户籍村（社区）"] = "郅家山社区", ["户类型"] = "脱贫户",
        ["就业去向"] = "到东部", ["就业地区划代码"] = "440112", ["就业单位"] = "某公司", ["系统内单位"] = "", ["就业起始日期"] = "2024-03-01",
        ["就业结束日期"] = "", ["月收入（元）"] = "4000", ["有组织输出"] = "是", ["协作东部地区"] = "440112", ["填报单位"] = "522726",
    };

    public static TheoryData<string, string, string, string, string> Cases() => new()
    {
        // column, bad value, expected column in the report, expected shown value, expected reason (substring)
        { "姓名", "", "姓名", "", "必填项为空" },
        { "姓名", new string('名', 40), "姓名", new string('名', 40), "超过 32 字" },
        { "身份证号", "", "身份证号", "", "必填项为空" },
        { "身份证号", "5.22726E+17", "身份证号", "5.2****E+17", "科学计数法" },
        { "身份证号", "52272619880808321", "身份证号", "522726*******8321", "位数不对" },
        { "身份证号", Id[..17] + (Id[17] == '0' ? "1" : "0"), "身份证号", Id[..6] + "********" + Id[14..17] + (Id[17] == '0' ? "1" : "0"), "校验位错误" },
        { "身份证号", "522726198802308889", "身份证号", "522726********8889", "出生日期" },
        { "身份证号", "992726198808083210", "身份证号", "992726********3210", "省级行政区" },
        { "身份证号", "52272619880808321A", "身份证号", "522726********321A", "数字" },
        { "性别", "女", "性别", "女", "与身份证号不符" },
        { "性别", "未知", "性别", "未知", "男" },
        { "联系电话", "1381234567", "联系电话", "1381234567", "11位手机号" },
        { "联系电话", "23912345678", "联系电话", "239****5678", "11位手机号" },
        { "户籍村（社区）", "不存在村", "户籍村（社区）", "不存在村", "系统中没有这个组织" },
        { "户籍村（社区）", "", "户籍村（社区）", "", "必填项为空" },
        { "户类型", "贫困户", "户类型", "贫困户", "只能填：脱贫户、监测户、一般农户" },
        { "就业去向", "出国", "就业去向", "出国", "只能填" },
        { "就业去向", "公益岗位", "就业去向", "公益岗位", "就业地不在本县" },
        { "就业去向", "公益岗位@70", "就业去向", "公益岗位", "70周岁及以上" },
        { "就业去向", "帮扶车间", "就业去向", "帮扶车间", "就业地不在本县" },
        { "就业地区划代码", "44011", "就业地区划代码", "44011", "6位" },
        { "就业地区划代码", "4401AB", "就业地区划代码", "4401AB", "6位" },
        { "系统内单位", "不存在的工厂", "系统内单位", "不存在的工厂", "系统中没有这个组织" },
        { "就业起始日期", "", "就业起始日期", "", "必填项为空" },
        { "就业起始日期", "2024-02-30", "就业起始日期", "2024-02-30", "不是有效的日期" },
        { "就业起始日期", "去年三月", "就业起始日期", "去年三月", "日期格式无法识别" },
        { "就业起始日期", "2099-01-01", "就业起始日期", "2099-01-01", "日期太远" },
        { "就业结束日期", "2024-01-01", "就业结束日期", "2024-01-01", "结束日期早于起始日期" },
        { "月收入（元）", "四千", "月收入（元）", "四千", "应为金额数字" },
        { "月收入（元）", "-100", "月收入（元）", "-100", "不能为负数" },
        { "月收入（元）", "0.0000001万", "月收入（元）", "0.0000001万", "超过两位小数" },
        { "有组织输出", "也许", "有组织输出", "也许", "应填“是”或“否”" },
        { "协作东部地区", "天河区", "协作东部地区", "天河区", "系统中没有这个组织" },
        { "填报单位", "", "填报单位", "", "必填项为空" },
        { "填报单位", "独山", "填报单位", "独山", "系统中没有这个组织" },
        { "填报单位", "=HYPERLINK(\"x\")", "填报单位", "=HYPERLINK(\"x\")", "系统中没有这个组织" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Import_OneBadCell_IsReportedExactlyAndNothingIsSaved(string column, string bad, string expectedColumn, string expectedValue, string expectedReason)
    {
        var reference = await databases.GetAsync(DatabaseProvider.Sqlite);
        await using var ctx = reference.NewContext();
        var before = await ctx.Rows<Employment>(Scope.Everything).CountAsync(TestContext.Current.CancellationToken);
        var header = new LaborLedger().Columns.Select(c => c.Header).ToList();
        var good = GoodRow();
        var second = new Dictionary<string, string>(good) { ["身份证号"] = ResidentId.Create("522726", new DateOnly(1989, 9, 9), 325), ["性别"] = "男" };
        var broken = new Dictionary<string, string>(good) { ["身份证号"] = ResidentId.Create("522726", new DateOnly(1987, 7, 7), 327), [column] = bad };
        if (column == "性别" && bad == "女")
        {
            broken["身份证号"] = ResidentId.Create("522726", new DateOnly(1987, 7, 7), 327);
        }

        if (column == "身份证号")
        {
            broken["性别"] = "";
        }

        if (bad == "公益岗位@70")
        {
            // A 公益岗位 inside the county, for a man born in 1940.
            (broken["就业去向"], broken["就业地区划代码"], broken["身份证号"], broken["性别"]) = ("公益岗位", "522726", Old, "男");
        }

        var csv = new StringBuilder(string.Join(",", header)).Append('\n');
        foreach (var row in new[] { good, second, broken })
        {
            csv.Append(string.Join(",", header.Select(h => Csv.Quote(row[h]).Replace("'", "", StringComparison.Ordinal)))).Append('\n');
        }

        var importer = new LedgerImporter(ctx, ReferenceDatabases.Protector, new FixedClock(Services.Today));
        var report = await importer.ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv.ToString())), "corpus.csv", "labor", new ImportOptions("测试员"), null, TestContext.Current.CancellationToken);

        Assert.Equal(ImportStatus.Rejected, report.Status);
        var error = Assert.Single(report.Errors, e => e.Column == expectedColumn);
        Assert.Equal((4, expectedValue), (error.Row, error.Value));
        Assert.Contains(expectedReason, error.Reason, StringComparison.Ordinal);
        Assert.All(report.Errors, e => Assert.Equal(4, e.Row));
        Assert.Equal(before, await ctx.Rows<Employment>(Scope.Everything).CountAsync(TestContext.Current.CancellationToken));
    }
}
