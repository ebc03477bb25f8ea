using System.Globalization;
using Counterpart.Accounts;
using Counterpart.Audit;
using Counterpart.Data;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Counterpart.Web;

/// <summary>
/// Sign-in, sign-out and password change as plain server-rendered forms (with antiforgery tokens), and the cookie rules:
/// 30 minutes idle, 12 hours at most, API calls answered 401/403 instead of being redirected. Every attempt, success or
/// not, is written to the audit trail in the same write as the account's lockout counter.
/// </summary>
internal static class AccountPages
{
    /// <summary>When the session began, kept in the cookie's properties (which survive sliding renewals and refreshes).</summary>
    private const string SignedInAt = "counterpart.signed-in";

    public static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(30);
    public static readonly TimeSpan AbsoluteTimeout = TimeSpan.FromHours(12);

    public static void ConfigureCookie(CookieAuthenticationOptions o)
    {
        o.Cookie.Name = "counterpart";
        o.Cookie.HttpOnly = true;
        o.Cookie.SameSite = SameSiteMode.Lax;
        o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        o.LoginPath = "/login";
        o.LogoutPath = "/logout";
        o.AccessDeniedPath = "/denied";
        o.ExpireTimeSpan = IdleTimeout;
        o.SlidingExpiration = true;
        o.Events.OnRedirectToLogin = c => Answer(c, StatusCodes.Status401Unauthorized);
        o.Events.OnRedirectToAccessDenied = c => Answer(c, StatusCodes.Status403Forbidden);
        o.Events.OnValidatePrincipal = async c =>
        {
            var clock = c.HttpContext.RequestServices.GetRequiredService<TimeProvider>();
            if (!c.Properties.Items.TryGetValue(SignedInAt, out var text)
                || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var signedIn)
                || clock.GetUtcNow() - signedIn > AbsoluteTimeout)
            {
                c.RejectPrincipal();
                await c.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
                return;
            }

            // Ends the session of a disabled account, or after a password or role change (checked every minute).
            await SecurityStampValidator.ValidatePrincipalAsync(c);
        };
    }

    public static void MapAccountPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/login", (HttpContext http, IAntiforgery antiforgery, string? returnUrl) =>
            Html(LoginForm(http, antiforgery, returnUrl, null))).AllowAnonymous().ExcludeFromDescription();
        app.MapPost("/login", LoginAsync).AllowAnonymous().RequireRateLimiting(WebHardening.LoginPolicy).ExcludeFromDescription();
        app.MapPost("/logout", LogoutAsync).RequireAuthorization().ExcludeFromDescription();
        app.MapGet("/account", (HttpContext http, IAntiforgery antiforgery) => Html(AccountForm(http, antiforgery, null, null)))
            .RequireAuthorization().ExcludeFromDescription();
        app.MapPost("/account/password", ChangePasswordAsync).RequireAuthorization().ExcludeFromDescription();
        app.MapGet("/denied", (HttpContext http, IAntiforgery antiforgery) =>
            Html(PlainPage.Page("无权访问 · Counterpart", "<p class=\"empty\">您的账号没有访问此页面的权限。</p>", UserBar(http, antiforgery))))
            .AllowAnonymous().ExcludeFromDescription();
    }

    /// <summary>The signed-in account's name with links to its page and a sign-out button, for the page header.</summary>
    public static string UserBar(HttpContext http, IAntiforgery antiforgery)
    {
        if (http.User.Identity?.IsAuthenticated != true)
        {
            return "";
        }

        var name = http.User.FindFirst(CounterpartClaims.DisplayName)?.Value ?? http.User.Identity.Name ?? "";
        return $"<form method=\"post\" action=\"/logout\">{Token(http, antiforgery)}<button type=\"submit\">退出</button></form><a href=\"/account\">{PlainPage.E(name)}</a>";
    }

    private static async Task<IResult> LoginAsync([FromForm] string? userName, [FromForm] string? password, [FromForm] string? returnUrl, HttpContext http,
        IAntiforgery antiforgery, UserManager<Account> users, SignInManager<Account> signIn, LedgerWriter writer, TimeProvider clock, CancellationToken ct)
    {
        userName = userName?.Trim() ?? "";
        var account = userName.Length == 0 ? null : await users.FindByNameAsync(userName);
        var who = http.AccountWriter(userName.Length == 0 ? "（空）" : userName, account?.OrganizationId);
        var message = await writer.WriteAsync(who, async (d, _) =>
        {
            if (account is null)
            {
                AuditTrail.Add(d, AuditAction.LoginFailed, detail: "用户名不存在");
                return "用户名或密码不正确。";
            }

            var result = await signIn.CheckPasswordSignInAsync(account, password ?? "", lockoutOnFailure: true);
            if (result.Succeeded && account.TwoFactorEnabled)
            {
                // The password is right; the session starts only once the authenticator code is too (/login/2fa).
                await TwoFactorPages.AwaitCodeAsync(http, account);
                return TwoFactorPages.Pending;
            }

            if (result.Succeeded)
            {
                await CompleteSignInAsync(http, signIn, account, clock, twoFactor: false);
                AuditTrail.Add(d, AuditAction.Login, nameof(Account), account.Id);
                return null;
            }

            var reason = result.IsLockedOut ? "账号已锁定" : result.IsNotAllowed ? "账号已停用" : "密码错误";
            AuditTrail.Add(d, AuditAction.LoginFailed, nameof(Account), account.Id, reason);
            return result.IsLockedOut
                ? $"登录失败次数过多，账号已锁定，请 {users.Options.Lockout.DefaultLockoutTimeSpan.TotalMinutes:0} 分钟后再试。"
                : result.IsNotAllowed ? "账号已停用，请联系安全管理员。" : "用户名或密码不正确。";
        }, ct);
        if (ReferenceEquals(message, TwoFactorPages.Pending))
        {
            return Results.LocalRedirect("/login/2fa" + (returnUrl is { Length: > 0 } ? "?returnUrl=" + Uri.EscapeDataString(returnUrl) : ""));
        }

        if (message is not null)
        {
            return Html(LoginForm(http, antiforgery, returnUrl, message), StatusCodes.Status401Unauthorized);
        }

        // Only a local path: never redirect to another site.
        return Results.LocalRedirect(RedirectTarget(returnUrl));
    }

    /// <summary>
    /// Starts the session: the application cookie with the sign-in time (for the 12-hour limit) and, after a second factor,
    /// the "mfa" authentication method that administrators need.
    /// </summary>
    public static async Task CompleteSignInAsync(HttpContext http, SignInManager<Account> signIn, Account account, TimeProvider clock, bool twoFactor)
    {
        var properties = new AuthenticationProperties { IsPersistent = false };
        properties.Items[SignedInAt] = clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
        await http.SignOutAsync(IdentityConstants.TwoFactorUserIdScheme);
        await signIn.SignInWithClaimsAsync(account, properties, twoFactor ? [new System.Security.Claims.Claim("amr", "mfa")] : []);
    }

    internal static string RedirectTarget(string? returnUrl) =>
        returnUrl is { Length: > 0 } && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal) && !returnUrl.StartsWith("/\\", StringComparison.Ordinal)
            ? returnUrl : "/";

    private static async Task<IResult> LogoutAsync(HttpContext http, IAntiforgery antiforgery, SignInManager<Account> signIn, LedgerWriter writer, CancellationToken ct)
    {
        // A form without fields is not checked for its token automatically; another site must not be able to sign users out.
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return Results.Problem(title: "请求已失效，请刷新页面后再退出。", statusCode: StatusCodes.Status400BadRequest);
        }

        await writer.WriteAsync(http.AccountWriter(), (d, _) =>
        {
            AuditTrail.Add(d, AuditAction.Logout);
            return Task.CompletedTask;
        }, ct);
        await signIn.SignOutAsync();
        return Results.LocalRedirect("/login");
    }

    private static async Task<IResult> ChangePasswordAsync([FromForm] string? current, [FromForm] string? password, [FromForm] string? confirm, HttpContext http,
        IAntiforgery antiforgery, UserManager<Account> users, SignInManager<Account> signIn, LedgerWriter writer, CancellationToken ct)
    {
        var account = await users.GetUserAsync(http.User);
        if (account is null)
        {
            return Results.LocalRedirect("/login");
        }

        if (password != confirm)
        {
            return Html(AccountForm(http, antiforgery, "两次输入的新密码不一致。", null), StatusCodes.Status400BadRequest);
        }

        try
        {
            await writer.WriteAsync(http.AccountWriter(), async (d, _) =>
            {
                var result = await users.ChangePasswordAsync(account, current ?? "", password ?? "");
                if (!result.Succeeded)
                {
                    throw new DomainException(string.Join(" ", result.Errors.Select(e => e.Description)));
                }

                AuditTrail.Add(d, AuditAction.SettingChanged, nameof(Account), account.Id, "修改本人密码");
            }, ct);
        }
        catch (DomainException e)
        {
            return Html(AccountForm(http, antiforgery, e.Message, null), StatusCodes.Status400BadRequest);
        }

        // The security stamp changed: sessions elsewhere end; this one is renewed (keeping its sign-in time and methods).
        await signIn.RefreshSignInAsync(account);
        return Html(AccountForm(http, antiforgery, null, "密码已修改。"));
    }

    private static string LoginForm(HttpContext http, IAntiforgery antiforgery, string? returnUrl, string? error) => PlainPage.Page("登录 · Counterpart", $"""
        <form class="box" method="post" action="/login">
          <h1>登录</h1>
          {(error is null ? "" : $"<p class=\"error\" role=\"alert\">{PlainPage.E(error)}</p>")}
          {Token(http, antiforgery)}
          <input type="hidden" name="returnUrl" value="{PlainPage.E(returnUrl ?? "")}">
          <label for="userName">用户名</label><input id="userName" name="userName" autocomplete="username" required autofocus>
          <label for="password">密码</label><input id="password" name="password" type="password" autocomplete="current-password" required>
          <button type="submit">登录</button>
        </form>
        """);

    private static string AccountForm(HttpContext http, IAntiforgery antiforgery, string? error, string? done)
    {
        var user = http.User;
        var roles = string.Join("、", Roles.All.Where(user.IsInRole).Select(Roles.NameZh));
        return PlainPage.Page("我的账号 · Counterpart", $"""
            <form class="box" method="post" action="/account/password">
              <h1>我的账号</h1>
              <p>{PlainPage.E(user.FindFirst(CounterpartClaims.DisplayName)?.Value ?? "")}（{PlainPage.E(user.Identity?.Name ?? "")}）· {PlainPage.E(roles)}</p>
              {(error is null ? "" : $"<p class=\"error\" role=\"alert\">{PlainPage.E(error)}</p>")}
              {(done is null ? "" : $"<p class=\"ok\" role=\"status\">{PlainPage.E(done)}</p>")}
              {Token(http, antiforgery)}
              <label for="current">当前密码</label><input id="current" name="current" type="password" autocomplete="current-password" required>
              <label for="password">新密码（至少 10 位，含大写、小写、数字、符号中的三类）</label><input id="password" name="password" type="password" autocomplete="new-password" required>
              <label for="confirm">再次输入新密码</label><input id="confirm" name="confirm" type="password" autocomplete="new-password" required>
              <button type="submit">修改密码</button>
              <p><a href="/account/2fa">两步验证（身份验证器）</a></p>
            </form>
            """, UserBar(http, antiforgery));
    }

    internal static string Token(HttpContext http, IAntiforgery antiforgery)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        return $"<input type=\"hidden\" name=\"{tokens.FormFieldName}\" value=\"{tokens.RequestToken}\">";
    }

    internal static IResult Html(string html, int status = StatusCodes.Status200OK) => Results.Content(html, "text/html; charset=utf-8", statusCode: status);

    private static Task Answer(RedirectContext<CookieAuthenticationOptions> c, int status)
    {
        if (c.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            c.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        c.Response.Redirect(c.RedirectUri);
        return Task.CompletedTask;
    }
}
