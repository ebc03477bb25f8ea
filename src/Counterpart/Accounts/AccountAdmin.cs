using System.Security.Cryptography;
using Counterpart.Audit;
using Counterpart.Data;
using Counterpart.Organizations;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Counterpart.Accounts;

/// <summary>
/// Creating accounts, resetting passwords, granting roles, disabling: each in one write with its audit entry. Used by
/// the CLI and, later, the administration pages.
/// </summary>
public sealed class AccountAdmin(CounterpartDbContext db, UserManager<Account> users, RoleManager<IdentityRole<long>> roles)
{
    /// <summary>Creates the roles that do not exist yet (at every start).</summary>
    public async Task EnsureRolesAsync(CancellationToken ct = default)
    {
        var missing = new List<string>();
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                missing.Add(role);
            }
        }

        if (missing.Count == 0)
        {
            return;
        }

        try
        {
            await new LedgerWriter(db).WriteAsync(WriteContext.System("system") with { AuditEachRow = false }, async (_, _) =>
            {
                foreach (var role in missing)
                {
                    Check(await roles.CreateAsync(new IdentityRole<long>(role)));
                }
            }, ct);
        }
        catch (Exception e) when (e is DomainException or DbUpdateException)
        {
            // Another process starting at the same time created them first.
            foreach (var role in missing)
            {
                if (!await roles.RoleExistsAsync(role))
                {
                    throw;
                }
            }
        }
    }

    /// <summary>
    /// Creates an account with one role. Data roles need an organization; an administrator role may have none. Returns
    /// the password: the one given, or a random one to hand over once (it is never stored or logged in the clear).
    /// </summary>
    public async Task<(Account Account, string Password)> CreateAsync(WriteContext who, string userName, string displayName, string role, string? organization,
        string? password = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(who);
        var parsed = Roles.Parse(role) ?? throw new DomainException($"没有角色“{role}”。可选：{string.Join("、", Roles.All.Select(r => $"{r}（{Roles.NameZh(r)}）"))}。");
        Organization? org = string.IsNullOrWhiteSpace(organization) ? null : await OrganizationTree.ResolveAsync(db, organization, ct);
        if (org is null && Roles.DataReaders.Contains(parsed))
        {
            throw new DomainException($"角色“{Roles.NameZh(parsed)}”的账号必须属于一个组织（用 --org 指定代码或名称）。");
        }

        if (await users.FindByNameAsync(userName) is not null)
        {
            throw new DomainException($"用户名“{userName}”已被使用。");
        }

        password ??= RandomPassword();
        var account = new Account
        {
            UserName = userName, DisplayName = string.IsNullOrWhiteSpace(displayName) ? userName : displayName, OrganizationId = org?.Id,
            CreatedAtUtc = DateTime.UtcNow, LockoutEnabled = true,
        };
        await new LedgerWriter(db).WriteAsync(who, async (d, c) =>
        {
            Check(await users.CreateAsync(account, password));
            Check(await users.AddToRoleAsync(account, parsed));
            AuditTrail.Add(d, AuditAction.RoleChanged, nameof(Account), null, $"新建账号 {userName}，角色 {Roles.NameZh(parsed)}，组织 {org?.Name ?? "（无）"}");
        }, ct);
        return (account, password);
    }

    /// <summary>Sets a new password (the given one or a random one, returned) and ends the account's sessions.</summary>
    public async Task<string> ResetPasswordAsync(WriteContext who, string userName, string? password = null, CancellationToken ct = default)
    {
        var account = await FindAsync(userName);
        password ??= RandomPassword();
        await new LedgerWriter(db).WriteAsync(who, async (d, c) =>
        {
            Check(await users.RemovePasswordAsync(account));
            Check(await users.AddPasswordAsync(account, password));
            Check(await users.SetLockoutEndDateAsync(account, null));
            Check(await users.UpdateSecurityStampAsync(account));
            AuditTrail.Add(d, AuditAction.SettingChanged, nameof(Account), account.Id, $"重置账号 {userName} 的密码");
        }, ct);
        return password;
    }

    /// <summary>Disables (or enables) an account; a disabled account's open sessions end at their next check.</summary>
    public async Task SetDisabledAsync(WriteContext who, string userName, bool disabled, CancellationToken ct = default)
    {
        var account = await FindAsync(userName);
        await new LedgerWriter(db).WriteAsync(who, async (d, c) =>
        {
            account.Disabled = disabled;
            Check(await users.UpdateSecurityStampAsync(account));
            AuditTrail.Add(d, AuditAction.SettingChanged, nameof(Account), account.Id, $"{(disabled ? "停用" : "启用")}账号 {userName}");
        }, ct);
    }

    /// <summary>Grants a role, refusing a second administrator role.</summary>
    public async Task GrantAsync(WriteContext who, string userName, string role, CancellationToken ct = default)
    {
        var account = await FindAsync(userName);
        var parsed = Roles.Parse(role) ?? throw new DomainException($"没有角色“{role}”。");
        var held = await users.GetRolesAsync(account);
        if (Roles.Administrators.Contains(parsed) && held.Any(r => r != parsed && Roles.Administrators.Contains(r)))
        {
            throw new DomainException($"账号“{userName}”已是{string.Join("、", held.Where(Roles.Administrators.Contains).Select(Roles.NameZh))}，不能再兼任{Roles.NameZh(parsed)}（三员分立）。");
        }

        if (Roles.DataReaders.Contains(parsed) && account.OrganizationId is null)
        {
            throw new DomainException($"账号“{userName}”不属于任何组织，不能授予{Roles.NameZh(parsed)}角色。");
        }

        await new LedgerWriter(db).WriteAsync(who, async (d, c) =>
        {
            Check(await users.AddToRoleAsync(account, parsed));
            Check(await users.UpdateSecurityStampAsync(account));
            AuditTrail.Add(d, AuditAction.RoleChanged, nameof(Account), account.Id, $"授予账号 {userName} 角色 {Roles.NameZh(parsed)}");
        }, ct);
    }

    /// <summary>Grants a permission on top of the account's role (today: reveal-personal-data).</summary>
    public async Task PermitAsync(WriteContext who, string userName, string permission, CancellationToken ct = default)
    {
        var account = await FindAsync(userName);
        if (permission != Policies.RevealPersonalData)
        {
            throw new DomainException($"没有权限“{permission}”。可授予的权限：{Policies.RevealPersonalData}（查看完整身份证号和电话，须说明理由）。");
        }

        if (!(await users.GetRolesAsync(account)).Any(Roles.DataReaders.Contains))
        {
            throw new DomainException($"账号“{userName}”不是录入员、审核员或查阅员，不能查看人员信息。");
        }

        await new LedgerWriter(db).WriteAsync(who, async (d, c) =>
        {
            Check(await users.AddClaimAsync(account, new System.Security.Claims.Claim(Policies.PermissionClaim, permission)));
            Check(await users.UpdateSecurityStampAsync(account));
            AuditTrail.Add(d, AuditAction.RoleChanged, nameof(Account), account.Id, $"授予账号 {userName} 权限 {permission}");
        }, ct);
    }

    /// <summary>
    /// On first start: when no account exists, creates the system administrator "admin" with the password from
    /// configuration or a random one. Returns the random password to print once, or null.
    /// </summary>
    public async Task<string?> EnsureAdministratorAsync(string? configuredPassword, CancellationToken ct = default)
    {
        if (await db.Accounts.AnyAsync(ct))
        {
            return null;
        }

        try
        {
            var (_, password) = await CreateAsync(WriteContext.System("system"), "admin", "系统管理员", Roles.SystemAdmin, null,
                string.IsNullOrEmpty(configuredPassword) ? null : configuredPassword, ct);
            return string.IsNullOrEmpty(configuredPassword) ? password : null;
        }
        catch (Exception e) when (e is DomainException or DbUpdateException)
        {
            // Another process starting at the same time created the first account.
            if (await db.Accounts.AnyAsync(ct))
            {
                return null;
            }

            throw;
        }
    }

    private async Task<Account> FindAsync(string userName) =>
        await users.FindByNameAsync(userName) ?? throw new DomainException($"没有用户名为“{userName}”的账号。");

    /// <summary>20 characters from letters, digits and symbols (ambiguous ones left out): meets every password rule.</summary>
    public static string RandomPassword()
    {
        const string lower = "abcdefghijkmnpqrstuvwxyz", upper = "ABCDEFGHJKLMNPQRSTUVWXYZ", digits = "23456789", symbols = "!#$%&*+-=?@";
        var all = lower + upper + digits + symbols;
        var chars = new char[20];
        chars[0] = lower[RandomNumberGenerator.GetInt32(lower.Length)];
        chars[1] = upper[RandomNumberGenerator.GetInt32(upper.Length)];
        chars[2] = digits[RandomNumberGenerator.GetInt32(digits.Length)];
        chars[3] = symbols[RandomNumberGenerator.GetInt32(symbols.Length)];
        for (var i = 4; i < chars.Length; i++)
        {
            chars[i] = all[RandomNumberGenerator.GetInt32(all.Length)];
        }

        RandomNumberGenerator.Shuffle(chars.AsSpan());
        return new string(chars);
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new DomainException(string.Join("；", result.Errors.Select(e => e.Description)));
        }
    }
}
