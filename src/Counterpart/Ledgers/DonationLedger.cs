using System.Linq.Expressions;
using Counterpart.Data;
using Counterpart.Donations;
using Counterpart.Organizations;
using Counterpart.People;
using Microsoft.EntityFrameworkCore;
using static Counterpart.Ledgers.CooperationSides;

namespace Counterpart.Ledgers;

/// <summary>
/// 社会帮扶捐赠台账: money or goods (at value) given by eastern society. The receiving unit issues a receipt for every
/// gift, and its number is unique per recipient: the natural key is 受赠单位 + 捐赠票据号.
/// </summary>
public sealed class DonationLedger : EntityLedger<Donation>
{
    internal static readonly ChoiceLabels<DonationKind> Kinds = new()
    {
        ["资金"] = DonationKind.Money, ["物资"] = DonationKind.Goods,
    };

    private static readonly UpdatableFields<Donation> Updatable = new UpdatableFields<Donation>()
        .Add(d => d.EastOrgId).Add(d => d.DonorName, SameText).Add(d => d.Kind).Add(d => d.Date).Add(d => d.Amount).Add(d => d.Purpose, SameText).Add(d => d.OwnerOrgId);

    public override string Name => "donations";

    public override string Title => "社会帮扶捐赠台账";

    public override string NaturalKey => "受赠单位 + 捐赠票据号";

    public override IReadOnlyList<LedgerColumn> Columns { get; } =
    [
        new("recipient", "受赠单位", CellKind.Organization, true, "接受捐赠并开具票据的西部单位（县、村、学校等）", "522726-S05")
        {
            Aliases = ["受捐单位", "受赠方", "接收单位"],
        },
        new("receipt", "捐赠票据号", CellKind.Text, true, "受赠单位开具的捐赠票据（收据）编号；同一受赠单位不能重复", "JZ2024-0003")
        {
            MaxLength = 64, Aliases = ["票据号", "捐赠票据号码", "受赠凭证号", "收据号"],
        },
        new("donor", "捐赠单位", CellKind.Organization, false, "捐赠的东部单位（企业、社会组织、学校等）；个人或系统外单位捐赠的不填，改填捐赠人", "广州兴森快捷电路科技有限公司")
        {
            Aliases = ["捐赠方单位", "东部捐赠单位"],
        },
        new("donor_name", "捐赠人", CellKind.Text, false, "不在系统内的捐赠单位或个人的名称；与捐赠单位至少填一项", "") { MaxLength = 200, Aliases = ["捐赠方", "捐赠方名称", "捐赠人名称"] },
        new("kind", "捐赠类型", CellKind.Choice, true, "资金：捐款；物资：捐物（按票据上的折价计金额）", "资金") { Choices = [.. Kinds.Keys], Aliases = ["捐赠形式", "类型"] },
        new("date", "捐赠日期", CellKind.Date, true, "款物到达、开具票据的日期", "2024-04-11") { Aliases = ["受赠日期", "日期"] },
        new("amount", "金额（元）", CellKind.Amount, true, "捐款金额，或物资的折合金额", "700000") { Aliases = ["捐赠金额", "折合金额", "折价金额"] },
        new("purpose", "用途", CellKind.Text, false, "捐赠用于什么", "助学助困") { MaxLength = 500, Aliases = ["捐赠用途"] },
        new("owner", "填报单位", CellKind.Organization, true, "负责这条记录的单位", "440112"),
    ];

    internal override string? Check(RowValues row, OrgDirectory orgs, DateOnly today)
    {
        var recipient = row.Get<Organization>("recipient");
        var donor = row.Get<Organization>("donor");
        if (donor is null && !row.Has("donor_name") && !row.Errors.Exists(e => e.Column == "捐赠单位"))
        {
            row.Fail("donor", "捐赠单位和捐赠人至少填一项", "必填项为空");
        }
        else if (donor is not null && recipient is not null && donor.Id == recipient.Id)
        {
            row.Fail("donor", "捐赠单位不能与受赠单位是同一个", "逻辑矛盾");
        }
        else if (donor is not null && recipient is not null && orgs.CommonProvince(donor, recipient) is { } province)
        {
            row.Fail("donor", $"与受赠单位同在{province.Name}，不属于东部的社会帮扶", "逻辑矛盾");
        }

        if (row.Get<DateOnly?>("date") > today)
        {
            row.Fail("date", "捐赠日期晚于今天", "逻辑矛盾");
        }

        if (row.Get<decimal?>("amount") == 0m)
        {
            row.Fail("amount", "金额应大于0（物资按折价填写）", "逻辑矛盾");
        }

        return row.Ok ? $"{recipient!.Code.ToUpperInvariant()}|{row.Get<string>("receipt")}" : null;
    }

    internal override async Task ApplyAsync(ImportApplyContext context, IReadOnlyList<RowValues> rows, CancellationToken ct)
    {
        var stored = new Dictionary<(long Recipient, string Receipt), Donation>();
        foreach (var chunk in rows.Select(r => r.Get<string>("receipt")!).Distinct(StringComparer.Ordinal).Chunk(500))
        {
            foreach (var d in await context.Db.Rows<Donation>(Scope.Everything).Where(d => chunk.Contains(d.ReceiptNo)).ToListAsync(ct))
            {
                stored[(d.WestOrgId, d.ReceiptNo)] = d;
            }
        }

        foreach (var row in rows)
        {
            var fresh = new Donation
            {
                WestOrgId = row.Get<Organization>("recipient")!.Id, ReceiptNo = row.Get<string>("receipt")!, EastOrgId = row.Get<Organization>("donor")?.Id,
                DonorName = row.Get<string>("donor_name"), Kind = Kinds[row.Get<string>("kind")!], Date = row.Get<DateOnly?>("date")!.Value,
                Amount = row.Get<decimal?>("amount")!.Value, Purpose = row.Get<string>("purpose"), OwnerOrgId = row.Get<Organization>("owner")!.Id,
            };
            context.Upsert(stored.GetValueOrDefault((fresh.WestOrgId, fresh.ReceiptNo)), fresh, Updatable);
        }
    }

    internal override IQueryable<Donation> Dated(CounterpartDbContext db, Scope scope, int fromYear, int toYear)
    {
        var (from, to) = YearSpan(fromYear, toYear);
        return db.Rows<Donation>(scope).Where(d => d.Date >= from && d.Date <= to);
    }

    internal override IReadOnlyDictionary<string, Expression<Func<Donation, object?>>> SortKeys { get; } = new Dictionary<string, Expression<Func<Donation, object?>>>
    {
        ["recipient"] = d => d.WestOrg!.Code, ["receipt"] = d => d.ReceiptNo, ["donor"] = d => d.EastOrg!.Code, ["kind"] = d => d.Kind, ["date"] = d => d.Date,
        ["amount"] = d => d.Amount,
    };

    internal override Expression<Func<Donation, bool>> Search(string text) =>
        d => d.ReceiptNo.Contains(text) || d.WestOrg!.Name.Contains(text) || d.EastOrg!.Name.Contains(text) || d.DonorName!.Contains(text) || d.Purpose!.Contains(text);

    internal override async IAsyncEnumerable<LedgerRow> CellsAsync(IQueryable<Donation> rows, PersonalDataProtector protector, bool unmasked,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var projected = rows.Select(d => new
            {
                d.Id, d.ReviewState, Recipient = d.WestOrg!.Code, d.ReceiptNo, Donor = d.EastOrg!.Code, d.DonorName, d.Kind, d.Date, d.Amount, d.Purpose, Owner = d.Owner!.Code,
            }).AsAsyncEnumerable();
        await foreach (var d in projected.WithCancellation(ct))
        {
            yield return new LedgerRow(d.Id, d.ReviewState,
                [d.Recipient, d.ReceiptNo, d.Donor ?? "", d.DonorName ?? "", Kinds[d.Kind], Iso(d.Date), Yuan(d.Amount), d.Purpose ?? "", d.Owner]);
        }
    }
}
