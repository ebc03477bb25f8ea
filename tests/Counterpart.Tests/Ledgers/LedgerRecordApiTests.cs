using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json.Nodes;
using Counterpart.Accounts;
using Counterpart.Data;
using Counterpart.Ledgers;
using Counterpart.Projects;
using Counterpart.Tests.Hosts;
using Counterpart.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Counterpart.Tests.Ledgers;

/// <summary>
/// The record API (/api/v1/ledgers/{ledger}/records): lists page, sort and search in the database within the account's
/// scope; a row entered or changed in a form meets the checks of a one-row file; a delete is checked and audited.
/// </summary>
public sealed class LedgerRecordApiTests(ReferenceDatabases databases)
{
    public static TheoryData<DatabaseProvider> Providers => Checkout.BothProviders;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Dictionary<string, string?> Project(string code, string name = "甲村茶叶加工厂", string status = "实施", string? started = "2024-03-25") => new()
    {
        ["code"] = code, ["year"] = "2024", ["name"] = name, ["category"] = "产业发展", ["status"] = status, ["place"] = "522726100200",
        ["east"] = "440112", ["approved"] = "2024-02-20", ["started"] = started, ["households"] = "12", ["persons"] = "30", ["owner"] = "522726",
    };

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Project_EnteredChangedAndDeleted_ThroughTheRecordApi(DatabaseProvider provider)
    {
        var (db, app) = await WebHostTests.PrivateHostAsync(provider);
        await using var _ = db;
        await using var __ = app;
        using var clerk = await WebHostTests.SignedInClientAsync(app, Roles.Clerk, "522726");
        using var otherClerk = await WebHostTests.SignedInClientAsync(app, Roles.Clerk, "522722");
        var records = new Uri("/api/v1/ledgers/projects/records", UriKind.Relative);

        var bad = await clerk.PostAsJsonAsync(records, Project("DS-T-1", started: null), Ct);
        var badBody = JsonNode.Parse(await bad.Content.ReadAsStringAsync(Ct))!;
        var afterBad = JsonNode.Parse(await clerk.GetStringAsync(records, Ct))!;
        var created = await clerk.PostAsJsonAsync(records, Project("DS-T-1"), Ct);
        var list = JsonNode.Parse(await clerk.GetStringAsync(records, Ct))!;
        var id = (long)list["rows"]![0]!["id"]!;
        var changed = await clerk.PutAsJsonAsync(new Uri($"{records}/{id}", UriKind.Relative), Project("DS-T-1", name: "甲村茶叶精制厂"), Ct);
        var one = JsonNode.Parse(await clerk.GetStringAsync(new Uri($"{records}/{id}", UriKind.Relative), Ct))!;
        var codeChanged = await clerk.PutAsJsonAsync(new Uri($"{records}/{id}", UriKind.Relative), Project("DS-T-2"), Ct);
        var codeChangedBody = JsonNode.Parse(await codeChanged.Content.ReadAsStringAsync(Ct))!;
        var otherGet = await otherClerk.GetAsync(new Uri($"{records}/{id}", UriKind.Relative), Ct);
        var otherDelete = await otherClerk.DeleteAsync(new Uri($"{records}/{id}", UriKind.Relative), Ct);
        var deleted = await clerk.DeleteAsync(new Uri($"{records}/{id}", UriKind.Relative), Ct);
        var afterDelete = JsonNode.Parse(await clerk.GetStringAsync(records, Ct))!;

        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        var error = badBody["errors"]![0]!;
        Assert.Equal(("开工日期", "项目状态为“实施”，须填开工日期"), ((string)error["column"]!, (string)error["reason"]!));
        Assert.Equal(0, (int)afterBad["total"]!);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(1, (int)list["total"]!);
        Assert.Equal(("Draft", "草稿", "甲村茶叶加工厂"), ((string)list["rows"]![0]!["state"]!, (string)list["rows"]![0]!["stateZh"]!, (string)list["rows"]![0]!["cells"]!["name"]!));
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal("甲村茶叶精制厂", (string)one["cells"]!["name"]!);
        Assert.Equal(HttpStatusCode.BadRequest, codeChanged.StatusCode);
        Assert.Contains("不能改动项目编号", (string)codeChangedBody["title"]!, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, otherGet.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, otherDelete.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(0, (int)afterDelete["total"]!);
        await using var ctx = db.NewContext();
        Assert.True(await ctx.AuditRecords.AnyAsync(a => a.Action == Audit.AuditAction.Deleted && a.EntityType == nameof(Counterpart.Projects.Project) && a.EntityId == id, Ct));
    }

    [Fact]
    public async Task ReferenceProjects_ArePagedSortedAndSearchedInTheDatabase()
    {
        var db = await databases.GetAsync(DatabaseProvider.Sqlite);
        await using var app = WebHostTests.Factory(db);
        using var viewer = await WebHostTests.SignedInClientAsync(app, Roles.Viewer, "522726");
        await using var ctx = db.NewContext();
        var projects = await ctx.Rows<Project>(Scope.Everything).Select(p => new { p.Year, p.Code, p.Name }).ToListAsync(Ct);
        var newest = projects.Max(p => p.Year);
        var word = projects[0].Name[..4];

        var page2 = JsonNode.Parse(await viewer.GetStringAsync(new Uri("/api/v1/ledgers/projects/records?page=2&size=10&sort=year&desc=true", UriKind.Relative), Ct))!;
        var found = JsonNode.Parse(await viewer.GetStringAsync(new Uri($"/api/v1/ledgers/projects/records?search={Uri.EscapeDataString(word)}&size=200", UriKind.Relative), Ct))!;
        var fundsOfYear = JsonNode.Parse(await viewer.GetStringAsync(new Uri($"/api/v1/ledgers/projects/records?from={newest}&to={newest}", UriKind.Relative), Ct))!;

        Assert.Equal(projects.Count, (int)page2["total"]!);
        Assert.Equal(10, page2["rows"]!.AsArray().Count);
        Assert.All(page2["rows"]!.AsArray(), r => Assert.True(int.Parse((string)r!["cells"]!["year"]!, System.Globalization.CultureInfo.InvariantCulture) <= newest));
        Assert.Equal(projects.Count(p => p.Name.Contains(word, StringComparison.Ordinal) || p.Code.Contains(word, StringComparison.Ordinal)), (int)found["total"]!);
        Assert.Equal(projects.Count(p => p.Year == newest), (int)fundsOfYear["total"]!);
    }

    [Fact]
    public async Task EveryLedger_ListsTheSameCellsAsItsExport()
    {
        var db = await databases.GetAsync(DatabaseProvider.Sqlite);
        await using var ctx = db.NewContext();
        var records = new LedgerRecords(ctx, ReferenceDatabases.Protector, new LedgerImporter(ctx, ReferenceDatabases.Protector, new FixedClock(Services.Today)), new FixedClock(Services.Today));

        foreach (var ledger in LedgerCatalog.All)
        {
            var exported = new List<string[]>();
            await foreach (var cells in LedgerCatalog.Get(ledger.Name).ExportAsync(ctx, ReferenceDatabases.Protector, Scope.Everything, 2000, 2100, unmasked: false, Ct))
            {
                exported.Add(cells);
            }

            var listed = new List<LedgerRow>();
            for (var page = 1; ; page++)
            {
                var result = await records.ListAsync(ledger.Name, Scope.Everything, new LedgerQuery(2000, 2100, PageSize: 200, Page: page), Ct);
                Assert.Equal(exported.Count, result.Total);
                listed.AddRange(result.Rows);
                if (result.Rows.Count < 200)
                {
                    break;
                }
            }

            Assert.Equal(Multiset(exported), Multiset(listed.Select(r => r.Cells)));
            if (ledger.HasRecords)
            {
                Assert.Equal(listed.Count, listed.Select(r => r.Id).Distinct().Count());
                foreach (var row in listed)
                {
                    var one = await records.GetAsync(ledger.Name, Scope.Everything, row.Id, Ct);
                    Assert.NotNull(one);
                    Assert.Equal(row.State, one.State);
                    Assert.Equal(row.Cells, one.Cells);
                }
            }

            // Some cell of a row finds the row when typed in the search box; a word in no row finds nothing.
            if (listed.FirstOrDefault() is { } first)
            {
                var found = false;
                foreach (var cell in first.Cells.Where(c => c.Length > 0))
                {
                    var hits = await records.ListAsync(ledger.Name, Scope.Everything, new LedgerQuery(2000, 2100, Search: cell, PageSize: 200), Ct);
                    found |= hits.Rows.Any(r => r.Cells.SequenceEqual(first.Cells));
                }

                Assert.True(found, $"{ledger.Name}: no cell of a row finds it");
            }

            Assert.Equal(0, (await records.ListAsync(ledger.Name, Scope.Everything, new LedgerQuery(2000, 2100, Search: "没有这样的词语"), Ct)).Total);

            var (sortKeys, searches) = Sorting(ledger);
            Assert.Equal(ledger.HasRecords, searches);
            Assert.All(sortKeys, k => Assert.Contains(ledger.Columns, c => c.Key == k));
            foreach (var key in sortKeys)
            {
                var ascending = await records.ListAsync(ledger.Name, Scope.Everything, new LedgerQuery(2000, 2100, SortBy: key), Ct);
                var descending = await records.ListAsync(ledger.Name, Scope.Everything, new LedgerQuery(2000, 2100, SortBy: key, Descending: true), Ct);
                Assert.Equal((exported.Count, Math.Min(exported.Count, 20)), (ascending.Total, ascending.Rows.Count));
                Assert.Equal(exported.Count, descending.Total);
            }
        }
    }

    private static List<string> Multiset(IEnumerable<string[]> rows) => [.. rows.Select(r => string.Join('\u001f', r)).Order(StringComparer.Ordinal)];

    /// <summary>The columns an entity ledger sorts by, and whether it searches in the database (both internal to its type).</summary>
    private static (IReadOnlyList<string> SortKeys, bool Searches) Sorting(LedgerDefinition ledger)
    {
        for (var type = ledger.GetType(); type is not null; type = type.BaseType)
        {
            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(EntityLedger<>))
            {
                return ((IReadOnlyList<string>, bool))typeof(LedgerRecordApiTests).GetMethod(nameof(SortingOf), BindingFlags.NonPublic | BindingFlags.Static)!
                    .MakeGenericMethod(type.GenericTypeArguments[0]).Invoke(null, [ledger])!;
            }
        }

        return ([], false);
    }

    private static (IReadOnlyList<string>, bool) SortingOf<T>(EntityLedger<T> ledger) where T : class => ([.. ledger.SortKeys.Keys], ledger.Search("x") is not null);

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task NeedsAndOffers_AreReadByTheOtherSideOfThePairing_AndByNobodyElse(DatabaseProvider provider)
    {
        var db = await databases.GetAsync(provider);
        await using var ctx = db.NewContext();
        var west = await Counterpart.Organizations.OrganizationTree.ResolveAsync(ctx, "522726", Ct);
        var east = await Counterpart.Organizations.OrganizationTree.ResolveAsync(ctx, "440112", Ct);
        var guangzhou = await Counterpart.Organizations.OrganizationTree.ResolveAsync(ctx, "440100", Ct);
        var offers = await ctx.Rows<Counterpart.NeedsOffers.Offer>(Scope.Everything).CountAsync(Ct);
        var needs = await ctx.Rows<Counterpart.NeedsOffers.Need>(Scope.Everything).CountAsync(Ct);

        // Every reference offer is Huangpu's and every need Dushan's: each side reads the other's list to match them.
        Assert.True(offers > 0 && needs > 0);
        Assert.Equal(0, await ctx.Rows<Counterpart.NeedsOffers.Offer>(Scope.Of(west)).CountAsync(o => o.Owner!.Path.StartsWith(west.Path), Ct));
        Assert.Equal(offers, await ctx.Rows<Counterpart.NeedsOffers.Offer>(Scope.Of(west)).CountAsync(Ct));
        Assert.Equal(needs, await ctx.Rows<Counterpart.NeedsOffers.Need>(Scope.Of(east)).CountAsync(Ct));
        // A unit of the east outside the pairing (its parent city has no pairing of its own) sees none of Dushan's needs …
        var otherEast = Scope.Subtrees(guangzhou.Path + "999/");
        Assert.Equal(0, await ctx.Rows<Counterpart.NeedsOffers.Need>(otherEast).CountAsync(Ct));
        // … and the other side's other ledgers stay as they were: Dushan does not read Huangpu's own products list.
        Assert.Equal(0, await ctx.Rows<Counterpart.Consumption.Product>(Scope.Of(east)).CountAsync(p => p.Owner!.Path.StartsWith(west.Path), Ct));
    }
}
