using Bunit;
using Counterpart.Ledgers;
using Counterpart.Web.Components.Common;
using Microsoft.AspNetCore.Components;

namespace Counterpart.Tests.Components;

/// <summary>The back office's own components (bUnit): the grid's sorting and row opening, the record form, the chart binding.</summary>
public sealed class ComponentTests
{
    private static readonly int[] Same = [1, 2];
    private static readonly int[] Other = [3, 4];

    [Fact]
    public void DataGrid_SortableHeader_RaisesItsKey_MarksTheSortedColumn_AndRowsOpenByClickOrEnter()
    {
        using var ctx = new BunitContext();
        string? sorted = null;
        var opened = new List<int>();
        var cut = ctx.Render<DataGrid>(p => p
            .Add(x => x.Headers, ["项目编号", "项目年度"])
            .Add(x => x.Rows, [["DS-1", "2024"], ["DS-2", "2025"]])
            .Add(x => x.SortKeys, [null, "year"])
            .Add(x => x.SortedBy, "year")
            .Add(x => x.Descending, true)
            .Add(x => x.OnSort, EventCallback.Factory.Create<string>(this, k => sorted = k))
            .Add(x => x.OnRowClick, EventCallback.Factory.Create<int>(this, i => opened.Add(i))));

        var headers = cut.FindAll("th");
        Assert.Empty(headers[0].QuerySelectorAll("button"));
        Assert.Equal("descending", headers[1].GetAttribute("aria-sort"));
        Assert.Contains("↓", headers[1].TextContent, StringComparison.Ordinal);
        cut.Find("th button").Click();
        cut.FindAll("tbody tr")[1].Click();
        cut.FindAll("tbody tr")[0].KeyDown(new Microsoft.AspNetCore.Components.Web.KeyboardEventArgs { Key = "Enter" });

        Assert.Equal("year", sorted);
        Assert.Equal([1, 0], opened);
        Assert.Equal(["DS-2", "2025"], cut.FindAll("tbody tr")[1].QuerySelectorAll("td").Select(td => td.TextContent));
    }

    [Fact]
    public void DataGrid_WithoutRows_SaysSoInsteadOfAnEmptyTable()
    {
        using var ctx = new BunitContext();

        var cut = ctx.Render<DataGrid>(p => p.Add(x => x.Headers, ["A"]).Add(x => x.Rows, []).Add(x => x.Empty, "没有符合条件的记录"));

        Assert.Empty(cut.FindAll("table"));
        Assert.Equal("没有符合条件的记录", cut.Find(".cp-empty").TextContent);
    }

    [Fact]
    public void RecordForm_ChoicesAreSelects_KeyColumnsLocked_ErrorsShownInPlaceOfTheHelp_AndTypingFillsTheValues()
    {
        using var ctx = new BunitContext();
        var projects = LedgerCatalog.All.First(l => l.Name == "projects");
        var values = projects.Columns.ToDictionary(c => c.Key, c => (string?)"");

        var cut = ctx.Render<RecordForm>(p => p
            .Add(x => x.Columns, projects.Columns)
            .Add(x => x.Values, values)
            .Add(x => x.Locked, new HashSet<string> { "code" })
            .Add(x => x.Errors, new Dictionary<string, string> { ["started"] = "项目状态为“实施”，须填开工日期" }));
        cut.Find("#f-name").Change("甲村茶叶加工厂");
        cut.Find("#f-category").Change("产业发展");

        Assert.True(cut.Find("#f-code").HasAttribute("disabled"));
        Assert.False(cut.Find("#f-name").HasAttribute("disabled"));
        Assert.Equal("date", cut.Find("#f-started").GetAttribute("type"));
        Assert.Contains("产业发展", cut.FindAll("#f-category option").Select(o => o.TextContent));
        Assert.Equal("项目状态为“实施”，须填开工日期", cut.Find("#f-started").ParentElement!.QuerySelector(".cp-help")!.TextContent);
        Assert.Contains("has-error", cut.Find("#f-started").ParentElement!.ClassName, StringComparison.Ordinal);
        Assert.Equal("项目编号 *", cut.Find("label[for=f-code]").TextContent);
        Assert.Equal(("甲村茶叶加工厂", "产业发展"), (values["name"], values["category"]));
    }

    [Fact]
    public void Chart_DrawsOncePerChangeOfOptions_AndPassesClicksToThePage()
    {
        using var ctx = new BunitContext();
        ctx.JSInterop.SetupVoid("counterpartCharts.render", _ => true);
        ctx.JSInterop.SetupVoid("counterpartCharts.dispose", _ => true);
        ChartClick? clicked = null;
        var options = new { series = new[] { new { type = "bar", data = Same } } };

        var cut = ctx.Render<Chart>(p => p.Add(x => x.Options, options).Add(x => x.Label, "图")
            .Add(x => x.OnClick, EventCallback.Factory.Create<ChartClick>(this, c => clicked = c)));
        cut.Render(p => p.Add(x => x.Options, new { series = new[] { new { type = "bar", data = Same } } }));
        var sameDrawings = ctx.JSInterop.Invocations["counterpartCharts.render"].Count;
        cut.Render(p => p.Add(x => x.Options, new { series = new[] { new { type = "bar", data = Other } } }));
        cut.InvokeAsync(() => cut.Instance.OnChartClick(1, 2, "2023"));

        Assert.Equal(1, sameDrawings);
        Assert.Equal(2, ctx.JSInterop.Invocations["counterpartCharts.render"].Count);
        Assert.Contains("\"data\":[3,4]", (string)ctx.JSInterop.Invocations["counterpartCharts.render"][1].Arguments[1]!, StringComparison.Ordinal);
        Assert.Equal(new ChartClick(1, 2, "2023"), clicked);
        Assert.Equal("图", cut.Find("[role=img]").GetAttribute("aria-label"));
    }
}
