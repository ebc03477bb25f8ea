using System.Linq.Expressions;
using Counterpart.Data;
using Counterpart.Honors;
using Counterpart.Organizations;
using Counterpart.People;
using Microsoft.EntityFrameworkCore;

namespace Counterpart.Ledgers;

/// <summary>
/// 典型案例台账: short stories of the cooperation with their photos. Natural key: title + subject unit; the summary, date,
/// photos and owner update. Photos are listed by file name or relative path, separated by semicolons.
/// </summary>
public sealed class CaseLedger : EntityLedger<CaseStory>
{
    private static readonly string[] PhotoExtensions = [".jpg", ".jpeg", ".png", ".gif", ".webp", ".bmp", ".heic", ".tif", ".tiff"];

    /// <summary>Text as typed, compared to the letter: a title typed with other punctuation is updated to it.</summary>
    private static readonly UpdatableFields<CaseStory> Updatable = new UpdatableFields<CaseStory>()
        .Add(c => c.Title).Add(c => c.Summary).Add(c => c.Date).Add(c => c.PhotoPaths).Add(c => c.OwnerOrgId);

    private readonly KeysInFile keys = new("案例标题和主体单位");

    public override string Name => "cases";

    public override string Title => "典型案例台账";

    public override string NaturalKey => "案例标题 + 主体单位";

    public override IReadOnlyList<LedgerColumn> Columns { get; } =
    [
        new("title", "案例标题", CellKind.Text, true, "案例的标题", "安置社区里的“家门口”就业") { MaxLength = 200, Aliases = ["标题", "案例名称"] },
        new("subject", "主体单位", CellKind.Organization, true, "案例讲述的单位或地点", "郅家山社区") { Aliases = ["案例单位", "所属单位"] },
        new("summary", "案例摘要", CellKind.Text, true, "用几句话写清做了什么、带来了什么变化", "社区车间承接东部订单，搬迁群众在楼下就业。")
        {
            MaxLength = 4000, Aliases = ["摘要", "主要内容", "案例简介"],
        },
        new("date", "案例日期", CellKind.Date, true, "案例发生、总结或报送的日期", "2024-06-18") { Aliases = ["日期", "报送日期"] },
        new("photos", "照片", CellKind.Text, false, "照片文件名或相对路径，多张用分号隔开", "车间全景.jpg;上班的群众.png") { MaxLength = 2000, Aliases = ["照片文件", "图片"] },
        new("owner", "填报单位", CellKind.Organization, true, "负责这条记录的单位", "522726"),
    ];

    internal override string? Check(RowValues row, OrgDirectory orgs, DateOnly today)
    {
        if (row.Get<DateOnly?>("date") is { } date && date > today)
        {
            row.Fail("date", "案例日期晚于今天", "逻辑矛盾");
        }

        if (row.Get<string>("title") is { } title && row.Get<string>("summary") is { } summary && ProseCells.Key(title) == ProseCells.Key(summary))
        {
            row.Fail("summary", "摘要与标题相同；请用几句话写出案例的内容", "逻辑矛盾");
        }

        if (row.Get<string>("photos") is { } photos)
        {
            foreach (var photo in SplitPhotos(photos))
            {
                if (photo.Contains("..", StringComparison.Ordinal) || photo.StartsWith('/') || photo.StartsWith('\\') || photo.Contains(':', StringComparison.Ordinal))
                {
                    row.Fail("photos", $"“{photo}”不是文件名或相对路径；请只写照片的文件名或“文件夹/文件名”", "格式错误");
                    break;
                }

                if (!PhotoExtensions.Any(e => photo.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
                {
                    row.Fail("photos", $"“{photo}”不是图片文件；照片应为 jpg、png 等格式，多张用分号隔开", "格式错误");
                    break;
                }
            }
        }

        if (!row.Ok)
        {
            return null;
        }

        // Duplicates are reported here, on the title cell, rather than by the importer: its report would mask the long title.
        return keys.Claim(row, $"{ProseCells.Key(row.Get<string>("title"))}|{row.Get<Organization>("subject")!.Code}", "title");
    }

    /// <summary>Photo names as one stored text: separated by “;” whatever separator was typed.</summary>
    private static List<string> SplitPhotos(string photos) =>
        [.. photos.Split([';', ',', '、', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    internal override async Task ApplyAsync(ImportApplyContext context, IReadOnlyList<RowValues> rows, CancellationToken ct)
    {
        var stored = new Dictionary<(string, long), CaseStory>();
        foreach (var chunk in rows.Select(r => r.Get<Organization>("subject")!.Id).Distinct().Chunk(500))
        {
            foreach (var c in await context.Db.Rows<CaseStory>(Scope.Everything).Where(c => chunk.Contains(c.SubjectOrgId)).OrderBy(c => c.Id).ToListAsync(ct))
            {
                stored.TryAdd((ProseCells.Key(c.Title), c.SubjectOrgId), c);
            }
        }

        foreach (var row in rows)
        {
            var fresh = new CaseStory
            {
                Title = ProseCells.Text(row, "title")!, Summary = ProseCells.Text(row, "summary")!, Date = row.Get<DateOnly?>("date")!.Value,
                SubjectOrgId = row.Get<Organization>("subject")!.Id, OwnerOrgId = row.Get<Organization>("owner")!.Id,
                PhotoPaths = row.Get<string>("photos") is { } photos ? string.Join(";", SplitPhotos(photos)) : null,
            };
            context.Upsert(stored.GetValueOrDefault((ProseCells.Key(fresh.Title), fresh.SubjectOrgId)), fresh, Updatable);
        }
    }

    internal override IQueryable<CaseStory> Dated(CounterpartDbContext db, Scope scope, int fromYear, int toYear)
    {
        var (from, to) = YearSpan(fromYear, toYear);
        return db.Rows<CaseStory>(scope).Where(c => c.Date >= from && c.Date <= to);
    }

    internal override IReadOnlyDictionary<string, Expression<Func<CaseStory, object?>>> SortKeys { get; } = new Dictionary<string, Expression<Func<CaseStory, object?>>>
    {
        ["title"] = c => c.Title, ["subject"] = c => c.Subject!.Code, ["date"] = c => c.Date,
    };

    internal override Expression<Func<CaseStory, bool>> Search(string text) => c => c.Title.Contains(text) || c.Subject!.Name.Contains(text);

    internal override async IAsyncEnumerable<LedgerRow> CellsAsync(IQueryable<CaseStory> rows, PersonalDataProtector protector, bool unmasked,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var projected = rows.Select(c => new { c.Id, c.ReviewState, c.Title, Subject = c.Subject!.Code, c.Summary, c.Date, c.PhotoPaths, Owner = c.Owner!.Code })
            .AsAsyncEnumerable();
        await foreach (var c in projected.WithCancellation(ct))
        {
            yield return new LedgerRow(c.Id, c.ReviewState, [c.Title, c.Subject, c.Summary, ProseCells.Iso(c.Date), c.PhotoPaths ?? "", c.Owner]);
        }
    }
}
