using System.Diagnostics;
using System.Globalization;
using System.Text;
using Counterpart.Data;
using Counterpart.Labor;
using Counterpart.Ledgers;
using Counterpart.People;
using Counterpart.Tests.Infrastructure;
using Counterpart.Tests.Ledgers;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Counterpart.Tests.Hosts;

/// <summary>
/// The import as a separate process (the CLI), killed with SIGKILL at random moments while it reads and writes a large
/// file: the SQLite database must stay intact, hold nothing of the killed import, and take the same file once after.
/// It times its kills by the import's progress, so it runs on its own, not beside the browser tests and other heavy classes.
/// </summary>
[Collection(nameof(ConsoleCollection))]
public sealed class CrashConsistencyTests
{
    /// <summary>Large enough that the import outlasts the latest kill (~10 s here, longer under load).</summary>
    private const int Rows = 200_000;
    private const int Kills = 20;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Import_KilledTwentyTimesMidway_LeavesTheDatabaseIntactAndEmptyThenSucceedsOnce()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using (var ctx = db.NewContext())
        {
            await TestTree.CreateAsync(ctx);
        }

        // Start-up work done once beforehand (roles, the first administrator account with its slow password hash), so
        // that every run below reaches the import about as fast.
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Counterpart"] = db.Settings.ConnectionString, ["Counterpart:PersonalDataKey"] = Convert.ToBase64String(ReferenceDatabases.TestKey),
        }).Build();
        await using (var services = new ServiceCollection().AddLogging().AddCounterpart(configuration).BuildServiceProvider())
        {
            await services.InitializeDatabaseAsync(seedReferenceData: false, Ct);
        }

        SqliteConnection.ClearAllPools();
        var dir = Directory.CreateTempSubdirectory("counterpart-crash-").FullName;
        var file = Path.Combine(dir, "就业.csv");
        await File.WriteAllTextAsync(file, LargeFile(), Ct);

        var random = new Random(20261130);
        var killedWhileWriting = 0;
        for (var i = 0; i < Kills; i++)
        {
            // After start-up (about a second), while the file is being read and written.
            var delay = TimeSpan.FromMilliseconds(1_500 + (random.NextDouble() * 4_500));
            var killed = await RunAsync(db, dir, file, dryRun: false, killAfter: delay);
            Assert.True(killed.Killed, $"run {i} finished before it was killed ({delay.TotalMilliseconds:F0} ms); make the file larger");
            // The CLI reports rows read; past two chunks (10,000 rows) the writing thread has been writing for a while.
            if (RowsReported(killed.Output) >= 10_000)
            {
                killedWhileWriting++;
            }

            Assert.Equal(("ok", 0, 0, 0), await StateAsync(db));
        }

        var done = await RunAsync(db, dir, file, dryRun: false, killAfter: null);

        Assert.True(done.ExitCode == 0, done.Output);
        Assert.Equal(("ok", Rows, Rows, 1), await StateAsync(db));
        Assert.True(killedWhileWriting >= Kills / 4, $"only {killedWhileWriting} of {Kills} kills came while the import was writing");
        TestContext.Current.SendDiagnosticMessage($"{killedWhileWriting} of {Kills} kills came while the import was writing");
        Directory.Delete(dir, recursive: true);
    }

    private static int RowsReported(string output) =>
        System.Text.RegularExpressions.Regex.Matches(output, @"已读取 ([\d,]+) 行")
            .Select(m => int.Parse(m.Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture)).DefaultIfEmpty(0).Max();

    private static string LargeFile()
    {
        var text = new StringBuilder(LaborImportTests.Header).Append('\n');
        for (var p = 0; p < Rows; p++)
        {
            var id = ResidentId.Create("522726", new DateOnly(1950, 1, 1).AddDays(p % 18_000), 200 + (p / 18_000 * 2));
            text.Append(CultureInfo.InvariantCulture, $"工人{p},{id},,,甲村,一般农户,到东部,440112,某厂,,2024-03-01,,4000,是,440112,522726\n");
        }

        return text.ToString();
    }

    private sealed record Run(int ExitCode, bool Killed, TimeSpan Elapsed, string Output);

    /// <summary>Runs the CLI's import in its own process; kills it (SIGKILL) after <paramref name="killAfter"/> if given.</summary>
    private static async Task<Run> RunAsync(TestDatabase db, string dataDirectory, string file, bool dryRun, TimeSpan? killAfter)
    {
        var start = new ProcessStartInfo(CliPath())
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var a in new[] { "import", file, "--ledger", "labor", "--connection", db.Settings.ConnectionString })
        {
            start.ArgumentList.Add(a);
        }

        if (dryRun)
        {
            start.ArgumentList.Add("--dry-run");
        }

        start.Environment["Counterpart__DataDirectory"] = dataDirectory;
        start.Environment["Counterpart__PersonalDataKey"] = Convert.ToBase64String(Enumerable.Range(1, 32).Select(b => (byte)b).ToArray());
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(Ct);
        var error = process.StandardError.ReadToEndAsync(Ct);
        var killed = false;
        if (killAfter is { } after)
        {
            var exited = process.WaitForExitAsync(Ct);
            if (await Task.WhenAny(exited, Task.Delay(after, Ct)) != exited)
            {
                process.Kill(entireProcessTree: true);
                killed = true;
            }
        }

        await process.WaitForExitAsync(Ct);
        return new Run(process.ExitCode, killed, clock.Elapsed, await output + await error);
    }

    /// <summary>The CLI as built beside this test project (same configuration and framework), with its own dependencies.</summary>
    private static string CliPath()
    {
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = framework.Parent!.Name;
        return Path.Combine(Checkout.Root, "src", "Counterpart.Cli", "bin", configuration, framework.Name, OperatingSystem.IsWindows() ? "Counterpart.Cli.exe" : "Counterpart.Cli");
    }

    private static async Task<(string Integrity, int Persons, int Jobs, int Batches)> StateAsync(TestDatabase db)
    {
        await using (var connection = new SqliteConnection(db.Settings.ConnectionString))
        {
            await connection.OpenAsync(Ct);
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA integrity_check";
            var integrity = (string)(await command.ExecuteScalarAsync(Ct))!;
            await using var ctx = db.NewContext();
            var state = (integrity, await ctx.Rows<Person>(Scope.Everything).CountAsync(Ct), await ctx.Rows<Employment>(Scope.Everything).CountAsync(Ct),
                await ctx.Rows<ImportBatch>(Scope.Everything).CountAsync(Ct));
            SqliteConnection.ClearAllPools();
            return state;
        }
    }
}
