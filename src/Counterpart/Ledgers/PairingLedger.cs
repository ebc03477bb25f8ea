using System.Linq.Expressions;
using Counterpart.Data;
using Counterpart.Organizations;
using Counterpart.Pairings;
using Counterpart.People;
using Microsoft.EntityFrameworkCore;

namespace Counterpart.Ledgers;

/// <summary>
/// 结对关系台账: who is paired with whom, of which kind, since when. Natural key: kind + east unit + west unit + start
/// date. A unit pairing names the district↔county pairing it belongs to as "东部代码:西部代码".
/// </summary>
public sealed class PairingLedger : EntityLedger<Pairing>
{
    /// <summary>The Chinese name of a kind, as the template writes it.</summary>
    public static string Label(PairingKind kind) => Kinds[kind];

    internal static readonly ChoiceLabels<PairingKind> Kinds = new()
    {
        ["区县结对"] = PairingKind.DistrictCounty, ["机关结对村"] = PairingKind.AgencyVillage, ["学校结对"] = PairingKind.SchoolSchool,
        ["医院结对"] = PairingKind.HospitalHospital, ["企业结对村"] = PairingKind.EnterpriseVillage, ["社会组织结对村"] = PairingKind.SocialOrgVillage,
        ["乡镇结对"] = PairingKind.TownTown,
    };

    private static readonly UpdatableFields<Pairing> Updatable = new UpdatableFields<Pairing>()
        .Add(p => p.EndDate).Add(p => p.ParentPairingId).Add(p => p.OwnerOrgId);

    public override string Name => "pairings";

    public override string Title => "结对关系台账";

    public override string NaturalKey => "结对类型 + 东部单位 + 西部单位 + 开始日期";

    public override IReadOnlyList<LedgerColumn> Columns { get; } =
    [
        new("kind", "结对类型", CellKind.Choice, true, "结对的种类", "学校结对") { Choices = [.. Kinds.Keys] },
        new("east", "东部单位", CellKind.Organization, true, "帮扶方（东部）的代码或完整名称", "440112-S01"),
        new("west", "西部单位", CellKind.Organization, true, "受帮扶方（西部）的代码或完整名称", "522726-S05"),
        new("parent", "所属区县结对", CellKind.Text, false, "单位结对所属的区县结对，写成“东部代码:西部代码”", "440112:522726") { MaxLength = 64 },
        new("start", "开始日期", CellKind.Date, true, "结对开始的日期", "2021-03-01"),
        new("end", "结束日期", CellKind.Date, false, "仍在结对的不填", ""),
        new("owner", "填报单位", CellKind.Organization, true, "负责这条记录的单位", "522726"),
    ];

    internal override string? Check(RowValues row, OrgDirectory orgs, DateOnly today)
    {
        if (row.Get<DateOnly?>("start") is { } start && row.Get<DateOnly?>("end") is { } end && end < start)
        {
            row.Fail("end", "结束日期早于开始日期", "逻辑矛盾");
        }

        if (row.Get<Organization>("east") is { } east && row.Get<Organization>("west") is { } west && east.Id == west.Id)
        {
            row.Fail("west", "东部单位和西部单位不能是同一个", "逻辑矛盾");
        }

        if (row.Get<string>("parent") is { } parent && parent.Split(':', '：').Length != 2)
        {
            row.Fail("parent", "应写成“东部代码:西部代码”，例如 440112:522726", "格式错误");
        }

        return row.Ok ? $"{row.Get<string>("kind")}|{row.Get<Organization>("east")!.Id}|{row.Get<Organization>("west")!.Id}|{row.Get<DateOnly?>("start"):yyyy-MM-dd}" : null;
    }

    /// <summary>A unit pairing's district↔county pairing must already be stored.</summary>
    internal override async Task CheckStoredAsync(ImportApplyContext context, IReadOnlyList<RowValues> rows, CancellationToken ct)
    {
        var districts = (await context.Db.Rows<Pairing>(Scope.Everything).Where(p => p.Kind == PairingKind.DistrictCounty)
            .Select(p => new { p.EastOrgId, p.WestOrgId }).ToListAsync(ct)).Select(p => (p.EastOrgId, p.WestOrgId)).ToHashSet();
        foreach (var row in rows)
        {
            if (row.Get<string>("parent") is not { } spec)
            {
                continue;
            }

            var codes = spec.Split(':', '：');
            var (east, west) = (context.Orgs.Resolve(codes[0]), context.Orgs.Resolve(codes[1]));
            if (!east.Ok || !west.Ok || !districts.Contains((east.Value!.Id, west.Value!.Id)))
            {
                row.Fail("parent", "系统中没有这个区县结对；请先导入区县结对，再导入其下的结对", "引用不存在");
            }
        }
    }

    internal override async Task ApplyAsync(ImportApplyContext context, IReadOnlyList<RowValues> rows, CancellationToken ct)
    {
        var existing = await context.Db.Rows<Pairing>(Scope.Everything).ToListAsync(ct);
        var byKey = existing.ToDictionary(p => (p.Kind, p.EastOrgId, p.WestOrgId, p.StartDate));
        foreach (var row in rows)
        {
            var kind = Kinds[row.Get<string>("kind")!];
            var east = row.Get<Organization>("east")!;
            var west = row.Get<Organization>("west")!;
            var start = row.Get<DateOnly?>("start")!.Value;
            long? parentId = null;
            if (row.Get<string>("parent") is { } parentSpec)
            {
                var codes = parentSpec.Split(':', '：');
                var (pe, pw) = (context.Orgs.Resolve(codes[0]), context.Orgs.Resolve(codes[1]));
                parentId = existing.FirstOrDefault(p => p.Kind == PairingKind.DistrictCounty && pe.Ok && pw.Ok && p.EastOrgId == pe.Value!.Id && p.WestOrgId == pw.Value!.Id)?.Id
                    ?? throw new DomainException($"第 {row.Row} 行：所属区县结对“{parentSpec}”不存在。");
            }

            var fresh = new Pairing
            {
                Kind = kind, EastOrgId = east.Id, WestOrgId = west.Id, StartDate = start, EndDate = row.Get<DateOnly?>("end"),
                ParentPairingId = parentId, OwnerOrgId = row.Get<Organization>("owner")!.Id,
            };
            context.Upsert(byKey.GetValueOrDefault((kind, east.Id, west.Id, start)), fresh, Updatable);
        }
    }

    /// <summary>Pairings in force at some time in the years: begun by their end and not ended before their start.</summary>
    internal override IQueryable<Pairing> Dated(CounterpartDbContext db, Scope scope, int fromYear, int toYear)
    {
        var (from, to) = YearSpan(fromYear, toYear);
        return db.Rows<Pairing>(scope).Where(p => p.StartDate <= to && (p.EndDate == null || p.EndDate >= from));
    }

    internal override IReadOnlyDictionary<string, Expression<Func<Pairing, object?>>> SortKeys { get; } = new Dictionary<string, Expression<Func<Pairing, object?>>>
    {
        ["kind"] = p => p.Kind, ["east"] = p => p.EastOrg!.Code, ["west"] = p => p.WestOrg!.Code, ["start"] = p => p.StartDate, ["end"] = p => p.EndDate,
    };

    internal override Expression<Func<Pairing, bool>> Search(string text) =>
        p => p.EastOrg!.Code.Contains(text) || p.EastOrg!.Name.Contains(text) || p.WestOrg!.Code.Contains(text) || p.WestOrg!.Name.Contains(text);

    internal override async IAsyncEnumerable<LedgerRow> CellsAsync(IQueryable<Pairing> rows, PersonalDataProtector protector, bool unmasked,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var projected = rows.Select(p => new
            {
                p.Id, p.ReviewState, p.Kind, East = p.EastOrg!.Code, West = p.WestOrg!.Code, ParentEast = p.ParentPairing!.EastOrg!.Code,
                ParentWest = p.ParentPairing!.WestOrg!.Code, p.StartDate, p.EndDate, Owner = p.Owner!.Code,
            }).AsAsyncEnumerable();
        await foreach (var p in projected.WithCancellation(ct))
        {
            yield return new LedgerRow(p.Id, p.ReviewState,
            [
                Kinds[p.Kind], p.East, p.West, p.ParentEast is null ? "" : $"{p.ParentEast}:{p.ParentWest}",
                p.StartDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                p.EndDate?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "", p.Owner,
            ]);
        }
    }
}
