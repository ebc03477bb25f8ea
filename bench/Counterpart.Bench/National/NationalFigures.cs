using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Counterpart.Data;
using Counterpart.Indicators;
using Counterpart.Ledgers;
using Counterpart.Organizations;
using Counterpart.Pairings;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Counterpart.Bench.National;

/// <summary>
/// The figure benchmark at national size: a county's five-year summary (every catalog indicator, for its pairing and for
/// the county as an organization), the largest province's roll-up and the national roll-up, each against a floor measured
/// in the same run — the heaviest figures of the same selection (fiscal aid and consumption sales summed, transferred
/// laborers and of whom 脱贫 counted as distinct persons under the stable-employment rule, each by year and in total)
/// computed by hand-written GROUP BY SQL over the raw ledgers. Then freshness: a small labor file imported for the county
/// (through LedgerImporter, as the CLI and the API do) and the county's summary read at once, without any rebuild.
/// </summary>
internal static class NationalFigures
{
    private const string NationCode = "100000";

    internal sealed record Timing(string What, string Selection, double ColdMs, double MedianMs, double FloorMs, string Note);

    public static async Task<int> RunAsync(DatabaseSettings database, string keyFile, string? write, int runs, bool profile = false)
    {
        await using var services = NationalGenerator.Services(database, keyFile);
        await services.CheckPersonalDataKeyAsync();
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CounterpartDbContext>();
        await db.Database.OpenConnectionAsync();
        var rules = scope.ServiceProvider.GetRequiredService<CountingRules>();
        var service = new IndicatorService(db, rules, new StoppedClock(NationalOptions.AsOf));
        var asOf = ChinaTime.Today(new StoppedClock(NationalOptions.AsOf));

        var counts = await CountsAsync(db);
        var county = await db.Rows<Pairing>(Scope.Everything).Where(p => p.Kind == PairingKind.DistrictCounty)
            .OrderBy(p => p.WestOrg!.Code).Select(p => new { East = p.EastOrg!, West = p.WestOrg! }).FirstAsync();
        // The province with the most assisted counties: the largest provincial roll-up.
        var westPaths = await db.Rows<Pairing>(Scope.Everything).Where(p => p.Kind == PairingKind.DistrictCounty).Select(p => p.WestOrg!.Path).ToListAsync();
        var provinces = await db.Organizations.AsNoTracking().Where(o => o.Kind == OrgKind.Province).ToListAsync();
        var province = provinces.Select(o => new { Org = o, Counties = westPaths.Count(w => w.StartsWith(o.Path, StringComparison.Ordinal)) })
            .OrderByDescending(x => x.Counties).ThenBy(x => x.Org.Code, StringComparer.Ordinal).First();
        var nation = await OrganizationTree.ResolveAsync(db, NationCode);
        var pairingSpec = $"{county.East.Code}:{county.West.Code}";
        Console.WriteLine($"{database.Describe()}: {counts["Persons"]:N0} persons, {counts["Employments"]:N0} jobs, {counts["IndicatorFacts"]:N0} facts; county {county.West.Name} ({pairingSpec}), province {province.Org.Name} ({province.Counties} counties)");

        var floors = new FloorQueries(db, asOf, rules.StableEmploymentMonths);
        var timings = new List<Timing>();
        var pairingSelection = Selection.ForPairing(county.East, county.West);
        var cases = new (string What, string Label, Selection Selection, Func<Task<Summary>> Run, int Runs)[]
        {
            ("county pairing, 5 years", pairingSpec, pairingSelection, () => service.ForPairingAsync(pairingSpec, 2021, 2025, Scope.Everything), runs),
            ("county, 5 years", county.West.Code, Selection.ForOrganization(county.West), () => service.ForOrganizationAsync(county.West.Code, 2021, 2025, Scope.Everything), runs),
            ("province roll-up, 5 years", province.Org.Code, Selection.ForOrganization(province.Org), () => service.ForOrganizationAsync(province.Org.Code, 2021, 2025, Scope.Everything), runs),
            ("national roll-up, 5 years", NationCode, Selection.ForOrganization(nation), () => service.ForOrganizationAsync(NationCode, 2021, 2025, Scope.Everything), Math.Min(runs, 3)),
        };
        foreach (var (what, label, selection, run, n) in cases)
        {
            var (cold, median, summary) = await MeasureAsync(run, n);
            var (floorCold, floorMedian, floor) = await MeasureAsync(() => floors.RunAsync(selection), n);
            var agree = floor.Agreement(summary);
            timings.Add(new Timing(what, label, cold, median, floorMedian, agree));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{what,-28} {label,-14} cold {cold,9:F1} ms  median {median,9:F1} ms  floor {floorMedian,9:F1} ms (cold {floorCold:F1})  ratio {median / floorMedian,6:F2}×  {agree}"));
            Console.WriteLine("    floor parts: " + string.Join(", ", floor.PartMs.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key} {p.Value:F1} ms"))));
            if (profile)
            {
                await ProfileAsync(db, rules, selection, asOf);
            }
        }

        var fresh = await FreshAfterImportAsync(scope.ServiceProvider, service, county.West, county.East, pairingSpec);
        Console.WriteLine(fresh);
        if (write is not null)
        {
            Write(write, database, counts, timings, fresh, runs, county.West.Name, province.Org.Name);
        }

        return 0;
    }

    /// <summary>
    /// Where a summary's time goes: each indicator of the catalog timed on its own, in catalog order (an indicator that
    /// makes a read the others share is charged with it).
    /// </summary>
    private static async Task ProfileAsync(CounterpartDbContext db, CountingRules rules, Selection selection, DateOnly asOf)
    {
        var ctx = new IndicatorContext(db, Scope.Everything, selection, 2021, 2025, rules, asOf) { UseFacts = true };
        var parts = new List<string>();
        var clock = Stopwatch.StartNew();
        foreach (var indicator in IndicatorCatalog.All)
        {
            clock.Restart();
            await indicator.ComputeAsync(ctx, CancellationToken.None);
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{indicator.Code} {clock.Elapsed.TotalMilliseconds:F1}"));
        }

        Console.WriteLine("    profile (ms): " + string.Join(", ", parts));
    }

    private static async Task<(double Cold, double Median, T Last)> MeasureAsync<T>(Func<Task<T>> run, int runs)
    {
        var clock = Stopwatch.StartNew();
        var last = await run();
        var cold = clock.Elapsed.TotalMilliseconds;
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            clock.Restart();
            last = await run();
            times.Add(clock.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        return (cold, times.Count == 0 ? cold : times[times.Count / 2], last);
    }

    /// <summary>
    /// Freshness: 200 new persons with a job each (ongoing, started 2021–2025, so all stable at the as-of date) imported
    /// for the county through LedgerImporter; the county's summary is read right after the commit and must be 200
    /// persons higher — the import kept the facts in step in its transaction. The import is undone afterwards.
    /// </summary>
    private static async Task<string> FreshAfterImportAsync(IServiceProvider services, IndicatorService service, Organization county, Organization district, string pairingSpec)
    {
        var db = services.GetRequiredService<CounterpartDbContext>();
        var before = await service.ForOrganizationAsync(county.Code, 2021, 2025, Scope.Everything);
        var villages = await db.Organizations.Where(o => o.Kind == OrgKind.Village && o.Path.StartsWith(county.Path)).OrderBy(o => o.Code).Select(o => o.Code).ToListAsync();
        var file = new LaborFile(villages, county.Code, district.Code);
        var csv = new StringBuilder(string.Join(",", LaborFile.Header)).Append("\r\n");
        const int rows = 200;
        for (var i = 0; i < rows; i++)
        {
            csv.Append(string.Join(",", file.Row(i * 7).Select(LaborFile.Text))).Append("\r\n");
        }

        var importer = services.GetRequiredService<LedgerImporter>();
        var clock = Stopwatch.StartNew();
        var report = await importer.ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv.ToString())), "就业台账.csv", "labor", new ImportOptions("national-bench"));
        var importMs = clock.Elapsed.TotalMilliseconds;
        if (report.Status != ImportStatus.Committed)
        {
            throw new InvalidOperationException($"import {report.Status}: {string.Join("; ", report.Errors.Take(5).Select(e => $"{e.Row} {e.Column} {e.Value} {e.Reason}"))}");
        }

        clock.Restart();
        var after = await service.ForOrganizationAsync(county.Code, 2021, 2025, Scope.Everything);
        var summaryMs = clock.Elapsed.TotalMilliseconds;
        var delta = after["labor_transferred"] - before["labor_transferred"];
        await importer.UndoAsync(report.BatchId!.Value, "national-bench");
        var undone = await service.ForOrganizationAsync(county.Code, 2021, 2025, Scope.Everything);
        if (delta != rows || undone["labor_transferred"] != before["labor_transferred"] || !after.UsedFacts)
        {
            throw new InvalidOperationException($"Not fresh: +{delta} persons after importing {rows}, {undone["labor_transferred"]} after undo (was {before["labor_transferred"]}).");
        }

        return string.Create(CultureInfo.InvariantCulture,
            $"fresh after import: {rows} persons imported for {county.Name} in {importMs:F0} ms (facts maintained in the import's transaction); the county's summary read next ({summaryMs:F0} ms, from the facts) shows labor_transferred {before["labor_transferred"]:N0} → {after["labor_transferred"]:N0} (+{delta:N0}); undone afterwards ({undone["labor_transferred"]:N0}). Pairing {pairingSpec}.");
    }

    private static async Task<Dictionary<string, long>> CountsAsync(CounterpartDbContext db)
    {
        var counts = new Dictionary<string, long>();
        foreach (var table in new[] { "Organizations", "Persons", "Employments", "Projects", "ProjectFunds", "Sales", "Donations", "TrainingSessions", "TalentAssignments", "IndicatorFacts" })
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = $"SELECT COUNT(*) FROM \"{table}\"";
            counts[table] = Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        }

        return counts;
    }

    private static void Write(string path, DatabaseSettings database, Dictionary<string, long> counts, List<Timing> timings, string fresh, int runs, string county, string province)
    {
        var tag = database.Provider == DatabaseProvider.Postgres ? "national-postgres" : "national-sqlite";
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Measured {DateTime.UtcNow:yyyy-MM-dd} on {Environment.ProcessorCount} cores, {(database.Provider == DatabaseProvider.Postgres ? "PostgreSQL" : "SQLite")}: ")
            .Append(CultureInfo.InvariantCulture, $"{counts["Organizations"]:N0} organizations, {counts["Persons"]:N0} persons, {counts["Employments"]:N0} jobs, {counts["ProjectFunds"]:N0} fund movements of {counts["Projects"]:N0} projects, ")
            .Append(CultureInfo.InvariantCulture, $"{counts["Sales"]:N0} sales, {counts["IndicatorFacts"]:N0} indicator facts. County: {county}; province: {province}. Median of {runs} warm runs (national: {Math.Min(runs, 3)}) after one cold run.\n\n")
            .Append("| Figure | Selection | Cold (ms) | Median (ms) | Floor (ms) | Ratio | Target | Floor agrees |\n|---|---|---:|---:|---:|---:|---|---|\n");
        foreach (var t in timings)
        {
            var target = t.What.StartsWith("county", StringComparison.Ordinal) ? "≤ 50 ms" : t.What.StartsWith("province", StringComparison.Ordinal) ? "≤ 500 ms" : "≤ 2 s";
            text.Append(CultureInfo.InvariantCulture, $"| {t.What} | `{t.Selection}` | {t.ColdMs:F1} | {t.MedianMs:F1} | {t.FloorMs:F1} | {t.MedianMs / t.FloorMs:F2}× | {target} | {t.Note} |\n");
        }

        text.Append('\n').Append(fresh).Append('\n');
        var doc = File.ReadAllText(path);
        var begin = $"<!-- {tag}:begin -->";
        var end = $"<!-- {tag}:end -->";
        var from = doc.IndexOf(begin, StringComparison.Ordinal);
        var to = doc.IndexOf(end, StringComparison.Ordinal);
        doc = from >= 0 && to > from
            ? doc[..(from + begin.Length)] + "\n" + text + doc[to..]
            : doc + $"\n{begin}\n{text}{end}\n";
        File.WriteAllText(path, doc);
    }
}

/// <summary>
/// The floor: the heaviest figures of a selection by hand-written SQL over the raw ledgers (no facts): fiscal aid and
/// consumption sales summed by year; distinct persons in stable jobs, and of whom 脱贫, by year and over the period.
/// </summary>
internal sealed class FloorQueries(CounterpartDbContext db, DateOnly asOf, int stableMonths)
{
    private bool Postgres => db.Database.IsNpgsql();

    internal sealed record Result(Dictionary<string, decimal> Totals, Dictionary<string, double> PartMs)
    {
        /// <summary>Whether the floor's totals equal the application's figures (a check that both compute the same thing).</summary>
        public string Agreement(Summary summary)
        {
            var differ = Totals.Where(t => Math.Abs(summary[t.Key] - t.Value) > 0.005m).Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Key} {t.Value} vs {summary[t.Key]}")).ToList();
            return differ.Count == 0 ? "yes (" + string.Join(", ", Totals.Keys) + ")" : "no: " + string.Join("; ", differ);
        }
    }

    public async Task<Result> RunAsync(Selection selection)
    {
        var totals = new Dictionary<string, decimal>();
        var parts = new Dictionary<string, double>();
        var clock = Stopwatch.StartNew();
        totals["fiscal_aid"] = await SumByYearAsync($"""
            SELECT {Year("f", "Date")} AS y, SUM({Money("f", "Amount")}) FROM "ProjectFunds" f JOIN "Projects" r ON r."Id" = f."ProjectId"
            JOIN "Organizations" w ON w."Id" = r."WestOrgId" LEFT JOIN "Organizations" e ON e."Id" = r."EastOrgId"
            WHERE f."Source" = 'Cooperation' AND f."Stage" = 'Disbursement' AND f."Date" BETWEEN '2021-01-01' AND '2025-12-31' AND {Where(selection)}
            GROUP BY {Year("f", "Date")}
            """) / 10_000m;
        parts["fiscal aid"] = Lap(clock);
        totals["consumption_sales"] = await SumByYearAsync($"""
            SELECT {Year("s", "Date")} AS y, SUM({Money("s", "Amount")}) FROM "Sales" s
            JOIN "Organizations" w ON w."Id" = s."WestOrgId" LEFT JOIN "Organizations" e ON e."Id" = s."EastOrgId"
            WHERE s."CountsForEast" = {True} AND s."Date" BETWEEN '2021-01-01' AND '2025-12-31' AND {Where(selection)}
            GROUP BY {Year("s", "Date")}
            """) / 10_000m;
        parts["sales"] = Lap(clock);
        var jobs = $"""
            FROM "Employments" j JOIN "Persons" p ON p."Id" = j."PersonId"
            JOIN "Organizations" w ON w."Id" = j."WestOrgId" LEFT JOIN "Organizations" e ON e."Id" = j."EastOrgId"
            WHERE j."StartDate" BETWEEN '2021-01-01' AND '2025-12-31' AND {Where(selection)}
              AND {StableFrom} <= '{asOf:yyyy-MM-dd}' AND (j."EndDate" IS NULL OR j."EndDate" >= {StableFrom})
            """;
        // By year (distinct within each year) and over the period (distinct over all): two GROUP BYs of the same rows.
        await ScalarsAsync($"SELECT {Year("j", "StartDate")}, COUNT(DISTINCT j.\"PersonId\"), COUNT(DISTINCT CASE WHEN p.\"HouseholdType\" = 'Lifted' THEN j.\"PersonId\" END) {jobs} GROUP BY {Year("j", "StartDate")}");
        var total = await ScalarsAsync($"SELECT 0, COUNT(DISTINCT j.\"PersonId\"), COUNT(DISTINCT CASE WHEN p.\"HouseholdType\" = 'Lifted' THEN j.\"PersonId\" END) {jobs}");
        totals["labor_transferred"] = total[0].Item2;
        totals["labor_transferred_lifted"] = total[0].Item3;
        parts["distinct persons"] = Lap(clock);
        return new Result(totals, parts);
    }

    private static double Lap(Stopwatch clock)
    {
        var ms = clock.Elapsed.TotalMilliseconds;
        clock.Restart();
        return ms;
    }

    private string True => Postgres ? "TRUE" : "1";

    private string Year(string alias, string column) => Postgres ? $"EXTRACT(YEAR FROM {alias}.\"{column}\")::int" : $"CAST(substr({alias}.\"{column}\", 1, 4) AS INTEGER)";

    /// <summary>SQLite keeps decimals as text; SUM converts them (to a double: good enough for a floor, compared to 0.005 万元).</summary>
    private string Money(string alias, string column) => Postgres ? $"{alias}.\"{column}\"" : $"CAST({alias}.\"{column}\" AS REAL)";

    /// <summary>Start + months − 1 day (LaborIndicators.StableFrom); SQLite's date() rolls a day past the month's end over, .NET and PostgreSQL clamp it.</summary>
    private string StableFrom => Postgres
        ? $"(j.\"StartDate\" + interval '{stableMonths} months' - interval '1 day')::date"
        : $"date(j.\"StartDate\", '+{stableMonths} months', '-1 day')";

    private static string Where(Selection selection) => selection.IsPairing
        ? $"w.\"Path\" LIKE '{selection.WestPath}%' AND e.\"Path\" LIKE '{selection.EastPath}%'"
        : $"(w.\"Path\" LIKE '{selection.AnyPath}%' OR e.\"Path\" LIKE '{selection.AnyPath}%')";

    private async Task<decimal> SumByYearAsync(string sql)
    {
        var rows = await ScalarsAsync(sql);
        return rows.Sum(r => r.Item2);
    }

    private async Task<List<(int, decimal, decimal)>> ScalarsAsync(string sql)
    {
        await using DbCommand command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 0;
        var rows = new List<(int, decimal, decimal)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture), Convert.ToDecimal(reader.GetValue(1), CultureInfo.InvariantCulture),
                reader.FieldCount > 2 ? Convert.ToDecimal(reader.GetValue(2), CultureInfo.InvariantCulture) : 0m));
        }

        return rows;
    }
}
