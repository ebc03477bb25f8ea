using System.ComponentModel;
using System.Globalization;
using Counterpart.Data;
using Counterpart.Ledgers;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Counterpart.Cli;

public sealed class ImportCommand : AsyncCommand<ImportCommand.Settings>
{
    public sealed class Settings : DatabaseCommandSettings
    {
        [CommandArgument(0, "<FILE>")]
        [Description("An .xlsx or .csv file (UTF-8 or GBK) in the ledger's template.")]
        public string File { get; init; } = "";

        [CommandOption("--ledger <NAME>")]
        [Description("Which ledger the file is for, e.g. labor.")]
        public string Ledger { get; init; } = "";

        [CommandOption("--dry-run")]
        [Description("Check every row and report what would change; save nothing.")]
        public bool DryRun { get; init; }

        [CommandOption("--actor <NAME>")]
        public string Actor { get; init; } = Environment.UserName;

        [CommandOption("--errors <PATH>")]
        [Description("When the file is rejected, write it back here as a workbook with bad cells highlighted and an error column (default: <file>-错误.xlsx).")]
        public string? ErrorsPath { get; init; }

        public override ValidationResult Validate() => string.IsNullOrWhiteSpace(Ledger)
            ? ValidationResult.Error("请用 --ledger 指定台账，例如 --ledger labor。")
            : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (!File.Exists(settings.File))
        {
            AnsiConsole.MarkupLine($"[red]找不到文件：{Markup.Escape(settings.File)}[/]");
            return 2;
        }

        await using var services = CliHost.Build(settings);
        await services.InitializeDatabaseAsync(seedReferenceData: false, cancellationToken);
        await using var scope = services.CreateAsyncScope();
        var importer = scope.ServiceProvider.GetRequiredService<LedgerImporter>();
        await using var stream = File.OpenRead(settings.File);
        ImportReport report;
        try
        {
            var options = new ImportOptions(settings.Actor, settings.DryRun);
            var name = Path.GetFileName(settings.File);
            report = AnsiConsole.Profile.Capabilities.Interactive
                ? await AnsiConsole.Progress().AutoClear(true).Columns(new TaskDescriptionColumn(), new SpinnerColumn(), new ElapsedTimeColumn())
                    .StartAsync(async p =>
                    {
                        var task = p.AddTask("正在读取并检查…").IsIndeterminate();
                        var progress = new Progress<int>(n => task.Description = $"已读取 {n.ToString("N0", CultureInfo.InvariantCulture)} 行…");
                        return await importer.ImportAsync(stream, name, settings.Ledger, options, progress, cancellationToken);
                    })
                // Written to a log or a pipe: a plain line every 10,000 rows, as they are read.
                : await importer.ImportAsync(stream, name, settings.Ledger, options, new LineProgress(), cancellationToken);
        }
        catch (DomainException e)
        {
            AnsiConsole.MarkupLine($"[red]{Markup.Escape(e.Message)}[/]");
            return 2;
        }

        // After the commit, outside its transaction: the data-quality rules of this ledger over the batch's rows (warnings only).
        report = await scope.ServiceProvider.GetRequiredService<Counterpart.Quality.ImportQualityCheck>().CheckAsync(report, Scope.Everything, cancellationToken);
        ReportPrinter.Print(report);
        if (report.Status == ImportStatus.Rejected && report.Errors.Any(e => e.Row > 0))
        {
            var path = settings.ErrorsPath ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(settings.File))!, Path.GetFileNameWithoutExtension(settings.File) + "-错误.xlsx");
            await using (var output = File.Create(path))
            {
                await ErrorWorkbook.WriteAsync(stream, Path.GetFileName(settings.File), LedgerCatalog.Get(settings.Ledger), report, output, cancellationToken);
            }

            AnsiConsole.MarkupLine($"已把标出错误的文件写到：{Markup.Escape(path)}");
        }

        return report.Status == ImportStatus.Rejected ? 3 : 0;
    }
}

public sealed class UndoImportCommand : AsyncCommand<UndoImportCommand.Settings>
{
    public sealed class Settings : DatabaseCommandSettings
    {
        [CommandArgument(0, "<BATCH_ID>")]
        public long BatchId { get; init; }

        [CommandOption("--actor <NAME>")]
        public string Actor { get; init; } = Environment.UserName;
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        await using var services = CliHost.Build(settings);
        await services.CheckPersonalDataKeyAsync(cancellationToken);
        await using var scope = services.CreateAsyncScope();
        try
        {
            await scope.ServiceProvider.GetRequiredService<LedgerImporter>().UndoAsync(settings.BatchId, settings.Actor, cancellationToken);
        }
        catch (DomainException e)
        {
            AnsiConsole.MarkupLine($"[red]{Markup.Escape(e.Message)}[/]");
            return 2;
        }

        AnsiConsole.MarkupLine($"[green]导入 {settings.BatchId} 已整体撤销。[/]");
        return 0;
    }
}

public sealed class TemplateCommand : AsyncCommand<TemplateCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<LEDGER>")]
        public string Ledger { get; init; } = "";

        [CommandOption("--format <xlsx|csv>")]
        public string Format { get; init; } = "xlsx";

        [CommandOption("--output <PATH>")]
        [Description("Where to write; default: <ledger>-template.<format> in the current folder.")]
        public string? Output { get; init; }

        public override ValidationResult Validate() => Format is "xlsx" or "csv" ? ValidationResult.Success() : ValidationResult.Error("--format 只能是 xlsx 或 csv。");
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        LedgerDefinition ledger;
        try
        {
            ledger = LedgerCatalog.Get(settings.Ledger);
        }
        catch (DomainException e)
        {
            AnsiConsole.MarkupLine($"[red]{Markup.Escape(e.Message)}[/]");
            return 2;
        }

        var path = settings.Output ?? $"{ledger.Name}-template.{settings.Format}";
        await using (var file = File.Create(path))
        {
            await (settings.Format == "csv" ? TemplateWriter.WriteCsvAsync(ledger, file, cancellationToken) : TemplateWriter.WriteXlsxAsync(ledger, file, cancellationToken));
        }

        AnsiConsole.MarkupLine($"[green]已写出模板[/]：{Markup.Escape(Path.GetFullPath(path))}（{Markup.Escape(ledger.Title)}）");
        return 0;
    }
}

internal static class ReportPrinter
{
    public static void Print(ImportReport r)
    {
        var status = r.Status switch
        {
            ImportStatus.Committed => $"[green]已导入[/]（导入编号 {r.BatchId}，可用 undo-import {r.BatchId} 整体撤销）",
            ImportStatus.Validated => "[blue]检查通过（试运行，未保存任何数据）[/]",
            _ => "[red]未导入：文件有错误，整份文件未保存任何数据[/]",
        };
        AnsiConsole.MarkupLine($"{Markup.Escape(r.FileName)}：{status}");
        AnsiConsole.MarkupLine($"读取 {r.RowsRead} 行；新增 {r.Inserted}，更新 {r.Updated}，未变 {r.Unchanged}，有错 {r.Rejected}。");
        foreach (var notice in r.Notices)
        {
            AnsiConsole.MarkupLine($"[grey]提示：{Markup.Escape(notice)}[/]");
        }

        foreach (var group in r.ErrorsByKind)
        {
            var table = new Table().Title($"{Markup.Escape(group.Key)}（{group.Count()} 处）").AddColumn("行").AddColumn("列").AddColumn("填写的值").AddColumn("原因");
            foreach (var e in group.Take(50))
            {
                table.AddRow(e.Row.ToString(CultureInfo.InvariantCulture), Markup.Escape(e.Column), Markup.Escape(e.Value), Markup.Escape(e.Reason));
            }

            AnsiConsole.Write(table);
            if (group.Count() > 50)
            {
                AnsiConsole.MarkupLine($"[grey]……另有 {group.Count() - 50} 处同类错误。[/]");
            }
        }

        PrintQuality(r);
    }

    /// <summary>The data-quality check after a committed import: warnings, each with its rows; the import stands either way.</summary>
    private static void PrintQuality(ImportReport r)
    {
        if (r.Quality is not { } q)
        {
            return;
        }

        var years = string.Join("、", q.Years);
        if (!q.Completed)
        {
            AnsiConsole.MarkupLine($"[yellow]{Counterpart.Quality.ImportQuality.NotCompletedText}[/]：导入已保存，不受影响；请稍后重新检查（数据质量页 /quality，或 GET /api/v1/quality?year=…）。");
            return;
        }

        if (q.Violations.Count == 0)
        {
            AnsiConsole.MarkupLine(q.Years.Count == 0
                ? "[grey]数据质量检查：本次导入没有新增或更新按年度统计的记录，不需要检查。[/]"
                : $"[green]数据质量检查（{years} 年）：本次导入的记录没有发现问题。[/]");
            return;
        }

        AnsiConsole.MarkupLine($"[yellow]数据质量检查（{years} 年）：发现 {q.Violations.Count} 处需要核实的问题。[/]这是提醒，不是错误：数据已保存，不会因此撤销。");
        var table = new Table().AddColumn("序号").AddColumn("年度").AddColumn("重要程度").AddColumn("规则").AddColumn("问题").AddColumn("涉及记录");
        for (var i = 0; i < q.Violations.Count; i++)
        {
            var v = q.Violations[i];
            var rows = v.Violation.RowsLink is null
                ? "指标 " + v.Violation.RowKind.Replace("indicator:", "", StringComparison.Ordinal)
                : $"{v.Violation.RowIds.Count} 条（本次导入 {v.ImportedRowIds.Count} 条）";
            table.AddRow((i + 1).ToString(CultureInfo.InvariantCulture), v.Year.ToString(CultureInfo.InvariantCulture), Importance(v.Violation.Importance),
                Markup.Escape(v.Violation.RuleName), Markup.Escape(v.Violation.Message), Markup.Escape(rows));
        }

        AnsiConsole.Write(table);
        // Links on lines of their own, so that a narrow terminal does not break them.
        for (var i = 0; i < q.Violations.Count; i++)
        {
            var v = q.Violations[i];
            AnsiConsole.MarkupLine($"[grey]{i + 1}. {Markup.Escape(v.Violation.RowsLink ?? $"/quality?year={v.Year}")}[/]");
        }

        AnsiConsole.MarkupLine($"[grey]处理办法和全部检查结果见数据质量页：{string.Join("  ", q.Years.Select(y => $"/quality?year={y}"))}[/]");
    }

    private static string Importance(Counterpart.Quality.Importance importance) => importance switch
    {
        Counterpart.Quality.Importance.High => "高",
        Counterpart.Quality.Importance.Medium => "中",
        _ => "低",
    };
}

public sealed class ExportCommand : AsyncCommand<ExportCommand.Settings>
{
    public sealed class Settings : DatabaseCommandSettings
    {
        [CommandArgument(0, "<LEDGER>")]
        public string Ledger { get; init; } = "";

        [CommandOption("--output <PATH>")]
        public string? Output { get; init; }

        [CommandOption("--format <xlsx|csv>")]
        public string Format { get; init; } = "xlsx";

        [CommandOption("--org <CODE_OR_NAME>")]
        [Description("Only rows owned in this organization's subtree.")]
        public string? Org { get; init; }

        [CommandOption("--from <YEAR>")]
        public int From { get; init; } = 2000;

        [CommandOption("--to <YEAR>")]
        public int To { get; init; } = 2100;

        [CommandOption("--unmasked")]
        [Description("Include full ID and phone numbers (for re-import). Masked by default.")]
        public bool Unmasked { get; init; }

        public override ValidationResult Validate() => Format is "xlsx" or "csv" ? ValidationResult.Success() : ValidationResult.Error("--format 只能是 xlsx 或 csv。");
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        await using var services = CliHost.Build(settings);
        await services.CheckPersonalDataKeyAsync(cancellationToken);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CounterpartDbContext>();
        try
        {
            var rowsScope = settings.Org is { } org ? Scope.Of(await Organizations.OrganizationTree.ResolveAsync(db, org, cancellationToken)) : Scope.Everything;
            var path = settings.Output ?? $"{settings.Ledger}-export.{settings.Format}";
            int count;
            await using (var file = File.Create(path))
            {
                count = await scope.ServiceProvider.GetRequiredService<LedgerExporter>()
                    .ExportAsync(settings.Ledger, file, settings.Format == "csv", rowsScope, settings.From, settings.To, settings.Unmasked, WriteContext.System(Environment.UserName) with { From = "cli" }, cancellationToken);
            }

            AnsiConsole.MarkupLine($"[green]已导出 {count} 行[/]：{Markup.Escape(Path.GetFullPath(path))}{(settings.Unmasked ? "（含完整身份证号，请妥善保管）" : "（身份证号、电话已遮蔽）")}");
            return 0;
        }
        catch (DomainException e)
        {
            AnsiConsole.MarkupLine($"[red]{Markup.Escape(e.Message)}[/]");
            return 2;
        }
    }
}

/// <summary>Progress as plain lines (one per 10,000 rows read), for output that is not a terminal.</summary>
internal sealed class LineProgress : IProgress<int>
{
    private const int Every = 10_000;
    private readonly Lock gate = new();
    private int printed;

    public void Report(int value)
    {
        lock (gate)
        {
            if (value / Every > printed / Every)
            {
                printed = value;
                Console.WriteLine($"已读取 {value.ToString("N0", CultureInfo.InvariantCulture)} 行…");
            }
        }
    }
}
