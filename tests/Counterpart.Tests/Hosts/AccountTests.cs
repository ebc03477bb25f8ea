using System.Buffers.Binary;
using System.Net;
using Counterpart.Accounts;
using Counterpart.Audit;
using Counterpart.Data;
using Counterpart.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Counterpart.Tests.Hosts;

/// <summary>
/// Accounts through the real host: sign-in with lockout and audit, sessions that end when idle, when too old and when
/// the account is disabled, roles that decide which endpoints answer, and reads limited to the account's subtree.
/// </summary>
public sealed class AccountTests(ReferenceDatabases databases)
{
    public static TheoryData<DatabaseProvider> Providers => Checkout.BothProviders;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly Uri Summary = new("/api/v1/summary?pairing=440112:522726", UriKind.Relative);

    /// <summary>A summary that answers on the hand-built tree (which has no pairing).</summary>
    private static readonly Uri CountySummary = new("/api/v1/summary?org=522726", UriKind.Relative);

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Api_ByRole_AnonymousIs401_AdministratorsAre403_DataRolesRead(DatabaseProvider provider)
    {
        await using var app = WebHostTests.Factory(await databases.GetAsync(provider));
        using var anonymous = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(Summary, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await anonymous.GetAsync(new Uri("/", UriKind.Relative), Ct)).StatusCode);
        foreach (var role in Roles.Administrators)
        {
            using var admin = await WebHostTests.SignedInClientAsync(app, role, null);
            Assert.Equal((role, HttpStatusCode.Forbidden), (role, (await admin.GetAsync(Summary, Ct)).StatusCode));
            Assert.Equal((role, HttpStatusCode.Forbidden), (role, (await admin.PostAsync(new Uri("/api/v1/imports?ledger=labor", UriKind.Relative), null, Ct)).StatusCode));
        }

        foreach (var role in Roles.DataReaders)
        {
            using var reader = await WebHostTests.SignedInClientAsync(app, role, "522726");
            Assert.Equal((role, HttpStatusCode.OK), (role, (await reader.GetAsync(Summary, Ct)).StatusCode));
        }

        using var viewer = await WebHostTests.SignedInClientAsync(app, Roles.Viewer, "522726");
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync(new Uri("/api/v1/imports?ledger=labor", UriKind.Relative), null, Ct)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Reads_AreLimitedToTheSubtree_AndWhatTheOtherSideOfThePairingRecordedAboutIt(DatabaseProvider provider)
    {
        await using var app = WebHostTests.Factory(await databases.GetAsync(provider));
        using var dushan = await WebHostTests.SignedInClientAsync(app, Roles.Viewer, "522726");
        using var huangpu = await WebHostTests.SignedInClientAsync(app, Roles.Viewer, "440112");
        using var town = await WebHostTests.SignedInClientAsync(app, Roles.Viewer, "522726101000");

        // Both sides of the pairing read the same figures for it; a town reads only the rows about itself.
        var fromDushan = await dushan.GetStringAsync(Summary, Ct);
        Assert.Equal(fromDushan, await huangpu.GetStringAsync(Summary, Ct));
        Assert.Contains("\"labor_transferred\":22033,", fromDushan, StringComparison.Ordinal);
        var inTown = System.Text.Json.Nodes.JsonNode.Parse(await town.GetStringAsync(Summary, Ct))!["indicators"]!["labor_transferred"]!.GetValue<decimal>();
        Assert.InRange(inTown, 1m, 22_032m);

        // Exports: narrowed to a unit of the account's own subtree, never widened to another one.
        Assert.Equal(HttpStatusCode.Forbidden, (await dushan.GetAsync(new Uri("/api/v1/exports/labor?org=440112&format=csv", UriKind.Relative), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await town.GetAsync(new Uri("/api/v1/exports/labor?org=522726&format=csv", UriKind.Relative), Ct)).StatusCode);
        var county = Lines(await dushan.GetStringAsync(new Uri("/api/v1/exports/labor?format=csv&from=2023&to=2023", UriKind.Relative), Ct));
        var ofTown = Lines(await town.GetStringAsync(new Uri("/api/v1/exports/labor?format=csv&from=2023&to=2023", UriKind.Relative), Ct));
        Assert.InRange(ofTown, 2, county - 1);
    }

    private static int Lines(string csv) => csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task SignIn_FiveWrongPasswords_LockTheAccountFor15Minutes_EveryAttemptAudited(DatabaseProvider provider)
    {
        var (db, app) = await WebHostTests.PrivateHostAsync(provider);
        await using var _ = db;
        await using var __ = app;
        var (name, password) = await WebHostTests.CreateAccountAsync(app, Roles.Clerk, "522726");
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var wrong = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            wrong.Add(await (await WebHostTests.SignInAsync(client, name, "Wrong-password-" + i)).Content.ReadAsStringAsync(Ct));
        }

        var right = await WebHostTests.SignInAsync(client, name, password);

        Assert.All(wrong.Take(4), page => Assert.Contains("用户名或密码不正确", page, StringComparison.Ordinal));
        Assert.Contains("账号已锁定，请 15 分钟后再试", wrong[4], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, right.StatusCode);
        Assert.Contains("账号已锁定", await right.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        await using var ctx = db.NewContext();
        var account = await ctx.Accounts.SingleAsync(a => a.UserName == name, Ct);
        Assert.InRange(account.LockoutEnd!.Value - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15));
        var attempts = await ctx.AuditRecords.Where(a => a.Actor == name).OrderBy(a => a.Seq).Select(a => new { a.Action, a.Detail, a.ActorOrgId }).ToListAsync(Ct);
        Assert.Equal(6, attempts.Count(a => a.Action == AuditAction.LoginFailed));
        Assert.Equal("账号已锁定", attempts[^1].Detail);
        Assert.All(attempts, a => Assert.NotNull(a.ActorOrgId));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Session_EndsAfter30IdleMinutes_AndAfter12HoursEvenWhenActive(DatabaseProvider provider)
    {
        var clock = new MovableClock(DateTimeOffset.UtcNow);
        var (db, app) = await WebHostTests.PrivateHostAsync(provider, clock);
        await using var _ = db;
        await using var __ = app;

        using var idle = await WebHostTests.SignedInClientAsync(app, Roles.Viewer, "522726");
        clock.Advance(TimeSpan.FromMinutes(20));
        var after20 = (await idle.GetAsync(CountySummary, Ct)).StatusCode;
        clock.Advance(TimeSpan.FromMinutes(31));
        var after31Idle = (await idle.GetAsync(CountySummary, Ct)).StatusCode;

        using var busy = await WebHostTests.SignedInClientAsync(app, Roles.Viewer, "522726");
        var statuses = new List<HttpStatusCode>();
        for (var minutes = 20; minutes <= 12 * 60 + 20; minutes += 20)
        {
            clock.Advance(TimeSpan.FromMinutes(20));
            statuses.Add((await busy.GetAsync(CountySummary, Ct)).StatusCode);
        }

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.Unauthorized), (after20, after31Idle));
        Assert.All(statuses.Take((12 * 60 / 20) - 1), s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(HttpStatusCode.Unauthorized, statuses[^1]);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task DisablingAnAccount_EndsItsSessionWithinAMinute_AndRefusesSignIn(DatabaseProvider provider)
    {
        var clock = new MovableClock(DateTimeOffset.UtcNow);
        var (db, app) = await WebHostTests.PrivateHostAsync(provider, clock);
        await using var _ = db;
        await using var __ = app;
        var (name, password) = await WebHostTests.CreateAccountAsync(app, Roles.Viewer, "522726");
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await WebHostTests.SignInAsync(client, name, password);
        var before = (await client.GetAsync(CountySummary, Ct)).StatusCode;

        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<AccountAdmin>().SetDisabledAsync(WriteContext.System("安全管理员"), name, true, Ct);
        }

        clock.Advance(TimeSpan.FromMinutes(2));
        var after = (await client.GetAsync(CountySummary, Ct)).StatusCode;
        var again = await WebHostTests.SignInAsync(client, name, password);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.Unauthorized), (before, after));
        Assert.Contains("账号已停用", await again.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Accounts_PasswordsHashedWith210000Iterations_AdministratorRolesKeptApart_DataRolesNeedAnOrganization(DatabaseProvider provider)
    {
        var (db, app) = await WebHostTests.PrivateHostAsync(provider);
        await using var _ = db;
        await using var __ = app;
        await using var scope = app.Services.CreateAsyncScope();
        var admin = scope.ServiceProvider.GetRequiredService<AccountAdmin>();
        var who = WriteContext.System("安全管理员");

        var (auditor, _) = await admin.CreateAsync(who, "auditor1", "审计员", Roles.Auditor, null, null, Ct);
        var twoAdminRoles = await Assert.ThrowsAsync<DomainException>(() => admin.GrantAsync(who, "auditor1", Roles.SystemAdmin, Ct));
        var clerkWithoutOrg = await Assert.ThrowsAsync<DomainException>(() => admin.CreateAsync(who, "clerk1", "", "录入员", null, null, Ct));
        var weak = await Assert.ThrowsAsync<DomainException>(() => admin.CreateAsync(who, "clerk2", "", Roles.Clerk, "522726", "Password2024!", Ct));

        // Identity's v3 format: 0x01, the PRF, then the iteration count (big-endian).
        var hash = Convert.FromBase64String(auditor.PasswordHash!);
        Assert.Equal((1, 210_000u), (hash[0], BinaryPrimitives.ReadUInt32BigEndian(hash.AsSpan(5, 4))));
        Assert.Contains("三员分立", twoAdminRoles.Message, StringComparison.Ordinal);
        Assert.Contains("必须属于一个组织", clerkWithoutOrg.Message, StringComparison.Ordinal);
        Assert.Contains("常见密码", weak.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Short1!", "至少要 10 个字符")]
    [InlineData("alllowercaseletters", "至少三类")]
    [InlineData("ALLUPPER1234", "至少三类")]
    [InlineData("qwertyuiop", "常见密码")]
    [InlineData("Password2024!", "常见密码")]
    [InlineData("Dushan.Wang-2026x", "不能包含用户名")]
    public async Task PasswordPolicy_WeakPassword_RefusedWithTheReasonInChinese(string password, string reason)
    {
        var services = new ServiceCollection().AddLogging().AddCounterpartAccounts();
        services.AddDbContext<CounterpartDbContext>(o => o.UseSqlite("Data Source=:memory:"));
        await using var provider = services.BuildServiceProvider();
        var users = provider.GetRequiredService<UserManager<Account>>();
        var account = new Account { UserName = "dushan.wang" };

        var errors = new List<string>();
        foreach (var validator in users.PasswordValidators)
        {
            errors.AddRange((await validator.ValidateAsync(users, account, password)).Errors.Select(e => e.Description));
        }

        Assert.Contains(errors, e => e.Contains(reason, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Xk9#mq-Lrt2v")]
    [InlineData("独山县协作2026Ab")]
    [InlineData("correct-Horse-battery-7")]
    public void PasswordPolicy_StrongPassword_Accepted(string password) =>
        Assert.Empty(PasswordPolicy.Problems(password, "dushan.wang"));
}
