using Counterpart.Data;
using Counterpart.Organizations;
using Counterpart.People;

namespace Counterpart.Ledgers;

/// <summary>
/// 组织与单位台账: places and units of the tree, identified by their code. A parent must already exist or come earlier
/// in the same file (a tree is listed top-down). Moving an existing organization to another parent is refused.
/// </summary>
public sealed class OrganizationLedger : LedgerDefinition
{
    /// <summary>The Chinese name of a kind, as the template writes it.</summary>
    public static string Label(OrgKind kind) => Kinds[kind];

    internal static readonly ChoiceLabels<OrgKind> Kinds = new()
    {
        ["国家"] = OrgKind.Nation, ["省"] = OrgKind.Province, ["市（州）"] = OrgKind.Prefecture, ["县（区）"] = OrgKind.County, ["乡镇（街道）"] = OrgKind.Town,
        ["村"] = OrgKind.Village, ["社区"] = OrgKind.Community, ["机关单位"] = OrgKind.Agency, ["学校"] = OrgKind.School, ["医院"] = OrgKind.Hospital,
        ["企业"] = OrgKind.Enterprise, ["社会组织"] = OrgKind.SocialOrganization, ["易地搬迁安置点"] = OrgKind.RelocationSite, ["产业园区"] = OrgKind.IndustrialPark,
        ["就业帮扶车间"] = OrgKind.Workshop, ["劳务工作站"] = OrgKind.LaborStation, ["工作室"] = OrgKind.Studio,
    };

    /// <summary>What a re-imported organization may change: not its code, nor its parent (moving one is refused).</summary>
    private static readonly UpdatableFields<Organization> Updatable = new UpdatableFields<Organization>()
        .Add(o => o.Name).Add(o => o.Kind).Add(o => o.CreditCode).Add(o => o.EstablishedOn).Add(o => o.CoBuiltByOrgId);

    private readonly Dictionary<string, string> parentsInFile = new(StringComparer.OrdinalIgnoreCase);

    public override string Name => "organizations";

    public override string Title => "组织与单位台账";

    public override string NaturalKey => "代码";

    public override IReadOnlyList<LedgerColumn> Columns { get; } =
    [
        new("code", "代码", CellKind.Text, true, "行政区划代码（如 522726）、统计用区划代码，或单位自编代码；企业可用统一社会信用代码", "522726100201") { MaxLength = 64 },
        new("name", "名称", CellKind.Text, true, "完整名称", "新寨村") { MaxLength = 200 },
        new("kind", "类型", CellKind.Choice, true, "地方或单位的类型", "村") { Choices = [.. Kinds.Keys] },
        new("parent", "上级", CellKind.Text, true, "上级的代码或完整名称；上级在本文件中的，须排在前面", "522726100000") { MaxLength = 200 },
        new("credit_code", "统一社会信用代码", CellKind.CreditCode, false, "企业、社会组织的统一社会信用代码", ""),
        new("established", "成立日期", CellKind.Date, false, "成立、建成或认定的日期", ""),
        new("co_builder", "共建东部单位", CellKind.Organization, false, "产业园区由东西部协作共建的，填东部共建单位", ""),
    ];

    internal override string? Check(RowValues row, OrgDirectory orgs, DateOnly today)
    {
        var code = row.Get<string>("code");
        if (row.Get<string>("parent") is { } parent && code is not null)
        {
            var inFile = parentsInFile.ContainsKey(parent) || parentsInFile.ContainsValue(parent);
            var stored = orgs.Resolve(parent);
            if (!inFile && !stored.Ok)
            {
                row.Fail("parent", stored.Error!.StartsWith("名称不唯一", StringComparison.Ordinal) ? stored.Error : "上级不存在（如在本文件中，请把上级排在它的下级前面）", "组织不存在");
            }
            else if (orgs.Resolve(code) is { Ok: true, Value: { } existing } && stored.Ok && existing.ParentId != stored.Value!.Id)
            {
                row.Fail("parent", $"“{existing.Name}”已在“{orgs[existing.ParentId ?? 0]?.Name}”之下，暂不支持移动到其他上级", "逻辑矛盾");
            }
        }

        if (row.Has("co_builder") && row.Get<string>("kind") is { } kind && Kinds[kind] != OrgKind.IndustrialPark)
        {
            row.Fail("co_builder", "只有产业园区可以填共建东部单位", "逻辑矛盾");
        }

        if (code is null || !row.Ok)
        {
            return null;
        }

        parentsInFile[code] = row.Get<string>("name")!;
        return code.ToUpperInvariant();
    }

    /// <summary>
    /// One chunk for the whole file: a row may hang under an organization an earlier row of the same file creates, which
    /// the directory loaded at the start does not know. Organization files are small (a county has a few thousand).
    /// </summary>
    internal override int ChunkSize => int.MaxValue;

    /// <summary>The first stored organization the file hangs its rows under.</summary>
    internal override long BatchOwner(IReadOnlyList<RowValues> rows, OrgDirectory orgs) =>
        rows.Select(r => orgs.Resolve(r.Get<string>("parent")!)).First(p => p.Ok).Value!.Id;

    internal override async Task ApplyAsync(ImportApplyContext context, IReadOnlyList<RowValues> rows, CancellationToken ct)
    {
        var created = new Dictionary<string, Organization>(StringComparer.OrdinalIgnoreCase);
        var createdByName = new Dictionary<string, Organization>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var code = row.Get<string>("code")!;
            var parentKey = row.Get<string>("parent")!;
            var parent = created.GetValueOrDefault(parentKey) ?? createdByName.GetValueOrDefault(parentKey) ?? context.Orgs.Resolve(parentKey).Value!;
            var fresh = new Organization
            {
                Code = code, Name = row.Get<string>("name")!, Kind = Kinds[row.Get<string>("kind")!], CreditCode = row.Get<CreditCodeResult?>("credit_code")?.Normalized,
                EstablishedOn = row.Get<DateOnly?>("established"), CoBuiltByOrgId = row.Get<Organization>("co_builder")?.Id,
            };
            if (context.Orgs.Resolve(code) is { Ok: true, Value: { } existing } && string.Equals(existing.Code, code, StringComparison.OrdinalIgnoreCase))
            {
                context.Upsert(existing, fresh, Updatable);
                continue;
            }

            if (parent.Id == 0)
            {
                fresh.Parent = parent;
            }
            else
            {
                fresh.ParentId = parent.Id;
            }

            created[code] = fresh;
            createdByName.TryAdd(fresh.Name, fresh);
            context.Insert(fresh);
            context.Inserted++;
        }

        // New organizations need their ids before their materialized paths.
        await context.Db.SaveChangesAsync(ct);
        foreach (var org in created.Values)
        {
            var parentPath = org.Parent?.Path ?? context.Orgs[org.ParentId!.Value]!.Path;
            org.Path = parentPath + org.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) + "/";
            org.Depth = parentPath.Count(c => c == '/') - 1;
        }
    }

    internal override async IAsyncEnumerable<string[]> ExportAsync(CounterpartDbContext db, PersonalDataProtector protector, Scope scope, int fromYear, int toYear,
        bool unmasked, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var orgs = await OrgDirectory.LoadAsync(db, ct);
        foreach (var o in orgs.All.Where(o => o.ParentId is not null && scope.Contains(o.Path)).OrderBy(o => o.Depth).ThenBy(o => o.Code, StringComparer.Ordinal))
        {
            yield return
            [
                o.Code, o.Name, Kinds[o.Kind], orgs[o.ParentId!.Value]!.Code, o.CreditCode ?? "",
                o.EstablishedOn?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "", o.CoBuiltByOrgId is { } c ? orgs[c]!.Code : "",
            ];
        }
    }
}
