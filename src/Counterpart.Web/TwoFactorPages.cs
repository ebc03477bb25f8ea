using System.Security.Claims;
using Counterpart.Accounts;
using Counterpart.Audit;
using Counterpart.Data;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using QRCoder;

namespace Counterpart.Web;

/// <summary>
/// Two-factor sign-in with an authenticator app (TOTP): setting it up (QR code, ten recovery codes shown once), the code
/// step after the password, and the rule that administrators — or everyone, when configured — must have it before they
/// can do anything else.
/// </summary>
internal static class TwoFactorPages
{
    /// <summary>Marks "password right, code still needed" between the sign-in write and its response.</summary>
    public static readonly string Pending = new("2fa");

    private const string Issuer = "Counterpart";

    public static void MapTwoFactorPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/login/2fa", (HttpContext http, IAntiforgery antiforgery, string? returnUrl) => AccountPages.Html(CodeForm(http, antiforgery, returnUrl, null)))
            .AllowAnonymous().ExcludeFromDescription();
        app.MapPost("/login/2fa", VerifyAsync).AllowAnonymous().RequireRateLimiting(WebHardening.LoginPolicy).ExcludeFromDescription();
        app.MapGet("/account/2fa", SetupPageAsync).RequireAuthorization().ExcludeFromDescription();
        app.MapPost("/account/2fa", EnableAsync).RequireAuthorization().ExcludeFromDescription();
    }

    /// <summary>Whether the account must sign in with a second factor: administrators always, others when configured.</summary>
    public static bool Required(ClaimsPrincipal user, IConfiguration configuration) =>
        Roles.Administrators.Any(user.IsInRole) || configuration.GetValue("Counterpart:Accounts:RequireTwoFactor", false);

    /// <summary>
    /// Until an account that needs a second factor has signed in with one, it reaches only the setup page, sign-out and
    /// what is open to everyone: pages are redirected to the setup page, API calls refused.
    /// </summary>
    public static void UseTwoFactorRequirement(this WebApplication app) =>
        app.Use(async (http, next) =>
        {
            var path = http.Request.Path;
            // What is open to everyone stays open. (A token was issued in a session that met the rule; administrators have none.)
            var endpoint = http.GetEndpoint();
            var open = endpoint is null || endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAllowAnonymous>() is not null
                || endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAuthorizeData>() is null;
            if (http.User.Identity?.IsAuthenticated == true && !open && !http.User.HasClaim("amr", "mfa") && !http.User.HasClaim("amr", "token")
                && Required(http.User, app.Configuration)
                && !path.StartsWithSegments("/account/2fa", StringComparison.OrdinalIgnoreCase) && !path.StartsWithSegments("/logout", StringComparison.OrdinalIgnoreCase))
            {
                if (path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
                {
                    http.Response.StatusCode = StatusCodes.Status403Forbidden;
                    await http.Response.WriteAsJsonAsync(new { title = "此账号须先启用并使用两步验证登录。", status = 403 });
                    return;
                }

                http.Response.Redirect("/account/2fa");
                return;
            }

            await next(http);
        });

    /// <summary>Remembers, for five minutes, which account has given the right password and now owes its code.</summary>
    public static Task AwaitCodeAsync(HttpContext http, Account account)
    {
        var identity = new ClaimsIdentity(IdentityConstants.TwoFactorUserIdScheme);
        identity.AddClaim(new Claim(ClaimTypes.Name, account.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return http.SignInAsync(IdentityConstants.TwoFactorUserIdScheme, new ClaimsPrincipal(identity));
    }

    private static async Task<IResult> VerifyAsync([FromForm] string? code, [FromForm] string? returnUrl, HttpContext http, IAntiforgery antiforgery,
        UserManager<Account> users, SignInManager<Account> signIn, LedgerWriter writer, TimeProvider clock, CancellationToken ct)
    {
        var pending = await http.AuthenticateAsync(IdentityConstants.TwoFactorUserIdScheme);
        var account = pending.Principal?.FindFirstValue(ClaimTypes.Name) is { } id ? await users.FindByIdAsync(id) : null;
        if (account is null)
        {
            return Results.LocalRedirect("/login");
        }

        var typed = (code ?? "").Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        var who = http.AccountWriter(account.UserName!, account.OrganizationId);
        var message = await writer.WriteAsync(who, async (d, _) =>
        {
            if (await users.IsLockedOutAsync(account))
            {
                AuditTrail.Add(d, AuditAction.LoginFailed, nameof(Account), account.Id, "账号已锁定");
                return "登录失败次数过多，账号已锁定，请稍后再试。";
            }

            var ok = typed.Length == 6 && typed.All(char.IsAsciiDigit)
                ? await users.VerifyTwoFactorTokenAsync(account, users.Options.Tokens.AuthenticatorTokenProvider, typed)
                : (await users.RedeemTwoFactorRecoveryCodeAsync(account, (code ?? "").Trim())).Succeeded;
            if (!ok)
            {
                await users.AccessFailedAsync(account);
                AuditTrail.Add(d, AuditAction.LoginFailed, nameof(Account), account.Id, "两步验证码错误");
                return "验证码不正确。";
            }

            await users.ResetAccessFailedCountAsync(account);
            await AccountPages.CompleteSignInAsync(http, signIn, account, clock, twoFactor: true);
            AuditTrail.Add(d, AuditAction.Login, nameof(Account), account.Id, typed.Length == 6 ? "两步验证" : "两步验证（恢复码）");
            return null;
        }, ct);
        return message is null
            ? Results.LocalRedirect(AccountPages.RedirectTarget(returnUrl))
            : AccountPages.Html(CodeForm(http, antiforgery, returnUrl, message), StatusCodes.Status401Unauthorized);
    }

    private static async Task<IResult> SetupPageAsync(HttpContext http, IAntiforgery antiforgery, UserManager<Account> users, LedgerWriter writer, CancellationToken ct)
    {
        var account = await users.GetUserAsync(http.User);
        if (account is null)
        {
            return Results.LocalRedirect("/login");
        }

        if (account.TwoFactorEnabled)
        {
            return AccountPages.Html(Page(http, antiforgery, "<p class=\"ok\">此账号已启用两步验证：登录时须输入身份验证器上的 6 位验证码。</p>"));
        }

        var key = await users.GetAuthenticatorKeyAsync(account);
        if (string.IsNullOrEmpty(key))
        {
            await writer.WriteAsync(http.AccountWriter(), async (_, _) => await users.ResetAuthenticatorKeyAsync(account), ct);
            key = await users.GetAuthenticatorKeyAsync(account);
        }

        return AccountPages.Html(SetupForm(http, antiforgery, account, key!, null));
    }

    private static async Task<IResult> EnableAsync([FromForm] string? code, HttpContext http, IAntiforgery antiforgery, UserManager<Account> users,
        SignInManager<Account> signIn, LedgerWriter writer, TimeProvider clock, CancellationToken ct)
    {
        var account = await users.GetUserAsync(http.User);
        if (account is null)
        {
            return Results.LocalRedirect("/login");
        }

        var key = await users.GetAuthenticatorKeyAsync(account);
        var typed = (code ?? "").Replace(" ", "", StringComparison.Ordinal);
        if (key is null || !await users.VerifyTwoFactorTokenAsync(account, users.Options.Tokens.AuthenticatorTokenProvider, typed))
        {
            return AccountPages.Html(SetupForm(http, antiforgery, account, key ?? "", "验证码不正确：请输入身份验证器当前显示的 6 位数字。"), StatusCodes.Status400BadRequest);
        }

        var codes = await writer.WriteAsync(http.AccountWriter(), async (d, _) =>
        {
            await users.SetTwoFactorEnabledAsync(account, true);
            var recovery = await users.GenerateNewTwoFactorRecoveryCodesAsync(account, 10) ?? [];
            AuditTrail.Add(d, AuditAction.SettingChanged, nameof(Account), account.Id, "启用两步验证");
            return recovery.ToList();
        }, ct);

        // The code just proved the second factor: the session continues as a two-factor one.
        await AccountPages.CompleteSignInAsync(http, signIn, account, clock, twoFactor: true);
        var list = string.Join("", codes.Select(c => $"<li><code>{PlainPage.E(c)}</code></li>"));
        return AccountPages.Html(Page(http, antiforgery,
            $"<p class=\"ok\" role=\"status\">两步验证已启用。</p><p>下面是 10 个恢复码，手机丢失时每个可代替验证码用一次。它们只显示这一次，请抄下或打印后妥善保管：</p><ol>{list}</ol><p><a href=\"/\">进入系统</a></p>"));
    }

    private static string SetupForm(HttpContext http, IAntiforgery antiforgery, Account account, string key, string? error)
    {
        var uri = $"otpauth://totp/{Uri.EscapeDataString(Issuer)}:{Uri.EscapeDataString(account.UserName!)}?secret={key}&issuer={Uri.EscapeDataString(Issuer)}&digits=6";
        using var data = QRCodeGenerator.GenerateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        var png = Convert.ToBase64String(new PngByteQRCode(data).GetGraphic(5));
        var grouped = string.Join(" ", key.Chunk(4).Select(c => new string(c))).ToLowerInvariant();
        return Page(http, antiforgery, $"""
            <form class="box" method="post" action="/account/2fa">
              <h1>启用两步验证</h1>
              {(error is null ? "" : $"<p class=\"error\" role=\"alert\">{PlainPage.E(error)}</p>")}
              <p>1. 用手机上的身份验证器（如 Microsoft Authenticator、Google 身份验证器、FreeOTP）扫描二维码，或手动输入密钥：</p>
              <p><img src="data:image/png;base64,{png}" alt="两步验证二维码" width="200" height="200"></p>
              <p><code data-key>{PlainPage.E(grouped)}</code></p>
              <p>2. 输入身份验证器显示的 6 位验证码：</p>
              {AccountPages.Token(http, antiforgery)}
              <label for="code">验证码</label><input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" required>
              <button type="submit">启用</button>
            </form>
            """);
    }

    private static string CodeForm(HttpContext http, IAntiforgery antiforgery, string? returnUrl, string? error) => PlainPage.Page("两步验证 · Counterpart", $"""
        <form class="box" method="post" action="/login/2fa">
          <h1>两步验证</h1>
          {(error is null ? "" : $"<p class=\"error\" role=\"alert\">{PlainPage.E(error)}</p>")}
          <p>请输入手机身份验证器上显示的 6 位验证码；手机不在身边时，可输入一个恢复码。</p>
          {AccountPages.Token(http, antiforgery)}
          <input type="hidden" name="returnUrl" value="{PlainPage.E(returnUrl ?? "")}">
          <label for="code">验证码或恢复码</label><input id="code" name="code" autocomplete="one-time-code" required autofocus>
          <button type="submit">验证并登录</button>
        </form>
        """);

    private static string Page(HttpContext http, IAntiforgery antiforgery, string body) =>
        PlainPage.Page("两步验证 · Counterpart", body.StartsWith("<form", StringComparison.Ordinal) ? body : $"<div class=\"box\">{body}</div>", AccountPages.UserBar(http, antiforgery));
}
