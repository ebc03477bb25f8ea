using Counterpart.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Counterpart.Accounts;

public static class AccountServices
{
    /// <summary>PBKDF2 iterations for password hashes (at least what OWASP asks for PBKDF2-HMAC-SHA256 … SHA512: 210,000).</summary>
    public const int PasswordHashIterations = 210_000;

    private const string CookieOrToken = "CookieOrToken";

    /// <summary>Identity on Counterpart's database, with the policy of the accounts issue: see docs/security.md.</summary>
    public static IServiceCollection AddCounterpartAccounts(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddIdentityCore<Account>(o =>
            {
                o.Password.RequiredLength = 10;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequiredUniqueChars = 4;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
                o.SignIn.RequireConfirmedAccount = true;
            })
            .AddRoles<IdentityRole<long>>()
            // Identity's stores save as they go; CounterpartDbContext refuses a save outside a write, so every account
            // change happens inside LedgerWriter.WriteAsync — in the transaction of its audit entry.
            .AddEntityFrameworkStores<CounterpartDbContext>()
            .AddUserConfirmation<AccountConfirmation>()
            .AddErrorDescriber<ChineseIdentityErrors>()
            .AddPasswordValidator<PasswordPolicy>()
            .AddClaimsPrincipalFactory<AccountClaimsFactory>()
            .AddSignInManager()
            .AddDefaultTokenProviders();
        // Browsers sign in with the cookie, integrations send a personal access token: one scheme picks per request.
        var authentication = services.AddAuthentication(o =>
            {
                o.DefaultScheme = CookieOrToken;
                o.DefaultChallengeScheme = CookieOrToken;
            })
            .AddPolicyScheme(CookieOrToken, "Cookie or access token", o => o.ForwardDefaultSelector = http =>
                http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.Ordinal) ? AccessTokenHandler.SchemeName : IdentityConstants.ApplicationScheme)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, AccessTokenHandler>(AccessTokenHandler.SchemeName, null);
        authentication.AddIdentityCookies();
        services.AddScoped<AccessTokenService>();
        services.AddAuthorization(Policies.Add);
        // A disabled account, a changed password or a new role ends open sessions within a minute.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));
        services.Configure<PasswordHasherOptions>(o => o.IterationCount = PasswordHashIterations);
        services.AddScoped<AccountAdmin>();
        return services;
    }
}
