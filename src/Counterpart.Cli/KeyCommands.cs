using Counterpart.Data;
using Counterpart.People;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Counterpart.Cli;

/// <summary>
/// Replaces the personal-data key: every ID and phone number is re-encrypted and re-hashed under a new key in one
/// transaction, then the old key file is retired. Run with the web application stopped.
/// </summary>
public sealed class RotateKeyCommand : AsyncCommand<DatabaseCommandSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, DatabaseCommandSettings settings, CancellationToken cancellationToken)
    {
        await using var services = CliHost.Build(settings);
        await services.InitializeDatabaseAsync(seedReferenceData: false, cancellationToken);
        await using var scope = services.CreateAsyncScope();
        var source = services.GetRequiredService<PersonalDataKeySource>();
        try
        {
            var id = await PersonalDataKeys.RotateAsync(scope.ServiceProvider.GetRequiredService<CounterpartDbContext>(), source, Environment.UserName,
                services.GetRequiredService<TimeProvider>(), cancellationToken);
            AnsiConsole.MarkupLine($"[green]个人信息密钥已轮换[/]，新密钥编号 {id}，密钥文件 {Markup.Escape(source.KeyFile)}。");
            AnsiConsole.MarkupLine("旧密钥文件已改名为 *.retired-日期：用旧密钥做的备份过期后请销毁它；请立即把新密钥文件与数据库一起备份。");
            return 0;
        }
        catch (DomainException e)
        {
            AnsiConsole.MarkupLine($"[red]{Markup.Escape(e.Message)}[/]");
            return 1;
        }
    }
}
