using Counterpart.Organizations;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Counterpart.Accounts;

/// <summary>
/// A person who signs in. Every account of a data role (clerk, reviewer, viewer) belongs to one organization, whose
/// subtree is all it may read or write; the three administrator roles work on the system, not on its data, and may
/// belong to none.
/// </summary>
public sealed class Account : IdentityUser<long>
{
    public long? OrganizationId { get; set; }
    public Organization? Organization { get; set; }

    /// <summary>The name shown in the interface and the audit trail (e.g. 独山县乡村振兴局 王芳).</summary>
    public string DisplayName { get; set; } = "";

    /// <summary>A disabled account cannot sign in, and its open sessions end at their next check.</summary>
    public bool Disabled { get; set; }

    public DateTime CreatedAtUtc { get; set; }
}

/// <summary>The roles of Counterpart. An account holds at most one of the three administrator roles.</summary>
public static class Roles
{
    public const string SystemAdmin = "system-admin";
    public const string SecurityAdmin = "security-admin";
    public const string Auditor = "auditor";
    public const string Clerk = "clerk";
    public const string Reviewer = "reviewer";
    public const string Viewer = "viewer";

    public static IReadOnlyList<string> All { get; } = [SystemAdmin, SecurityAdmin, Auditor, Clerk, Reviewer, Viewer];

    /// <summary>The three administrators kept apart (三员分立): no account holds two of them.</summary>
    public static IReadOnlyList<string> Administrators { get; } = [SystemAdmin, SecurityAdmin, Auditor];

    /// <summary>Roles that read ledger data within the account's organization subtree.</summary>
    public static IReadOnlyList<string> DataReaders { get; } = [Clerk, Reviewer, Viewer];

    public static string NameZh(string role) => role switch
    {
        SystemAdmin => "系统管理员",
        SecurityAdmin => "安全管理员",
        Auditor => "安全审计员",
        Clerk => "录入员",
        Reviewer => "审核员",
        Viewer => "查阅员",
        _ => role,
    };

    /// <summary>Accepts a role by its code or its Chinese name.</summary>
    public static string? Parse(string text) =>
        All.FirstOrDefault(r => string.Equals(r, text?.Trim(), StringComparison.OrdinalIgnoreCase) || NameZh(r) == text?.Trim());
}

internal sealed class AccountConfiguration : IEntityTypeConfiguration<Account>
{
    public void Configure(EntityTypeBuilder<Account> b)
    {
        b.Property(a => a.DisplayName).HasMaxLength(64);
        b.HasOne(a => a.Organization).WithMany().HasForeignKey(a => a.OrganizationId).OnDelete(DeleteBehavior.Restrict);
    }
}
