using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace Counterpart.Web;

/// <summary>
/// The plain server-rendered pages outside the back office (sign-in, two-factor, password, audit): one small style sheet
/// and HTML-encoded text, so that they work before and without the interactive application.
/// </summary>
internal static class PlainPage
{
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
