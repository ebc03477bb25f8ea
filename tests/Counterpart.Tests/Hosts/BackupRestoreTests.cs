using System.Net;
using System.Security.Cryptography;
using Counterpart.Audit;
using Counterpart.Data;
using Counterpart.People;
using Counterpart.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Counterpart.Tests.Hosts;

/// <summary>
/// <c>db backup</c> and <c>db restore</c> on both databases: the restore drill (docs/deployment.md) — the reference data
/// backed up, damaged, restored, and every figure, a ledger export with its personal data decrypted, and the audit
/// chain as they were at the backup — and the refusals that protect a database: under another key, without the key,
/// while the site runs, over data without --replace.
/// </summary>
[Collection(nameof(ConsoleCollection))]
public sealed class BackupRestoreTests(ReferenceDatabases databases)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string TestKey = Convert.ToBase64String(ReferenceDatabases.TestKey);

    private static readonly string TestKeyId = PersonalDataKeys.KeyId(ReferenceDatabases.TestKey);

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task RestoreDrill_ReferenceDataBackedUpDamagedRestored_FiguresExportAuditChainAndPersonalDataAsAtTheBackup(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CopyOfAsync(await databases.GetAsync(provider));
        var cs = db.Settings.ConnectionString;
        var dir = Directory.CreateTempSubdirectory("counterpart-drill-").FullName;
        Environment.SetEnvironmentVariable("Counterpart__PersonalDataKey", TestKey);
        try
        {
            // As the site leaves a database at its first start (roles, the administrator, the key recorded).
            Assert.Equal(0, (await CliTests.RunAsync("db", "migrate", "--connection", cs)).Exit);
            var before = await StateAsync(db, dir, "before");
            var file = Path.Combine(dir, provider == DatabaseProvider.Sqlite ? "counterpart.db" : "counterpart.dump");

            var backup = await CliTests.RunAsync("db", "backup", file, "--connection", cs);
            Assert.True(backup.Exit == 0, backup.Output);
            Assert.Contains("个人信息密钥不在备份文件中", backup.Output, StringComparison.Ordinal);
            Assert.Contains(TestKeyId, backup.Output, StringComparison.Ordinal);
            Assert.DoesNotContain(TestKey, await File.ReadAllTextAsync(file, Ct), StringComparison.Ordinal);
            var again = await CliTests.RunAsync("db", "backup", file, "--connection", cs);
            Assert.Equal(1, again.Exit);
            Assert.Contains("已存在", again.Output, StringComparison.Ordinal);

            await DamageAsync(db);
            var damaged = await StateAsync(db, dir, "damaged");
            Assert.NotEqual(before.Summary, damaged.Summary);
            Assert.NotEqual(before.Export, damaged.Export);
            Assert.NotEqual(before.Persons, damaged.Persons);

            var withoutReplace = await CliTests.RunAsync("db", "restore", file, "--connection", cs);
            Assert.Equal(1, withoutReplace.Exit);
            Assert.Contains("--replace", withoutReplace.Output, StringComparison.Ordinal);

            var restored = await CliTests.RunAsync("db", "restore", file, "--replace", "--connection", cs);
            Assert.True(restored.Exit == 0, restored.Output);
            Assert.Contains("审计链完整", restored.Output, StringComparison.Ordinal);

            // The chain as it was at the backup — the backup's own entry was written after the copy, the damage's never
            // happened — plus one entry: the restore, recorded in the restored database.
            await using (var ctx = db.NewContext())
            {
                var chain = await ctx.AuditRecords.OrderBy(a => a.Seq).Select(a => new { a.Seq, a.Hash, a.Action, a.Detail }).ToListAsync(Ct);
                Assert.Equal(before.Chain, chain.SkipLast(1).Select(a => (a.Seq, a.Hash)).ToList());
                Assert.Equal(AuditAction.Restored, chain[^1].Action);
                Assert.Contains(Path.GetFileName(file), chain[^1].Detail, StringComparison.Ordinal);
                Assert.True((await AuditTrail.VerifyAsync(ctx, Ct)).Intact);
            }

            var after = await StateAsync(db, dir, "after");
            Assert.Equal(before.Summary, after.Summary);
            Assert.Equal(before.Export, after.Export);
            Assert.Equal(before.Persons, after.Persons);
            // ID and phone numbers were decrypted, not only compared as ciphers.
            Assert.Equal(100, before.Persons.Split('\n').Count(p => ResidentId.Parse(p.Split(' ')[1]).IsValid && p.Split(' ')[2].Length == 11));
        }
        finally
        {
            Environment.SetEnvironmentVariable("Counterpart__PersonalDataKey", null);
            Directory.Delete(dir, recursive: true);
            await DropSetAsideAsync(db);
        }
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Restore_WhileTheSiteRunsOrUnderAnotherOrNoKey_RefusesAndChangesNothing_ThenRestoresWithTheSiteStopped(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using (var ctx = db.NewContext())
        {
            await TestTree.CreateAsync(ctx);
        }

        var cs = db.Settings.ConnectionString;
        var dir = Directory.CreateTempSubdirectory("counterpart-restore-").FullName;
        var file = Path.Combine(dir, "backup");
        try
        {
            Environment.SetEnvironmentVariable("Counterpart__PersonalDataKey", TestKey);
            Assert.Equal(0, (await CliTests.RunAsync("db", "migrate", "--connection", cs)).Exit);
            var backup = await CliTests.RunAsync("db", "backup", file, "--connection", cs);
            Assert.True(backup.Exit == 0, backup.Output);
            var entries = await AuditCountAsync(db);

            // The site runs (and is ready): the restore sees it and refuses.
            string whileRunning;
            await using (var site = WebHostTests.Factory(db))
            {
                using var client = site.CreateClient();
                Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/health/ready", UriKind.Relative), Ct)).StatusCode);
                var refused = await CliTests.RunAsync("db", "restore", file, "--replace", "--connection", cs);
                Assert.Equal(1, refused.Exit);
                whileRunning = refused.Output;
            }

            Assert.True(whileRunning.Replace("\n", "", StringComparison.Ordinal).Contains("只能在网站停止时进行", StringComparison.Ordinal), whileRunning);

            // No key at all, then another key: refused before anything is touched, naming the key the backup needs.
            Environment.SetEnvironmentVariable("Counterpart__PersonalDataKey", null);
            Environment.SetEnvironmentVariable("Counterpart__KeyFile", Path.Combine(dir, "keys", "personal-data.key"));
            var noKey = await CliTests.RunAsync("db", "restore", file, "--replace", "--connection", cs);
            Assert.False(File.Exists(Path.Combine(dir, "keys", "personal-data.key")), "the restore must not create a key");
            Directory.CreateDirectory(Path.Combine(dir, "keys"));
            await File.WriteAllTextAsync(Path.Combine(dir, "keys", "personal-data.key"), Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), Ct);
            var otherKey = await CliTests.RunAsync("db", "restore", file, "--replace", "--connection", cs);

            Assert.Equal(1, noKey.Exit);
            Assert.Contains("找不到个人信息密钥", noKey.Output, StringComparison.Ordinal);
            Assert.Equal(1, otherKey.Exit);
            Assert.Contains("个人信息密钥与备份不符", otherKey.Output, StringComparison.Ordinal);
            Assert.Contains(TestKeyId, otherKey.Output, StringComparison.Ordinal);
            Assert.Equal(entries, await AuditCountAsync(db));
            Assert.Empty(await SetAsideAsync(db));

            // With the backup's key and the site stopped, it goes through.
            Environment.SetEnvironmentVariable("Counterpart__KeyFile", null);
            Environment.SetEnvironmentVariable("Counterpart__PersonalDataKey", TestKey);
            var restored = await CliTests.RunAsync("db", "restore", file, "--replace", "--connection", cs);
            Assert.True(restored.Exit == 0, restored.Output);
            Assert.Contains("原数据库已另存为", restored.Output, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("Counterpart__PersonalDataKey", null);
            Environment.SetEnvironmentVariable("Counterpart__KeyFile", null);
            Directory.Delete(dir, recursive: true);
            await DropSetAsideAsync(db);
        }
    }

    private sealed record State(string Summary, string Export, string Persons, List<(long Seq, string Hash)> Chain);

    /// <summary>The figures (CLI summary), the labor ledger exported with ID and phone numbers in the clear, a sample of persons decrypted, and the audit chain.</summary>
    private static async Task<State> StateAsync(TestDatabase db, string dir, string name)
    {
        var cs = db.Settings.ConnectionString;
        var summary = await CliTests.RunAsync("summary", "--pairing", "440112:522726", "--from", "2021", "--to", "2025", "--format", "json", "--connection", cs);
        Assert.True(summary.Exit == 0, summary.Output);
        var export = Path.Combine(dir, name + "-labor.csv");
        var exported = await CliTests.RunAsync("export", "labor", "--org", "522726", "--format", "csv", "--unmasked", "--output", export, "--connection", cs);
        Assert.True(exported.Exit == 0, exported.Output);
        var persons = new List<string>();
        List<(long, string)> chain;
        await using (var ctx = db.NewContext())
        {
            var connection = ctx.Database.GetDbConnection();
            await connection.OpenAsync(Ct);
            await using (var read = connection.CreateCommand())
            {
                read.CommandText = "SELECT \"Id\", \"IdCipher\", \"PhoneCipher\" FROM \"Persons\" ORDER BY \"Id\" LIMIT 100";
                await using var reader = await read.ExecuteReaderAsync(Ct);
                while (await reader.ReadAsync(Ct))
                {
                    var phone = reader.IsDBNull(2) ? "-" : ReferenceDatabases.Protector.Decrypt((byte[])reader[2]);
                    persons.Add($"{reader.GetInt64(0)} {ReferenceDatabases.Protector.Decrypt((byte[])reader[1])} {phone}");
                }
            }

            chain = (await ctx.AuditRecords.OrderBy(a => a.Seq).Select(a => new { a.Seq, a.Hash }).ToListAsync(Ct)).Select(a => (a.Seq, a.Hash)).ToList();
        }

        return new State(summary.Output, await File.ReadAllTextAsync(export, Ct), string.Join('\n', persons), chain);
    }

    /// <summary>What a bad day does: the indicator summaries and a ledger deleted, phone numbers wiped, and more audit entries written.</summary>
    private static async Task DamageAsync(TestDatabase db)
    {
        await using var ctx = db.NewContext();
        await new LedgerWriter(ctx).WriteAsync(WriteContext.System("test"), (d, _) =>
        {
            AuditTrail.Add(d, AuditAction.SettingChanged, detail: "a change after the backup");
            return Task.CompletedTask;
        }, Ct);
        var connection = ctx.Database.GetDbConnection();
        await connection.OpenAsync(Ct);
        await using var damage = connection.CreateCommand();
        damage.CommandText = "DELETE FROM \"IndicatorFacts\"; DELETE FROM \"Donations\"; UPDATE \"Persons\" SET \"PhoneCipher\" = NULL;";
        await damage.ExecuteNonQueryAsync(Ct);
    }

    private static async Task<int> AuditCountAsync(TestDatabase db)
    {
        await using var ctx = db.NewContext();
        return await ctx.AuditRecords.CountAsync(Ct);
    }

    private static string? SqliteFile(TestDatabase db) =>
        db.Provider == DatabaseProvider.Sqlite ? new SqliteConnectionStringBuilder(db.Settings.ConnectionString).DataSource : null;

    /// <summary>The old databases a restore set aside: files beside the SQLite one, or renamed PostgreSQL databases.</summary>
    private static async Task<List<string>> SetAsideAsync(TestDatabase db)
    {
        if (SqliteFile(db) is { } file)
        {
            return [.. Directory.GetFiles(Path.GetDirectoryName(file)!, Path.GetFileName(file) + ".before-restore-*")];
        }

        var name = new NpgsqlConnectionStringBuilder(db.Settings.ConnectionString).Database!;
        await using var server = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(db.Settings.ConnectionString) { Database = "postgres", Pooling = false }.ConnectionString);
        await server.OpenAsync(Ct);
        var asides = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT datname FROM pg_database WHERE datname LIKE @p", server))
        {
            list.Parameters.AddWithValue("p", name + "_before_restore_%");
            await using var reader = await list.ExecuteReaderAsync(Ct);
            while (await reader.ReadAsync(Ct))
            {
                asides.Add(reader.GetString(0));
            }
        }

        return asides;
    }

    private static async Task DropSetAsideAsync(TestDatabase db)
    {
        foreach (var aside in await SetAsideAsync(db))
        {
            if (db.Provider == DatabaseProvider.Sqlite)
            {
                File.Delete(aside);
                continue;
            }

            await using var server = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(db.Settings.ConnectionString) { Database = "postgres", Pooling = false }.ConnectionString);
            await server.OpenAsync(Ct);
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{aside}\" WITH (FORCE)", server);
            await drop.ExecuteNonQueryAsync(Ct);
        }
    }
}
