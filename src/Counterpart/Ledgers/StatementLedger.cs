using System.Linq.Expressions;
using Counterpart.Data;
using Counterpart.Organizations;
using Counterpart.People;
using Counterpart.Reconciliation;
using Counterpart.Talent;
using Microsoft.EntityFrameworkCore;
using static Counterpart.Ledgers.CooperationSides;

namespace Counterpart.Ledgers;

/// <summary>
/// 协作往来对账清单: one side's own list of a flow that the other side's ledger records — the funds the district says it
/// disbursed per project, the people the county says it received, the purchases eastern buyers made, the gifts the
/// recipients acknowledged — to be reconciled against that ledger (ADR 15). The natural key is 填报单位 + 类别 + 凭据号
/// (for people the person and the direction) + 日期.
/// </summary>
public sealed class StatementLedger : EntityLedger<FlowStatement>
{
    internal static readonly ChoiceLabels<FlowKind> Kinds = new()
    {
        ["财政援助资金"] = FlowKind.FiscalAid, ["干部人才"] = FlowKind.People, ["消费帮扶采购"] = FlowKind.Purchases, ["社会捐赠"] = FlowKind.Donations,
    };

    private static readonly UpdatableFields<FlowStatement> Updatable = new UpdatableFields<FlowStatement>()
        .Add(s => s.EastOrgId).Add(s => s.WestOrgId).Add(s => s.PersonName, SameText).Add(s => s.Year).Add(s => s.Amount).Add(s => s.Note, SameText);

    private const string ProtectedKey = "~protected_id";

    public override string Name => "statements";

    public override string Title => "协作往来对账清单";

    public override string NaturalKey => "填报单位 + 类别 + 凭据号（人员为身份证号或姓名，及方向）+ 日期";

    public override IReadOnlyList<LedgerColumn> Columns { get; } =
    [
        new("kind", "类别", CellKind.Choice, true, "对账的往来：财政援助资金按项目编号，干部人才按人，消费帮扶采购按发票或合同号，社会捐赠按捐赠票据号", "财政援助资金")
        {
            Choices = [.. Kinds.Keys], Aliases = ["对账类别", "往来类别"],
        },
        new("east", "东部单位", CellKind.Organization, true, "拨付资金、派出或接收人员、采购、捐赠的东部单位", "440112") { Aliases = ["东部", "东部单位名称"] },
        new("west", "西部单位", CellKind.Organization, true, "收到资金、接收或派出人员、销售、受赠的西部单位", "522726") { Aliases = ["西部", "西部单位名称"] },
        new("reference", "凭据号", CellKind.Text, false, "财政援助资金填项目编号；消费帮扶采购填发票号或合同编号；社会捐赠填捐赠票据号；干部人才不填", "DS2023-017")
        {
            MaxLength = 64, Aliases = ["项目编号", "凭证号", "票据号", "发票号", "捐赠票据号"],
        },
        new("name", "姓名", CellKind.Text, false, "干部人才必填：交流人员姓名", "") { MaxLength = 64, Aliases = ["人员姓名"] },
        new("id_number", "身份证号", CellKind.IdNumber, false, "干部人才：填了按身份证号与对方台账比对，未填按姓名比对", "") { Aliases = ["证件号码", "身份证号码"] },
        new("direction", "人员方向", CellKind.Choice, false, "干部人才：东→西（东部派到西部）或西→东；不填按东→西", "")
        {
            Choices = [.. TalentLedger.Directions.Keys], Aliases = ["方向", "交流方向"],
        },
        new("date", "日期", CellKind.Date, true, "资金拨付、人员到岗、开票成交或捐赠的日期（按此计入年度）", "2023-06-30") { Aliases = ["拨付日期", "到岗日期", "开票日期", "捐赠日期"] },
        new("year", "对账年度", CellKind.WholeNumber, false, "这一项属于哪一年的清单；不填按日期所在年度。年底拨付、次年到账的，可填次年", "2023")
        {
            Aliases = ["清单年度", "年度"],
        },
        new("amount", "金额（元）", CellKind.Amount, false, "资金、采购、捐赠必填；干部人才不填", "1500000") { Aliases = ["金额", "拨付金额", "采购金额", "捐赠金额"] },
        new("note", "说明", CellKind.Text, false, "需要对方知道的情况", "") { MaxLength = 500, Aliases = ["备注"] },
        new("owner", "填报单位", CellKind.Organization, true, "报送这份清单的单位（东部或西部一方）", "440112"),
    ];

    internal override string? Check(RowValues row, OrgDirectory orgs, DateOnly today)
    {
        var east = row.Get<Organization>("east");
        var west = row.Get<Organization>("west");
        var owner = row.Get<Organization>("owner");
        if (east is not null && west is not null && orgs.CommonProvince(east, west) is { } province)
        {
            row.Fail("west", $"与东部单位同在{province.Name}，不是东西部之间的往来；请核对两个单位是否填反或填错", "逻辑矛盾");
        }
        else if (east is not null && west is not null && owner is not null && orgs.CommonProvince(owner, east) is null && orgs.CommonProvince(owner, west) is null)
        {
            row.Fail("owner", "填报单位须是东部或西部一方的单位（清单是一方对往来的报送）", "逻辑矛盾");
        }

        var kind = row.Get<string>("kind") is { } label ? Kinds[label] : (FlowKind?)null;
        if (kind == FlowKind.People)
        {
            if (!row.Has("name") && !row.Errors.Exists(e => e.Column == "姓名"))
            {
                row.Fail("name", "类别为“干部人才”时必填", "必填项为空");
            }

            if (row.Has("amount"))
            {
                row.Fail("amount", "干部人才按人对账，不填金额", "逻辑矛盾");
            }
        }
        else if (kind is not null)
        {
            if (!row.Has("reference") && !row.Errors.Exists(e => e.Column == "凭据号"))
            {
                row.Fail("reference", $"类别为“{Kinds[kind.Value]}”时必填（{ReferenceName(kind.Value)}）", "必填项为空");
            }

            if (!row.Has("amount") && !row.Errors.Exists(e => e.Column == "金额（元）"))
            {
                row.Fail("amount", $"类别为“{Kinds[kind.Value]}”时必填", "必填项为空");
            }
            else if (row.Get<decimal?>("amount") == 0m)
            {
                row.Fail("amount", "金额应大于0", "逻辑矛盾");
            }

            if (row.Has("name") || row.Has("id_number") || row.Has("direction"))
            {
                row.Fail(row.Has("name") ? "name" : row.Has("id_number") ? "id_number" : "direction", "只有干部人才填姓名、身份证号和人员方向", "逻辑矛盾");
            }
        }

        if (row.Get<DateOnly?>("date") > today)
        {
            row.Fail("date", "日期晚于今天", "逻辑矛盾");
        }
        else if (row.Get<DateOnly?>("date") is { } date && row.Get<int?>("year") is { } year && Math.Abs(year - date.Year) > 1)
        {
            row.Fail("year", $"与日期（{date.Year}年）相差超过一年；对账年度只能是日期所在年度或其前后一年", "逻辑矛盾");
        }

        if (!row.Ok)
        {
            return null;
        }

        var item = kind == FlowKind.People
            ? $"{(row.Has("id_number") ? row.Get<ResidentIdResult>("id_number").Normalized : row.Get<string>("name"))}|{DirectionOf(row)}"
            : row.Get<string>("reference");
        return $"{owner!.Code.ToUpperInvariant()}|{kind}|{item}|{Iso(row.Get<DateOnly?>("date")!.Value)}";
    }

    /// <summary>What the 凭据号 of a kind is.</summary>
    public static string ReferenceName(FlowKind kind) => kind switch
    {
        FlowKind.FiscalAid => "项目编号",
        FlowKind.Purchases => "发票号或合同编号",
        FlowKind.Donations => "捐赠票据号",
        _ => "身份证号或姓名",
    };

    private static Direction DirectionOf(RowValues row) =>
        row.Get<string>("direction") is { } d ? TalentLedger.Directions[d] : Direction.EastToWest;

    internal override void Prepare(RowValues row, PersonalDataProtector protector)
    {
        if (row.Has("id_number"))
        {
            row.Set(ProtectedKey, protector.ProtectId(row.Get<ResidentIdResult>("id_number").Normalized!));
        }
    }

    internal override async Task ApplyAsync(ImportApplyContext context, IReadOnlyList<RowValues> rows, CancellationToken ct)
    {
        var owners = rows.Select(r => r.Get<Organization>("owner")!.Id).Distinct().ToList();
        var dates = rows.Select(r => r.Get<DateOnly?>("date")!.Value).ToList();
        var (from, to) = (dates.Min(), dates.Max());
        var stored = new Dictionary<string, FlowStatement>(StringComparer.Ordinal);
        foreach (var s in await context.Db.Rows<FlowStatement>(Scope.Everything)
                     .Where(s => EF.Parameter(owners).Contains(s.OwnerOrgId) && s.Date >= from && s.Date <= to).ToListAsync(ct))
        {
            stored.TryAdd(KeyOf(s), s);
        }

        foreach (var row in rows)
        {
            var kind = Kinds[row.Get<string>("kind")!];
            var people = kind == FlowKind.People;
            var fresh = new FlowStatement
            {
                Kind = kind, EastOrgId = row.Get<Organization>("east")!.Id, WestOrgId = row.Get<Organization>("west")!.Id,
                Reference = people ? null : row.Get<string>("reference"), PersonName = people ? row.Get<string>("name") : null,
                IdNumber = people && row.Has("id_number") ? row.Get<ProtectedId>(ProtectedKey) : null, Direction = people ? DirectionOf(row) : Direction.EastToWest,
                Date = row.Get<DateOnly?>("date")!.Value, Year = row.Get<int?>("year") ?? row.Get<DateOnly?>("date")!.Value.Year, Amount = people ? null : row.Get<decimal?>("amount"), Note = row.Get<string>("note"),
                OwnerOrgId = row.Get<Organization>("owner")!.Id,
            };
            var key = KeyOf(fresh);
            var outcome = context.Upsert(stored.GetValueOrDefault(key), fresh, Updatable);
            if (outcome == RowOutcome.Inserted)
            {
                stored[key] = fresh;
            }
        }
    }

    /// <summary>The natural key of a stored statement, as <see cref="Check"/> builds it from a row (by the ID's hash).</summary>
    private static string KeyOf(FlowStatement s) =>
        $"{s.OwnerOrgId}|{s.Kind}|{(s.Kind == FlowKind.People ? $"{s.IdNumber?.Hash ?? s.PersonName}|{s.Direction}" : s.Reference)}|{Iso(s.Date)}";

    internal override IQueryable<FlowStatement> Dated(CounterpartDbContext db, Scope scope, int fromYear, int toYear)
    {
        return db.Rows<FlowStatement>(scope).Where(s => s.Year >= fromYear && s.Year <= toYear);
    }

    internal override IReadOnlyDictionary<string, Expression<Func<FlowStatement, object?>>> SortKeys { get; } = new Dictionary<string, Expression<Func<FlowStatement, object?>>>
    {
        ["kind"] = s => s.Kind, ["east"] = s => s.EastOrg!.Code, ["west"] = s => s.WestOrg!.Code, ["reference"] = s => s.Reference, ["name"] = s => s.PersonName,
        ["date"] = s => s.Date, ["year"] = s => s.Year, ["amount"] = s => s.Amount, ["owner"] = s => s.Owner!.Code,
    };

    internal override Expression<Func<FlowStatement, bool>> Search(string text) =>
        s => s.Reference!.Contains(text) || s.PersonName!.Contains(text) || s.EastOrg!.Name.Contains(text) || s.WestOrg!.Name.Contains(text) || s.Note!.Contains(text);

    internal override async IAsyncEnumerable<LedgerRow> CellsAsync(IQueryable<FlowStatement> rows, PersonalDataProtector protector, bool unmasked,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var projected = rows.Select(s => new
            {
                s.Id, s.ReviewState, s.Kind, East = s.EastOrg!.Code, West = s.WestOrg!.Code, s.Reference, s.PersonName, s.IdNumber!.Cipher, s.IdNumber.Masked, s.Direction,
                s.Date, s.Year, s.Amount, s.Note, Owner = s.Owner!.Code,
            }).AsAsyncEnumerable();
        await foreach (var s in projected.WithCancellation(ct))
        {
            var id = s.Cipher is null ? "" : unmasked ? protector.Decrypt(s.Cipher) : s.Masked ?? "";
            var people = s.Kind == FlowKind.People;
            yield return new LedgerRow(s.Id, s.ReviewState,
                [Kinds[s.Kind], s.East ?? "", s.West, s.Reference ?? "", s.PersonName ?? "", id, people ? TalentLedger.Directions[s.Direction] : "", Iso(s.Date),
                    s.Year.ToString(System.Globalization.CultureInfo.InvariantCulture), s.Amount is { } a ? Yuan(a) : "", s.Note ?? "", s.Owner]);
        }
    }
}
