using System.Globalization;
using Counterpart.Data;
using Counterpart.Evaluation;
using Counterpart.Indicators;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Microsoft.Extensions.Logging;

namespace Counterpart.Reports;

/// <summary>
/// The review of a pairing as a Word document, written from the figures: over several years (the five-year review) or
/// for one year (the annual report, which adds the year's agreement targets against the actuals). A summary paragraph,
/// one section per area with a sentence of its own and a table by year, the evaluation results, and how the figures
/// were counted. Every figure is the indicator computed from the ledgers — nothing is typed in. Charts (<see cref="ReportCharts"/>)
/// go with the sections they illustrate: money and persons by year in the review, completion of the targets in the annual
/// report; without a Chinese font they are left out and the log says why.
/// </summary>
public sealed class PairingReview(IndicatorService indicators, EvaluationViews evaluation, Agreements.TargetTracking targets, ReportCharts charts,
    TimeProvider clock, ILogger<PairingReview> logger)
{
    /// <summary>The areas of the review and the indicators each reports; every catalog indicator is in one of them.</summary>
    public static IReadOnlyList<(string Title, string[] Codes)> Sections { get; } =
    [
        ("财政援助与项目建设", ["fiscal_aid", "projects", "relocation_support"]),
        ("产业协作", ["enterprises_landed", "enterprise_investment", "enterprise_jobs", "enterprise_jobs_lifted", "parks", "park_investment"]),
        ("消费帮扶", ["consumption_sales"]),
        ("劳务协作", ["labor_transferred", "labor_transferred_lifted", "labor_trainings", "labor_trainees"]),
        ("教育和医疗帮扶", ["school_pairs_east", "school_pairs_west", "education_trainings", "education_trainees", "teachers_sent", "teachers_received",
            "hospital_pairs_east", "hospital_pairs_west"]),
        ("社会力量参与", ["agency_village_pairs_east", "agency_village_pairs_west", "social_org_pairs", "donations"]),
        ("干部人才交流", ["cadres_sent", "cadres_received", "professionals_sent", "professionals_received"]),
        ("考核评价", ["evaluation_findings"]),
    ];

    /// <summary>宋体 for Chinese (what offices' Word has; LibreOffice substitutes a CJK serif), Times New Roman for digits and Latin.</summary>
    private const string ChineseFont = "宋体";

    private const string LatinFont = "Times New Roman";

    public async Task WriteAsync(string pairingSpec, int fromYear, int toYear, Scope scope, bool approvedOnly, Stream output, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        var summary = await indicators.ForPairingAsync(pairingSpec, fromYear, toYear, scope, approvedOnly, ct);
        var years = new List<EvaluationYear>();
        for (var year = fromYear; year <= toYear; year++)
        {
            years.Add(await evaluation.ForPairingAsync(pairingSpec, year, scope, ct));
        }

        using var document = WordprocessingDocument.Create(output, WordprocessingDocumentType.Document);
        var main = document.AddMainDocumentPart();
        AddStyles(main);
        var body = new Body();
        main.Document = new Document(body);
        var (east, west) = SidesOf(summary.Title);
        if (!charts.Available)
        {
            logger.LogWarning("The report of {Pairing} is written without charts: {Reason}", pairingSpec, charts.UnavailableReason);
        }

        var figures = new Figures(main, charts.Available ? charts : null);

        var annual = fromYear == toYear;
        body.Append(Paragraph(annual ? $"{east}—{west}东西部协作{fromYear}年度工作报告" : $"{east}—{west}东西部协作{fromYear}—{toYear}年工作总结", "Title"));
        body.Append(Paragraph($"（{summary.CoverageLabel}；各项数字由台账逐条计算，生成于 {ChinaTime.Today(clock):yyyy年M月d日}）", "Subtitle"));
        body.Append(Paragraph(Overview(summary, east, west), null));
        if (!annual)
        {
            body.Append(figures.Columns(MoneyChart(summary)));
        }

        var number = 0;
        if (annual)
        {
            number++;
            body.Append(Paragraph($"{Chinese(number)}、协议目标完成情况", "Heading1"));
            var progress = await targets.ForPairingAsync(pairingSpec, fromYear, scope, approvedOnly, ct);
            body.Append(Paragraph(progress.Count == 0
                ? $"{fromYear}年没有登记年度协议目标。"
                : $"{fromYear}年度协议共{progress.Count}项目标，其中{progress.Count(p => p.Status == Agreements.TargetStatus.OnTrack)}项进度正常。", null));
            if (progress.Count > 0)
            {
                body.Append(figures.Completion(CompletionChart(progress, fromYear)));
                body.Append(TargetTable(progress));
            }
        }

        foreach (var (title, codes) in Sections)
        {
            number++;
            body.Append(Paragraph($"{Chinese(number)}、{title}", "Heading1"));
            var results = codes.Select(code => summary.Results.Single(r => r.Indicator.Code == code)).ToList();
            body.Append(Paragraph(SectionText(title, results, years, fromYear, toYear), null));
            if (!annual && title == "劳务协作")
            {
                body.Append(figures.Columns(LaborChart(summary)));
            }

            body.Append(Table(results, fromYear, toYear));
        }

        body.Append(Paragraph($"{Chinese(number + 1)}、计数口径", "Heading1"));
        foreach (var (indicator, _) in summary.Results)
        {
            body.Append(Paragraph($"{indicator.NameZh}：{indicator.RuleZh}", "Small"));
        }

        body.Append(new SectionProperties(new PageSize { Width = 11906, Height = 16838 }, new PageMargin { Top = 1440, Bottom = 1440, Left = 1588, Right = 1474 }));
        main.Document.Save();
    }

    /// <summary>The money that went in, by year: fiscal aid, investment of the enterprises guided west, consumption assistance.</summary>
    private static ColumnChart MoneyChart(Summary s)
    {
        (string Code, string Name)[] series = [("fiscal_aid", "财政援助资金"), ("enterprise_investment", "引导企业新增投资"), ("consumption_sales", "消费帮扶")];
        var years = Enumerable.Range(s.FromYear, s.ToYear - s.FromYear + 1).ToList();
        var values = series.Select(x => (x.Name, Values: ByYear(s, x.Code, years))).ToList();
        // 亿元 from 1亿 a year up, as the text prints large sums; 万元 below.
        var inYi = values.SelectMany(v => v.Values).Any(v => v >= 10000m);
        var divisor = inYi ? 10000m : 1m;
        return new ColumnChart($"{Period(s.FromYear, s.ToYear)}资金投入和消费帮扶情况", "金额", inYi ? "亿元" : "万元",
            [.. years.Select(y => $"{y}年")],
            [.. values.Select(v => new ChartSeries(v.Name, [.. v.Values.Select(x => x is { } m ? Math.Round(m / divisor, 2, MidpointRounding.AwayFromZero) : (decimal?)null)]))],
            Decimals: inYi ? 2 : 0);
    }

    /// <summary>Rural laborers helped into jobs by year, and of them the poverty-alleviated.</summary>
    private static ColumnChart LaborChart(Summary s)
    {
        var years = Enumerable.Range(s.FromYear, s.ToYear - s.FromYear + 1).ToList();
        return new ColumnChart($"{Period(s.FromYear, s.ToYear)}农村劳动力转移就业情况", "人数", "人", [.. years.Select(y => $"{y}年")],
            [new ChartSeries("转移就业", ByYear(s, "labor_transferred", years)), new ChartSeries("其中脱贫劳动力", ByYear(s, "labor_transferred_lifted", years))]);
    }

    private static List<decimal?> ByYear(Summary s, string code, List<int> years)
    {
        var measure = s.Results.Single(r => r.Indicator.Code == code).Measure;
        return [.. years.Select(y => measure.HasValue && measure.ByYear.TryGetValue(y, out var v) ? v : (decimal?)null)];
    }

    private static CompletionChart CompletionChart(IReadOnlyList<Agreements.TargetProgress> progress, int year) =>
        new($"{year}年度协议目标完成率", [.. progress.Select(p => new CompletionBar(p.Indicator.NameZh, p.Completion is { } c ? Math.Round(c * 100, 1, MidpointRounding.AwayFromZero) : null,
                Agreements.TargetProgress.Label(p.Status), p.Status switch
                {
                    Agreements.TargetStatus.OnTrack => ChartTone.Good,
                    Agreements.TargetStatus.Lagging => ChartTone.Warning,
                    _ => ChartTone.Bad,
                }))],
            progress.Count > 0 ? Math.Round(progress.Max(p => p.Expected) * 100, 0, MidpointRounding.AwayFromZero) : null);

    /// <summary>The opening paragraph: the headline figures in one breath.</summary>
    private static string Overview(Summary s, string east, string west) =>
        $"{Period(s.FromYear, s.ToYear)}，{east}与{west}围绕巩固拓展脱贫攻坚成果、推进乡村振兴开展结对协作。"
        + $"{(s.FromYear == s.ToYear ? "全年" : "期间")}到位财政援助资金{F(s, "fiscal_aid")}，实施帮扶项目{F(s, "projects")}；引导{F(s, "enterprises_landed")}东部企业落地，新增投资{F(s, "enterprise_investment")}；"
        + $"采购和帮助销售农特产品{F(s, "consumption_sales")}；帮助{F(s, "labor_transferred")}农村劳动力转移就业，其中脱贫劳动力{F(s, "labor_transferred_lifted")}。";

    /// <summary>One sentence per area, naming every figure of the area in the report's units.</summary>
    private static string SectionText(string title, List<IndicatorResult> results, List<EvaluationYear> years, int from, int to)
    {
        if (title == "考核评价")
        {
            var proved = years.Where(y => y.ZeroFindings.Proved == true).Select(y => y.Year).ToList();
            var findings = results[0];
            var zero = proved.Count == to - from + 1 ? (from == to ? $"{from}年为零问题反馈" : $"{from}—{to}年每年均为零问题反馈")
                : proved.Count > 0 ? $"{string.Join("、", proved)}年为零问题反馈" : "";
            return $"国家考核评价反馈问题合计{FigureFormat.Format(findings.Indicator, findings.Measure)}" + (zero.Length > 0 ? $"，{zero}。" : "。");
        }

        var parts = results.Select(r => $"{r.Indicator.NameZh.Replace("其中：", "其中", StringComparison.Ordinal)}{FigureFormat.Format(r.Indicator, r.Measure)}");
        return $"{Period(from, to)}，{string.Join("；", parts)}。";
    }

    private static string Period(int from, int to) => from == to ? $"{from}年" : $"{from}—{to}年";

    /// <summary>The year's targets against the actuals: target, actual, completion, status.</summary>
    private static Table TargetTable(IReadOnlyList<Agreements.TargetProgress> progress)
    {
        int[] widths = [2600, 1500, 1500, 1400, 1840];
        var table = NewTable(widths);
        table.Append(new TableRow(Cell("指标", bold: true), Cell("目标", bold: true), Cell("完成", bold: true), Cell("完成率", bold: true), Cell("状态", bold: true)));
        foreach (var p in progress)
        {
            table.Append(new TableRow(Cell(p.Indicator.NameZh), Cell(FigureFormat.Format(p.Indicator, p.Target), right: true),
                Cell(p.Actual is { } a ? FigureFormat.Format(p.Indicator, a) : FigureFormat.NoValue, right: true),
                Cell(p.Completion is { } c ? (c * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : FigureFormat.NoValue, right: true),
                Cell(Agreements.TargetProgress.Label(p.Status))));
        }

        return table;
    }

    private static Table Table(List<IndicatorResult> results, int from, int to)
    {
        // Fixed widths over the text width (A4 less the margins, 8,840 twips): name, unit, the years, the total.
        var yearCount = to - from + 1;
        var yearWidth = (8840 - 1900 - 640 - 1200) / yearCount;
        var table = NewTable([1900, 640, .. Enumerable.Repeat(yearWidth, yearCount), 1200]);
        var header = new TableRow(Cell("指标", bold: true), Cell("单位", bold: true));
        for (var year = from; year <= to; year++)
        {
            header.Append(Cell(year.ToString(CultureInfo.InvariantCulture) + "年", bold: true));
        }

        header.Append(Cell("合计", bold: true));
        table.Append(header);
        var zh = CultureInfo.GetCultureInfo("zh-CN");
        foreach (var (indicator, measure) in results)
        {
            var row = new TableRow(Cell(indicator.NameZh), Cell(indicator.Unit));
            for (var year = from; year <= to; year++)
            {
                row.Append(Cell(measure.ByYear.TryGetValue(year, out var v) ? v.ToString("#,0.##", zh) : FigureFormat.NoValue, right: true));
            }

            row.Append(Cell(FigureFormat.Format(indicator, measure), right: true));
            table.Append(row);
        }

        return table;
    }

    /// <summary>A bordered table of fixed column widths (in twips). Schema order: the width before the borders and the layout, then the grid.</summary>
    private static Table NewTable(int[] widths)
    {
        var table = new Table(new TableProperties(
            new TableWidth { Width = widths.Sum().ToString(CultureInfo.InvariantCulture), Type = TableWidthUnitValues.Dxa },
            new TableBorders(
                new TopBorder { Val = BorderValues.Single, Size = 4 }, new LeftBorder { Val = BorderValues.Single, Size = 4 },
                new BottomBorder { Val = BorderValues.Single, Size = 4 }, new RightBorder { Val = BorderValues.Single, Size = 4 },
                new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4 }, new InsideVerticalBorder { Val = BorderValues.Single, Size = 4 }),
            new TableLayout { Type = TableLayoutValues.Fixed }));
        table.Append(new TableGrid([.. widths.Select(w => new GridColumn { Width = w.ToString(CultureInfo.InvariantCulture) })]));
        return table;
    }

    private static TableCell Cell(string text, bool bold = false, bool right = false)
    {
        var run = new Run(new Text(text) { Space = SpaceProcessingModeValues.Preserve });
        if (bold)
        {
            run.PrependChild(new RunProperties(new Bold()));
        }

        var paragraph = new Paragraph(new ParagraphProperties(new ParagraphStyleId { Val = "Small" }, new Justification { Val = right ? JustificationValues.Right : JustificationValues.Left }), run);
        return new TableCell(paragraph);
    }

    private static Paragraph Paragraph(string text, string? style)
    {
        var paragraph = new Paragraph(new Run(new Text(text) { Space = SpaceProcessingModeValues.Preserve }));
        if (style is not null)
        {
            paragraph.PrependChild(new ParagraphProperties(new ParagraphStyleId { Val = style }));
        }

        return paragraph;
    }

    private static void AddStyles(MainDocumentPart main)
    {
        var styles = main.AddNewPart<StyleDefinitionsPart>();
        static Style Make(string id, string name, int halfPoints, bool bold, JustificationValues? align = null, bool isDefault = false, bool figure = false)
        {
            // Schema order: fonts, bold, size.
            var runProperties = new StyleRunProperties(new RunFonts { Ascii = LatinFont, HighAnsi = LatinFont, EastAsia = ChineseFont });
            if (bold)
            {
                runProperties.Append(new Bold());
            }

            runProperties.Append(new FontSize { Val = halfPoints.ToString(CultureInfo.InvariantCulture) });

            // Schema order: keep-with-next, spacing, alignment. A figure's line is single-spaced (1.5 lines would stretch the
            // image's line) and kept with its caption.
            var paragraphProperties = new StyleParagraphProperties();
            if (figure)
            {
                paragraphProperties.Append(new KeepNext());
            }

            paragraphProperties.Append(figure
                ? new SpacingBetweenLines { Before = "120", After = "120", Line = "240", LineRule = LineSpacingRuleValues.Auto }
                : new SpacingBetweenLines { After = "120", Line = "360", LineRule = LineSpacingRuleValues.Auto });
            if (align is { } a)
            {
                paragraphProperties.Append(new Justification { Val = a });
            }

            return new Style(new StyleName { Val = name }, paragraphProperties, runProperties) { Type = StyleValues.Paragraph, StyleId = id, Default = isDefault ? true : null };
        }

        styles.Styles = new Styles(
            Make("Normal", "Normal", 28, false, isDefault: true),
            Make("Title", "Title", 40, true, JustificationValues.Center),
            Make("Subtitle", "Subtitle", 24, false, JustificationValues.Center),
            Make("Heading1", "heading 1", 32, true),
            Make("Small", "Small", 21, false),
            Make("Figure", "Figure", 21, false, JustificationValues.Center, figure: true),
            Make("Caption", "caption", 21, true, JustificationValues.Center));
    }

    private static (string East, string West) SidesOf(string title)
    {
        var parts = title.Split(" → ");
        return (parts[0], parts.Length > 1 ? parts[1] : "");
    }

    private static string F(Summary s, string code)
    {
        var r = s.Results.Single(x => x.Indicator.Code == code);
        return FigureFormat.Format(r.Indicator, r.Measure);
    }

    private static string Chinese(int n) => n switch
    {
        1 => "一", 2 => "二", 3 => "三", 4 => "四", 5 => "五", 6 => "六", 7 => "七", 8 => "八", 9 => "九", 10 => "十",
        _ => n.ToString(CultureInfo.InvariantCulture),
    };
}
