using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Counterpart.Bench;

/// <summary>Runs every measurement in its own process, in one run, and writes the comparison.</summary>
internal static class Orchestrator
{
    private const string Begin = "<!-- bench:begin -->";
    private const string End = "<!-- bench:end -->";

    public static async Task<int> RunAsync(int rows, string? write, string? dir)
    {
        dir ??= Path.Combine(Path.GetTempPath(), "counterpart-bench-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(dir);
        Console.WriteLine($"rows: {rows:N0}; files and databases in {dir}");
        var prepare = await ChildAsync("prepare", dir, rows.ToString(CultureInfo.InvariantCulture));
        Console.WriteLine($"generated the files in {prepare.Seconds:F1} s");

        File.Copy(Path.Combine(dir, "base.db"), Path.Combine(dir, "csv.db"), true);
        File.Copy(Path.Combine(dir, "base.db"), Path.Combine(dir, "xlsx.db"), true);
        var floorCsv = await SqliteImportFloorAsync(dir);
        var csv = await ChildAsync("import", dir, "csv.db", "labor.csv");
        var floorXlsx = await ChildAsync("floor-xlsx", Path.Combine(dir, "labor.xlsx"));
        var xlsx = await ChildAsync("import", dir, "xlsx.db", "labor.xlsx");
        var quarterRows = rows / 4;
        File.Copy(Path.Combine(dir, "base.db"), Path.Combine(dir, "quarter.db"), true);
        await WriteHeadAsync(Path.Combine(dir, "labor.csv"), Path.Combine(dir, "quarter.csv"), quarterRows + 1);
        var quarter = await ChildAsync("import", dir, "quarter.db", "quarter.csv");
        var export = await ChildAsync("export", dir, "csv.db", "export.xlsx");
        var floorExport = await ChildAsync("floor-spreadcheetah", dir, "floor.xlsx", export.Rows.ToString(CultureInfo.InvariantCulture));

        var table = new StringBuilder();
        table.AppendLine(CultureInfo.InvariantCulture, $"Measured {DateTime.UtcNow:yyyy-MM-dd} on {Environment.ProcessorCount} cores, {rows:N0} rows (one job per person), SQLite.");
        table.AppendLine();
        table.AppendLine("| What | Time (s) | Rows/s | Peak memory (MB) | Floor (s) | Ratio | Target |");
        table.AppendLine("|---|---:|---:|---:|---:|---:|---|");
        Row(table, "CSV import", csv, floorCsv, "≤ 2× sqlite3 `.import`");
        Row(table, "XLSX import", xlsx, floorXlsx, "≤ 3× inflate + XmlReader");
        Row(table, $"CSV import, {quarterRows:N0} rows (memory growth)", quarter, null, "peak memory flat");
        Row(table, "XLSX export", export, floorExport, "≤ 1.3× SpreadCheetah alone");
        table.AppendLine();
        table.AppendLine(CultureInfo.InvariantCulture, $"Floors: sqlite3 `.import` {floorCsv.Seconds:F2} s; inflate + XmlReader {floorXlsx.Seconds:F2} s; SpreadCheetah alone {floorExport.Seconds:F2} s ({floorExport.PeakBytes / 1048576} MB).");
        Console.WriteLine();
        Console.WriteLine(table);
        if (write is not null)
        {
            var doc = File.ReadAllText(write);
            var from = doc.IndexOf(Begin, StringComparison.Ordinal);
            var to = doc.IndexOf(End, StringComparison.Ordinal);
            if (from < 0 || to < from)
            {
                throw new InvalidOperationException($"{write} has no {Begin} … {End} section.");
            }

            File.WriteAllText(write, doc[..(from + Begin.Length)] + "\n" + table + doc[to..]);
            Console.WriteLine($"written to {write}");
        }

        return 0;
    }

    private static void Row(StringBuilder table, string what, Program.Measurement m, Program.Measurement? floor, string target)
    {
        var ratio = floor is null ? "" : (m.Seconds / floor.Seconds).ToString("F1", CultureInfo.InvariantCulture) + "×";
        table.AppendLine(CultureInfo.InvariantCulture,
            $"| {what} | {m.Seconds:F1} | {m.Rows / m.Seconds:N0} | {m.PeakBytes / 1048576} | {(floor is null ? "" : floor.Seconds.ToString("F2", CultureInfo.InvariantCulture))} | {ratio} | {target} |");
    }

    private static async Task WriteHeadAsync(string from, string to, int lines)
    {
        await using var writer = new StreamWriter(to, false, new UTF8Encoding(false));
        foreach (var line in File.ReadLines(from).Take(lines))
        {
            await writer.WriteAsync(line + "\r\n");
        }
    }

    /// <summary>Floor (a): the sqlite3 shell importing the same CSV into a plain table, no validation.</summary>
    private static async Task<Program.Measurement> SqliteImportFloorAsync(string dir)
    {
        var db = Path.Combine(dir, "floor.db");
        File.Delete(db);
        var start = new ProcessStartInfo("sqlite3", [db]) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("sqlite3 is not installed (apt install sqlite3).");
        await process.StandardInput.WriteLineAsync($".mode csv\n.import '{Path.Combine(dir, "labor.csv")}' employment\n.quit");
        process.StandardInput.Close();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0 || error.Length > 0)
        {
            throw new InvalidOperationException("sqlite3 .import failed: " + error);
        }

        return new Program.Measurement("floor sqlite3", clock.Elapsed.TotalSeconds, 0);
    }

    private static async Task<Program.Measurement> ChildAsync(string name, params string[] args)
    {
        var self = Environment.ProcessPath!;
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.ArgumentList.Add(typeof(Program).Assembly.Location);
        }

        start.ArgumentList.Add("child");
        start.ArgumentList.Add(name);
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{name} failed (exit {process.ExitCode})");
        }

        var m = JsonSerializer.Deserialize<Program.Measurement>(output.Trim().Split('\n')[^1])!;
        Console.WriteLine($"{name} {string.Join(' ', args.Select(Path.GetFileName))}: {m.Seconds:F2} s, {m.PeakBytes / 1048576} MB");
        return m;
    }
}
