using Counterpart.Data;
using Counterpart.Labor;
using Counterpart.Monitoring;
using Counterpart.Tests.Hosts;
using Counterpart.Tests.Infrastructure;

namespace Counterpart.Tests.Monitoring;

/// <summary>How a row of the monitoring system's export becomes 脱贫户 / 监测户 / 一般农户 (ADR 14), and the CLI.</summary>
public sealed class MonitoringStatusTests
{
    [Theory]
    [InlineData("脱贫户", "是", "", "否", "", HouseholdType.Lifted, "脱贫户")]
    [InlineData("", "是", "", "", "", HouseholdType.Lifted, "脱贫户")]
    [InlineData("脱贫户", "是", "脱贫不稳定户", "是", "否", HouseholdType.Lifted, "脱贫户（脱贫不稳定户）")]
    [InlineData("", "", "脱贫不稳定户", "", "是", HouseholdType.Lifted, "脱贫户（脱贫不稳定户，风险已消除）")]
    [InlineData("一般农户", "否", "边缘易致贫户", "是", "否", HouseholdType.Monitored, "监测户（边缘易致贫户）")]
    [InlineData("", "", "突发严重困难户", "", "", HouseholdType.Monitored, "监测户（突发严重困难户）")]
    [InlineData("监测户", "", "", "", "", HouseholdType.Monitored, "监测户（监测对象）")]
    [InlineData("", "否", "", "是", "", HouseholdType.Monitored, "监测户（监测对象）")]
    [InlineData("一般农户", "否", "边缘易致贫户", "是", "是", HouseholdType.General, "一般农户（边缘易致贫户，风险已消除）")]
    [InlineData("一般农户", "否", "无", "否", "", HouseholdType.General, "一般农户")]
    public void Derive_ValidCombinations(string type, string lifted, string kind, string monitored, string eliminated, HouseholdType expected, string detail)
    {
        var (status, _, error) = Derive(type, lifted, kind, monitored, eliminated);

        Assert.Null(error);
        Assert.Equal((expected, detail), (status!.Type, status.Detail));
    }

    [Theory]
    [InlineData("脱贫户", "否", "", "", "", "是否脱贫户")]
    [InlineData("", "否", "脱贫不稳定户", "", "", "是否脱贫户")]
    [InlineData("一般农户", "是", "", "", "", "户类型")]
    [InlineData("一般农户", "", "脱贫不稳定户", "", "", "户类型")]
    [InlineData("", "", "边缘易致贫户", "否", "", "是否监测对象")]
    [InlineData("脱贫户", "是", "边缘易致贫户", "是", "", "监测对象类型")]
    [InlineData("边缘易致贫户", "", "突发严重困难户", "", "", "监测对象类型")]
    [InlineData("", "", "", "", "否", "户类型")]
    public void Derive_Contradictions_AreRefusedWithTheColumn(string type, string lifted, string kind, string monitored, string eliminated, string expectedColumn)
    {
        var (status, column, error) = Derive(type, lifted, kind, monitored, eliminated);

        Assert.Null(status);
        Assert.Equal(expectedColumn, column);
        Assert.False(string.IsNullOrEmpty(error));
    }

    private static (MonitoringStatus? Status, string? Column, string? Error) Derive(string type, string lifted, string kind, string monitored, string eliminated)
    {
        static bool? YesNo(string v) => v switch { "是" => true, "否" => false, _ => null };
        static string? Text(string v) => v.Length == 0 ? null : v;
        return MonitoringStatusRules.Derive(Text(type), YesNo(lifted), Text(kind), YesNo(monitored), YesNo(eliminated));
    }

    [Theory]
    [InlineData("阿卜杜·热合曼", "阿卜杜•热合曼")]
    [InlineData("王 小明", "王小明")]
    [InlineData("ＡＢＣ", "ABC")]
    public void NameKey_IgnoresSpacesWidthsAndDotVariants(string a, string b) =>
        Assert.Equal(MonitoringCrossCheck.NameKey(a), MonitoringCrossCheck.NameKey(b));
}

/// <summary>The CLI command, run in-process with the console captured (so in the console collection).</summary>
[Collection(nameof(ConsoleCollection))]
public sealed class MonitoringCliTests(ReferenceDatabases databases)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CrossCheckMonitoring_PrintsTheSummary_AndWritesTheWorkbookWithMaskedNumbers()
    {
        var db = await databases.GetAsync(DatabaseProvider.Sqlite);
        List<RegistryPerson> registry;
        await using (var ctx = db.NewContext())
        {
            registry = await MonitoringExports.RegistryAsync(ctx, Ct);
        }

        var folder = Directory.CreateTempSubdirectory("counterpart-crosscheck-").FullName;
        var input = Path.Combine(folder, "监测对象.csv");
        var output = Path.Combine(folder, "比对结果.xlsx");
        await File.WriteAllBytesAsync(input, MonitoringExports.Csv(MonitoringExports.ExactRows(registry)), Ct);
        Environment.SetEnvironmentVariable("Counterpart__PersonalDataKey", Convert.ToBase64String(ReferenceDatabases.TestKey));
        try
        {
            var (exit, printed) = await CliTests.RunAsync("crosscheck", "monitoring", input, "--org", "522726", "--output", output, "--connection", db.Settings.ConnectionString);

            Assert.Equal(0, exit);
            Assert.Contains("对上的人数", printed, StringComparison.Ordinal);
            Assert.Contains(registry.Count(p => p.Type != HouseholdType.General).ToString("#,0", System.Globalization.CultureInfo.InvariantCulture), printed, StringComparison.Ordinal);
            Assert.Contains("0 处，涉及 0 人", printed, StringComparison.Ordinal);
            var workbook = await File.ReadAllBytesAsync(output, Ct);
            Assert.Empty(PersonalDataScanTests.ValidIdNumbers(workbook));
            Assert.Contains("汇总", string.Join("", PersonalDataScanTests.Texts(workbook)), StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("Counterpart__PersonalDataKey", null);
            Directory.Delete(folder, recursive: true);
        }
    }
}
