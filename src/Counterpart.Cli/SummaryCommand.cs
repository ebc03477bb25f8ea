using System.ComponentModel;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Counterpart.Data;
using Counterpart.Indicators;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Counterpart.Cli;

public sealed class SummaryCommand : AsyncCommand<SummaryCommand.Settings>
{
    internal static readonly JsonSerializerOptions Json = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public sealed class Settings : DatabaseCommandSettings
    {
        [CommandOption("--pairing <EAST:WEST>")]
        [Description("The pairing, east side first, by administrative code or name, e.g. 440112:522726.")]
        public string? Pairing { get; init; }

        [CommandOption("--org <CODE_OR_NAME>")]
        [Description("An organization; its whole subtree is summed (e.g. 522700 for the prefecture).")]
        public string? Org { get; init; }

        [CommandOption("--from <YEAR>")]
        public int From { get; init; } = 2021;

        [CommandOption("--to <YEAR>")]
        public int? To { get; init; }

        [CommandOption("--format <table|json>")]
        public string Format { get; init; } = "table";

        [CommandOption("--approved-only")]
        [Description("Count only rows approved in review (default: every row, labelled 含未审核数据).")]
        public bool ApprovedOnly { get; init; }

        [CommandOption("--verify")]
        [Description("Recompute the indicator summaries from every ledger row and list where the stored ones differ (exit code 1).")]
        public bool Verify { get; init; }

        public override ValidationResult Validate()
        {
            if (Verify)
            {
                return ValidationResult.Success();
            }

            if (string.IsNullOrWhiteSpace(Pairing) == string.IsNullOrWhiteSpace(Org))
            {
                return ValidationResult.Error("请给出 --pairing 或 --org 之一（只能二选一）。");
            }

            return Format is "table" or "json" ? ValidationResult.Success() : ValidationResult.Error("--format 只能是 table 或 json。");
        }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        await using var services = CliHost.Build(settings);
        await using var scope = services.CreateAsyncScope();
        if (settings.Verify)
        {
            var differences = await Indicators.Facts.FactMaintainer.VerifyAsync(scope.ServiceProvider.GetRequiredService<CounterpartDbContext>(), cancellationToken);
            foreach (var difference in differences.Take(50))
            {
                Console.WriteLine(difference);
            }

            AnsiConsole.MarkupLine(differences.Count == 0 ? "[green]指标汇总与台账逐行重算的结果一致。[/]" : $"[red]指标汇总有 {differences.Count} 处与台账重算结果不一致。[/]");
            return differences.Count == 0 ? 0 : 1;
        }

        var indicators = scope.ServiceProvider.GetRequiredService<IndicatorService>();
        var to = settings.To ?? settings.From + 4;
        Summary summary;
        try
        {
            summary = !string.IsNullOrWhiteSpace(settings.Pairing)
                ? await indicators.ForPairingAsync(settings.Pairing, settings.From, to, Scope.Everything, settings.ApprovedOnly, cancellationToken)
                : await indicators.ForOrganizationAsync(settings.Org!, settings.From, to, Scope.Everything, settings.ApprovedOnly, cancellationToken);
        }
        catch (DomainException e)
        {
            AnsiConsole.MarkupLine($"[red]{Markup.Escape(e.Message)}[/]");
            return 2;
        }

        if (settings.Format == "json")
        {
            Console.WriteLine(SummaryJson.ToJson(summary).ToJsonString(Json));
            return 0;
        }

        var table = new Table().Title($"{Markup.Escape(summary.Title)}  {summary.FromYear}–{summary.ToYear}（{summary.CoverageLabel}）")
            .AddColumn("代码").AddColumn("指标").AddColumn(new TableColumn("数值").RightAligned()).AddColumn("按报告口径");
        foreach (var (indicator, measure) in summary.Results)
        {
            var value = measure.HasValue ? measure.Total.ToString("#,0.##", CultureInfo.InvariantCulture) + " " + indicator.Unit : FigureFormat.NoValue;
            table.AddRow(indicator.Code, Markup.Escape(indicator.NameZh), value, Markup.Escape(FigureFormat.Format(indicator, measure)));
        }

        AnsiConsole.Write(table);
        return 0;
    }
}
