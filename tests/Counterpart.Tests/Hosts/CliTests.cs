using System.Text.Json.Nodes;
using Counterpart.Cli;
using Counterpart.Data;
using Counterpart.Ledgers;
using Counterpart.Organizations;
using Counterpart.People;
using Counterpart.Tests.Infrastructure;
using Counterpart.Tests.Ledgers;
using Microsoft.EntityFrameworkCore;

namespace Counterpart.Tests.Hosts;

[CollectionDefinition(nameof(ConsoleCollection), DisableParallelization = true)]
public sealed class ConsoleCollection;

/// <summary>The CLI commands, run in-process with the console captured (so not in parallel with other tests).</summary>
[Collection(nameof(ConsoleCollection))]
public sealed class CliTests(ReferenceDatabases databases)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Summary_JsonFormat_PrintsTheSameIndicatorsAsTheApi(DatabaseProvider provider)
    {
        var db = await databases.GetAsync(provider);
        var (exit, output) = await RunAsync("summary", "--pairing", "440112:522726", "--from", "2021", "--to", "2025", "--format", "json", "--connection", db.Settings.ConnectionString);
        await using var app = WebHostTests.Factory(db);
        using var client = await WebHostTests.SignedInClientAsync(app);
        var api = JsonNode.Parse(await client.GetStringAsync(new Uri("/api/v1/summary?pairing=440112:522726&from=2021&to=2025", UriKind.Relative), Ct))!;

        Assert.Equal(0, exit);
        var cli = JsonNode.Parse(output)!;
        Assert.Equal(api["indicators"]!.ToJsonString(), cli["indicators"]!.ToJsonString());
        Assert.Equal(13160m, cli["indicators"]!["labor_transferred_lifted"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task Summary_TableFormat_ListsEveryIndicatorAsTheReportPrintsIt()
    {
        var db = await databases.GetAsync(DatabaseProvider.Sqlite);

        var (exit, output) = await RunAsync("summary", "--pairing", "黄埔区:独山县", "--connection", db.Settings.ConnectionString);

        Assert.Equal(0, exit);
        foreach (var text in new[] { "fiscal_aid", "2.05亿元", "1,599.88万元", "9,039.5万元", "evaluation_findings" })
        {
            Assert.Contains(text, output, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Summary_UnknownOrganization_FailsWithAChineseMessage(DatabaseProvider provider)
    {
        var db = await databases.GetAsync(provider);

        var (exit, output) = await RunAsync("summary", "--pairing", "440112:不存在县", "--connection", db.Settings.ConnectionString);

        Assert.NotEqual(0, exit);
        Assert.Contains("找不到组织", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task SummaryVerify_ReferenceDataThenATamperedSummary_ReportsAgreementThenTheDifference(DatabaseProvider provider)
    {
        var reference = await databases.GetAsync(provider);
        var (agreeExit, agreeOutput) = await RunAsync("summary", "--verify", "--connection", reference.Settings.ConnectionString);

        await using var db = await TestDatabase.CreateAsync(provider);
        await using (var ctx = db.NewContext())
        {
            var t = await TestTree.CreateAsync(ctx);
            await TestTree.AddAsync(ctx, new Consumption.Sale { OwnerOrgId = t.Dushan.Id, WestOrgId = t.Dushan.Id, EastOrgId = t.Huangpu.Id, Date = new DateOnly(2023, 1, 1), Amount = 100m, VoucherNo = "V1" });
            var connection = ctx.Database.GetDbConnection();
            await connection.OpenAsync(Ct);
            await using var tamper = connection.CreateCommand();
            tamper.CommandText = "UPDATE \"IndicatorFacts\" SET \"Value\" = \"Value\" + 1";
            Assert.Equal(1, await tamper.ExecuteNonQueryAsync(Ct));
        }

        var (differExit, differOutput) = await RunAsync("summary", "--verify", "--connection", db.Settings.ConnectionString);

        Assert.Equal(0, agreeExit);
        Assert.Contains("一致", agreeOutput, StringComparison.Ordinal);
        Assert.Equal(1, differExit);
        Assert.Contains("1 处", differOutput, StringComparison.Ordinal);
        Assert.Contains("rows give 1/10000, stored 1/10001", differOutput, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task MigrateThenSeed_EmptyDatabase_LoadsReferenceDataOnceOnly(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, migrate: false);
        var key = Convert.ToBase64String(ReferenceDatabases.TestKey);
        Environment.SetEnvironmentVariable("Counterpart__PersonalDataKey", key);
        try
        {
            Assert.Equal(0, (await RunAsync("db", "migrate", "--connection", db.Settings.ConnectionString)).Exit);
            Assert.Equal(0, (await RunAsync("seed", "reference", "--connection", db.Settings.ConnectionString)).Exit);
            var again = await RunAsync("seed", "reference", "--connection", db.Settings.ConnectionString);
            Assert.Equal(1, again.Exit);
            Assert.Contains("已有数据", again.Output, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("Counterpart__PersonalDataKey", null);
        }
    }

    [Fact]
    public async Task Users_CreateResetDisablePermit_AsTheOperatorWouldOnTheServer()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using (var ctx = db.NewContext())
        {
            await TestTree.CreateAsync(ctx);
        }

        var cs = db.Settings.ConnectionString;
        var first = await RunAsync("db", "migrate", "--connection", cs);
        var created = await RunAsync("users", "create", "dushan.wang", "--role", "录入员", "--org", "522726", "--display", "独山县 王芳", "--connection", cs);
        var duplicate = await RunAsync("users", "create", "dushan.wang", "--role", "clerk", "--org", "522726", "--connection", cs);
        var noOrg = await RunAsync("users", "create", "li.viewer", "--role", "viewer", "--connection", cs);
        var reset = await RunAsync("users", "reset-password", "dushan.wang", "--connection", cs);
        var permit = await RunAsync("users", "permit", "dushan.wang", "--permission", "reveal-personal-data", "--connection", cs);
        var twoAdmins = await RunAsync("users", "grant", "admin", "--role", "auditor", "--connection", cs);
        var disabled = await RunAsync("users", "disable", "dushan.wang", "--connection", cs);

        Assert.Contains("已创建系统管理员账号 admin，初始密码：", first.Output, StringComparison.Ordinal);
        Assert.Equal((0, 2, 2, 0, 0, 2, 0), (created.Exit, duplicate.Exit, noOrg.Exit, reset.Exit, permit.Exit, twoAdmins.Exit, disabled.Exit));
        Assert.Contains("初始密码", created.Output, StringComparison.Ordinal);
        Assert.Contains("已被使用", duplicate.Output, StringComparison.Ordinal);
        Assert.Contains("必须属于一个组织", noOrg.Output, StringComparison.Ordinal);
        Assert.Contains("新密码", reset.Output, StringComparison.Ordinal);
        Assert.Contains("三员分立", twoAdmins.Output, StringComparison.Ordinal);
        await using var check = db.NewContext();
        var account = await check.Accounts.SingleAsync(a => a.UserName == "dushan.wang", Ct);
        Assert.Equal(("独山县 王芳", true), (account.DisplayName, account.Disabled));
    }

    [Fact]
    public async Task TemplateCsvThenImportThenExport_AsAClerkWouldOnTheCommandLine()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using (var ctx = db.NewContext())
        {
            var t = await TestTree.CreateAsync(ctx);
            await new LedgerWriter(ctx).WriteAsync(WriteContext.System("test"), async (d, c) =>
            {
                var workshop = new Organization { Code = "522726-W99", Name = "甲村车间", Kind = OrgKind.Workshop, ParentId = t.VillageA.Id };
                d.Add(workshop);
                await d.SaveChangesAsync(c);
                OrganizationTree.AssignPath(workshop, t.VillageA);
            }, Ct);
        }

        var dir = Directory.CreateTempSubdirectory("counterpart-cli-").FullName;
        Environment.SetEnvironmentVariable("Counterpart__PersonalDataKey", Convert.ToBase64String(ReferenceDatabases.TestKey));
        try
        {
            var template = Path.Combine(dir, "模板.csv");
            var written = await RunAsync("template", "labor", "--format", "csv", "--output", template);
            Assert.True(written.Exit == 0, written.Output);
            Assert.StartsWith(string.Join(",", new LaborLedger().Columns.Select(c => c.Header)), File.ReadAllLines(template)[0].TrimStart('\uFEFF'), StringComparison.Ordinal);

            var file = Path.Combine(dir, "就业.csv");
            await File.WriteAllTextAsync(file, LaborImportTests.GoodFile(), Ct);
            var dry = await RunAsync("import", file, "--ledger", "labor", "--dry-run", "--connection", db.Settings.ConnectionString);
            var real = await RunAsync("import", file, "--ledger", "labor", "--connection", db.Settings.ConnectionString);
            var export = Path.Combine(dir, "导出.csv");
            var exported = await RunAsync("export", "labor", "--org", "522726", "--format", "csv", "--output", export, "--connection", db.Settings.ConnectionString);

            Assert.True(dry.Exit == 0, dry.Output);
            Assert.Contains("新增 3", dry.Output, StringComparison.Ordinal);
            Assert.True(real.Exit == 0, real.Output);
            Assert.Contains("undo-import", real.Output, StringComparison.Ordinal);
            Assert.True(exported.Exit == 0, exported.Output);
            Assert.Equal(4, File.ReadAllLines(export).Length);
            Assert.DoesNotContain(LaborImportTests.IdA, await File.ReadAllTextAsync(export, Ct), StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("Counterpart__PersonalDataKey", null);
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task KeysRotate_ThenExportUnmasked_NumbersReadableUnderTheNewKeyOnly()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using (var ctx = db.NewContext())
        {
            await TestTree.CreateAsync(ctx);
        }

        var dir = Directory.CreateTempSubdirectory("counterpart-cli-keys-").FullName;
        var keyFile = Path.Combine(dir, "keys", "personal-data.key");
        Environment.SetEnvironmentVariable("Counterpart__KeyFile", keyFile);
        try
        {
            var cs = db.Settings.ConnectionString;
            var file = Path.Combine(dir, "就业.csv");
            await File.WriteAllTextAsync(file, LaborFiles.Jobs(2023, 0, phonePrefix: "1380000000"), Ct);
            var imported = await RunAsync("import", file, "--ledger", "labor", "--connection", cs);
            var oldKey = await File.ReadAllTextAsync(keyFile, Ct);
            var rotated = await RunAsync("keys", "rotate", "--connection", cs);
            var export = Path.Combine(dir, "导出.csv");
            var exported = await RunAsync("export", "labor", "--org", "522726", "--format", "csv", "--unmasked", "--output", export, "--connection", cs);
            File.Move(keyFile, keyFile + ".lost");
            await File.WriteAllTextAsync(keyFile, oldKey, Ct);
            var withOldKey = await RunAsync("export", "labor", "--format", "csv", "--output", export + ".old", "--connection", cs);

            Assert.True(imported.Exit == 0, imported.Output);
            Assert.True(rotated.Exit == 0, rotated.Output);
            Assert.Contains("新密钥编号", rotated.Output, StringComparison.Ordinal);
            Assert.Single(Directory.GetFiles(Path.GetDirectoryName(keyFile)!, "*.retired-*"));
            Assert.True(exported.Exit == 0, exported.Output);
            var text = await File.ReadAllTextAsync(export, Ct);
            Assert.Contains(ResidentId.Create("522726", new DateOnly(1980, 1, 1), 100), text, StringComparison.Ordinal);
            Assert.Contains("13800000002", text, StringComparison.Ordinal);
            Assert.NotEqual(0, withOldKey.Exit);
            Assert.Contains("个人信息密钥与数据库不符", withOldKey.Output, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("Counterpart__KeyFile", null);
            Directory.Delete(dir, recursive: true);
        }
    }

    internal static async Task<(int Exit, string Output)> RunAsync(params string[] args)
    {
        var original = Console.Out;
        using var writer = new StringWriter();
        Console.SetOut(writer);
        Spectre.Console.AnsiConsole.Console = Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings
        {
            Out = new Spectre.Console.AnsiConsoleOutput(writer),
            Ansi = Spectre.Console.AnsiSupport.No,
            ColorSystem = Spectre.Console.ColorSystemSupport.NoColors,
        });
        try
        {
            var exit = await CliApp.Create().RunAsync(args);
            return (exit, writer.ToString());
        }
        finally
        {
            Console.SetOut(original);
        }
    }
}
