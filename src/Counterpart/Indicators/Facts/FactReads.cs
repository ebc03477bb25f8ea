using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Counterpart.Data;
using Counterpart.Labor;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Counterpart.Indicators.Facts;

/// <summary>One summed cell of the additive facts (money, projects, sales, donations, trainings) of a selection.</summary>
internal sealed record AdditiveCell(FactKind Kind, int Year, int Category, int Variant, long Count, long Value);

/// <summary>
/// The reads of the maintained facts that the indicators of one summary share, each made once per
/// <see cref="IndicatorContext"/>: the organization ids of the selection and of the reader's scope, one grouped read of
/// every additive fact, and one pass over the job facts that yields the four distinct-person figures (transferred
/// laborers, of whom 脱贫, laborers of guided enterprises, of whom 脱贫) with their breakdowns. Plain SQL, identical
/// on SQLite and PostgreSQL except for how an id list is passed; figures are built from the results in memory.
/// </summary>
internal sealed class FactReads(IndicatorContext ctx)
{
    private static readonly int[] Destinations = Enum.GetValues<EmploymentDestination>().Select(d => (int)d).ToArray();
    private static readonly int[] Households = Enum.GetValues<HouseholdType>().Select(h => (int)h).ToArray();

    private FactFilter? filter;
    private IReadOnlyList<AdditiveCell>? additive;
    private LaborPersons? persons;

    /// <summary>Every additive fact of the selection, period and scope, summed by kind, year, category and variant.</summary>
    public async Task<IReadOnlyList<AdditiveCell>> AdditiveAsync(CancellationToken ct)
    {
        if (additive is not null)
        {
            return additive;
        }

        var f = await FilterAsync(ct);
        var sql = new FactSql(f.Postgres).Append("SELECT \"Kind\", \"Year\", \"Category\", \"Variant\", SUM(\"Count\"), SUM(\"Value\") FROM \"IndicatorFacts\" WHERE \"Kind\" <> ")
            .Append(((int)FactKind.Jobs).ToString(CultureInfo.InvariantCulture));
        f.Where(sql, ctx);
        sql.Append(" GROUP BY \"Kind\", \"Year\", \"Category\", \"Variant\"");
        var cells = new List<AdditiveCell>();
        await QueryAsync(sql, reader =>
            cells.Add(new AdditiveCell((FactKind)reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetInt64(4), reader.GetInt64(5))), ct);
        return additive = cells;
    }

    /// <summary>
    /// Distinct persons with a counted job (stable on the as-of date, started in the period, under the public-welfare-post
    /// rule), in one pass: the inner query reduces each person's jobs to flags (a counted job in year y, with destination
    /// d, at a guided enterprise's local entity in year y) and the person's household type, the outer one counts the
    /// persons per flag. A person's job facts all carry the person's household type (they are rewritten when it changes);
    /// <see cref="LaborPersons.Consistent"/> says whether that held.
    /// </summary>
    public async Task<LaborPersons> LaborPersonsAsync(CancellationToken ct)
    {
        if (persons is not null)
        {
            return persons;
        }

        var employers = await InvestmentIndicators.EmployersAsync(ctx, ct);
        var f = await FilterAsync(ct);
        var years = ctx.Years.ToArray();
        var lifted = (int)HouseholdType.Lifted;

        // The outer query: one row of sums over the persons. h is the person's household type, e 1 when a counted job is
        // at a guided enterprise, y{year} / e{year} / d{destination} 1 when a counted job (at a guided enterprise) started
        // in the year / has the destination.
        var outer = new List<string>
        {
            "COUNT(*)", "SUM(CASE WHEN hmin <> h THEN 1 ELSE 0 END)", $"SUM(CASE WHEN h = {lifted} THEN 1 ELSE 0 END)",
            "SUM(e)", $"SUM(CASE WHEN h = {lifted} THEN e ELSE 0 END)",
        };
        foreach (var y in years)
        {
            outer.AddRange([$"SUM(y{y})", $"SUM(CASE WHEN h = {lifted} THEN y{y} ELSE 0 END)", $"SUM(e{y})", $"SUM(CASE WHEN h = {lifted} THEN e{y} ELSE 0 END)"]);
        }

        foreach (var d in Destinations)
        {
            outer.AddRange([$"SUM(d{d})", $"SUM(CASE WHEN h = {lifted} THEN d{d} ELSE 0 END)"]);
        }

        foreach (var h in Households)
        {
            outer.AddRange([$"SUM(CASE WHEN h = {h} THEN 1 ELSE 0 END)", $"SUM(CASE WHEN h = {h} THEN e ELSE 0 END)"]);
        }

        // The inner query: each person's counted jobs reduced to flags.
        var sql = new FactSql(f.Postgres);
        var employer = employers.Count == 0 ? "0" : "CASE WHEN " + sql.In("\"RefId\"", "e", employers) + " THEN 1 ELSE 0 END";
        sql.Append("SELECT " + string.Join(", ", outer) + " FROM (SELECT \"SubjectId\", MIN(\"Variant\") AS hmin, MAX(\"Variant\") AS h, MAX(" + employer + ") AS e");
        foreach (var y in years)
        {
            sql.Append($", MAX(CASE WHEN \"Year\" = {y} THEN 1 ELSE 0 END) AS y{y}, MAX(CASE WHEN \"Year\" = {y} THEN {employer} ELSE 0 END) AS e{y}");
        }

        foreach (var d in Destinations)
        {
            sql.Append($", MAX(CASE WHEN \"Category\" = {d} THEN 1 ELSE 0 END) AS d{d}");
        }

        sql.Append($" FROM \"IndicatorFacts\" WHERE \"Kind\" = {(int)FactKind.Jobs} AND \"Since\" <= @asOf");
        sql.Parameters["asOf"] = ctx.AsOf;
        if (!ctx.Rules.CountPublicWelfarePosts)
        {
            sql.Append($" AND \"Category\" <> {(int)EmploymentDestination.PublicWelfarePost}");
        }

        f.Where(sql, ctx);
        sql.Append(" GROUP BY \"SubjectId\") p");
        long[] v = [];
        await QueryAsync(sql, reader =>
        {
            v = new long[reader.FieldCount];
            for (var i = 0; i < v.Length; i++)
            {
                v[i] = reader.IsDBNull(i) ? 0 : reader.GetInt64(i);
            }
        }, ct);

        var at = 5;
        var result = new LaborPersons(v[1] == 0, new Counts(v[0], v[2], v[3], v[4]));
        foreach (var y in years)
        {
            result.ByYear[y] = new Counts(v[at], v[at + 1], v[at + 2], v[at + 3]);
            at += 4;
        }

        foreach (var d in Destinations)
        {
            result.ByDestination[(EmploymentDestination)d] = (v[at], v[at + 1]);
            at += 2;
        }

        foreach (var h in Households)
        {
            result.ByHousehold[(HouseholdType)h] = (v[at], v[at + 1]);
            at += 2;
        }

        return persons = result;
    }

    /// <summary>The organization ids of the selection and of the scope, resolved once.</summary>
    private async Task<FactFilter> FilterAsync(CancellationToken ct)
    {
        if (filter is not null)
        {
            return filter;
        }

        var db = ctx.Db;
        var selection = ctx.Selection;
        var postgres = db.Database.IsNpgsql();
        if (selection.IsPairing)
        {
            filter = new FactFilter(postgres, await IdsUnderAsync(db, [selection.WestPath!], ct), await IdsUnderAsync(db, [selection.EastPath!], ct), null, null);
        }
        else
        {
            // The root of the whole tree selects every fact: no filter at all.
            var path = selection.AnyPath!;
            var everything = !await db.Organizations.AnyAsync(o => !o.Path.StartsWith(path), ct);
            filter = new FactFilter(postgres, null, null, everything ? null : await IdsUnderAsync(db, [path], ct), null);
        }

        if (ctx.Scope.Paths is { } paths)
        {
            filter = filter with { Visible = await IdsUnderAsync(db, paths, ct) };
        }

        return filter;
    }

    private static async Task<long[]> IdsUnderAsync(CounterpartDbContext db, IReadOnlyList<string> paths, CancellationToken ct)
    {
        var ids = new List<long>();
        foreach (var path in paths)
        {
            ids.AddRange(await db.Organizations.Where(o => o.Path.StartsWith(path)).Select(o => o.Id).ToListAsync(ct));
        }

        return [.. ids.Distinct()];
    }

    private async Task QueryAsync(FactSql sql, Action<DbDataReader> row, CancellationToken ct)
    {
        var db = ctx.Db;
        var connection = db.Database.GetDbConnection();
        var opened = connection.State != ConnectionState.Open;
        if (opened)
        {
            await db.Database.OpenConnectionAsync(ct);
        }

        try
        {
            await using var command = connection.CreateCommand();
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            command.CommandText = sql.ToString();
            Parameter(command, "from", ctx.FromYear);
            Parameter(command, "to", ctx.ToYear);
            foreach (var (name, value) in sql.Parameters)
            {
                Parameter(command, name, value);
            }

            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                row(reader);
            }
        }
        finally
        {
            if (opened)
            {
                await db.Database.CloseConnectionAsync();
            }
        }
    }

    private static void Parameter(DbCommand command, string name, object value)
    {
        var p = command.CreateParameter();
        p.ParameterName = "@" + name;
        p.Value = value;
        command.Parameters.Add(p);
    }

    /// <summary>
    /// Which facts a summary reads: the period, approved cells only when asked, the selection's sides (a pairing: west
    /// and east ids; an organization: either side among its ids, null for the whole tree) and the scope (owner or either
    /// side visible).
    /// </summary>
    private sealed record FactFilter(bool Postgres, long[]? West, long[]? East, long[]? Any, long[]? Visible)
    {
        public void Where(FactSql sql, IndicatorContext ctx)
        {
            sql.Append(" AND \"Year\" >= @from AND \"Year\" <= @to");
            if (ctx.ApprovedOnly)
            {
                sql.Append(" AND \"Approved\"");
            }

            if (West is not null && East is not null)
            {
                sql.Append(" AND ").Append(sql.In("\"WestOrgId\"", "w", West)).Append(" AND ").Append(sql.In("\"EastOrgId\"", "ea", East));
            }
            else if (Any is not null)
            {
                sql.Append(" AND (").Append(sql.In("\"WestOrgId\"", "a", Any)).Append(" OR ").Append(sql.In("\"EastOrgId\"", "a", Any)).Append(")");
            }

            if (Visible is not null)
            {
                sql.Append(" AND (").Append(sql.In("\"OwnerOrgId\"", "v", Visible)).Append(" OR ").Append(sql.In("\"EastOrgId\"", "v", Visible))
                    .Append(" OR ").Append(sql.In("\"WestOrgId\"", "v", Visible)).Append(")");
            }
        }
    }

    /// <summary>
    /// A statement and its parameters. Id lists are one parameter each: an array on PostgreSQL, a JSON array read by
    /// json_each on SQLite — never one parameter per id.
    /// </summary>
    private sealed class FactSql(bool postgres)
    {
        private readonly StringBuilder text = new();

        public Dictionary<string, object> Parameters { get; } = [];

        public FactSql Append(string part)
        {
            text.Append(part);
            return this;
        }

        /// <summary>"column is one of the ids", the ids bound once under <paramref name="name"/>.</summary>
        public string In(string column, string name, IReadOnlyCollection<long> ids)
        {
            Parameters[name] = postgres ? ids.ToArray() : JsonSerializer.Serialize(ids);
            return postgres ? $"{column} = ANY(@{name})" : $"{column} IN (SELECT value FROM json_each(@{name}))";
        }

        public override string ToString() => text.ToString();
    }
}

/// <summary>Distinct persons: all, of lifted households, at guided enterprises, and of those of lifted households.</summary>
internal readonly record struct Counts(long All, long Lifted, long Enterprise, long EnterpriseLifted);

/// <summary>The result of <see cref="FactReads.LaborPersonsAsync"/>.</summary>
internal sealed record LaborPersons(bool Consistent, Counts Total)
{
    public Dictionary<int, Counts> ByYear { get; } = [];

    /// <summary>Persons with a counted job of the destination: all, and of lifted households.</summary>
    public Dictionary<EmploymentDestination, (long All, long Lifted)> ByDestination { get; } = [];

    /// <summary>Persons of the household type: with a counted job, and with one at a guided enterprise.</summary>
    public Dictionary<HouseholdType, (long All, long Enterprise)> ByHousehold { get; } = [];
}
