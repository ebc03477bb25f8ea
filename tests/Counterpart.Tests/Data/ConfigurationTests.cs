using Counterpart.Data;
using Counterpart.Indicators;
using Counterpart.Inspections;
using Counterpart.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Counterpart.Tests.Data;

public sealed class ConfigurationTests
{
    [Fact]
    public void DataDirectory_StartedInsideTheCheckout_IsDataAtItsRoot()
    {
        var root = Directory.CreateTempSubdirectory("checkout-");
        File.WriteAllText(Path.Combine(root.FullName, "Counterpart.slnx"), "<Solution />");
        var deep = Directory.CreateDirectory(Path.Combine(root.FullName, "src", "Counterpart.Web"));

        Assert.Equal(Path.Combine(root.FullName, "data"), DataPaths.Directory(null, deep.FullName));
        Assert.Equal(Path.Combine(root.FullName, "data"), DataPaths.Directory(null, root.FullName));
        Assert.Equal(Path.GetFullPath("/srv/counterpart"), DataPaths.Directory("/srv/counterpart", deep.FullName));
        root.Delete(recursive: true);
    }

    [Theory]
    [InlineData("Host=db;Database=c;Username=u;Password=secret", DatabaseProvider.Postgres)]
    [InlineData("Server=db;Database=c;User Id=u;PWD=secret", DatabaseProvider.Postgres)]
    [InlineData("Data Source=/tmp/x.db", DatabaseProvider.Sqlite)]
    public void DatabaseSettings_ConnectionString_ChoosesTheProviderAndNeverDescribesAPassword(string cs, DatabaseProvider expected)
    {
        var settings = DatabaseSettings.From(cs, null, "/tmp");

        Assert.Equal(expected, settings.Provider);
        Assert.DoesNotContain("secret", settings.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void DatabaseSettings_NoConnectionString_IsSqliteInTheDataDirectory() =>
        Assert.Equal($"Data Source={Path.Combine("/srv/d", "counterpart.db")}", DatabaseSettings.From(null, null, "/srv/d").ConnectionString);

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task InitializeDatabase_WithoutReferenceData_StillHasTheBuiltInSafetyChecklist(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, migrate: false);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Counterpart"] = db.Settings.ConnectionString,
            ["Counterpart:PersonalDataKey"] = Convert.ToBase64String(ReferenceDatabases.TestKey),
        }).Build();
        await using var services = new ServiceCollection().AddLogging().AddCounterpart(configuration).BuildServiceProvider();

        await services.InitializeDatabaseAsync(seedReferenceData: false, TestContext.Current.CancellationToken);

        await using var ctx = db.NewContext();
        var checklist = await ctx.Checklists.Include(c => c.Items).SingleAsync(TestContext.Current.CancellationToken);
        Assert.Equal((SafetyChecklist.Code, 10), (checklist.Code, checklist.Items.Count));
        Assert.Equal(0, await ctx.Organizations.CountAsync(TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task InitializeDatabase_FirstRunWithSeeding_LoadsTheReferenceDataOnce(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, migrate: false);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Counterpart"] = db.Settings.ConnectionString,
            ["Counterpart:PersonalDataKey"] = Convert.ToBase64String(ReferenceDatabases.TestKey),
        }).Build();
        await using var services = new ServiceCollection().AddLogging().AddCounterpart(configuration).BuildServiceProvider();

        await services.InitializeDatabaseAsync(seedReferenceData: true, TestContext.Current.CancellationToken);
        await using var ctx = db.NewContext();
        var organizations = await ctx.Organizations.CountAsync(TestContext.Current.CancellationToken);
        await services.InitializeDatabaseAsync(seedReferenceData: true, TestContext.Current.CancellationToken);

        Assert.True(organizations > 200);
        Assert.Equal(organizations, await ctx.Organizations.CountAsync(TestContext.Current.CancellationToken));
        Assert.Single(await ctx.Checklists.ToListAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public void Scope_PathWithoutTrailingSlash_DoesNotMatchASiblingWithALongerId()
    {
        var scope = Scope.Subtrees("/1/4");

        Assert.True(scope.Contains("/1/4/9/"));
        Assert.False(scope.Contains("/1/45/"));
    }

    [Theory]
    [InlineData("9999.996", "1.00亿元")]
    [InlineData("9999.99", "9,999.99万元")]
    [InlineData("20512.3", "2.05亿元")]
    [InlineData("9039.5", "9,039.5万元")]
    public void FigureFormat_AroundTheYiBoundary_PrintsAsAReportWould(string wan, string printed)
    {
        var fiscalAid = IndicatorCatalog.Get("fiscal_aid");

        Assert.Equal(printed, FigureFormat.Format(fiscalAid, decimal.Parse(wan, System.Globalization.CultureInfo.InvariantCulture)));
    }
}
