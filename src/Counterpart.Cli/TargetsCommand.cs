using System.ComponentModel;
using System.Globalization;
using Counterpart.Agreements;
using Counterpart.Data;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Counterpart.Cli;

/// <summary>A pairing's yearly targets against the actuals, or the lagging targets of every agreement of a year.</summary>
public sealed class TargetsCommand : AsyncCommand<TargetsCommand.Settings>
{
    public sealed class Settings : DatabaseCommandSettings
    {
        [CommandOption("--pairing <EAST:WEST>")]
        [Description("The pairing, east side first (e.g. 440112:522726); without it, the lagging targets of every agreement of the year.")]
        public string? Pairing { get; init; }

        [CommandOption("--year <YEAR>")]
        [Description("The agreement year (default: this year).")]
        public int? Year { get; init; }

        [CommandOption("--approved-only")]
        [Description("Count only rows approved in review.")]
        public bool ApprovedOnly { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        await using var services = CliHost.Build(settings);
        await using var scope = services.CreateAsyncScope();
        var tracking = scope.ServiceProvider.GetRequiredService<TargetTracking>();
        var year = settings.Year ?? ChinaTime.Today(services.GetRequiredService<TimeProvider>()).Year;
        IReadOnlyList<TargetProgress> progress;
        try
        {
            progress = string.IsNullOrWhiteSpace(settings.Pairing)
                ? await tracking.LaggingAsync(year, Scope.Everything, settings.ApprovedOnly, cancellationToken)
                : await tracking.ForPairingAsync(settings.Pairing, year, Scope.Everything, settings.ApprovedOnly, cancellationToken);
        }
        catch (DomainException e)
        {
            AnsiConsole.MarkupLine($"[red]{Markup.Escape(e.Message)}[/]");
            return 2;
        }

        var title = string.IsNullOrWhiteSpace(settings.Pairing) ? $"{year} 年进度滞后的协议目标" : $"{settings.Pairing} {year} 年协议目标完成情况";
        var table = new Table().Title($"{Markup.Escape(title)}（{(settings.ApprovedOnly ? "仅含已审核数据" : "含未审核数据")}）")
            .AddColumn("结对").AddColumn("指标").AddColumn(new TableColumn("目标").RightAligned()).AddColumn(new TableColumn("完成").RightAligned())
            .AddColumn(new TableColumn("完成率").RightAligned()).AddColumn(new TableColumn("应完成").RightAligned()).AddColumn("状态");
        foreach (var p in progress)
        {
            table.AddRow(Markup.Escape(p.PairingTitle), Markup.Escape(p.Indicator.NameZh), $"{p.Target.ToString("#,0.##", CultureInfo.InvariantCulture)} {p.Indicator.Unit}",
                p.Actual is { } a ? a.ToString("#,0.##", CultureInfo.InvariantCulture) : "—", p.Completion is { } c ? c.ToString("P1", CultureInfo.InvariantCulture) : "—",
                p.Expected.ToString("P0", CultureInfo.InvariantCulture), TargetProgress.Label(p.Status));
        }

        AnsiConsole.Write(table);
        if (progress.Count == 0)
        {
            AnsiConsole.MarkupLine(string.IsNullOrWhiteSpace(settings.Pairing) ? "没有进度滞后的目标。" : "这一年没有登记协议目标。");
        }

        return 0;
    }
}
