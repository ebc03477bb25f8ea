using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Counterpart.Audit;

/// <summary>What an audit record records.</summary>
public enum AuditAction
{
    Created,
    Updated,
    Deleted,
    Imported,
    ImportUndone,
    Exported,
    Seeded,
    Login,
    LoginFailed,
    Logout,
    RoleChanged,
    SettingChanged,
    PersonalDataRevealed,
    Reviewed,
    ExportRequested,
    ExportDecided,

    /// <summary>A cross-check against another system's export (the file is not kept; the entry holds the counts).</summary>
    CrossChecked,

    /// <summary>A backup of the database was written (recorded in the database it copies, after the copy).</summary>
    BackedUp,

    /// <summary>The database was restored from a backup (recorded in the restored database, after the restore).</summary>
    Restored,
}

/// <summary>How the audit trail's actions read in Chinese.</summary>
public static class AuditActions
{
    public static string Label(AuditAction action) => action switch
    {
        AuditAction.Created => "新增",
        AuditAction.Updated => "修改",
        AuditAction.Deleted => "删除",
        AuditAction.Imported => "导入",
        AuditAction.ImportUndone => "撤销导入",
        AuditAction.Exported => "导出",
        AuditAction.Seeded => "载入参考数据",
        AuditAction.Login => "登录",
        AuditAction.LoginFailed => "登录失败",
        AuditAction.Logout => "退出",
        AuditAction.RoleChanged => "角色变更",
        AuditAction.SettingChanged => "设置变更",
        AuditAction.PersonalDataRevealed => "查看个人信息",
        AuditAction.Reviewed => "审核",
        AuditAction.ExportRequested => "申请未遮蔽导出",
        AuditAction.ExportDecided => "审批未遮蔽导出",
        AuditAction.CrossChecked => "比对",
        AuditAction.BackedUp => "备份数据库",
        AuditAction.Restored => "恢复数据库",
        _ => action.ToString(),
    };
}

/// <summary>
/// One entry of the audit trail: who (and from which organization and address) did what to which record, when, with the
/// values before and after (personal fields masked). Entries form a hash chain in <see cref="Seq"/> order: each
/// <see cref="Hash"/> covers the entry's content and the previous entry's hash, so changing or removing an entry breaks
/// every hash after it (<see cref="AuditTrail.VerifyAsync"/>). Written only in the transaction of the change it records;
/// the database refuses to update it, and to delete it before its retention period has passed.
/// </summary>
public sealed class AuditRecord
{
    public long Id { get; set; }

    /// <summary>Position in the chain, gapless from the first entry kept.</summary>
    public long Seq { get; set; }

    public DateTime AtUtc { get; set; }
    public required string Actor { get; set; }
    public long? ActorOrgId { get; set; }

    /// <summary>Where the request came from: an IP address, or "cli".</summary>
    public string? From { get; set; }

    public AuditAction Action { get; set; }
    public string? EntityType { get; set; }
    public long? EntityId { get; set; }
    public string? Before { get; set; }
    public string? After { get; set; }
    public string? Detail { get; set; }
    public string PreviousHash { get; set; } = "";
    public string Hash { get; set; } = "";
}

internal sealed class AuditRecordConfiguration : IEntityTypeConfiguration<AuditRecord>
{
    public void Configure(EntityTypeBuilder<AuditRecord> b)
    {
        b.HasIndex(a => a.Seq).IsUnique();
        b.HasIndex(a => a.AtUtc);
        b.HasIndex(a => new { a.EntityType, a.EntityId });
        b.Property(a => a.Actor).HasMaxLength(128);
        b.Property(a => a.From).HasMaxLength(64);
        b.Property(a => a.EntityType).HasMaxLength(64);
        b.Property(a => a.Detail).HasMaxLength(2000);
        b.Property(a => a.PreviousHash).HasMaxLength(64);
        b.Property(a => a.Hash).HasMaxLength(64);
    }
}
