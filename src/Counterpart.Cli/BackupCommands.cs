using System.ComponentModel;
using System.Globalization;
using Counterpart.Data;
using Counterpart.Operations;
using Counterpart.People;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Counterpart.Cli;

public sealed class BackupSettings : DatabaseCommandSettings
{
    [CommandArgument(0, "<FILE>")]
    [Description("The backup file to write (SQLite: a database file; PostgreSQL: a pg_dump custom-format archive). An existing file is never overwritten.")]
    public required string File { get; init; }
}

public sealed class RestoreSettings : DatabaseCommandSettings
{
    [CommandArgument(0, "<FILE>")]
    [Description("The backup file to restore from.")]
    public required string File { get; init; }

    [CommandOption("--replace")]
    [Description("Replace a database that holds data (the old one is set aside first: a copy beside the SQLite file, or a renamed PostgreSQL database).")]
    public bool Replace { get; init; }
}

/// <summary>A consistent copy of the whole database, while the site runs; the personal-data key is not in it (ADR 17).</summary>
public sealed class BackupCommand : AsyncCommand<BackupSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, BackupSettings settings, CancellationToken cancellationToken)
    {
        await using var services = CliHost.Build(settings);
        var result = await DatabaseBackup.BackupAsync(services, settings.File, Environment.UserName, cancellationToken);
        var keys = services.GetRequiredService<PersonalDataKeySource>();
        AnsiConsole.MarkupLine("[green]" + Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"已备份 {result.Database} → {result.File}（{result.Bytes:N0} 字节，SHA-256 {result.Sha256}），含审计记录至第 {result.Contents.LastAuditSeq} 条。")) + "[/]");
        AnsiConsole.MarkupLine(Markup.Escape(KeyNotice(result.Contents.KeyId, keys)));
        return 0;
    }

    /// <summary>Where the key is and that it must be kept apart from the backup — and a warning when the key at hand is not the backup's.</summary>
    internal static string KeyNotice(string? keyId, PersonalDataKeySource keys)
    {
        var where = keys.ConfiguredKey is not null ? "配置项 Counterpart:PersonalDataKey" : $"密钥文件 {keys.KeyFile}";
        if (keyId is null)
        {
            return "数据库尚未记录个人信息密钥（还没有加密过任何号码）。";
        }

        var current = PersonalDataKeys.ExistingKeyId(keys);
        var notice = $"个人信息密钥不在备份文件中：备份中的身份证号和电话用密钥 {keyId} 加密，密钥见{where}。请把密钥另行备份、与备份文件分开保存；没有它，这份备份中的号码无法读取。";
        return current == keyId ? notice : notice + $"\n注意：{where} 现在的密钥是 {current ?? "（不存在）"}，不是这份备份的密钥 {keyId}——请找到并保存与备份配套的密钥。";
    }
}

/// <summary>Replaces the database with a backup's contents; only with the site stopped, and only under the backup's key.</summary>
public sealed class RestoreCommand : AsyncCommand<RestoreSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, RestoreSettings settings, CancellationToken cancellationToken)
    {
        await using var services = CliHost.Build(settings);
        var result = await DatabaseBackup.RestoreAsync(services, settings.File, settings.Replace, Environment.UserName, cancellationToken);
        AnsiConsole.MarkupLine("[green]" + Markup.Escape($"已从 {result.File}（SHA-256 {result.Sha256}）恢复 {result.Database}。") + "[/]");
        if (result.SetAside is not null)
        {
            AnsiConsole.MarkupLine(Markup.Escape($"原数据库已另存为 {result.SetAside}；确认恢复无误后可删除它。"));
        }

        if (!result.Chain.Intact)
        {
            AnsiConsole.MarkupLine("[red]" + Markup.Escape($"审计链校验不通过：{result.Chain.Problem}") + "[/]");
            return 1;
        }

        AnsiConsole.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"审计链完整：共 {result.Chain.Checked} 条记录，最后一条记录了本次恢复。个人信息密钥 {result.KeyId ?? "（备份中未记录）"} 与数据库一致。")));
        AnsiConsole.MarkupLine("现在可以启动网站。");
        return 0;
    }
}
