using System.Linq.Expressions;
using Counterpart.Data;
using Counterpart.Honors;
using Counterpart.Organizations;
using Counterpart.People;
using Microsoft.EntityFrameworkCore;

namespace Counterpart.Ledgers;

/// <summary>
/// 荣誉台账: awards to sites, units and people. Natural key: title + year + recipient unit + recipient person (empty for
/// an award to the unit itself), so that two teachers of one school honoured alike in one year are two rows.
/// </summary>
public sealed class HonorLedger : EntityLedger<Honor>
{
    internal static readonly ChoiceLabels<HonorLevel> Levels = new()
    {
        ["国家级"] = HonorLevel.National, ["省级"] = HonorLevel.Provincial, ["市（州）级"] = HonorLevel.Prefecture, ["县级"] = HonorLevel.County,
    };

    /// <summary>Text as typed, compared to the letter: a title typed with other punctuation is updated to it.</summary>
    private static readonly UpdatableFields<Honor> Updatable = new UpdatableFields<Honor>()
        .Add(h => h.Title).Add(h => h.AwardedBy).Add(h => h.Level).Add(h => h.RecipientPerson).Add(h => h.OwnerOrgId);

    /// <summary>The first year an award may carry (the founding of the People's Republic).</summary>
    private const int FirstYear = 1949;

    private readonly KeysInFile keys = new("荣誉名称、年度、获得单位和获得个人");

    public override string Name => "honors";

    public override string Title => "荣誉台账";

    public override string NaturalKey => "荣誉名称 + 年度 + 获得单位 + 获得个人";

    public override IReadOnlyList<LedgerColumn> Columns { get; } =
    [
        new("title", "荣誉名称", CellKind.Text, true, "荣誉称号或奖项的全称", "贵州省优秀就业帮扶车间") { MaxLength = 200, Aliases = ["荣誉称号", "奖项名称", "荣誉"] },
        new("level", "荣誉级别", CellKind.Choice, true, "授予机关的层级", "省级") { Choices = [.. Levels.Keys], Aliases = ["级别", "荣誉等级"] },
        new("awarded_by", "授予单位", CellKind.Text, true, "颁发荣誉的机关或组织", "贵州省人力资源和社会保障厅") { MaxLength = 200, Aliases = ["颁发单位", "授予机关", "发文单位"] },
        new("year", "年度", CellKind.WholeNumber, true, "荣誉所属或授予的年度（四位年份）", "2023") { Aliases = ["授予年度", "获得年度", "年份"] },
        new("recipient", "获得单位", CellKind.Organization, true, "获得荣誉的单位或地点；个人荣誉填其所在单位", "522726-W02") { Aliases = ["获奖单位", "获荣誉单位"] },
        new("person", "获得个人", CellKind.Text, false, "个人荣誉填获得者姓名；授予单位的荣誉不填", "") { MaxLength = 64, Aliases = ["获奖个人", "个人姓名"] },
        new("owner", "填报单位", CellKind.Organization, true, "负责这条记录的单位", "522726"),
    ];

    internal override string? Check(RowValues row, OrgDirectory orgs, DateOnly today)
    {
        if (row.Get<int?>("year") is { } year && (year < FirstYear || year > today.Year))
        {
            row.Fail("year", $"应为 {FirstYear} 年到今年（{today.Year}）之间的四位年份", "逻辑矛盾");
        }

        if (row.Get<string>("person") is { } person && person.Any(char.IsAsciiDigit))
        {
            // Someone pasted a number into the name column: never echo it whole.
            row.Errors.Add(new ImportError(row.Row, "获得个人", RowValues.MaskValue(person), "只填获得者姓名，不要填身份证号、电话等数字", "格式错误"));
        }

        if (row.Get<string>("title") is { } title && row.Get<string>("awarded_by") is { } by && ProseCells.Key(title) == ProseCells.Key(by))
        {
            row.Fail("awarded_by", "授予单位与荣誉名称相同；请填颁发荣誉的机关或组织", "逻辑矛盾");
        }

        if (!row.Ok)
        {
            return null;
        }

        // Duplicates are reported here, on the title cell, rather than by the importer: its report would mask the long title.
        return keys.Claim(row, $"{ProseCells.Key(row.Get<string>("title"))}|{row.Get<int?>("year")}|{row.Get<Organization>("recipient")!.Code}|{ProseCells.Key(row.Get<string>("person"))}", "title");
    }

    internal override async Task ApplyAsync(ImportApplyContext context, IReadOnlyList<RowValues> rows, CancellationToken ct)
    {
        var stored = new Dictionary<(string, int, long, string), Honor>();
        var recipients = rows.Select(r => r.Get<Organization>("recipient")!.Id).Distinct().ToList();
        var years = rows.Select(r => r.Get<int?>("year")!.Value).Distinct().ToList();
        foreach (var chunk in recipients.Chunk(500))
        {
            var found = await context.Db.Rows<Honor>(Scope.Everything).Where(h => chunk.Contains(h.RecipientOrgId) && years.Contains(h.Year)).OrderBy(h => h.Id).ToListAsync(ct);
            foreach (var h in found)
            {
                stored.TryAdd((ProseCells.Key(h.Title), h.Year, h.RecipientOrgId, ProseCells.Key(h.RecipientPerson)), h);
            }
        }

        foreach (var row in rows)
        {
            var fresh = new Honor
            {
                Title = ProseCells.Text(row, "title")!, AwardedBy = ProseCells.Text(row, "awarded_by")!, Level = Levels[row.Get<string>("level")!],
                Year = row.Get<int?>("year")!.Value, RecipientOrgId = row.Get<Organization>("recipient")!.Id, RecipientPerson = ProseCells.Text(row, "person"),
                OwnerOrgId = row.Get<Organization>("owner")!.Id,
            };
            context.Upsert(stored.GetValueOrDefault((ProseCells.Key(fresh.Title), fresh.Year, fresh.RecipientOrgId, ProseCells.Key(fresh.RecipientPerson))), fresh, Updatable);
        }
    }

    internal override IQueryable<Honor> Dated(CounterpartDbContext db, Scope scope, int fromYear, int toYear) =>
        db.Rows<Honor>(scope).Where(h => h.Year >= fromYear && h.Year <= toYear);

    internal override IReadOnlyDictionary<string, Expression<Func<Honor, object?>>> SortKeys { get; } = new Dictionary<string, Expression<Func<Honor, object?>>>
    {
        ["title"] = h => h.Title, ["level"] = h => h.Level, ["awarded_by"] = h => h.AwardedBy, ["year"] = h => h.Year, ["recipient"] = h => h.Recipient!.Code,
    };

    internal override Expression<Func<Honor, bool>> Search(string text) =>
        h => h.Title.Contains(text) || h.AwardedBy.Contains(text) || h.Recipient!.Name.Contains(text) || h.RecipientPerson!.Contains(text);

    internal override async IAsyncEnumerable<LedgerRow> CellsAsync(IQueryable<Honor> rows, PersonalDataProtector protector, bool unmasked,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var projected = rows.Select(h => new { h.Id, h.ReviewState, h.Title, h.Level, h.AwardedBy, h.Year, Recipient = h.Recipient!.Code, h.RecipientPerson, Owner = h.Owner!.Code })
            .AsAsyncEnumerable();
        await foreach (var h in projected.WithCancellation(ct))
        {
            yield return new LedgerRow(h.Id, h.ReviewState,
            [
                h.Title, Levels[h.Level], h.AwardedBy, h.Year.ToString(System.Globalization.CultureInfo.InvariantCulture), h.Recipient, h.RecipientPerson ?? "", h.Owner,
            ]);
        }
    }
}
