using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Counterpart.Accounts;
using Counterpart.Data;
using Counterpart.Ledgers;
using Counterpart.Pairings;
using Counterpart.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Counterpart.Tests.Hosts;

/// <summary>The import API's report carries the data-quality check of a committed import, and nothing for a dry run.</summary>
public sealed class ImportQualityApiTests
{
    public static TheoryData<DatabaseProvider> Providers => Checkout.BothProviders;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<JsonNode> PostAsync(HttpClient client, string csv, bool dryRun = false)
    {
        using var content = new MultipartFormDataContent();
        content.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(csv)), "file", "就业.csv");
        var response = await client.PostAsync(new Uri($"/api/v1/imports?ledger=labor{(dryRun ? "&dryRun=true" : "")}", UriKind.Relative), content, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonNode.Parse(body)!;
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task PostImport_PlantedPersonOfAnotherCounty_ReportListsTheViolationWithItsRows_DryRunAndCleanFileListNone(DatabaseProvider provider)
    {
        var (db, app) = await WebHostTests.PrivateHostAsync(provider);
        await using var _ = db;
        await using var __ = app;
        await using (var ctx = db.NewContext())
        {
            var orgs = await ctx.Organizations.Where(o => o.Code == "440112" || o.Code == "522726").ToDictionaryAsync(o => o.Code, Ct);
            await TestTree.AddAsync(ctx, new Pairing
            {
                Kind = PairingKind.DistrictCounty, EastOrgId = orgs["440112"].Id, WestOrgId = orgs["522726"].Id, StartDate = new DateOnly(2021, 1, 1), OwnerOrgId = orgs["522726"].Id,
            });
            var libo = LaborFiles.Jobs(2025, 0).Replace("-03-01,", "-05-01,", StringComparison.Ordinal).Replace(",440112,522726\n", ",440112,522722\n", StringComparison.Ordinal);
            var seeded = await new LedgerImporter(ctx, ReferenceDatabases.Protector, TimeProvider.System)
                .ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(libo)), "荔波.csv", "labor", new ImportOptions("测试员"), null, Ct);
            Assert.Equal(ImportStatus.Committed, seeded.Status);
        }

        using var clerk = await WebHostTests.SignedInClientAsync(app, Roles.Clerk, "522726");

        var dry = await PostAsync(clerk, LaborFiles.Jobs(2025, 0), dryRun: true);
        var planted = await PostAsync(clerk, LaborFiles.Jobs(2025, 0));
        var clean = await PostAsync(clerk, LaborFiles.Jobs(2025, 1));

        Assert.Equal("Validated", (string?)dry["status"]);
        Assert.Null(dry["quality"]);
        var quality = planted["quality"]!;
        Assert.True((bool)quality["completed"]!);
        Assert.Equal(2025, (int)quality["years"]![0]!);
        var violations = quality["violations"]!.AsArray();
        Assert.Equal(3, violations.Count);
        Assert.All(violations, v =>
        {
            Assert.Equal("person-two-counties", (string?)v!["rule"]);
            Assert.Equal(2, v["rowIds"]!.AsArray().Count);
            var imported = (long)v["importedRowIds"]!.AsArray().Single()!;
            Assert.Contains(imported, v["rowIds"]!.AsArray().Select(id => (long)id!));
            Assert.StartsWith("/ledgers/labor?ids=", (string?)v["rows"], StringComparison.Ordinal);
            Assert.Equal("/quality?year=2025", (string?)v["quality"]);
        });
        Assert.Equal("Committed", (string?)clean["status"]);
        Assert.True((bool)clean["quality"]!["completed"]!);
        Assert.Empty(clean["quality"]!["violations"]!.AsArray());
        Assert.Equal("没有发现问题", (string?)clean["quality"]!["summary"]);
    }
}

/// <summary>The command line prints the data-quality check after a committed import, and none after a dry run.</summary>
[Collection(nameof(ConsoleCollection))]
public sealed class ImportQualityCliTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Import_PersonsOfAnotherCountysLedger_PrintsTheWarningsWithTheirRows_DryRunPrintsNone()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using (var ctx = db.NewContext())
        {
            await TestTree.CreateAsync(ctx);
        }

        var dir = Directory.CreateTempSubdirectory("counterpart-cli-quality-").FullName;
        Environment.SetEnvironmentVariable("Counterpart__PersonalDataKey", Convert.ToBase64String(ReferenceDatabases.TestKey));
        try
        {
            var cs = db.Settings.ConnectionString;
            var libo = Path.Combine(dir, "荔波.csv");
            var dushan = Path.Combine(dir, "独山.csv");
            await File.WriteAllTextAsync(libo, LaborFiles.Jobs(2025, 0).Replace("-03-01,", "-05-01,", StringComparison.Ordinal)
                .Replace(",440112,522726\n", ",440112,522722\n", StringComparison.Ordinal), Ct);
            await File.WriteAllTextAsync(dushan, LaborFiles.Jobs(2025, 0), Ct);

            var first = await CliTests.RunAsync("import", libo, "--ledger", "labor", "--connection", cs);
            var dry = await CliTests.RunAsync("import", dushan, "--ledger", "labor", "--dry-run", "--connection", cs);
            var second = await CliTests.RunAsync("import", dushan, "--ledger", "labor", "--connection", cs);

            Assert.True(first.Exit == 0, first.Output);
            Assert.Contains("数据质量检查（2025 年）：本次导入的记录没有发现问题", first.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("数据质量检查", dry.Output, StringComparison.Ordinal);
            Assert.True(second.Exit == 0, second.Output);
            Assert.Contains("发现 3 处需要核实的问题", second.Output, StringComparison.Ordinal);
            Assert.Contains("数据已保存，不会因此撤销", second.Output, StringComparison.Ordinal);
            Assert.Contains("1. /ledgers/labor?ids=", second.Output, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("Counterpart__PersonalDataKey", null);
            Directory.Delete(dir, recursive: true);
        }
    }
}
