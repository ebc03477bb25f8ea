using System.Data.Common;
using Counterpart.Consumption;
using Counterpart.Data;
using Counterpart.Donations;
using Counterpart.Indicators.Facts;
using Counterpart.Labor;
using Counterpart.Projects;
using Counterpart.Trainings;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Counterpart.Bench.National;

/// <summary>
/// Secondary indexes built after a big initial load instead of row by row (engineering guide, "Bulk paths"): their
/// definitions are read from the database's own catalog (as the migrations created them), dropped, and executed again
/// unchanged at the end, so the schema after the load is exactly the migrated one. Primary keys stay.
/// </summary>
internal static class DeferredIndexes
{
    public static async Task<List<string>> DropAsync(CounterpartDbContext db, IReadOnlyCollection<string> tables, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        var definitions = new List<(string Name, string Sql)>();
        await using (var command = connection.CreateCommand())
        {
            var list = string.Join(",", tables.Select(t => $"'{t}'"));
            command.CommandText = connection is NpgsqlConnection
                ? $"SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename IN ({list}) AND indexname NOT LIKE 'PK\\_%' ORDER BY indexname"
                : $"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ({list}) ORDER BY name";
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                definitions.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        foreach (var (name, _) in definitions)
        {
            await ExecuteAsync(db, $"DROP INDEX \"{name}\"", ct);
        }

        return [.. definitions.Select(d => d.Sql)];
    }

    public static async Task CreateAsync(CounterpartDbContext db, IEnumerable<string> definitions, CancellationToken ct)
    {
        if (db.Database.IsNpgsql())
        {
            await ExecuteAsync(db, "SET maintenance_work_mem = '512MB'", ct);
        }

        foreach (var sql in definitions)
        {
            await ExecuteAsync(db, sql, ct);
        }
    }

    /// <summary>Schema statements on the open connection, outside the write path (they change no ledger row).</summary>
    public static async Task ExecuteAsync(CounterpartDbContext db, string sql, CancellationToken ct)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync(ct);
    }
}

/// <summary>
/// <c>summary --verify</c> (FactMaintainer.VerifyAsync) restricted to some owners: the facts the fact sources compute from
/// the rows of those owners' roots, against the stored facts of those owners.
/// </summary>
internal static class FactSample
{
    public static async Task<List<string>> CompareAsync(CounterpartDbContext db, long[] owners, FactRules rules, CancellationToken ct)
    {
        var expected = new FactSet();
        var roots = new Dictionary<Type, List<long>>
        {
            [typeof(ProjectFacts)] = await db.Rows<Project>(Scope.Everything).Where(p => owners.Contains(p.OwnerOrgId)).Select(p => p.Id).ToListAsync(ct),
            [typeof(SaleFacts)] = await db.Rows<Sale>(Scope.Everything).Where(p => owners.Contains(p.OwnerOrgId)).Select(p => p.Id).ToListAsync(ct),
            [typeof(DonationFacts)] = await db.Rows<Donation>(Scope.Everything).Where(p => owners.Contains(p.OwnerOrgId)).Select(p => p.Id).ToListAsync(ct),
            [typeof(TrainingFacts)] = await db.Rows<TrainingSession>(Scope.Everything).Where(p => owners.Contains(p.OwnerOrgId)).Select(p => p.Id).ToListAsync(ct),
            [typeof(JobFacts)] = await db.Rows<Employment>(Scope.Everything).Where(p => owners.Contains(p.OwnerOrgId)).Select(p => p.PersonId).Distinct().ToListAsync(ct),
        };
        foreach (var source in FactSource.All)
        {
            foreach (var batch in roots[source.GetType()].Chunk(5000))
            {
                await source.ContributeAsync(db, batch, rules, expected, 1, ct);
            }
        }

        var stored = (await db.Facts.Where(f => owners.Contains(f.OwnerOrgId)).ToListAsync(ct)).ToDictionary(
            f => new FactKey(f.Kind, f.OwnerOrgId, f.EastOrgId, f.WestOrgId, f.Year, f.Approved, f.Category, f.Variant, f.RefId, f.SubjectId, f.Since), f => (f.Count, f.Value));
        var want = expected.Cells.Where(c => owners.Contains(c.Key.OwnerOrgId)).ToDictionary(c => c.Key, c => c.Value);
        var differences = new List<string>();
        foreach (var key in want.Keys.Union(stored.Keys))
        {
            if (want.GetValueOrDefault(key) != stored.GetValueOrDefault(key))
            {
                differences.Add($"{key}: rows give {want.GetValueOrDefault(key)}, stored {stored.GetValueOrDefault(key)}");
            }
        }

        if (want.Count == 0)
        {
            differences.Add("no facts at all for the sample");
        }

        return differences;
    }
}

/// <summary>Every total, year and breakdown of two summaries of the same selection.</summary>
internal static class FigureComparison
{
    public static List<string> Differences(Counterpart.Indicators.Summary a, Counterpart.Indicators.Summary b)
    {
        var differences = new List<string>();
        foreach (var (x, y) in a.Results.Zip(b.Results))
        {
            var code = x.Indicator.Code;
            if (x.Measure.Total != y.Measure.Total)
            {
                differences.Add($"{code}: {x.Measure.Total} ≠ {y.Measure.Total}");
            }

            foreach (var year in x.Measure.ByYear.Keys.Union(y.Measure.ByYear.Keys))
            {
                if (x.Measure.ByYear.GetValueOrDefault(year) != y.Measure.ByYear.GetValueOrDefault(year))
                {
                    differences.Add($"{code} {year}: {x.Measure.ByYear.GetValueOrDefault(year)} ≠ {y.Measure.ByYear.GetValueOrDefault(year)}");
                }
            }

            foreach (var (name, parts) in x.Measure.Breakdowns)
            {
                var other = y.Measure.Breakdowns.GetValueOrDefault(name) ?? new Dictionary<string, decimal>();
                foreach (var part in parts.Keys.Union(other.Keys))
                {
                    if (parts.GetValueOrDefault(part) != other.GetValueOrDefault(part))
                    {
                        differences.Add($"{code} {name} {part}: {parts.GetValueOrDefault(part)} ≠ {other.GetValueOrDefault(part)}");
                    }
                }
            }
        }

        return differences;
    }
}
