using System.Globalization;
using System.Text;
using Counterpart.Accounts;
using Counterpart.Audit;
using Counterpart.Data;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.EntityFrameworkCore;

namespace Counterpart.Web;

/// <summary>
/// The auditor's page: the latest entries of the audit trail, filtered by account, action or record, and the result of
/// verifying the whole hash chain. Read-only; only the auditor role (signed in with a second factor) reaches it.
/// </summary>
internal static class AuditPage
{
    private const int Shown = 200;

    public static void MapAuditPage(this IEndpointRouteBuilder app) =>
        app.MapGet("/audit", async (HttpContext http, IAntiforgery antiforgery, CounterpartDbContext db, string? actor, string? action, string? entity, CancellationToken ct) =>
        {
            var rows = db.AuditRecords;
            if (!string.IsNullOrWhiteSpace(actor))
            {
                rows = rows.Where(a => a.Actor == actor.Trim());
            }

            if (Enum.TryParse<AuditAction>(action, ignoreCase: true, out var parsed))
            {
                rows = rows.Where(a => a.Action == parsed);
            }

            if (!string.IsNullOrWhiteSpace(entity))
            {
                rows = rows.Where(a => a.EntityType == entity.Trim());
            }

            var entries = await rows.OrderByDescending(a => a.Seq).Take(Shown).ToListAsync(ct);
            var chain = await AuditTrail.VerifyAsync(db, ct);
            return AccountPages.Html(PlainPage.Page("审计日志 · Counterpart", Render(entries, chain, actor, action, entity), AccountPages.UserBar(http, antiforgery)));
        }).RequireAuthorization(Policies.Audit).ExcludeFromDescription();

    private static string Render(List<AuditRecord> entries, AuditVerification chain, string? actor, string? action, string? entity)
    {
        var html = new StringBuilder("<h1>审计日志</h1>");
        html.Append(chain.Intact
            ? string.Create(CultureInfo.InvariantCulture, $"<p class=\"ok\" role=\"status\">哈希链完整：已逐条核验 {chain.Checked:N0} 条记录。</p>")
            : $"<p class=\"error\" role=\"alert\">哈希链被破坏：{PlainPage.E(chain.Problem ?? "")}</p>");
        var options = string.Join("", Enum.GetValues<AuditAction>().Select(a =>
            $"<option value=\"{a}\"{(string.Equals(a.ToString(), action, StringComparison.OrdinalIgnoreCase) ? " selected" : "")}>{AuditActions.Label(a)}</option>"));
        html.Append(CultureInfo.InvariantCulture, $"""
            <form method="get" action="/audit" class="filters">
              <label for="actor">账号</label> <input id="actor" name="actor" value="{PlainPage.E(actor ?? "")}">
              <label for="action">操作</label> <select id="action" name="action"><option value="">全部</option>{options}</select>
              <label for="entity">记录类型</label> <input id="entity" name="entity" value="{PlainPage.E(entity ?? "")}">
              <button type="submit">筛选</button>
            </form>
            <p class="sub">最近 {Shown} 条（时间为北京时间）。个人信息在日志中已遮蔽。</p>
            <table><thead><tr><th>序号</th><th>时间</th><th>账号</th><th>来源</th><th>操作</th><th>记录</th><th>说明</th><th>修改前</th><th>修改后</th></tr></thead><tbody>
            """);
        foreach (var e in entries)
        {
            var at = DateTime.SpecifyKind(e.AtUtc, DateTimeKind.Utc).AddHours(8).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
            html.Append(CultureInfo.InvariantCulture, $"<tr><td class=\"num\">{e.Seq}</td><td>{at}</td><td>{PlainPage.E(e.Actor)}</td><td>{PlainPage.E(e.From ?? "")}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td>{AuditActions.Label(e.Action)}</td><td>{PlainPage.E(e.EntityType ?? "")} {e.EntityId}</td><td>{PlainPage.E(e.Detail ?? "")}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td class=\"rule\">{PlainPage.E(e.Before ?? "")}</td><td class=\"rule\">{PlainPage.E(e.After ?? "")}</td></tr>");
        }

        html.Append("</tbody></table>");
        return html.ToString();
    }
}
