using System.Net;
using System.Text.RegularExpressions;
using Counterpart.Accounts;
using Counterpart.Audit;
using Counterpart.Data;
using Counterpart.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using OtpNet;

namespace Counterpart.Tests.Hosts;

/// <summary>
/// Two-factor sign-in: an administrator can do nothing before setting it up; after that the password alone does not
/// open a session; a wrong code is refused and counted; a recovery code works once.
/// </summary>
public sealed class TwoFactorTests
{
    public static TheoryData<DatabaseProvider> Providers => Checkout.BothProviders;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Administrator_MustSetUpTwoFactor_ThenSignsInWithPasswordAndCode_OrARecoveryCodeOnce(DatabaseProvider provider)
    {
        var (db, app) = await WebHostTests.PrivateHostAsync(provider);
        await using var _ = db;
        await using var __ = app;
        var (name, password) = await WebHostTests.CreateAccountAsync(app, Roles.SecurityAdmin, null);
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        // Signed in with the password only: every page leads to the set-up page, the API refuses.
        await WebHostTests.SignInAsync(client, name, password);
        var home = await client.GetAsync(new Uri("/", UriKind.Relative), Ct);
        var api = await client.GetAsync(new Uri("/api/v1/indicators", UriKind.Relative), Ct);
        var setupResponse = await client.GetAsync(new Uri("/account/2fa", UriKind.Relative), Ct);
        var setup = await setupResponse.Content.ReadAsStringAsync(Ct);
        Assert.True(setupResponse.IsSuccessStatusCode, setup);
        var key = Regex.Match(setup, "<code data-key>([a-z0-9 ]+)</code>").Groups[1].Value.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        Assert.Equal("/account/2fa", home.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Forbidden, api.StatusCode);
        Assert.Contains("data:image/png;base64,", setup, StringComparison.Ordinal);

        var wrongSetup = await WebHostTests.PostFormAsync(client, "/account/2fa", setup, ("code", "000000"));
        var enabled = await WebHostTests.PostFormAsync(client, "/account/2fa", setup, ("code", Code(key)));
        var page = await enabled.Content.ReadAsStringAsync(Ct);
        var recovery = Regex.Matches(page, "<li><code>([^<]+)</code></li>").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(HttpStatusCode.BadRequest, wrongSetup.StatusCode);
        Assert.Contains("两步验证已启用", page, StringComparison.Ordinal);
        Assert.Equal(10, recovery.Count);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/account", UriKind.Relative), Ct)).StatusCode);

        // A new session: the password leads to the code step; a wrong code is refused; the right one opens the session.
        using var second = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var afterPassword = await WebHostTests.SignInAsync(second, name, password);
        Assert.Equal("/login/2fa", afterPassword.Headers.Location?.OriginalString);
        var codePage = await second.GetStringAsync(new Uri("/login/2fa", UriKind.Relative), Ct);
        var wrong = await WebHostTests.PostFormAsync(second, "/login/2fa", codePage, ("code", "123456"));
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Contains("验证码不正确", await wrong.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await WebHostTests.PostFormAsync(second, "/login/2fa", codePage, ("code", Code(key)))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync(new Uri("/account", UriKind.Relative), Ct)).StatusCode);

        // A recovery code opens one session, once.
        using var third = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await WebHostTests.SignInAsync(third, name, password);
        var thirdPage = await third.GetStringAsync(new Uri("/login/2fa", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.Redirect, (await WebHostTests.PostFormAsync(third, "/login/2fa", thirdPage, ("code", recovery[0]))).StatusCode);
        using var fourth = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await WebHostTests.SignInAsync(fourth, name, password);
        var fourthPage = await fourth.GetStringAsync(new Uri("/login/2fa", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, (await WebHostTests.PostFormAsync(fourth, "/login/2fa", fourthPage, ("code", recovery[0]))).StatusCode);

        await using var check = db.NewContext();
        var details = await check.AuditRecords.Where(a => a.Actor == name).OrderBy(a => a.Seq).Select(a => a.Action + ":" + a.Detail).ToListAsync(Ct);
        Assert.Contains($"{AuditAction.SettingChanged}:启用两步验证", details);
        Assert.Contains($"{AuditAction.Login}:两步验证", details);
        Assert.Contains($"{AuditAction.Login}:两步验证（恢复码）", details);
        Assert.Equal(2, details.Count(d => d == $"{AuditAction.LoginFailed}:两步验证码错误"));
    }

    [Fact]
    public async Task Auditor_AfterSettingUpTwoFactor_ReadsTheAuditPageWithTheChainVerified()
    {
        var (db, app) = await WebHostTests.PrivateHostAsync(DatabaseProvider.Sqlite);
        await using var _ = db;
        await using var __ = app;
        var (name, password) = await WebHostTests.CreateAccountAsync(app, Roles.Auditor, null);
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await WebHostTests.SignInAsync(client, name, password);
        var before = await client.GetAsync(new Uri("/audit", UriKind.Relative), Ct);
        var setup = await client.GetStringAsync(new Uri("/account/2fa", UriKind.Relative), Ct);
        var key = Regex.Match(setup, "<code data-key>([a-z0-9 ]+)</code>").Groups[1].Value.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        await WebHostTests.PostFormAsync(client, "/account/2fa", setup, ("code", Code(key)));

        var page = await client.GetStringAsync(new Uri($"/audit?actor={name}", UriKind.Relative), Ct);

        Assert.Equal("/account/2fa", before.Headers.Location?.OriginalString);
        Assert.Contains("哈希链完整", page, StringComparison.Ordinal);
        Assert.Contains("启用两步验证", page, StringComparison.Ordinal);
        Assert.Contains("<td>登录</td>", page, StringComparison.Ordinal);
        Assert.Contains($"<td>{name}</td>", page, StringComparison.Ordinal);
    }

    private static string Code(string base32Key) => new Totp(Base32Encoding.ToBytes(base32Key)).ComputeTotp(DateTime.UtcNow);
}
