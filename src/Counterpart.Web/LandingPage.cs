using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Counterpart.Indicators;
using Counterpart.ReferenceData;

namespace Counterpart.Web;

/// <summary>
/// A plain page with the headline figures of the reference pairing, computed from the ledgers on each request.
/// (The full back-office UI is a later piece of work.)
/// </summary>
internal static class LandingPage
{
    private static readonly string[] Headline = ["fiscal_aid", "projects", "enterprise_investment", "consumption_sales", "labor_transferred"];

    public static void MapLandingPage(this IEndpointRouteBuilder app) =>
        app.MapGet("/", async (IndicatorService service, string? pairing, bool? approvedOnly, HttpContext http, Microsoft.AspNetCore.Antiforgery.IAntiforgery antiforgery, CancellationToken ct) =>
        {
            var bar = AccountPages.UserBar(http, antiforgery);
            if (!Counterpart.Accounts.Roles.DataReaders.Any(http.User.IsInRole))
            {
                return Results.Content(Page("Counterpart 东西部协作", "<p class=\"empty\">此账号是管理类账号，不查看业务数据。</p>", bar), "text/html; charset=utf-8");
            }

            var spec = string.IsNullOrWhiteSpace(pairing) ? $"{ReferenceDataset.EastCode}:{ReferenceDataset.WestCode}" : pairing;
            try
            {
                var summary = await service.ForPairingAsync(spec, 2021, 2025, Counterpart.Accounts.UserContext.ReadScope(http.User), approvedOnly ?? false, ct);
                return Results.Content(Render(summary, spec, bar), "text/html; charset=utf-8");
            }
            catch (Counterpart.Data.DomainException e)
            {
                return Results.Content(Page("Counterpart 东西部协作", $"<p class=\"empty\">{E(e.Message)}</p>", bar), "text/html; charset=utf-8", statusCode: 404);
            }
        }).RequireAuthorization().ExcludeFromDescription();

    private static string Render(Summary summary, string spec, string bar)
    {
        var zh = CultureInfo.GetCultureInfo("zh-CN");
        var html = new StringBuilder();
        // Which rows count (review, ADR 11), with a link to the other view.
        var other = summary.ApprovedOnly
            ? $"<a href=\"/?pairing={Uri.EscapeDataString(spec)}\">改为统计全部数据</a>"
            : $"<a href=\"/?pairing={Uri.EscapeDataString(spec)}&amp;approvedOnly=true\">只统计已审核数据</a>";
        html.Append(CultureInfo.InvariantCulture, $"<h1>{E(summary.Title)}</h1><p class=\"sub\">东西部协作 {summary.FromYear}–{summary.ToYear} 年主要成效（由台账逐条计算）· <strong data-coverage>{summary.CoverageLabel}</strong> · {other}</p>");
        html.Append("<section class=\"cards\">");
        foreach (var code in Headline)
        {
            var r = summary.Results.First(x => x.Indicator.Code == code);
            html.Append(CultureInfo.InvariantCulture, $"<div class=\"card\" data-code=\"{code}\"><div class=\"value\">{E(FigureFormat.Format(r.Indicator, r.Measure))}</div><div class=\"name\">{E(r.Indicator.NameZh)}</div></div>");
        }

        html.Append("</section><table><thead><tr><th>指标</th><th>合计</th>");
        foreach (var year in Enumerable.Range(summary.FromYear, summary.ToYear - summary.FromYear + 1))
        {
            html.Append(CultureInfo.InvariantCulture, $"<th>{year}</th>");
        }

        html.Append("<th>计数口径</th></tr></thead><tbody>");
        foreach (var (indicator, measure) in summary.Results)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr data-code=\"{indicator.Code}\"><td>{E(indicator.NameZh)}</td><td class=\"num\">{E(FigureFormat.Format(indicator, measure))}</td>");
            foreach (var year in Enumerable.Range(summary.FromYear, summary.ToYear - summary.FromYear + 1))
            {
                var cell = measure.ByYear.TryGetValue(year, out var v) ? v.ToString("#,0.##", zh) : "—";
                html.Append(CultureInfo.InvariantCulture, $"<td class=\"num\">{cell}</td>");
            }

            html.Append(CultureInfo.InvariantCulture, $"<td class=\"rule\">{E(indicator.RuleZh)}</td></tr>");
        }

        html.Append("</tbody></table><p class=\"foot\">金额单位：万元（一万万元及以上显示为亿元）。年度列中“人”类指标按当年去重，五年合计按全期去重，故各年之和可大于合计。接口：<a href=\"/api/v1/summary?pairing=440112:522726\">/api/v1/summary</a> · <a href=\"/scalar/v1\">API 文档</a></p>");
        return Page($"{summary.Title} · Counterpart", html.ToString(), bar);
    }

    internal static string Page(string title, string body, string user = "") => $$"""
        <!DOCTYPE html>
        <html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{E(title)}}</title>
        <style>
          body{font-family:"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;margin:0;background:#f5f7fa;color:#1f2329}
          header{background:#b8272c;color:#fff;padding:14px 32px;font-size:18px;font-weight:600}
          main{max-width:1200px;margin:0 auto;padding:24px 32px}
          h1{font-size:24px;margin:8px 0 4px} .sub{color:#646a73;margin:0 0 20px}
          .cards{display:grid;grid-template-columns:repeat(5,1fr);gap:16px;margin-bottom:24px}
          .card{background:#fff;border-radius:8px;padding:18px;box-shadow:0 1px 3px rgba(0,0,0,.08)}
          .card .value{font-size:26px;font-weight:700;color:#b8272c} .card .name{color:#646a73;margin-top:6px}
          table{width:100%;border-collapse:collapse;background:#fff;font-size:14px}
          th,td{border-bottom:1px solid #e8eaed;padding:8px 10px;text-align:left} th{background:#fafafa}
          td.num{text-align:right;white-space:nowrap} td.rule{color:#646a73;font-size:12px}
          .foot{color:#8f959e;font-size:12px;margin-top:16px} .empty{font-size:16px}
          form.box,div.box{background:#fff;max-width:420px;margin:40px auto;padding:28px;border-radius:8px;box-shadow:0 1px 3px rgba(0,0,0,.08)}
          form.box label,div.box label{display:block;margin:12px 0 4px;color:#646a73} form.box input{width:100%;box-sizing:border-box;padding:8px;font-size:15px;border:1px solid #d0d3d6;border-radius:4px}
          form.box button,header button{margin-top:18px;background:#b8272c;color:#fff;border:0;padding:9px 20px;border-radius:4px;font-size:15px;cursor:pointer}
          .error{color:#b8272c;margin:10px 0} .ok{color:#2e7d32;margin:10px 0} header form{display:inline;float:right} header button{margin:0;padding:4px 12px;font-size:13px;background:#8f1d21}
          header a{color:#fff;font-size:13px;margin-right:12px;float:right}
        </style></head>
        <body><header>Counterpart · 东西部协作信息系统{{user}}</header><main>{{body}}</main></body></html>
        """;

    // Chinese stays readable in the page source; markup characters are still encoded.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    internal static string E(string text) => Encoder.Encode(text);
}
