using System.Text;
using Counterpart.Data;
using Counterpart.Honors;
using Counterpart.Ledgers;
using Counterpart.People;
using Counterpart.Talent;
using Counterpart.Tests.Infrastructure;
using Counterpart.Trainings;
using Microsoft.EntityFrameworkCore;

namespace Counterpart.Tests.Ledgers;

/// <summary>
/// Bad rows of the talent, trainings, honors and cases ledgers: each is a good row with one cell changed, imported after
/// two good rows (in the reference data's organizations). Each must be reported with the exact row, column, shown value
/// and reason, and the file must save nothing.
/// </summary>
public sealed class BadRowCorpusTalentTrainingHonorsTests(ReferenceDatabases databases)
{
    private static readonly string Id1 = ResidentId.Create("440112", new DateOnly(1986, 6, 6), 301);
    private static readonly string Id2 = ResidentId.Create("440112", new DateOnly(1987, 7, 7), 303);
    private static readonly string Id3 = ResidentId.Create("440112", new DateOnly(1988, 8, 8), 305);
    private static readonly string Child = ResidentId.Create("440112", new DateOnly(2010, 1, 1), 307);
    private static readonly string WrongCheck = Id3[..17] + (Id3[17] == '0' ? "1" : "0");

    /// <summary>Marks a case whose broken row is built from the second row rather than by changing one cell.</summary>
    private const string Duplicate = "@重复";

    /// <summary>The talent row gets the second row's ID number under another name.</summary>
    private const string SameIdOtherName = "@同号异名";

    /// <summary>A good row, the second good row, and the base of the broken row, per ledger (column → value).</summary>
    private static (Dictionary<string, string> Good, Dictionary<string, string> Second, Dictionary<string, string> Broken) Rows(string ledger)
    {
        Dictionary<string, string> good = ledger switch
        {
            "talent" => new(StringComparer.Ordinal)
            {
                ["姓名"] = "陈某", ["身份证号"] = Id1, ["性别"] = "男", ["专业类别"] = "教师", ["类别"] = "支教", ["方向"] = "东→西", ["东部单位"] = "440112-S01",
                ["西部单位"] = "522726-S01", ["开始日期"] = "2024-03-01", ["结束日期"] = "2024-07-01", ["岗位/职务"] = "数学教师", ["填报单位"] = "440112",
            },
            "trainings" => new(StringComparer.Ordinal)
            {
                ["培训名称"] = "电工定制化培训班（第1期）", ["培训类别"] = "劳动技能", ["定制化培训"] = "是", ["东部主办单位"] = "440112-A02", ["西部单位"] = "522726-L01",
                ["开始日期"] = "2024-03-11", ["结束日期"] = "2024-03-15", ["参训人次"] = "45", ["填报单位"] = "522726",
            },
            "honors" => new(StringComparer.Ordinal)
            {
                ["荣誉名称"] = "优秀支教教师", ["荣誉级别"] = "县级", ["授予单位"] = "独山县教育局", ["年度"] = "2024", ["获得单位"] = "522726-S01", ["获得个人"] = "陈某",
                ["填报单位"] = "522726",
            },
            _ => new(StringComparer.Ordinal)
            {
                ["案例标题"] = "社区食堂里的东部厨师", ["主体单位"] = "郅家山社区", ["案例摘要"] = "东部派来的厨师教社区食堂做粤式早点，食堂成了搬迁群众的就业点。",
                ["案例日期"] = "2024-06-18", ["照片"] = "食堂.jpg", ["填报单位"] = "522726",
            },
        };
        var (keyColumn, second, broken) = ledger switch
        {
            "talent" => ("身份证号", Id2, Id3),
            "trainings" => ("培训名称", "电工定制化培训班（第2期）", "电工定制化培训班（第3期）"),
            "honors" => ("获得个人", "林某", "黄某"),
            _ => ("案例标题", "车间订单从东部来", "刺梨分拣车间的一天"),
        };
        var secondRow = new Dictionary<string, string>(good) { [keyColumn] = second };
        var brokenRow = new Dictionary<string, string>(good) { [keyColumn] = broken };
        if (ledger == "talent")
        {
            (secondRow["姓名"], brokenRow["姓名"]) = ("林某", "黄某");
        }

        return (good, secondRow, brokenRow);
    }

    public static TheoryData<string, string, string, string, string, string> Cases() => new()
    {
        // ledger, column, bad value, expected column in the report, expected shown value, expected reason (substring)
        { "talent", "姓名", "", "姓名", "", "必填项为空" },
        { "talent", "姓名", new string('名', 65), "姓名", new string('名', 65), "超过 64 字" },
        { "talent", "身份证号", WrongCheck, "身份证号", Id3[..6] + "********" + WrongCheck[14..], "校验位错误" },
        { "talent", "身份证号", "5.22726E+17", "身份证号", "5.2****E+17", "科学计数法" },
        { "talent", "身份证号", Child, "开始日期", "2024-03-01", "未满18周岁" },
        { "talent", "性别", "女", "性别", "女", "与身份证号不符" },
        { "talent", "专业类别", "技术员", "专业类别", "技术员", "只能填：党政干部、教师、医务人员、农技人员、其他专业人才" },
        { "talent", "专业类别", "医务人员", "专业类别", "医务人员", "“支教”的人员应为教师" },
        { "talent", "类别", "援疆", "类别", "援疆", "只能填：挂职、支教" },
        { "talent", "类别", "跟岗学习", "方向", "东→西", "方向应为“西→东”" },
        { "talent", "方向", "西→东", "方向", "西→东", "方向应为“东→西”" },
        { "talent", "方向", "东到西", "方向", "东到西", "只能填：东→西、西→东" },
        { "talent", "东部单位", "不存在的学校", "东部单位", "不存在的学校", "系统中没有这个组织" },
        { "talent", "西部单位", "440112-S02", "西部单位", "440112-S02", "在同一省份" },
        { "talent", "西部单位", "440112-S01", "西部单位", "440112-S01", "不能是同一个" },
        { "talent", "开始日期", "", "开始日期", "", "必填项为空" },
        { "talent", "开始日期", "2024-13-01", "开始日期", "2024-13-01", "不是有效的日期" },
        { "talent", "结束日期", "2024-01-01", "结束日期", "2024-01-01", "结束日期早于开始日期" },
        { "talent", "岗位/职务", new string('岗', 201), "岗位/职务", new string('岗', 201), "超过 200 字" },
        { "talent", "填报单位", "", "填报单位", "", "必填项为空" },
        { "talent", "姓名", SameIdOtherName, "姓名", "黄某", "与第 3 行身份证号相同而姓名不同" },
        { "talent", "身份证号", Duplicate, new TalentLedger().NaturalKey, RowValues.MaskKey($"{Id2}|支教|2024-03-01"), "与第 3 行重复" },
        { "trainings", "培训名称", "", "培训名称", "", "必填项为空" },
        { "trainings", "培训名称", new string('训', 201), "培训名称", new string('训', 201), "超过 200 字" },
        { "trainings", "培训类别", "技能", "培训类别", "技能", "只能填：劳动技能、教育、医疗卫生、干部、其他" },
        { "trainings", "培训类别", "教育", "定制化培训", "是", "定制化培训只用于劳动技能培训" },
        { "trainings", "定制化培训", "也许", "定制化培训", "也许", "应填“是”或“否”" },
        { "trainings", "东部主办单位", "522726-S01", "东部主办单位", "522726-S01", "在同一省份" },
        { "trainings", "东部主办单位", "522726-L01", "东部主办单位", "522726-L01", "不能是同一个" },
        { "trainings", "东部主办单位", "黄埔区某协会", "东部主办单位", "黄埔区某协会", "系统中没有这个组织" },
        { "trainings", "西部单位", "", "西部单位", "", "必填项为空" },
        { "trainings", "开始日期", "2099-01-01", "开始日期", "2099-01-01", "日期太远" },
        { "trainings", "开始日期", "三月中旬", "开始日期", "三月中旬", "日期格式无法识别" },
        { "trainings", "结束日期", "2024-03-10", "结束日期", "2024-03-10", "结束日期早于开始日期" },
        { "trainings", "结束日期", "2025-06-01", "结束日期", "2025-06-01", "超过一年" },
        { "trainings", "参训人次", "", "参训人次", "", "必填项为空" },
        { "trainings", "参训人次", "四十五", "参训人次", "四十五", "应为整数" },
        { "trainings", "参训人次", "12.5", "参训人次", "12.5", "应为整数" },
        { "trainings", "参训人次", "-5", "参训人次", "-5", "不能为负数" },
        { "trainings", "培训名称", Duplicate, "培训名称", "电工定制化培训班(第2期)", "与第 3 行重复" },
        { "honors", "荣誉名称", "", "荣誉名称", "", "必填项为空" },
        { "honors", "荣誉级别", "部级", "荣誉级别", "部级", "只能填：国家级、省级、市（州）级、县级" },
        { "honors", "授予单位", "", "授予单位", "", "必填项为空" },
        { "honors", "授予单位", "优秀支教教师", "授予单位", "优秀支教教师", "授予单位与荣誉名称相同" },
        { "honors", "年度", "2030", "年度", "2030", "之间的四位年份" },
        { "honors", "年度", "1900", "年度", "1900", "之间的四位年份" },
        { "honors", "年度", "2024年度", "年度", "2024年度", "应为整数" },
        { "honors", "获得单位", "不存在的学校", "获得单位", "不存在的学校", "系统中没有这个组织" },
        { "honors", "获得个人", "黄某13812345678", "获得个人", "黄某1381***5678", "不要填身份证号、电话" },
        { "honors", "获得个人", new string('人', 65), "获得个人", new string('人', 65), "超过 64 字" },
        { "honors", "获得个人", Duplicate, "荣誉名称", "优秀支教教师", "与第 3 行重复" },
        { "cases", "案例标题", "", "案例标题", "", "必填项为空" },
        { "cases", "主体单位", "不存在的社区", "主体单位", "不存在的社区", "系统中没有这个组织" },
        { "cases", "案例摘要", "", "案例摘要", "", "必填项为空" },
        { "cases", "案例摘要", "刺梨分拣车间的一天", "案例摘要", "刺梨分拣车间的一天", "摘要与标题相同" },
        { "cases", "案例摘要", new string('摘', 4001), "案例摘要", new string('摘', 4001), "超过 4000 字" },
        { "cases", "案例日期", "", "案例日期", "", "必填项为空" },
        { "cases", "案例日期", "2026-12-25", "案例日期", "2026-12-25", "案例日期晚于今天" },
        { "cases", "照片", "总结.docx", "照片", "总结.docx", "“总结.docx”不是图片文件" },
        { "cases", "照片", "../../etc/passwd.jpg", "照片", "../../etc/passwd.jpg", "不是文件名或相对路径" },
        { "cases", "照片", "a.jpg;C:\\照片\\b.jpg", "照片", "a.jpg;C:\\照片\\b.jpg", "“C:\\照片\\b.jpg”不是文件名或相对路径" },
        { "cases", "填报单位", "=HYPERLINK(\"x\")", "填报单位", "=HYPERLINK(\"x\")", "系统中没有这个组织" },
        { "cases", "案例标题", Duplicate, "案例标题", "车间订单从东部来", "与第 3 行重复" },
    };

    private static Task<int> StoredAsync(CounterpartDbContext ctx, string ledger) => ledger switch
    {
        "talent" => ctx.Rows<TalentAssignment>(Scope.Everything).CountAsync(TestContext.Current.CancellationToken),
        "trainings" => ctx.Rows<TrainingSession>(Scope.Everything).CountAsync(TestContext.Current.CancellationToken),
        "honors" => ctx.Rows<Honor>(Scope.Everything).CountAsync(TestContext.Current.CancellationToken),
        _ => ctx.Rows<CaseStory>(Scope.Everything).CountAsync(TestContext.Current.CancellationToken),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Import_OneBadCell_IsReportedExactlyAndNothingIsSaved(string ledger, string column, string bad, string expectedColumn, string expectedValue, string expectedReason)
    {
        var ct = TestContext.Current.CancellationToken;
        var reference = await databases.GetAsync(DatabaseProvider.Sqlite);
        await using var ctx = reference.NewContext();
        var before = (await StoredAsync(ctx, ledger), await ctx.Rows<TalentPerson>(Scope.Everything).CountAsync(ct));
        var header = LedgerCatalog.Get(ledger).Columns.Select(c => c.Header).ToList();
        var (good, second, broken) = Rows(ledger);
        switch (bad)
        {
            case Duplicate:
                // The second row again; a title typed with half-width brackets is still the same title.
                broken = new Dictionary<string, string>(second);
                if (ledger == "trainings")
                {
                    broken["培训名称"] = "电工定制化培训班(第2期)";
                }

                break;
            case SameIdOtherName:
                broken["身份证号"] = Id2;
                break;
            default:
                broken[column] = bad;
                break;
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
        Assert.Equal((4, expectedValue), (error.Row, error.Value));
        Assert.Contains(expectedReason, error.Reason, StringComparison.Ordinal);
        Assert.All(report.Errors, e => Assert.Equal(4, e.Row));
        Assert.Equal(before, (await StoredAsync(ctx, ledger), await ctx.Rows<TalentPerson>(Scope.Everything).CountAsync(ct)));
    }

    [Fact]
    public async Task Import_GoodCorpusRows_AreValid()
    {
        var reference = await databases.GetAsync(DatabaseProvider.Sqlite);
        await using var ctx = reference.NewContext();
        var importer = new LedgerImporter(ctx, ReferenceDatabases.Protector, new FixedClock(Services.Today));
        foreach (var ledger in new[] { "talent", "trainings", "honors", "cases" })
        {
            var header = LedgerCatalog.Get(ledger).Columns.Select(c => c.Header).ToList();
            var (good, second, broken) = Rows(ledger);
            var csv = string.Join(",", header) + "\n" + string.Join("\n", new[] { good, second, broken }.Select(r => string.Join(",", header.Select(h => Csv.Quote(r[h]))))) + "\n";

            var report = await importer.ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv)), "corpus.csv", ledger, new ImportOptions("测试员", DryRun: true), null, TestContext.Current.CancellationToken);

            Assert.True(report.Status == ImportStatus.Validated, ledger + "：" + string.Join("；", report.Errors.Select(e => $"{e.Row} {e.Column} {e.Value} {e.Reason}")));
            Assert.Equal(3, report.Inserted);
        }
    }
}
