using System.Linq.Expressions;
using Counterpart.Agreements;
using Counterpart.Data;
using Counterpart.Indicators;
using Counterpart.Organizations;
using Counterpart.Pairings;
using Counterpart.People;
using Microsoft.EntityFrameworkCore;

namespace Counterpart.Ledgers;

/// <summary>
/// 年度协作协议与目标: one row per target of a yearly agreement. The agreement (title, signing date, owner) is repeated on
/// each of its target rows and identified by its district↔county pairing and year; a target by the agreement and the
/// indicator code. The pairing must already be registered in the pairings ledger.
/// </summary>
public sealed class AgreementLedger : EntityLedger<AgreementTarget>
{
    /// <summary>Units counted in whole numbers: a target of 3.5 persons is a typing error.</summary>
    private static readonly HashSet<string> WholeUnits = new(StringComparer.Ordinal)
    {
        Units.Persons, Units.PersonTimes, Units.Items, Units.Enterprises, Units.Sessions, Units.Schools, Units.Findings,
    };

    /// <summary>An agreement's title is compared as read from a cell (stored full-width punctuation is no change).</summary>
    private static readonly UpdatableFields<Agreement> AgreementFields = new UpdatableFields<Agreement>()
        .Add(a => a.Title, CooperationSides.SameText).Add(a => a.SignedOn).Add(a => a.OwnerOrgId);

    private static readonly UpdatableFields<AgreementTarget> TargetFields = new UpdatableFields<AgreementTarget>().Add(t => t.Target);

    /// <summary>The first row of each agreement in the file, so that its other rows can be held to the same title, date and owner.</summary>
    private readonly Dictionary<string, (int Row, string Title, DateOnly Signed, long Owner)> agreementsInFile = new(StringComparer.Ordinal);

    public override string Name => "agreements";

    public override string Title => "年度协作协议与目标";

    public override string NaturalKey => "东部区县 + 西部区县 + 协议年度 + 指标代码";

    public override IReadOnlyList<LedgerColumn> Columns { get; } =
    [
        new("east", "东部区县", CellKind.Organization, true, "签订协议的东部区（县），填行政区划代码或完整名称", "440112") { Aliases = ["东部地区", "东部单位", "帮扶方"] },
        new("west", "西部区县", CellKind.Organization, true, "签订协议的西部县（区），填行政区划代码或完整名称；两者须已登记为区县结对", "522726") { Aliases = ["西部地区", "西部单位", "受帮扶方"] },
        new("year", "协议年度", CellKind.WholeNumber, true, "协议管哪一年", "2024") { Aliases = ["年度"] },
        new("title", "协议名称", CellKind.Text, true, "协议的正式名称；同一份协议的各行须一致", "2024年度黄埔区—独山县东西部协作协议") { MaxLength = 200 },
        new("signed", "签订日期", CellKind.Date, true, "协议签订的日期，应在协议年度内或上一年；同一份协议的各行须一致", "2024-03-15") { Aliases = ["签署日期"] },
        new("indicator", "指标代码", CellKind.Text, true, "指标目录中的代码（如 fiscal_aid）；也可填指标名称，名称重复的须填代码", "fiscal_aid") { MaxLength = 64, Aliases = ["指标编码", "指标"] },
        new("indicator_name", "指标名称", CellKind.Text, false, "便于阅读，可不填；填了须与指标代码对应", "财政援助资金") { MaxLength = 200 },
        new("unit", "计量单位", CellKind.Text, false, "可不填；填了须与指标目录中的单位一致（金额类为万元）", "万元") { MaxLength = 32, Aliases = ["单位"] },
        new("target", "目标值", CellKind.Text, true, "按指标的计量单位填写的数字；人、个、家等须为整数", "4000") { MaxLength = 32, Aliases = ["目标任务", "年度目标"] },
        new("owner", "填报单位", CellKind.Organization, true, "负责这份协议记录的单位", "522726"),
    ];

    internal override string? Check(RowValues row, OrgDirectory orgs, DateOnly today)
    {
        var east = row.Get<Organization>("east");
        var west = row.Get<Organization>("west");
        if (east is { Kind: not OrgKind.County })
        {
            row.Fail("east", $"“{east.Name}”不是区（县）；年度协议由结对的区县签订", "逻辑矛盾");
        }

        if (west is { Kind: not OrgKind.County })
        {
            row.Fail("west", $"“{west.Name}”不是县（区）；年度协议由结对的区县签订", "逻辑矛盾");
        }
        else if (east is not null && west is not null && east.Id == west.Id)
        {
            row.Fail("west", "东部区县和西部区县不能是同一个", "逻辑矛盾");
        }

        var year = row.Get<int?>("year");
        if (year is { } y && (y < 2000 || y > today.Year + 1))
        {
            row.Fail("year", $"协议年度应在 2000 年到 {today.Year + 1} 年之间", "取值不在范围内");
            year = null;
        }

        var signed = row.Get<DateOnly?>("signed");
        if (signed > today)
        {
            row.Fail("signed", "签订日期晚于今天", "逻辑矛盾");
        }
        else if (signed is { } s && year is { } yy && (s.Year > yy || s.Year < yy - 1))
        {
            row.Fail("signed", $"签订日期应在协议年度（{yy}年）内或上一年", "逻辑矛盾");
        }

        var indicator = CheckIndicator(row);
        CheckSameAgreement(row, east, west, year, signed);
        return row.Ok ? $"{east!.Code}|{west!.Code}|{year}|{indicator!.Code}" : null;
    }

    private static Indicator? CheckIndicator(RowValues row)
    {
        if (row.Get<string>("indicator") is not { } typed)
        {
            return null;
        }

        var (indicator, error) = FindIndicator(typed);
        if (indicator is null)
        {
            row.Fail("indicator", error!, "取值不在范围内");
            return null;
        }

        if (row.Get<string>("indicator_name") is { } name && name != CellParsers.Normalize(indicator.NameZh))
        {
            row.Fail("indicator_name", $"与指标代码不对应：{indicator.Code} 的名称是“{indicator.NameZh}”", "逻辑矛盾");
        }

        if (row.Get<string>("unit") is { } unit && unit != CellParsers.Normalize(indicator.Unit))
        {
            row.Fail("unit", $"指标“{indicator.NameZh}”的计量单位是“{indicator.Unit}”", "逻辑矛盾");
        }

        if (row.Get<string>("target") is { } raw)
        {
            var target = PlainNumber.Parse(raw, indicator.Unit);
            if (!target.Ok)
            {
                row.Fail("target", target.Error!, "格式错误");
            }
            else if (WholeUnits.Contains(indicator.Unit) && target.Value != decimal.Truncate(target.Value))
            {
                row.Fail("target", $"计量单位是“{indicator.Unit}”，目标值应为整数", "格式错误");
            }
        }

        return indicator;
    }

    /// <summary>Every row of one agreement must carry the same title, signing date and owner as its first row.</summary>
    private void CheckSameAgreement(RowValues row, Organization? east, Organization? west, int? year, DateOnly? signed)
    {
        if (east is null || west is null || year is null || row.Get<string>("title") is not { } title || signed is null || row.Get<Organization>("owner") is not { } owner)
        {
            return;
        }

        var key = $"{east.Id}|{west.Id}|{year}";
        if (!agreementsInFile.TryGetValue(key, out var first))
        {
            agreementsInFile[key] = (row.Row, title, signed.Value, owner.Id);
            return;
        }

        var differs = first.Title != title ? "title" : first.Signed != signed ? "signed" : first.Owner != owner.Id ? "owner" : null;
        if (differs is not null)
        {
            var header = Columns.First(c => c.Key == differs).Header;
            row.Fail(differs, $"与第 {first.Row} 行是同一份协议（同一结对、同一年度），{header}却不一致", "逻辑矛盾");
        }
    }

    /// <summary>An indicator by its code, or by its Chinese name when that name is not shared.</summary>
    internal static (Indicator? Indicator, string? Error) FindIndicator(string typed)
    {
        var byCode = IndicatorCatalog.All.FirstOrDefault(i => string.Equals(i.Code, typed, StringComparison.OrdinalIgnoreCase));
        if (byCode is not null)
        {
            return (byCode, null);
        }

        var named = IndicatorCatalog.All.Where(i => CellParsers.Normalize(i.NameZh) == typed).ToList();
        return named.Count switch
        {
            1 => (named[0], null),
            0 => (null, "指标目录中没有这个指标；请填指标代码（如 fiscal_aid）或指标的完整名称"),
            _ => (null, $"名称“{typed}”对应多个指标（{string.Join("、", named.Select(i => i.Code))}），请改填指标代码"),
        };
    }

    /// <summary>Each row's agreement needs a district↔county pairing of its two counties, stored and running in its year.</summary>
    internal override async Task CheckStoredAsync(ImportApplyContext context, IReadOnlyList<RowValues> rows, CancellationToken ct)
    {
        var items = rows.Select(Item.Of).ToList();
        var pairings = await DistrictPairingsAsync(context.Db, items, ct);
        foreach (var item in items.Where(i => PairingOf(pairings, i) is null))
        {
            item.Row.Fail("west", $"{item.East.Name}与{item.West.Name}在 {item.Year} 年没有区县结对；请先在结对关系台账中登记这对“区县结对”（结对期间须包括 {item.Year} 年），再导入协议",
                "引用不存在");
        }
    }

    internal override async Task ApplyAsync(ImportApplyContext context, IReadOnlyList<RowValues> rows, CancellationToken ct)
    {
        var db = context.Db;
        var items = rows.Select(Item.Of).ToList();
        var pairings = await DistrictPairingsAsync(db, items, ct);
        foreach (var item in items)
        {
            item.PairingId = PairingOf(pairings, item)?.Id
                ?? throw new InvalidOperationException($"Row {item.Row.Row} has no district pairing; CheckStoredAsync refuses such rows.");
        }

        var agreements = new Dictionary<(long, int), Agreement>();
        foreach (var chunk in items.Select(i => i.PairingId).Distinct().Chunk(500))
        {
            foreach (var a in await db.Rows<Agreement>(Scope.Everything).Where(a => chunk.Contains(a.PairingId)).ToListAsync(ct))
            {
                agreements[(a.PairingId, a.Year)] = a;
            }
        }

        // Agreements first: new ones need their ids before their targets can refer to them.
        var written = new HashSet<Agreement>();
        var changedBy = new HashSet<RowValues>();
        foreach (var item in items)
        {
            var fresh = new Agreement { PairingId = item.PairingId, Year = item.Year, Title = item.Title, SignedOn = item.Signed, OwnerOrgId = item.OwnerId };
            if (!agreements.TryGetValue((item.PairingId, item.Year), out var agreement))
            {
                agreements[(item.PairingId, item.Year)] = fresh;
                written.Add(fresh);
                context.Insert(fresh);
            }
            else if (!written.Contains(agreement) && context.Refresh(agreement, fresh, AgreementFields))
            {
                written.Add(agreement);
                changedBy.Add(item.Row);
            }
        }

        await db.SaveChangesAsync(ct);

        var targets = new Dictionary<(long, string), AgreementTarget>();
        foreach (var chunk in items.Select(i => agreements[(i.PairingId, i.Year)].Id).Distinct().Chunk(500))
        {
            foreach (var t in await db.Rows<Agreement>(Scope.Everything).Where(a => chunk.Contains(a.Id)).SelectMany(a => a.Targets).ToListAsync(ct))
            {
                targets[(t.AgreementId, t.IndicatorCode)] = t;
            }
        }

        foreach (var item in items)
        {
            var agreementId = agreements[(item.PairingId, item.Year)].Id;
            var fresh = new AgreementTarget { AgreementId = agreementId, IndicatorCode = item.Code, Target = item.Target };
            // A row whose agreement it updated counts as updated even when its target is unchanged.
            if (context.Upsert(targets.GetValueOrDefault((agreementId, item.Code)), fresh, TargetFields, alsoChanged: changedBy.Contains(item.Row)) == RowOutcome.Inserted)
            {
                targets[(agreementId, item.Code)] = fresh;
            }
        }
    }

    /// <summary>The stored district↔county pairings of the rows' eastern districts.</summary>
    private static async Task<List<Pairing>> DistrictPairingsAsync(CounterpartDbContext db, IEnumerable<Item> items, CancellationToken ct)
    {
        var pairings = new List<Pairing>();
        foreach (var chunk in items.Select(i => i.East.Id).Distinct().Chunk(500))
        {
            pairings.AddRange(await db.Rows<Pairing>(Scope.Everything).Where(p => p.Kind == PairingKind.DistrictCounty && chunk.Contains(p.EastOrgId)).ToListAsync(ct));
        }

        return pairings;
    }

    /// <summary>The district↔county pairing a row's agreement belongs to: the one of its two counties running in the agreement's year (the latest started).</summary>
    private static Pairing? PairingOf(List<Pairing> pairings, Item item)
    {
        var (first, last) = (new DateOnly(item.Year, 1, 1), new DateOnly(item.Year, 12, 31));
        return pairings.Where(p => p.WestOrgId == item.West.Id && p.StartDate <= last && (p.EndDate == null || p.EndDate >= first))
            .OrderByDescending(p => p.StartDate).FirstOrDefault();
    }

    /// <summary>The targets of the agreements the scope may read, dated by the agreement's year.</summary>
    internal override IQueryable<AgreementTarget> Dated(CounterpartDbContext db, Scope scope, int fromYear, int toYear) =>
        db.Rows<Agreement>(scope).Where(a => a.Year >= fromYear && a.Year <= toYear).SelectMany(a => a.Targets);

    /// <summary>Agreements by year, each with its targets together in the order they were entered.</summary>
    internal override IOrderedQueryable<AgreementTarget> InOrder(IQueryable<AgreementTarget> rows) =>
        rows.OrderBy(t => t.Agreement!.Year).ThenBy(t => t.AgreementId).ThenBy(t => t.Id);

    internal override IReadOnlyDictionary<string, Expression<Func<AgreementTarget, object?>>> SortKeys { get; } = new Dictionary<string, Expression<Func<AgreementTarget, object?>>>
    {
        ["east"] = t => t.Agreement!.Pairing!.EastOrg!.Code, ["west"] = t => t.Agreement!.Pairing!.WestOrg!.Code, ["year"] = t => t.Agreement!.Year,
        ["title"] = t => t.Agreement!.Title, ["signed"] = t => t.Agreement!.SignedOn, ["indicator"] = t => t.IndicatorCode,
    };

    internal override Expression<Func<AgreementTarget, bool>> Search(string text) =>
        t => t.IndicatorCode.Contains(text) || t.Agreement!.Title.Contains(text) || t.Agreement!.Pairing!.EastOrg!.Name.Contains(text)
            || t.Agreement!.Pairing!.WestOrg!.Name.Contains(text);

    /// <summary>A target's row repeats its agreement's columns; a target is reviewed with its agreement, so it shows the agreement's state.</summary>
    internal override async IAsyncEnumerable<LedgerRow> CellsAsync(IQueryable<AgreementTarget> rows, PersonalDataProtector protector, bool unmasked,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var projected = rows.Select(t => new
            {
                t.Id, t.Agreement!.ReviewState, East = t.Agreement.Pairing!.EastOrg!.Code, West = t.Agreement.Pairing.WestOrg!.Code, t.Agreement.Year, t.Agreement.Title,
                t.Agreement.SignedOn, t.IndicatorCode, t.Target, Owner = t.Agreement.Owner!.Code,
            }).AsAsyncEnumerable();
        await foreach (var t in projected.WithCancellation(ct))
        {
            var indicator = IndicatorCatalog.All.FirstOrDefault(i => i.Code == t.IndicatorCode);
            yield return new LedgerRow(t.Id, t.ReviewState,
            [
                t.East, t.West, t.Year.ToString(System.Globalization.CultureInfo.InvariantCulture), t.Title,
                t.SignedOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), t.IndicatorCode, indicator?.NameZh ?? "",
                indicator?.Unit ?? "", PlainNumber.Format(t.Target), t.Owner,
            ]);
        }
    }

    /// <summary>A valid row's values, typed.</summary>
    private sealed record Item(RowValues Row, Organization East, Organization West, int Year, string Title, DateOnly Signed, long OwnerId, string Code, decimal Target)
    {
        public long PairingId { get; set; }

        public static Item Of(RowValues row)
        {
            var indicator = FindIndicator(row.Get<string>("indicator")!).Indicator!;
            return new Item(row, row.Get<Organization>("east")!, row.Get<Organization>("west")!, row.Get<int?>("year")!.Value, row.Get<string>("title")!,
                row.Get<DateOnly?>("signed")!.Value, row.Get<Organization>("owner")!.Id, indicator.Code, PlainNumber.Parse(row.Get<string>("target")!, indicator.Unit).Value);
        }
    }
}
