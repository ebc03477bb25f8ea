using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Counterpart.Accounts;
using Counterpart.Consumption;
using Counterpart.Data;
using Counterpart.Indicators;
using Counterpart.Indicators.Facts;
using Counterpart.Ledgers;
using Counterpart.Projects;
using Counterpart.Review;
using Counterpart.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Counterpart.Tests.Hosts;

/// <summary>
/// Review (ADR 11): a clerk's import is a draft until submitted; a reviewer approves it or returns it with a reason; what
/// is submitted or approved is read-only to clerks (edits, re-imports and undo refused with a clear message, nothing
/// changed); approved-only summaries count exactly the approved rows, from the maintained facts as from the rows.
/// </summary>
public sealed class ReviewTests
{
    public static TheoryData<DatabaseProvider> Providers => Checkout.BothProviders;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Import_DraftSubmittedApprovedReturned_ThroughTheApi(DatabaseProvider provider)
    {
        var (db, app) = await WebHostTests.PrivateHostAsync(provider);
        await using var _ = db;
        await using var __ = app;
        using var clerk = await WebHostTests.SignedInClientAsync(app, Roles.Clerk, "522726");
        using var reviewer = await WebHostTests.SignedInClientAsync(app, Roles.Reviewer, "522726");
        using var townReviewer = await WebHostTests.SignedInClientAsync(app, Roles.Reviewer, "522726100000");
        using var otherCounty = await WebHostTests.SignedInClientAsync(app, Roles.Reviewer, "522722");

        var imported = await LaborFiles.ImportAsync(clerk, LaborFiles.Jobs(2023, 0), Ct);
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        var batch = (long)JsonNode.Parse(await imported.Content.ReadAsStringAsync(Ct))!["batchId"]!;
        var draft = await StateAsync(clerk, batch);
        var (allDraft, approvedDraft) = (await TransferredAsync(reviewer, false), await TransferredAsync(reviewer, true));
        var approveDraft = await StepAsync(reviewer, batch, "approve");
        var submitted = await StepAsync(clerk, batch, "submit");
        var queue = JsonNode.Parse(await reviewer.GetStringAsync(new Uri("/api/v1/review/submitted", UriKind.Relative), Ct))!;
        var otherQueue = JsonNode.Parse(await otherCounty.GetStringAsync(new Uri("/api/v1/review/submitted", UriKind.Relative), Ct))!;
        var otherState = await otherCounty.GetAsync(new Uri($"/api/v1/review/import/{batch}", UriKind.Relative), Ct);
        var undoSubmitted = await clerk.PostAsync(new Uri($"/api/v1/imports/{batch}/undo", UriKind.Relative), null, Ct);
        var reimportSubmitted = await LaborFiles.ImportAsync(clerk, LaborFiles.Jobs(2023, 0, wage: 3500), Ct);
        var byOtherCounty = await StepAsync(otherCounty, batch, "approve");
        var byTown = await StepAsync(townReviewer, batch, "approve");
        var approved = await StepAsync(reviewer, batch, "approve");
        var (allApproved, approvedApproved) = (await TransferredAsync(reviewer, false), await TransferredAsync(reviewer, true));
        var undoApproved = await clerk.PostAsync(new Uri($"/api/v1/imports/{batch}/undo", UriKind.Relative), null, Ct);
        var reimportApproved = await LaborFiles.ImportAsync(clerk, LaborFiles.Jobs(2023, 0, wage: 3500), Ct);
        var returnWithoutReason = await StepAsync(reviewer, batch, "return");
        var returned = await StepAsync(reviewer, batch, "return", "工资一列应为税前月收入，请核对后重报。");
        var returnedState = await StateAsync(clerk, batch);
        var approvedAfterReturn = await TransferredAsync(reviewer, true);
        var reimportReturned = await LaborFiles.ImportAsync(clerk, LaborFiles.Jobs(2023, 0, wage: 3500), Ct);

        Assert.Equal("Draft", (string?)draft["state"]);
        Assert.Equal((3m, 0m), (allDraft, approvedDraft));
        Assert.Equal(HttpStatusCode.Conflict, approveDraft.StatusCode);
        Assert.Contains("草稿", await approveDraft.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
        Assert.Equal(6, (long)JsonNode.Parse(await submitted.Content.ReadAsStringAsync(Ct))!["rows"]!); // three persons and their three jobs
        Assert.Contains(queue["imports"]!.AsArray(), i => (long)i!["id"]! == batch);
        Assert.Empty(otherQueue["imports"]!.AsArray());
        Assert.Empty(otherQueue["records"]!.AsArray());
        Assert.Equal(HttpStatusCode.NotFound, otherState.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, undoSubmitted.StatusCode);
        Assert.Contains("已提交审核", await undoSubmitted.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reimportSubmitted.StatusCode);
        Assert.Contains("已提交审核", await reimportSubmitted.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, byOtherCounty.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byTown.StatusCode);
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Equal((3m, 3m), (allApproved, approvedApproved));
        Assert.Equal(HttpStatusCode.Conflict, undoApproved.StatusCode);
        Assert.Contains("已审核通过", await undoApproved.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reimportApproved.StatusCode);
        Assert.Contains("已审核通过", await reimportApproved.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, returnWithoutReason.StatusCode);
        Assert.Equal(HttpStatusCode.OK, returned.StatusCode);
        Assert.Equal("Returned", (string?)returnedState["state"]);
        Assert.Equal("工资一列应为税前月收入，请核对后重报。", (string?)returnedState["returnReason"]);
        Assert.Equal(["Return", "Approve", "Submit"], returnedState["history"]!.AsArray().Select(h => (string)h!["action"]!));
        Assert.Equal(0m, approvedAfterReturn);
        Assert.Equal(HttpStatusCode.OK, reimportReturned.StatusCode);
        await using var ctx = db.NewContext();
        Assert.Empty(await FactMaintainer.VerifyAsync(ctx, Ct));
        Assert.Equal(3, await ctx.Rows<Labor.Employment>(Scope.Everything).CountAsync(e => e.MonthlyIncome == 3500m && e.ReviewState == ReviewStatus.Draft, Ct));
        Assert.Contains(await ctx.AuditRecords.Where(a => a.Action == Audit.AuditAction.Reviewed).Select(a => a.Detail).ToListAsync(Ct),
            d => d!.Contains("退回", StringComparison.Ordinal) && d.Contains("请核对后重报", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ApprovedRecord_IsReadOnlyToClerks_WithItsChildRows_UntilReturned(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var ctx = db.NewContext();
        var t = await TestTree.CreateAsync(ctx);
        var clerk = new WriteContext("录入员", Scope.Of(t.Dushan)) { OrgId = t.Dushan.Id };
        var reviewer = new WriteContext("审核员", Scope.Of(t.Dushan)) { OrgId = t.Dushan.Id };
        var writer = new LedgerWriter(ctx);
        var sale = new Sale { OwnerOrgId = t.Dushan.Id, WestOrgId = t.Dushan.Id, Date = new DateOnly(2024, 5, 1), Amount = 10m, VoucherNo = "V1" };
        var project = new Project
        {
            OwnerOrgId = t.Dushan.Id, WestOrgId = t.Dushan.Id, EastOrgId = t.Huangpu.Id, Code = "P-1", Name = "茶园", Year = 2024, Category = ProjectCategory.Industry,
            Status = ProjectStatus.Implementing, ApprovedOn = new DateOnly(2024, 3, 1),
        };
        await writer.WriteAsync(clerk, (d, _) =>
        {
            d.AddRange(sale, project);
            return Task.CompletedTask;
        }, Ct);
        ctx.ChangeTracker.Clear();
        var actions = new ReviewActions(ctx, new FixedClock(Services.Today));

        var stateAfterAdd = await ctx.Rows<Sale>(Scope.Everything).Select(s => s.ReviewState).SingleAsync(Ct);
        await actions.ApplyAsync(clerk, typeof(Sale), sale.Id, ReviewAction.Submit, null, Ct);
        await actions.ApplyAsync(clerk, typeof(Project), project.Id, ReviewAction.Submit, null, Ct);
        var editSubmitted = await Assert.ThrowsAsync<DomainException>(() => EditSaleAsync(writer, clerk, sale, 20m));
        var selfApproval = await Assert.ThrowsAsync<DomainException>(() => actions.ApplyAsync(clerk, typeof(Sale), sale.Id, ReviewAction.Approve, null, Ct));
        await actions.ApplyAsync(reviewer, typeof(Sale), sale.Id, ReviewAction.Approve, null, Ct);
        await actions.ApplyAsync(reviewer, typeof(Project), project.Id, ReviewAction.Approve, null, Ct);
        var editApproved = await Assert.ThrowsAsync<DomainException>(() => EditSaleAsync(writer, clerk, sale, 20m));
        var deleteApproved = await Assert.ThrowsAsync<DomainException>(() => writer.WriteAsync(clerk, (d, _) =>
        {
            d.Remove(new Sale { Id = sale.Id, OwnerOrgId = t.Dushan.Id, WestOrgId = t.Dushan.Id, VoucherNo = "V1" });
            return Task.CompletedTask;
        }, Ct));
        ctx.ChangeTracker.Clear();
        ctx.ChangeTracker.Clear();

        // A movement has a state of its own: a new disbursement goes under the approved project as a draft, and once
        // approved it is read-only in turn.
        var fund = new ProjectFund { ProjectId = project.Id, Source = FundSource.Cooperation, Stage = FundStage.Disbursement, Date = new DateOnly(2024, 6, 1), Amount = 100m };
        await writer.WriteAsync(clerk, (d, _) =>
        {
            d.Add(fund);
            return Task.CompletedTask;
        }, Ct);
        ctx.ChangeTracker.Clear();
        var fundState = await actions.ApplyAsync(clerk, typeof(ProjectFund), fund.Id, ReviewAction.Submit, null, Ct);
        await actions.ApplyAsync(reviewer, typeof(ProjectFund), fund.Id, ReviewAction.Approve, null, Ct);
        var editApprovedFund = await Assert.ThrowsAsync<DomainException>(() => writer.WriteAsync(clerk, async (d, c) =>
        {
            ((ProjectFund)(await d.TrackedAsync(typeof(ProjectFund), fund.Id, c))!).Amount = 1m;
        }, Ct));
        ctx.ChangeTracker.Clear();
        var bySystem = await EditSaleAsync(writer, WriteContext.System("服务器"), sale, 30m);
        await actions.ApplyAsync(reviewer, typeof(Sale), sale.Id, ReviewAction.Return, "金额有误", Ct);
        await EditSaleAsync(writer, clerk, sale, 40m);
        var stored = await ctx.Rows<Sale>(Scope.Everything).SingleAsync(Ct);

        Assert.Equal(ReviewStatus.Draft, stateAfterAdd);
        Assert.Equal(409, editSubmitted.Status);
        Assert.Contains("消费帮扶销售", editSubmitted.Message, StringComparison.Ordinal);
        Assert.Contains("请先撤回提交", editSubmitted.Message, StringComparison.Ordinal);
        Assert.Contains("本人提交", selfApproval.Message, StringComparison.Ordinal);
        Assert.Contains("已审核通过", editApproved.Message, StringComparison.Ordinal);
        Assert.Contains("已审核通过", deleteApproved.Message, StringComparison.Ordinal);
        Assert.Equal((ReviewStatus.Submitted, 1L), (fundState.State, fundState.Rows));
        Assert.Contains("项目资金记录", editApprovedFund.Message, StringComparison.Ordinal);
        Assert.True(bySystem);
        Assert.Equal((40m, ReviewStatus.Draft), (stored.Amount, stored.ReviewState));
        Assert.Equal(100m, (await ctx.Rows<Project>(Scope.Everything).SelectMany(p => p.Funds).SingleAsync(Ct)).Amount);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ApprovedOnlySummary_FromFactsEqualsFromRows_AndCountsOnlyApprovedRows(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var ctx = db.NewContext();
        var t = await TestTree.CreateAsync(ctx);
        var clerk = new WriteContext("录入员", Scope.Of(t.Dushan)) { OrgId = t.Dushan.Id };
        var reviewer = new WriteContext("审核员", Scope.Of(t.Dushan)) { OrgId = t.Dushan.Id };
        var importer = new LedgerImporter(ctx, ReferenceDatabases.Protector, new FixedClock(Services.Today));
        var actions = new ReviewActions(ctx, new FixedClock(Services.Today));
        var first = await importer.ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(LaborFiles.Jobs(2023, 0))), "一.csv", "labor", new ImportOptions("录入员") { Who = clerk }, null, Ct);
        var second = await importer.ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(LaborFiles.Jobs(2024, 1))), "二.csv", "labor", new ImportOptions("录入员") { Who = clerk }, null, Ct);
        var selection = Selection.ForOrganization(t.Dushan);

        var none = await SameFiguresAsync(ctx, selection, approvedOnly: true);
        await actions.ApplyAsync(clerk, typeof(ImportBatch), first.BatchId!.Value, ReviewAction.Submit, null, Ct);
        await actions.ApplyAsync(reviewer, typeof(ImportBatch), first.BatchId!.Value, ReviewAction.Approve, null, Ct);
        var one = await SameFiguresAsync(ctx, selection, approvedOnly: true);
        var all = await SameFiguresAsync(ctx, selection, approvedOnly: false);
        await actions.ApplyAsync(clerk, typeof(ImportBatch), second.BatchId!.Value, ReviewAction.Submit, null, Ct);
        await actions.ApplyAsync(reviewer, typeof(ImportBatch), second.BatchId!.Value, ReviewAction.Approve, null, Ct);
        var both = await SameFiguresAsync(ctx, selection, approvedOnly: true);

        Assert.Equal(0m, none["labor_transferred"]);
        Assert.Equal(3m, one["labor_transferred"]);
        Assert.Equal(6m, all["labor_transferred"]);
        Assert.Equal(6m, both["labor_transferred"]);
        Assert.True(one.ApprovedOnly);
        Assert.Equal("仅含已审核数据", one.CoverageLabel);
        Assert.Equal("含未审核数据", all.CoverageLabel);
        Assert.Empty(await FactMaintainer.VerifyAsync(ctx, Ct));
    }

    private static async Task<Summary> SameFiguresAsync(CounterpartDbContext ctx, Selection selection, bool approvedOnly)
    {
        var service = Services.Indicators(ctx);
        var facts = await service.ComputeAsync(selection, "", 2021, 2025, Scope.Everything, IndicatorSource.Auto, approvedOnly, Ct);
        var rows = await service.ComputeAsync(selection, "", 2021, 2025, Scope.Everything, IndicatorSource.Rows, approvedOnly, Ct);
        Assert.True(facts.UsedFacts);
        Assert.Equal(rows.Results.Select(r => (r.Indicator.Code, r.Measure.Total)), facts.Results.Select(r => (r.Indicator.Code, r.Measure.Total)));
        return facts;
    }

    private static async Task<bool> EditSaleAsync(LedgerWriter writer, WriteContext who, Sale sale, decimal amount)
    {
        await writer.WriteAsync(who, async (d, c) =>
        {
            var tracked = await d.TrackedAsync(typeof(Sale), sale.Id, c) as Sale;
            tracked!.Amount = amount;
        }, Ct);
        return true;
    }

    private static async Task<decimal> TransferredAsync(HttpClient client, bool approvedOnly)
    {
        var json = JsonNode.Parse(await client.GetStringAsync(new Uri($"/api/v1/summary?org=522726&from=2021&to=2025&approvedOnly={approvedOnly}", UriKind.Relative), Ct))!;
        Assert.Equal(approvedOnly ? "仅含已审核数据" : "含未审核数据", (string?)json["coverage"]);
        return (decimal)json["indicators"]!["labor_transferred"]!;
    }

    private static Task<HttpResponseMessage> StepAsync(HttpClient client, long batch, string step, string? reason = null) =>
        client.PostAsJsonAsync(new Uri($"/api/v1/review/import/{batch}/{step}", UriKind.Relative), new { reason }, Ct);

    private static async Task<JsonNode> StateAsync(HttpClient client, long batch) =>
        JsonNode.Parse(await client.GetStringAsync(new Uri($"/api/v1/review/import/{batch}", UriKind.Relative), Ct))!;

}
