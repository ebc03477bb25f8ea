using Counterpart.Ledgers;
using Counterpart.People;

namespace Counterpart.Tests.Ledgers;

public sealed class CellParsersTests
{
    [Theory]
    [InlineData("2023-5-1")]
    [InlineData("2023/05/01")]
    [InlineData("2023.5.1")]
    [InlineData("2023年5月1日")]
    [InlineData("２０２３－０５－０１")]
    [InlineData(" 2023-05-01 08:30 ")]
    [InlineData("20230501")]
    [InlineData("45047")]
    public void Date_AsPeopleWriteIt_IsTheFirstOfMay2023(string cell)
    {
        var parsed = CellParsers.Date(cell);

        Assert.True(parsed.Ok, parsed.Error);
        Assert.Equal(new DateOnly(2023, 5, 1), parsed.Value);
    }

    [Theory]
    [InlineData("2023-02-30", "不是有效的日期")]
    [InlineData("2023-13-01", "不是有效的日期")]
    [InlineData("五月一日", "日期格式无法识别")]
    [InlineData("", "日期为空")]
    public void Date_Invalid_SaysWhy(string cell, string reason)
    {
        var parsed = CellParsers.Date(cell);

        Assert.False(parsed.Ok);
        Assert.Contains(reason, parsed.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Date_ExcelSerialBeforeTheLeapYearBug_MapsLikeExcel()
    {
        Assert.Equal(new DateOnly(1900, 1, 1), CellParsers.Date("1").Value);
        Assert.Equal(new DateOnly(1900, 3, 1), CellParsers.Date("61").Value);
    }

    [Theory]
    [InlineData("12.5万", 1, "125000")]
    [InlineData("1.2亿元", 1, "120000000")]
    [InlineData("3,000元", 1, "3000")]
    [InlineData("3000", 10000, "30000000")]
    [InlineData("￥88.50", 1, "88.50")]
    [InlineData("１２３", 1, "123")]
    [InlineData("5元", 10000, "5")]
    public void Amount_WithUnitsInCellOrHeader_IsInYuan(string cell, int columnUnit, string yuan)
    {
        var parsed = CellParsers.Amount(cell, columnUnit);

        Assert.True(parsed.Ok, parsed.Error);
        Assert.Equal(decimal.Parse(yuan, System.Globalization.CultureInfo.InvariantCulture), parsed.Value);
    }

    [Theory]
    [InlineData("一万", "应为金额数字")]
    [InlineData("-5", "不能为负数")]
    [InlineData("0.001", "超过两位小数")]
    public void Amount_Invalid_SaysWhy(string cell, string reason)
    {
        var parsed = CellParsers.Amount(cell);

        Assert.False(parsed.Ok);
        Assert.Contains(reason, parsed.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("拨付金额（万元）", 10000)]
    [InlineData("金额(亿元)", 100000000)]
    [InlineData("金额", 1)]
    public void UnitOfHeader_NamedUnit_IsItsValueInYuan(string header, int yuan) =>
        Assert.Equal(yuan, CellParsers.UnitOfHeader(header));

    [Theory]
    [InlineData("是", true)]
    [InlineData("Y", true)]
    [InlineData("y", true)]
    [InlineData("√", true)]
    [InlineData("否", false)]
    [InlineData("N", false)]
    [InlineData("×", false)]
    [InlineData("ｎ", false)]
    public void Boolean_WhatPeopleType_IsUnderstood(string cell, bool expected) =>
        Assert.Equal(expected, CellParsers.Boolean(cell).Value);

    [Fact]
    public void Boolean_Unrecognised_ExplainsTheAllowedValues() =>
        Assert.Contains("是", CellParsers.Boolean("可能").Error, StringComparison.Ordinal);

    [Theory]
    [InlineData("男", Gender.Male)]
    [InlineData(" 女 ", Gender.Female)]
    [InlineData("M", Gender.Male)]
    public void Gender_WhatPeopleType_IsUnderstood(string cell, Gender expected) =>
        Assert.Equal(expected, CellParsers.Gender(cell).Value);

    [Theory]
    [InlineData("1,200", 1200)]
    [InlineData("35人", 35)]
    [InlineData("７", 7)]
    [InlineData("12.0", 12)]
    public void WholeNumber_WithSeparatorsOrUnit_IsRead(string cell, int expected) =>
        Assert.Equal(expected, CellParsers.WholeNumber(cell).Value);

    [Theory]
    [InlineData("12.5")]
    [InlineData("十二")]
    public void WholeNumber_NotAWholeNumber_IsRefused(string cell) =>
        Assert.False(CellParsers.WholeNumber(cell).Ok);
}
