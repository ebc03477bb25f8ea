using System.Text;
using Counterpart.Data;
using Counterpart.Ledgers;
using Counterpart.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Counterpart.Tests.Ledgers;

/// <summary>
/// Bad rows for the investment, inflow, product, sales and donation ledgers: each is a good row with one or two cells
/// changed, imported after two good rows. Each must be reported with the exact row, column, shown value and reason, and
/// the file must save nothing.
/// </summary>
public sealed class BadRowCorpusInvestmentConsumptionTests(ReferenceDatabases databases)
{
    /// <summary>Column → value of a good row per ledger (in the reference data's organizations), and the cell that differs in the next rows.</summary>
    private static (Dictionary<string, string> Row, string Varying, string[] Next) Good(string ledger) => ledger switch
    {
        "investment" => (new(StringComparer.Ordinal)
        {
            ["东部企业"] = "广州穗农食用菌科技有限公司", ["落地企业"] = "独山穗农食用菌有限公司", ["落地园区"] = "522726-P02", ["所属产业"] = "食用菌",
            ["投资状态"] = "落地", ["签约日期"] = "2024-01-10", ["落地日期"] = "2024-06-01", ["协议投资额（万元）"] = "1000", ["填报单位"] = "522726",
        }, "签约日期", ["2024-02-10", "2024-03-10"]),
        "investment-inflows" => (new(StringComparer.Ordinal)
        {
            ["东部企业"] = "广州穗农食用菌科技有限公司", ["落地企业"] = "独山穗农食用菌有限公司", ["签约日期"] = "2021-10-19", ["到位日期"] = "2022-05-01",
            ["到位资金（万元）"] = "500",
        }, "到位日期", ["2022-06-01", "2022-07-01"]),
        "products" => (new(StringComparer.Ordinal)
        {
            ["产品编号"] = "XFBF-T-01", ["产品名称"] = "刺梨原汁（测试）", ["产品类别"] = "刺梨", ["供应商"] = "独山县刺梨食品有限公司", ["认定日期"] = "2024-03-11",
            ["产品说明"] = "", ["填报单位"] = "522726",
        }, "产品编号", ["XFBF-T-02", "XFBF-T-03"]),
        "sales" => (new(StringComparer.Ordinal)
        {
            ["销售单位"] = "独山县刺梨食品有限公司", ["凭证号"] = "T-0001", ["产品编号"] = "XFBF-522726-001", ["销售类型"] = "采购", ["销售渠道"] = "工会采购",
            ["销售日期"] = "2024-06-18", ["金额（元）"] = "12800", ["东部单位"] = "黄埔区总工会", ["购买方"] = "", ["计入东部"] = "是", ["填报单位"] = "522726",
        }, "凭证号", ["T-0002", "T-0003"]),
        "donations" => (new(StringComparer.Ordinal)
        {
            ["受赠单位"] = "522726-S05", ["捐赠票据号"] = "JZ-T01", ["捐赠单位"] = "广州兴森快捷电路科技有限公司", ["捐赠人"] = "", ["捐赠类型"] = "资金",
            ["捐赠日期"] = "2024-04-11", ["金额（元）"] = "10000", ["用途"] = "助学", ["填报单位"] = "440112",
        }, "捐赠票据号", ["JZ-T02", "JZ-T03"]),
        _ => throw new ArgumentOutOfRangeException(nameof(ledger)),
    };

    public static TheoryData<string, string, string, string, string> Cases() => new()
    {
        // ledger, changed cells ("列=值|列=值"), expected column in the report, expected shown value, expected reason (substring)
        { "investment", "东部企业=", "东部企业", "", "必填项为空" },
        { "investment", "东部企业=广州不存在投资有限公司", "东部企业", "广州不存在投资有限公司", "系统中没有这个组织" },
        { "investment", "东部企业=独山县刺梨食品有限公司", "东部企业", "独山县刺梨食品有限公司", "与落地企业同在贵州省，不是东部企业" },
        { "investment", "东部企业=黄埔区总工会", "东部企业", "黄埔区总工会", "不是企业" },
        { "investment", "落地企业=广州穗农食用菌科技有限公司", "落地企业", "广州穗农食用菌科技有限公司", "不能与东部企业是同一个" },
        { "investment", "落地企业=522726", "落地企业", "522726", "不能是“独山县”这样的地区" },
        { "investment", "落地园区=522726-S05", "落地园区", "522726-S05", "不是产业园区" },
        { "investment", "所属产业=" + new string('业', 65), "所属产业", new string('业', 65), "超过 64 字" },
        { "investment", "投资状态=已投产", "投资状态", "已投产", "只能填：签约、落地、撤资" },
        { "investment", "落地日期=", "落地日期", "", "投资状态为“落地”时必填" },
        { "investment", "投资状态=签约", "落地日期", "2024-06-01", "“签约”（尚未落地）时不填落地日期" },
        { "investment", "落地日期=2023-12-31", "落地日期", "2023-12-31", "落地日期早于签约日期" },
        { "investment", "签约日期=2024-13-01", "签约日期", "2024-13-01", "不是有效的日期" },
        { "investment", "签约日期=2026-12-15|落地日期=", "签约日期", "2026-12-15", "签约日期晚于今天" },
        { "investment", "投资状态=撤资|落地日期=2026-12-20", "落地日期", "2026-12-20", "落地日期晚于今天" },
        { "investment", "协议投资额（万元）=-5", "协议投资额（万元）", "-5", "不能为负数" },
        { "investment", "协议投资额（万元）=0", "协议投资额（万元）", "0", "协议投资额应大于0" },
        { "investment", "填报单位=", "填报单位", "", "必填项为空" },
        { "investment-inflows", "签约日期=", "签约日期", "", "必填项为空" },
        { "investment-inflows", "落地企业=独山不存在有限公司", "落地企业", "独山不存在有限公司", "系统中没有这个组织" },
        { "investment-inflows", "到位日期=2021-10-18", "到位日期", "2021-10-18", "到位日期早于该投资的签约日期" },
        { "investment-inflows", "到位日期=2026-12-01", "到位日期", "2026-12-01", "到位日期晚于今天" },
        { "investment-inflows", "到位资金（万元）=五百", "到位资金（万元）", "五百", "应为金额数字" },
        { "investment-inflows", "到位资金（万元）=0", "到位资金（万元）", "0", "到位资金应大于0" },
        { "investment-inflows", "到位日期=2022-05-01", "东部企业 + 落地企业 + 签约日期 + 到位日期", "@key", "与第 2 行重复" },
        // Rules of the stored investments (checked just before the rows are written).
        { "investment-inflows", "签约日期=2021-10-20", "签约日期", "2021-10-20", "没有这一天签约的（已登记的签约日期：2021-10-19）" },
        { "investment-inflows", "东部企业=广州粤茗茶业集团有限公司", "签约日期", "2021-10-19", "引导企业投资台账中没有“广州粤茗茶业集团有限公司”在“独山穗农食用菌有限公司”的投资" },
        { "investment-inflows", "东部企业=广州云谷数据服务有限公司|落地企业=522726|签约日期=2025-10-20|到位日期=2025-11-01", "签约日期", "2025-10-20", "这项投资尚未落地，不能登记到位资金" },
        { "products", "产品编号=", "产品编号", "", "必填项为空" },
        { "products", "产品编号=xfbf-t-01", "产品编号", "XFBF-T-01", "与第 2 行重复" },
        { "products", "供应商=522726", "供应商", "522726", "是地区或园区" },
        { "products", "认定日期=2026-12-20", "认定日期", "2026-12-20", "认定日期晚于今天" },
        { "products", "产品说明=" + new string('说', 2001), "产品说明", new string('说', 2001), "超过 2000 字" },
        { "sales", "销售单位=522726", "销售单位", "522726", "是地区或园区" },
        { "sales", "凭证号=", "凭证号", "", "必填项为空" },
        { "sales", "销售类型=代销", "销售类型", "代销", "只能填：采购、帮销" },
        { "sales", "销售渠道=朋友圈", "销售渠道", "朋友圈", "只能填：食堂采购、商超市场、工会采购、电商平台、832平台、专馆专柜、直采直供" },
        { "sales", "销售日期=2024/6/31", "销售日期", "2024/6/31", "不是有效的日期" },
        { "sales", "金额（元）=12.345", "金额（元）", "12.345", "超过两位小数" },
        { "sales", "金额（元）=0", "金额（元）", "0", "金额应大于0" },
        { "sales", "东部单位=", "东部单位", "", "“计入东部”为“是”时必填" },
        { "sales", "东部单位=522726-H01", "东部单位", "522726-H01", "与销售单位同在贵州省，不是东部单位" },
        { "sales", "计入东部=否|东部单位=", "购买方", "", "东部单位和购买方至少填一项" },
        { "sales", "计入东部=也许", "计入东部", "也许", "应填“是”或“否”" },
        { "sales", "产品编号=XFBF-522726-999", "产品编号", "XFBF-522726-999", "消费帮扶产品目录中没有这个产品编号；请先导入产品目录" },
        { "donations", "受赠单位=不存在的学校", "受赠单位", "不存在的学校", "系统中没有这个组织" },
        { "donations", "捐赠票据号=JZ-T01", "受赠单位 + 捐赠票据号", "522726-S05 JZ-T01", "与第 2 行重复" },
        { "donations", "捐赠单位=", "捐赠单位", "", "捐赠单位和捐赠人至少填一项" },
        { "donations", "捐赠单位=522726-S05", "捐赠单位", "522726-S05", "不能与受赠单位是同一个" },
        { "donations", "捐赠单位=522726-H01", "捐赠单位", "522726-H01", "与受赠单位同在贵州省，不属于东部的社会帮扶" },
        { "donations", "捐赠类型=捐款", "捐赠类型", "捐款", "只能填：资金、物资" },
        { "donations", "捐赠日期=去年", "捐赠日期", "去年", "日期格式无法识别" },
        { "donations", "金额（元）=0", "金额（元）", "0", "金额应大于0" },
        { "donations", "用途=" + new string('用', 501), "用途", new string('用', 501), "超过 500 字" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Import_OneBadRow_IsReportedExactlyAndNothingIsSaved(string ledger, string changes, string expectedColumn, string expectedValue, string expectedReason)
    {
        var reference = await databases.GetAsync(DatabaseProvider.Sqlite);
        await using var ctx = reference.NewContext();
        var ct = TestContext.Current.CancellationToken;
        var before = await InvestmentConsumptionImportTests.StoredCountAsync(ctx, ledger);
        var batches = await BatchCountAsync(ctx, ct);
        var header = LedgerCatalog.Get(ledger).Columns.Select(c => c.Header).ToList();
        var (good, varying, next) = Good(ledger);
        var second = new Dictionary<string, string>(good) { [varying] = next[0] };
        var broken = new Dictionary<string, string>(good) { [varying] = next[1] };
        foreach (var change in changes.Split('|'))
        {
            var eq = change.IndexOf('=', StringComparison.Ordinal);
            broken[change[..eq]] = change[(eq + 1)..];
        }

        var csv = new StringBuilder(string.Join(",", header)).Append('\n');
        foreach (var row in new[] { good, second, broken })
        {
            csv.Append(string.Join(",", header.Select(h => Csv.Quote(row[h]).Replace("'", "", StringComparison.Ordinal)))).Append('\n');
        }

        var importer = new LedgerImporter(ctx, ReferenceDatabases.Protector, new FixedClock(Services.Today));
        var report = await importer.ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv.ToString())), "corpus.csv", ledger, new ImportOptions("测试员"), null, ct);

        Assert.Equal(ImportStatus.Rejected, report.Status);
        var error = Assert.Single(report.Errors, e => e.Column == expectedColumn);
        if (expectedValue == "@key")
        {
            // The repeated key names organizations by their stored codes (credit codes, masked like other long numbers).
            Assert.Contains("2021-10-19 2022-05-01", error.Value, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(expectedValue, error.Value);
        }

        Assert.Equal(4, error.Row);
        Assert.Contains(expectedReason, error.Reason, StringComparison.Ordinal);
        Assert.All(report.Errors, e => Assert.Equal(4, e.Row));
        Assert.Equal(before, await InvestmentConsumptionImportTests.StoredCountAsync(ctx, ledger));
        Assert.Equal(batches, await BatchCountAsync(ctx, ct));
    }

    private static Task<int> BatchCountAsync(CounterpartDbContext ctx, CancellationToken ct) =>
        ctx.Rows<ImportBatch>(Scope.Everything).CountAsync(ct);
}
