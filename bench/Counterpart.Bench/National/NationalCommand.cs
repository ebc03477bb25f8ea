using System.Globalization;
using Counterpart.Data;

namespace Counterpart.Bench.National;

/// <summary>
/// <c>national generate</c>, <c>national figures</c> and <c>national load</c> (build the web host first:
/// <c>dotnet build -c Release src/Counterpart.Web</c>):
/// <code>
/// dotnet run -c Release --project bench/Counterpart.Bench -- national generate --scale 1.0 --provider sqlite --connection "Data Source=/tmp/national.db" --seed 20260101
/// dotnet run -c Release --project bench/Counterpart.Bench -- national figures --provider sqlite --connection "Data Source=/tmp/national.db"
/// </code>
/// Without <c>--connection</c>, SQLite in <c>--dir</c> (default: a folder under the temp directory). The personal-data key
/// is <c>--key-file</c> (default: <c>keys/personal-data.key</c> beside the SQLite file, or in <c>--dir</c>).
/// </summary>
internal static class NationalCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var verb = args.Length > 0 ? args[0] : "";
        var dir = Option(args, "--dir") ?? Path.Combine(Path.GetTempPath(), "counterpart-national");
        Directory.CreateDirectory(dir);
        var connection = Option(args, "--connection") ?? $"Data Source={Path.Combine(dir, "national.db")}";
        var database = DatabaseSettings.From(connection, Option(args, "--provider"), dir);
        var keyFile = Option(args, "--key-file") ?? Path.Combine(DefaultKeyFolder(database, dir), "keys", "personal-data.key");
        switch (verb)
        {
            case "generate":
            {
                var scale = double.Parse(Option(args, "--scale") ?? "0.01", CultureInfo.InvariantCulture);
                var seed = int.Parse(Option(args, "--seed") ?? NationalOptions.DefaultSeed.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
                Console.WriteLine($"Generating scale {scale.ToString(CultureInfo.InvariantCulture)}, seed {seed.ToString(CultureInfo.InvariantCulture)} into {database.Describe()} (key {keyFile})");
                var report = await NationalGenerator.RunAsync(new NationalOptions(scale, seed, database, keyFile) { VerifyAll = args.Contains("--verify-all") }, Console.Out);
                foreach (var phase in report.Phases)
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{phase.Name,-16} {phase.Seconds,9:F1} s {phase.Rows,14:N0}"));
                }

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"total",-16} {report.Seconds,9:F1} s"));
                foreach (var (table, rows) in report.Rows)
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {table,-20} {rows,14:N0}"));
                }

                return 0;
            }

            case "figures":
                return await NationalFigures.RunAsync(database, keyFile, Option(args, "--write"), int.Parse(Option(args, "--runs") ?? "5", CultureInfo.InvariantCulture), args.Contains("--profile"));
            case "load":
                return await NationalLoad.RunAsync(database, keyFile, int.Parse(Option(args, "--users") ?? "200", CultureInfo.InvariantCulture),
                    int.Parse(Option(args, "--seconds") ?? "20", CultureInfo.InvariantCulture), Option(args, "--write"));
            default:
                Console.Error.WriteLine("usage: national generate [--scale 0.01] [--seed N] [--provider sqlite|postgres] [--connection CS] [--dir DIR] [--key-file F] [--verify-all]");
                Console.Error.WriteLine("       national figures [--provider sqlite|postgres] [--connection CS] [--key-file F] [--runs 5] [--profile] [--write docs/performance.md]");
                Console.Error.WriteLine("       national load [--provider sqlite|postgres] [--connection CS] [--key-file F] [--users 200] [--seconds 20] [--write docs/performance.md]");
                return 2;
        }
    }

    private static string DefaultKeyFolder(DatabaseSettings database, string dir) =>
        database.Provider == DatabaseProvider.Sqlite
            ? Path.GetDirectoryName(Path.GetFullPath(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(database.ConnectionString).DataSource)) ?? dir
            : dir;

    internal static string? Option(string[] args, string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
