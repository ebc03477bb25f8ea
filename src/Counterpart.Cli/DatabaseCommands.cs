using Counterpart.Data;
using Counterpart.People;
using Counterpart.ReferenceData;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Counterpart.Cli;

public sealed class MigrateCommand : AsyncCommand<DatabaseCommandSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, DatabaseCommandSettings settings, CancellationToken cancellationToken)
    {
        await using var services = CliHost.Build(settings);
        await services.InitializeDatabaseAsync(seedReferenceData: false, cancellationToken);
        AnsiConsole.MarkupLine($"[green]数据库已是最新结构[/]：{Markup.Escape(services.GetRequiredService<DatabaseSettings>().Describe())}");
        return 0;
    }
}

public sealed class SeedReferenceCommand : AsyncCommand<DatabaseCommandSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, DatabaseCommandSettings settings, CancellationToken cancellationToken)
    {
        await using var services = CliHost.Build(settings);
        await services.InitializeDatabaseAsync(seedReferenceData: false, cancellationToken);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CounterpartDbContext>();
        if (await db.Organizations.AnyAsync(cancellationToken))
        {
            AnsiConsole.MarkupLine("[yellow]数据库中已有数据，未载入参考数据集。[/]参考数据集只载入空数据库。");
            return 1;
        }

        var protector = scope.ServiceProvider.GetRequiredService<PersonalDataProtector>();
        await AnsiConsole.Status().StartAsync("正在生成并载入参考数据集（黄埔区 → 独山县，2021–2025）…", _ =>
            ReferenceDataset.LoadAsync(db, protector, cancellationToken));
        AnsiConsole.MarkupLine("[green]参考数据集已载入。[/]");
        return 0;
    }
}
