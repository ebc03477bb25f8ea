using System.Linq.Expressions;
using Counterpart.Consumption;
using Counterpart.Data;
using Counterpart.Organizations;
using Counterpart.People;
using Microsoft.EntityFrameworkCore;
using static Counterpart.Ledgers.CooperationSides;

namespace Counterpart.Ledgers;

/// <summary>
/// 消费帮扶产品目录: certified consumption-assistance products, identified by their product number (产品编号, stored in
/// capitals so that “xfbf-001” and “XFBF-001” are one product). Sales refer to them by that number.
/// </summary>
public sealed class ProductLedger : EntityLedger<Product>
{
    private static readonly UpdatableFields<Product> Updatable = new UpdatableFields<Product>()
        .Add(p => p.Name, SameText).Add(p => p.Category, SameText).Add(p => p.ProducerOrgId).Add(p => p.CertifiedOn).Add(p => p.Description, SameText)
        .Add(p => p.OwnerOrgId);

    public override string Name => "products";

    public override string Title => "消费帮扶产品目录";

    public override string NaturalKey => "产品编号";

    public override IReadOnlyList<LedgerColumn> Columns { get; } =
    [
        new("code", "产品编号", CellKind.Text, true, "消费帮扶产品认定的编号（认定文件或公示名单上的编号）", "XFBF-522726-001")
        {
            MaxLength = 64, Aliases = ["认定编号", "产品认定编号", "产品代码"],
        },
        new("name", "产品名称", CellKind.Text, true, "认定的产品名称", "刺梨原汁") { MaxLength = 200, Aliases = ["名称", "商品名称"] },
        new("category", "产品类别", CellKind.Text, true, "产品所属的品类", "刺梨") { MaxLength = 64, Aliases = ["类别", "品类", "产品品类"] },
        new("producer", "供应商", CellKind.Organization, true, "生产或供货的企业、合作社，填统一社会信用代码或完整名称", "独山县刺梨食品有限公司")
        {
            Aliases = ["生产企业", "生产主体", "供货单位", "供应商名称", "供应商统一社会信用代码"],
        },
        new("certified", "认定日期", CellKind.Date, true, "产品通过消费帮扶产品认定的日期", "2021-03-11") { Aliases = ["认定时间"] },
        new("description", "产品说明", CellKind.Text, false, "产地、规格、联农带农情况等", "以独山刺梨鲜果加工") { MaxLength = 2000, Aliases = ["备注", "产品简介"] },
        new("owner", "填报单位", CellKind.Organization, true, "负责这条记录的单位", "522726"),
    ];

    internal override string? Check(RowValues row, OrgDirectory orgs, DateOnly today)
    {
        if (row.Get<Organization>("producer") is { } producer && !IsBusinessUnit(producer))
        {
            row.Fail("producer", $"“{producer.Name}”是地区或园区；供应商应填企业、合作社等经营主体", "逻辑矛盾");
        }

        if (row.Get<DateOnly?>("certified") > today)
        {
            row.Fail("certified", "认定日期晚于今天", "逻辑矛盾");
        }

        return row.Ok ? CodeOf(row.Get<string>("code")!) : null;
    }

    /// <summary>Product numbers are compared and stored in capitals.</summary>
    internal static string CodeOf(string typed) => typed.ToUpperInvariant();

    internal override async Task ApplyAsync(ImportApplyContext context, IReadOnlyList<RowValues> rows, CancellationToken ct)
    {
        var stored = await StoredAsync(context.Db, rows.Select(r => CodeOf(r.Get<string>("code")!)), ct);
        foreach (var row in rows)
        {
            var fresh = new Product
            {
                Code = CodeOf(row.Get<string>("code")!), Name = row.Get<string>("name")!, Category = row.Get<string>("category")!,
                ProducerOrgId = row.Get<Organization>("producer")!.Id, CertifiedOn = row.Get<DateOnly?>("certified")!.Value,
                Description = row.Get<string>("description"), OwnerOrgId = row.Get<Organization>("owner")!.Id,
            };
            context.Upsert(stored.GetValueOrDefault(fresh.Code), fresh, Updatable);
        }
    }

    /// <summary>Stored products by number, looked up in chunks.</summary>
    internal static async Task<Dictionary<string, Product>> StoredAsync(CounterpartDbContext db, IEnumerable<string> codes, CancellationToken ct)
    {
        var byCode = new Dictionary<string, Product>(StringComparer.Ordinal);
        foreach (var chunk in codes.Distinct(StringComparer.Ordinal).Chunk(500))
        {
            foreach (var p in await db.Rows<Product>(Scope.Everything).Where(p => chunk.Contains(p.Code)).ToListAsync(ct))
            {
                byCode[p.Code] = p;
            }
        }

        return byCode;
    }

    /// <summary>The directory as it stood at the end of the last year asked for: products certified by then (a directory is not yearly).</summary>
    /// <summary>Products certified by the end of the years: a product stays on the list once certified.</summary>
    internal override IQueryable<Product> Dated(CounterpartDbContext db, Scope scope, int fromYear, int toYear)
    {
        var to = new DateOnly(toYear, 12, 31);
        return db.Rows<Product>(scope).Where(p => p.CertifiedOn <= to);
    }

    internal override IReadOnlyDictionary<string, Expression<Func<Product, object?>>> SortKeys { get; } = new Dictionary<string, Expression<Func<Product, object?>>>
    {
        ["code"] = p => p.Code, ["name"] = p => p.Name, ["category"] = p => p.Category, ["producer"] = p => p.Producer!.Code, ["certified"] = p => p.CertifiedOn,
    };

    internal override Expression<Func<Product, bool>> Search(string text) =>
        p => p.Code.Contains(text) || p.Name.Contains(text) || p.Category.Contains(text) || p.Producer!.Name.Contains(text);

    internal override async IAsyncEnumerable<LedgerRow> CellsAsync(IQueryable<Product> rows, PersonalDataProtector protector, bool unmasked,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var projected = rows
            .Select(p => new { p.Id, p.ReviewState, p.Code, p.Name, p.Category, Producer = p.Producer!.Code, p.CertifiedOn, p.Description, Owner = p.Owner!.Code })
            .AsAsyncEnumerable();
        await foreach (var p in projected.WithCancellation(ct))
        {
            yield return new LedgerRow(p.Id, p.ReviewState, [p.Code, p.Name, p.Category, p.Producer, Iso(p.CertifiedOn), p.Description ?? "", p.Owner]);
        }
    }
}
