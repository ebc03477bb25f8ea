using System.ComponentModel;
using Counterpart.Accounts;
using Counterpart.Data;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Counterpart.Cli;

public class UserSettings : DatabaseCommandSettings
{
    [CommandArgument(0, "<USER_NAME>")]
    [Description("The account's user name (letters, digits and - . _ @ +).")]
    public string UserName { get; init; } = "";
}

public sealed class CreateUserSettings : UserSettings
{
    [CommandOption("--role <ROLE>")]
    [Description("system-admin, security-admin, auditor, clerk, reviewer or viewer (or the Chinese name, e.g. 录入员).")]
    public string Role { get; init; } = "";

    [CommandOption("--org <CODE_OR_NAME>")]
    [Description("The organization the account belongs to; required for clerk, reviewer and viewer.")]
    public string? Org { get; init; }

    [CommandOption("--display <NAME>")]
    [Description("The name shown in pages and the audit trail, e.g. \"独山县乡村振兴局 王芳\".")]
    public string? Display { get; init; }
}

public sealed class GrantSettings : UserSettings
{
    [CommandOption("--role <ROLE>")]
    public string Role { get; init; } = "";
}

/// <summary>Account administration from the console of the server (its operator is the system itself in the audit trail).</summary>
internal static class UserCommand
{
    public static async Task<int> RunAsync(DatabaseCommandSettings settings, Func<AccountAdmin, WriteContext, CancellationToken, Task<string>> action, CancellationToken ct)
    {
        await using var services = CliHost.Build(settings);
        await services.InitializeDatabaseAsync(seedReferenceData: false, ct);
        await using var scope = services.CreateAsyncScope();
        var who = WriteContext.System("cli:" + Environment.UserName) with { From = "cli" };
        try
        {
            AnsiConsole.MarkupLine(await action(scope.ServiceProvider.GetRequiredService<AccountAdmin>(), who, ct));
            return 0;
        }
        catch (DomainException e)
        {
            AnsiConsole.MarkupLine($"[red]{Markup.Escape(e.Message)}[/]");
            return 2;
        }
    }
}

public sealed class CreateUserCommand : AsyncCommand<CreateUserSettings>
{
    public override Task<int> ExecuteAsync(CommandContext context, CreateUserSettings settings, CancellationToken cancellationToken) =>
        UserCommand.RunAsync(settings, async (admin, who, ct) =>
        {
            var (account, password) = await admin.CreateAsync(who, settings.UserName, settings.Display ?? "", settings.Role, settings.Org, null, ct);
            return $"[green]已创建账号[/] {Markup.Escape(account.UserName!)}。初始密码：[bold]{Markup.Escape(password)}[/]（只显示这一次，请转交本人并让其登录后修改）";
        }, cancellationToken);
}

public sealed class ResetPasswordCommand : AsyncCommand<UserSettings>
{
    public override Task<int> ExecuteAsync(CommandContext context, UserSettings settings, CancellationToken cancellationToken) =>
        UserCommand.RunAsync(settings, async (admin, who, ct) =>
        {
            var password = await admin.ResetPasswordAsync(who, settings.UserName, null, ct);
            return $"[green]已重置[/] {Markup.Escape(settings.UserName)} 的密码并结束其会话。新密码：[bold]{Markup.Escape(password)}[/]（只显示这一次）";
        }, cancellationToken);
}

public sealed class DisableUserCommand : AsyncCommand<UserSettings>
{
    public override Task<int> ExecuteAsync(CommandContext context, UserSettings settings, CancellationToken cancellationToken) =>
        UserCommand.RunAsync(settings, async (admin, who, ct) =>
        {
            await admin.SetDisabledAsync(who, settings.UserName, true, ct);
            return $"[green]已停用[/] {Markup.Escape(settings.UserName)}；其已登录的会话在一分钟内结束。";
        }, cancellationToken);
}

public sealed class EnableUserCommand : AsyncCommand<UserSettings>
{
    public override Task<int> ExecuteAsync(CommandContext context, UserSettings settings, CancellationToken cancellationToken) =>
        UserCommand.RunAsync(settings, async (admin, who, ct) =>
        {
            await admin.SetDisabledAsync(who, settings.UserName, false, ct);
            return $"[green]已启用[/] {Markup.Escape(settings.UserName)}。";
        }, cancellationToken);
}

public sealed class GrantRoleCommand : AsyncCommand<GrantSettings>
{
    public override Task<int> ExecuteAsync(CommandContext context, GrantSettings settings, CancellationToken cancellationToken) =>
        UserCommand.RunAsync(settings, async (admin, who, ct) =>
        {
            await admin.GrantAsync(who, settings.UserName, settings.Role, ct);
            return $"[green]已授予[/] {Markup.Escape(settings.UserName)} 角色 {Markup.Escape(Roles.NameZh(Roles.Parse(settings.Role)!))}。";
        }, cancellationToken);
}

public sealed class PermitSettings : UserSettings
{
    [CommandOption("--permission <PERMISSION>")]
    [Description("reveal-personal-data: may show one person's full ID and phone number, giving a reason (audited).")]
    public string Permission { get; init; } = "";
}

public sealed class PermitCommand : AsyncCommand<PermitSettings>
{
    public override Task<int> ExecuteAsync(CommandContext context, PermitSettings settings, CancellationToken cancellationToken) =>
        UserCommand.RunAsync(settings, async (admin, who, ct) =>
        {
            await admin.PermitAsync(who, settings.UserName, settings.Permission, ct);
            return $"[green]已授予[/] {Markup.Escape(settings.UserName)} 权限 {Markup.Escape(settings.Permission)}。";
        }, cancellationToken);
}
