using System.ComponentModel;
using Counterpart.Data;
using Counterpart.Reports;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Counterpart.Cli;

/// <summary>Writes the review of a pairing over the years as a Word document.</summary>
public sealed class FiveYearReportCommand : AsyncCommand<FiveYearReportCommand.Settings>
{
    public sealed class Settings : DatabaseCommandSettings
    {
        [CommandOption("--pairing <EAST:WEST>")]
        [Description("The pairing, east side first (e.g. 440112:522726).")]
        public string Pairing { get; init; } = "";

        [CommandOption("--from <YEAR>")]
        public int From { get; init; } = 2021;

        [CommandOption("--to <YEAR>")]
        public int? To { get; init; }

        [CommandOption("--approved-only")]
        [Description("Count only rows approved in review.")]
        public bool ApprovedOnly { get; init; }

        [CommandOption("--output <FILE>")]
        [Description("Where to write the .docx (default: 五年工作总结.docx in the current folder).")]
        public string? Output { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        await using var services = CliHost.Build(settings);
        await using var scope = services.CreateAsyncScope();
        var path = Path.GetFullPath(settings.Output ?? "五年工作总结.docx");
        var to = settings.To ?? settings.From + 4;
        try
        {
            await using var buffer = new MemoryStream();
            await scope.ServiceProvider.GetRequiredService<FiveYearReview>().WriteAsync(settings.Pairing, settings.From, to, Scope.Everything, settings.ApprovedOnly, buffer, cancellationToken);
            await File.WriteAllBytesAsync(path, buffer.ToArray(), cancellationToken);
        }
        catch (DomainException e)
        {
            AnsiConsole.MarkupLine($"[red]{Markup.Escape(e.Message)}[/]");
            return 2;
        }

        AnsiConsole.MarkupLine($"[green]已写出[/] {Markup.Escape(path)}");
        return 0;
    }
}
