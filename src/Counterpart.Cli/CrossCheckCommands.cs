using System.ComponentModel;
using System.Globalization;
using Counterpart.Data;
using Counterpart.Monitoring;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Counterpart.Cli;

/// <summary>Cross-checks the registry against an export of the national monitoring system; prints the summary, writes the workbook.</summary>
public sealed class CrossCheckMonitoringCommand : AsyncCommand<CrossCheckMonitoringCommand.Settings>
{
    public sealed class Settings : DatabaseCommandSettings
    {
        [CommandArgument(0, "<FILE>")]
        [Description("The export of 防返贫监测信息系统 (.xlsx: one sheet of members, or households + members; or .csv of members).")]
        public string File { get; init; } = "";

        [CommandOption("--org <CODE_OR_NAME>")]
        [Description("Only the registry of this organization's subtree (default: everything).")]
        public string? Org { get; init; }

        [CommandOption("--year <YEAR>")]
        [Description("Only employment records (and the figure effect) of this year.")]
        public int? Year { get; init; }

        [CommandOption("--output <PATH>")]
        [Description("Write the result as a workbook (mismatches with masked ID numbers, bad rows, persons not in the registry).")]
        public string? Output { get; init; }

        [CommandOption("--actor <NAME>")]
        public string Actor { get; init; } = Environment.UserName;
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (!File.Exists(settings.File))
        {
            AnsiConsole.MarkupLine($"[red]找不到文件：{Markup.Escape(settings.File)}[/]");
            return 2;
        }

        await using var services = CliHost.Build(settings);
        await services.CheckPersonalDataKeyAsync(cancellationToken);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CounterpartDbContext>();
        CrossCheckResult result;
        try
        {
            var registry = settings.Org is { } org ? Scope.Of(await Organizations.OrganizationTree.ResolveAsync(db, org, cancellationToken)) : Scope.Everything;
            result = await scope.ServiceProvider.GetRequiredService<MonitoringCrossCheck>()
                .RunAsync(settings.File, registry, settings.Year, WriteContext.System(settings.Actor) with { From = "cli" }, cancellationToken);
        }
        catch (DomainException e)
        {
            AnsiConsole.MarkupLine($"[red]{Markup.Escape(e.Message)}[/]");
            return 2;
        }

        Print(result);
        if (settings.Output is { } output)
        {
            await using (var file = File.Create(output))
            {
                await CrossCheckWorkbook.WriteAsync(result, file, cancellationToken);
            }

            AnsiConsole.MarkupLine($"[green]已写出比对结果[/]：{Markup.Escape(Path.GetFullPath(output))}（证件号码已遮蔽）");
        }

        return 0;
    }

    private static void Print(CrossCheckResult result)
    {
        var summary = new Table().Title("与国家防返贫监测系统比对").AddColumn("项目").AddColumn("结果");
        foreach (var (label, value) in CrossCheckWorkbook.Summary(result))
        {
            summary.AddRow(Markup.Escape(label), Markup.Escape(value));
        }

        AnsiConsole.Write(summary);
        AnsiConsole.MarkupLine(Markup.Escape(result.CoverageNote));
        foreach (var effect in result.FigureEffects)
        {
            AnsiConsole.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                $"{effect.Year} 年“其中：脱贫劳动力”：将减少 {effect.Decrease} 人，增加 {effect.Increase} 人，净变化 {effect.Net:+0;-0;0} 人")));
        }

        foreach (var notice in result.Notices)
        {
            AnsiConsole.MarkupLine($"[grey]提示：{Markup.Escape(notice)}[/]");
        }

        if (result.Mismatches.Count > 0)
        {
            var table = new Table().Title($"不一致（前 50 处，共 {result.Mismatches.Count} 处）").AddColumn("类型").AddColumn("证件号码").AddColumn("姓名")
                .AddColumn("我方").AddColumn("监测系统").AddColumn("就业记录");
            foreach (var m in result.Mismatches.Take(50))
            {
                table.AddRow(Markup.Escape(m.KindLabel), m.MaskedId, Markup.Escape(m.Name), Markup.Escape(m.Ours), Markup.Escape(m.Theirs),
                    string.Join(",", m.Employment.Select(j => j.Id.ToString(CultureInfo.InvariantCulture))));
            }

            AnsiConsole.Write(table);
        }

        if (result.Errors.Count > 0)
        {
            var table = new Table().Title($"文件中有误的行（前 50 处，共 {result.Errors.Count} 处）").AddColumn("工作表").AddColumn("行").AddColumn("列").AddColumn("填写的值").AddColumn("原因");
            foreach (var e in result.Errors.Take(50))
            {
                table.AddRow(Markup.Escape(e.Sheet), e.Row.ToString(CultureInfo.InvariantCulture), Markup.Escape(e.Column), Markup.Escape(e.Value), Markup.Escape(e.Reason));
            }

            AnsiConsole.Write(table);
        }
    }
}
