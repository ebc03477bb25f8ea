using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using System.Xml;
using Counterpart;
using Counterpart.Data;
using Counterpart.Ledgers;
using Counterpart.Organizations;
using Counterpart.People;
using Counterpart.ReferenceData;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SpreadCheetah;

namespace Counterpart.Bench;

/// <summary>
/// The import/export benchmark of docs/performance.md. Run without arguments (or with --rows N and --write FILE) it
/// generates the files, then runs each measurement in a child process of its own (so each peak memory is its own) and
/// compares it with the floors measured in the same run. "child &lt;case&gt; …" runs one measurement.
/// </summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "child")
        {
            var result = await RunChildAsync(args[1], args[2..]);
            Console.WriteLine(JsonSerializer.Serialize(result with { PeakBytes = PeakWorkingSet() }));
            return 0;
        }

        if (args.Length > 0 && args[0] == "national")
        {
            return await National.NationalCommand.RunAsync(args[1..]);
        }

        if (args.Length > 0 && args[0] == "pages")
        {
            return await PagesBench.RunAsync(Option(args, "--write"));
        }

        var rows = Option(args, "--rows") is { } n ? int.Parse(n, CultureInfo.InvariantCulture) : 1_000_000;
        return await Orchestrator.RunAsync(rows, Option(args, "--write"), Option(args, "--dir"));
    }

    private static string? Option(string[] args, string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;

    /// <summary>Peak resident memory of this process (VmHWM), the figure the memory target is about.</summary>
    private static long PeakWorkingSet()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                return long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
            }
        }

        return Environment.WorkingSet;
    }

    internal sealed record Measurement(string Case, double Seconds, long Rows, long PeakBytes = 0, string Detail = "");

    private static async Task<Measurement> RunChildAsync(string name, string[] a)
    {
        switch (name)
        {
            case "prepare":
                return await PrepareAsync(dir: a[0], rows: int.Parse(a[1], CultureInfo.InvariantCulture));
            case "import":
                return await ImportAsync(dir: a[0], database: a[1], file: a[2]);
            case "export":
                return await ExportAsync(dir: a[0], database: a[1], output: a[2]);
            case "parse":
                return await ParseOnlyAsync(dir: a[0], database: a[1], file: a[2]);
            case "floor-xlsx":
                return FloorXlsx(a[0]);
            case "floor-spreadcheetah":
                return await FloorSpreadCheetahAsync(dir: a[0], output: a[1], rows: int.Parse(a[2], CultureInfo.InvariantCulture));
            default:
                throw new ArgumentException($"unknown case {name}");
        }
    }

    private static ServiceProvider Services(string dir, string database)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Counterpart"] = $"Data Source={Path.Combine(dir, database)}",
            ["Counterpart:DataDirectory"] = dir,
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddCounterpart(configuration);
        return services.BuildServiceProvider();
    }

    /// <summary>A migrated database with the reference data, and the two files, valid against it.</summary>
    private static async Task<Measurement> PrepareAsync(string dir, int rows)
    {
        await using var services = Services(dir, "base.db");
        await services.InitializeDatabaseAsync(seedReferenceData: true);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CounterpartDbContext>();
        var villages = await db.Organizations.Where(o => o.Code.StartsWith("522726") && (o.Kind == OrgKind.Village || o.Kind == OrgKind.Community))
            .OrderBy(o => o.Code).Select(o => o.Code).ToListAsync();
        var file = new LaborFile(villages, "522726", "440112");
        var clock = Stopwatch.StartNew();
        file.WriteCsv(Path.Combine(dir, "labor.csv"), rows);
        file.WriteXlsx(Path.Combine(dir, "labor.xlsx"), rows);
        // Closes the pooled connections, so SQLite folds its write-ahead log into base.db before the file is copied.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        return new Measurement("prepare", clock.Elapsed.TotalSeconds, rows, Detail: $"{villages.Count} villages");
    }

    private static async Task<Measurement> ImportAsync(string dir, string database, string file)
    {
        await using var services = Services(dir, database);
        await using var scope = services.CreateAsyncScope();
        var importer = scope.ServiceProvider.GetRequiredService<LedgerImporter>();
        var clock = Stopwatch.StartNew();
        await using var stream = File.OpenRead(Path.Combine(dir, file));
        var report = await importer.ImportAsync(stream, file, "labor", new ImportOptions("bench"));
        var seconds = clock.Elapsed.TotalSeconds;
        if (report.Status != ImportStatus.Committed)
        {
            throw new InvalidOperationException($"import {report.Status}: {string.Join("; ", report.Errors.Take(5).Select(e => $"{e.Row} {e.Column} {e.Value} {e.Reason}"))}");
        }

        var gc = GC.GetGCMemoryInfo();
        return new Measurement("import " + file, seconds, report.Inserted,
            Detail: $"GC heap peak-ish {gc.HeapSizeBytes / 1048576} MB, live after full GC {GC.GetTotalMemory(true) / 1048576} MB, gen2 collections {GC.CollectionCount(2)}");
    }

    /// <summary>Diagnostics: reading and checking the rows only (no writing), and the personal-data cryptography alone.</summary>
    private static async Task<Measurement> ParseOnlyAsync(string dir, string database, string file)
    {
        await using var services = Services(dir, database);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CounterpartDbContext>();
        var protector = scope.ServiceProvider.GetRequiredService<PersonalDataProtector>();
        var ledger = LedgerCatalog.Get("labor");
        var orgs = await OrgDirectory.LoadAsync(db, default);
        var today = new DateOnly(2026, 11, 30);
        var clock = Stopwatch.StartNew();
        using var reader = Counterpart.Ledgers.Files.TableFile.Open(File.OpenRead(Path.Combine(dir, file)), file);
        var map = HeaderMap.Build(reader.Header, ledger.Columns, [], []);
        var rows = new List<RowValues>();
        var read = 0;
        foreach (var row in reader.Rows())
        {
            read++;
        }

        var readSeconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        using var again = Counterpart.Ledgers.Files.TableFile.Open(File.OpenRead(Path.Combine(dir, file)), file);
        foreach (var row in again.Rows())
        {
            var values = RowValues.Read(row, map, ledger.Columns, orgs, today);
            ledger.Check(values, orgs, today);
            if (rows.Count < 1000)
            {
                rows.Add(values);
            }
        }

        var checkSeconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        for (var i = 0; i < read; i++)
        {
            var id = rows[i % rows.Count].Get<ResidentIdResult>("id_number").Normalized!;
            protector.Hash(id);
            protector.ProtectId(id);
            protector.Encrypt("13900000000");
        }

        return new Measurement("parse", checkSeconds, read, Detail: $"read {readSeconds:F2} s, read+check {checkSeconds:F2} s, crypto {clock.Elapsed.TotalSeconds:F2} s");
    }

    private static async Task<Measurement> ExportAsync(string dir, string database, string output)
    {
        await using var services = Services(dir, database);
        await using var scope = services.CreateAsyncScope();
        var exporter = scope.ServiceProvider.GetRequiredService<LedgerExporter>();
        var clock = Stopwatch.StartNew();
        await using var stream = File.Create(Path.Combine(dir, output));
        var count = await exporter.ExportAsync("labor", stream, csv: false, Scope.Everything, 2021, 2025, unmasked: false, WriteContext.System("bench"));
        return new Measurement("export xlsx", clock.Elapsed.TotalSeconds, count);
    }

    /// <summary>Floor (b): inflate the sheet and shared strings and read every node with XmlReader, doing nothing else.</summary>
    private static Measurement FloorXlsx(string path)
    {
        var clock = Stopwatch.StartNew();
        long nodes = 0;
        using var zip = ZipFile.OpenRead(path);
        foreach (var part in new[] { "xl/sharedStrings.xml", "xl/worksheets/sheet1.xml" })
        {
            using var reader = XmlReader.Create(zip.GetEntry(part)!.Open(), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit });
            while (reader.Read())
            {
                nodes++;
            }
        }

        return new Measurement("floor xlsx", clock.Elapsed.TotalSeconds, nodes);
    }

    /// <summary>The export floor: SpreadCheetah alone writing rows of the same shape (16 text cells, as the export writes them).</summary>
    private static async Task<Measurement> FloorSpreadCheetahAsync(string dir, string output, int rows)
    {
        var file = new LaborFile(["522726100200"], "522726", "440112");
        var data = Enumerable.Range(0, rows).Select(i => file.Row(i).Select(LaborFile.Text).ToArray()).ToArray();
        var cells = new Cell[LaborFile.Header.Count];
        var clock = Stopwatch.StartNew();
        await using var stream = File.Create(Path.Combine(dir, output));
        await using var book = await Spreadsheet.CreateNewAsync(stream);
        await book.StartWorksheetAsync("台账");
        await book.AddRowAsync(LaborFile.Header.Select(h => new Cell(h)).ToArray());
        for (var i = 0; i < rows; i++)
        {
            for (var c = 0; c < cells.Length; c++)
            {
                cells[c] = new Cell(data[i][c]);
            }

            await book.AddRowAsync(cells);
        }

        await book.FinishAsync();
        return new Measurement("floor spreadcheetah", clock.Elapsed.TotalSeconds, rows);
    }
}
