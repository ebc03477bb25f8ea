using System.ComponentModel;
using Counterpart.Data;
using Counterpart.Reports;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Counterpart.Cli;

/// <summary>The settings of every report: a pairing, the years, approved rows only or all, the output file.</summary>
public sealed class ReportSettings : DatabaseCommandSettings
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
    [Description("Where to write the file (default: a Chinese file name in the current folder).")]
    public string? Output { get; init; }
}

/// <summary>Writes the review of a pairing over the years as a Word document.</summary>
public sealed class FiveYearReportCommand : AsyncCommand<ReportSettings>
{
    public override Task<int> ExecuteAsync(CommandContext context, ReportSettings settings, CancellationToken cancellationToken) =>
        ReportFiles.WriteAsync(settings, "五年工作总结.docx", (services, stream, to) => services.GetRequiredService<PairingReview>()
            .WriteAsync(settings.Pairing, settings.From, to, Scope.Everything, settings.ApprovedOnly, stream, cancellationToken), cancellationToken);
}

/// <summary>Writes the annual report of a pairing for the year given by --from.</summary>
public sealed class AnnualReportCommand : AsyncCommand<ReportSettings>
{
    public override Task<int> ExecuteAsync(CommandContext context, ReportSettings settings, CancellationToken cancellationToken) =>
        ReportFiles.WriteAsync(settings, $"{settings.From}年度工作报告.docx", (services, stream, _) => services.GetRequiredService<PairingReview>()
            .WriteAsync(settings.Pairing, settings.From, settings.From, Scope.Everything, settings.ApprovedOnly, stream, cancellationToken), cancellationToken);
}

/// <summary>Writes the statistical workbook of a pairing.</summary>
public sealed class TablesReportCommand : AsyncCommand<ReportSettings>
{
    public override Task<int> ExecuteAsync(CommandContext context, ReportSettings settings, CancellationToken cancellationToken) =>
        ReportFiles.WriteAsync(settings, "统计表.xlsx", (services, stream, to) => services.GetRequiredService<StatisticalTables>()
            .WriteAsync(settings.Pairing, settings.From, to, Scope.Everything, settings.ApprovedOnly, stream, cancellationToken), cancellationToken);
}

internal static class ReportFiles
{
    /// <summary>Writes a report to its file (only when it was written whole), or prints why not.</summary>
    public static async Task<int> WriteAsync(ReportSettings settings, string defaultName, Func<IServiceProvider, Stream, int, Task> write, CancellationToken cancellationToken)
    {
        await using var services = CliHost.Build(settings);
        await using var scope = services.CreateAsyncScope();
        var path = Path.GetFullPath(settings.Output ?? defaultName);
        var to = settings.To ?? settings.From + 4;
        try
        {
            await using var buffer = new MemoryStream();
            await write(scope.ServiceProvider, buffer, to);
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
