using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Counterpart.Audit;
using Counterpart.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Counterpart.Accounts;

/// <summary>What a personal access token may do: read within the account's scope, or also import.</summary>
public enum TokenScope
{
    Read,
    ReadWrite,
}

/// <summary>
/// A personal access token for an integration (a provincial platform pulling figures, a script uploading files). Only a
/// SHA-256 hash is stored; the token itself is shown once. It acts as its account — same organization, same roles, at
/// most the token's scope — until it expires or is revoked, and stops when the account is disabled or locked.
/// </summary>
public sealed class AccessToken
{
    public long Id { get; set; }
    public long AccountId { get; set; }
    public Account? Account { get; set; }
    public required string Name { get; set; }

    /// <summary>The first characters, to tell tokens apart in lists and logs (never enough to use).</summary>
    public required string Prefix { get; set; }

    public required string Hash { get; set; }
    public TokenScope Scope { get; set; }
    public DateTime CreatedAtUtc { get; set; }
    public DateTime ExpiresAtUtc { get; set; }
    public DateTime? RevokedAtUtc { get; set; }
}

internal sealed class AccessTokenConfiguration : IEntityTypeConfiguration<AccessToken>
{
    public void Configure(EntityTypeBuilder<AccessToken> b)
    {
        b.Property(t => t.Name).HasMaxLength(64);
        b.Property(t => t.Prefix).HasMaxLength(12);
        b.Property(t => t.Hash).HasMaxLength(64);
        b.HasIndex(t => t.Hash).IsUnique();
        b.HasOne(t => t.Account).WithMany().HasForeignKey(t => t.AccountId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>Issuing, listing and revoking tokens, each in a write with its audit entry.</summary>
public sealed class AccessTokenService(CounterpartDbContext db, TimeProvider clock)
{
    public const string TokenPrefix = "cpt_";
    public const int MaxDays = 366;

    /// <summary>Issues a token for the account; returns it (shown once) and its stored record.</summary>
    public async Task<(string Token, AccessToken Record)> IssueAsync(WriteContext who, long accountId, string name, TokenScope scope, int days, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(who);
        if (string.IsNullOrWhiteSpace(name) || name.Length > 64)
        {
            throw new DomainException("请为令牌起一个名称（不超过 64 个字符），例如“省平台数据同步”。");
        }

        if (days is < 1 or > MaxDays)
        {
            throw new DomainException($"令牌有效期须为 1—{MaxDays} 天，不能是 {days} 天。");
        }

        var token = TokenPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow().UtcDateTime;
        var record = new AccessToken
        {
            AccountId = accountId, Name = name.Trim(), Prefix = token[..12], Hash = HashOf(token), Scope = scope, CreatedAtUtc = now, ExpiresAtUtc = now.AddDays(days),
        };
        await new LedgerWriter(db).WriteAsync(who, (d, _) =>
        {
            d.Add(record);
            AuditTrail.Add(d, AuditAction.SettingChanged, nameof(AccessToken), null, $"签发访问令牌“{record.Name}”（{record.Prefix}…，{(scope == TokenScope.Read ? "只读" : "读写")}，{days} 天）");
            return Task.CompletedTask;
        }, ct);
        return (token, record);
    }

    public Task<List<AccessToken>> ListAsync(long accountId, CancellationToken ct = default) =>
        db.AccessTokens.Where(t => t.AccountId == accountId).OrderByDescending(t => t.Id).ToListAsync(ct);

    /// <summary>Revokes one of the account's tokens; false when it has no such token.</summary>
    public async Task<bool> RevokeAsync(WriteContext who, long accountId, long tokenId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(who);
        var token = await db.AccessTokens.SingleOrDefaultAsync(t => t.Id == tokenId && t.AccountId == accountId, ct);
        if (token is null)
        {
            return false;
        }

        await new LedgerWriter(db).WriteAsync(who, (d, _) =>
        {
            token.RevokedAtUtc ??= clock.GetUtcNow().UtcDateTime;
            d.Update(token);
            AuditTrail.Add(d, AuditAction.SettingChanged, nameof(AccessToken), token.Id, $"吊销访问令牌“{token.Name}”（{token.Prefix}…）");
            return Task.CompletedTask;
        }, ct);
        return true;
    }

    internal static string HashOf(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>
/// Authenticates "Authorization: Bearer cpt_…" requests as the token's account, with the account's claims narrowed to the
/// token's scope (a read-only token of a clerk reads like a viewer).
/// </summary>
internal sealed class AccessTokenHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    CounterpartDbContext db, IUserClaimsPrincipalFactory<Account> principals, TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "AccessToken";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer " + AccessTokenService.TokenPrefix, StringComparison.Ordinal))
        {
            return AuthenticateResult.NoResult();
        }

        var hash = AccessTokenService.HashOf(header["Bearer ".Length..].Trim());
        var now = clock.GetUtcNow().UtcDateTime;
        var token = await db.AccessTokens.Include(t => t.Account).SingleOrDefaultAsync(t => t.Hash == hash);
        if (token?.Account is not { } account || token.RevokedAtUtc is not null || token.ExpiresAtUtc <= now || account.Disabled
            || (account.LockoutEnd is { } end && end > clock.GetUtcNow()))
        {
            return AuthenticateResult.Fail("访问令牌无效、已过期或已吊销。");
        }

        var principal = await principals.CreateAsync(account);
        var identity = (ClaimsIdentity)principal.Identity!;
        foreach (var role in identity.FindAll(identity.RoleClaimType).ToList())
        {
            // Administrators never act through tokens; a read-only token keeps only reading.
            if (Roles.Administrators.Contains(role.Value) || (token.Scope == TokenScope.Read && role.Value != Roles.Viewer))
            {
                identity.RemoveClaim(role);
            }
        }

        if (token.Scope == TokenScope.Read && Roles.DataReaders.Any(r => principal.IsInRole(r)) is false && account.OrganizationId is not null)
        {
            identity.AddClaim(new Claim(identity.RoleClaimType, Roles.Viewer));
        }

        identity.AddClaim(new Claim("amr", "token"));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }
}
