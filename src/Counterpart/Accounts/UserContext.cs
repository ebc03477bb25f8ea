using System.Security.Claims;
using Counterpart.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Counterpart.Accounts;

/// <summary>Claims Counterpart adds to a signed-in account, read by <see cref="UserContext"/>.</summary>
public static class CounterpartClaims
{
    public const string OrganizationId = "counterpart:org";
    public const string OrganizationPath = "counterpart:org-path";
    public const string DisplayName = "counterpart:name";
}

/// <summary>Authorization policies, one per kind of work; endpoints name them, roles fill them.</summary>
public static class Policies
{
    /// <summary>Reads ledger data (lists, summaries, exports) within the account's scope.</summary>
    public const string ReadData = "read-data";

    /// <summary>Enters and imports data within the account's scope.</summary>
    public const string EnterData = "enter-data";

    /// <summary>Locks and unlocks years within the account's subtree.</summary>
    public const string Review = "review";

    /// <summary>Reads and verifies the audit trail.</summary>
    public const string Audit = "audit";

    /// <summary>Shows one person's full ID and phone number: a data role plus the permission granted by the security administrator.</summary>
    public const string RevealPersonalData = "reveal-personal-data";

    /// <summary>The claim type of permissions granted to an account on top of its role (stored as Identity user claims).</summary>
    public const string PermissionClaim = "counterpart:permission";

    /// <summary>Issues and revokes the account's own access tokens: data roles, from a browser session (not with a token).</summary>
    public const string ManageTokens = "manage-tokens";

    internal static void Add(AuthorizationOptions o)
    {
        o.AddPolicy(ReadData, p => p.RequireAuthenticatedUser().RequireRole(Roles.DataReaders));
        o.AddPolicy(EnterData, p => p.RequireAuthenticatedUser().RequireRole(Roles.Clerk));
        o.AddPolicy(Audit, p => p.RequireAuthenticatedUser().RequireRole(Roles.Auditor));
        o.AddPolicy(Review, p => p.RequireAuthenticatedUser().RequireRole(Roles.Reviewer));
        o.AddPolicy(RevealPersonalData, p => p.RequireAuthenticatedUser().RequireRole(Roles.DataReaders).RequireClaim(PermissionClaim, RevealPersonalData));
        o.AddPolicy(ManageTokens, p => p.AddAuthenticationSchemes(IdentityConstants.ApplicationScheme).RequireAuthenticatedUser().RequireRole(Roles.DataReaders));
    }
}

/// <summary>What a request may see and who writes: the one place the signed-in account becomes a scope.</summary>
public static class UserContext
{
    /// <summary>The organization subtree of the account (nothing at all for an account without one).</summary>
    public static Scope ReadScope(this ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.FindFirst(CounterpartClaims.OrganizationPath)?.Value is { Length: > 0 } path ? Scope.Subtrees(path) : Scope.Subtrees();
    }

    /// <summary>
    /// The writer for a change to the signed-in account itself (its password, two-factor settings, a sign-out): not
    /// limited to a subtree, since account rows belong to no ledger; the endpoint lets an account change only itself.
    /// Recorded as one audit entry per change, without the rows' values.
    /// </summary>
    public static WriteContext AccountWriter(this HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return http.AccountWriter(http.User.Identity?.Name ?? "anonymous", http.Writer().OrgId);
    }

    /// <summary>The same for an account that is not signed in yet (a sign-in attempt, recorded under the name typed).</summary>
    public static WriteContext AccountWriter(this HttpContext http, string userName, long? orgId)
    {
        ArgumentNullException.ThrowIfNull(http);
        return WriteContext.System(userName) with { OrgId = orgId, From = http.Connection.RemoteIpAddress?.ToString(), AuditEachRow = false };
    }

    /// <summary>The writer of a request: the account's name, scope and organization, and the client address, for the audit trail.</summary>
    public static WriteContext Writer(this HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return http.User.Writer(http.Connection.RemoteIpAddress?.ToString());
    }

    /// <summary>The writer of a signed-in account seen from <paramref name="from"/> (a page's circuit has no request of its own).</summary>
    public static WriteContext Writer(this ClaimsPrincipal user, string? from)
    {
        ArgumentNullException.ThrowIfNull(user);
        var name = user.Identity?.Name ?? "anonymous";
        var orgId = long.TryParse(user.FindFirst(CounterpartClaims.OrganizationId)?.Value, out var id) ? id : (long?)null;
        return new WriteContext(name, user.ReadScope()) { OrgId = orgId, From = from };
    }
}

/// <summary>Adds the organization (id and path) and display name to the claims Identity builds at sign-in.</summary>
internal sealed class AccountClaimsFactory(UserManager<Account> users, RoleManager<IdentityRole<long>> roles, IOptions<IdentityOptions> options, CounterpartDbContext db)
    : UserClaimsPrincipalFactory<Account, IdentityRole<long>>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(Account user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(CounterpartClaims.DisplayName, user.DisplayName));
        if (user.OrganizationId is { } orgId)
        {
            var path = await db.Organizations.AsNoTracking().Where(o => o.Id == orgId).Select(o => o.Path).SingleAsync();
            identity.AddClaim(new Claim(CounterpartClaims.OrganizationId, orgId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            identity.AddClaim(new Claim(CounterpartClaims.OrganizationPath, path));
        }

        return identity;
    }
}
