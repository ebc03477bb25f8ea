using System.Diagnostics;
using System.Diagnostics.Metrics;
using Counterpart.Ledgers;

namespace Counterpart.Operations;

/// <summary>
/// The application's own measurements (meter <see cref="MeterName"/>, System.Diagnostics.Metrics): imports by ledger and
/// outcome, the rows they wrote and how long they took, and how long an indicator summary takes. The web host exports
/// them with ASP.NET Core's own meters in Prometheus format at /metrics (ADR 17); in the CLI nobody listens and they
/// cost nothing. Tags are drawn from small fixed sets (ledger names, outcomes) — never from user data.
/// </summary>
public static class CounterpartMetrics
{
    public const string MeterName = "Counterpart";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> Imports = Meter.CreateCounter<long>("counterpart.imports", "{import}",
        "Imports finished, by ledger and outcome: committed, rejected (nothing saved), validated (a dry run), failed (an error).");

    private static readonly Counter<long> ImportRows = Meter.CreateCounter<long>("counterpart.import.rows", "{row}",
        "Rows written (inserted or updated) by committed imports, by ledger.");

    private static readonly Histogram<double> ImportDuration = Meter.CreateHistogram("counterpart.import.duration", "s",
        "Time from receiving an import's file to its outcome, by ledger and outcome.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600] });

    private static readonly Histogram<double> SummaryDuration = Meter.CreateHistogram("counterpart.indicator_summary.duration", "s",
        "Time to compute every indicator of the catalog for one selection, by source (facts: the maintained summaries; rows: the ledgers; cache: computed before at the current data version).",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });

    internal static void ImportFinished(string ledger, string outcome, int rowsWritten, long startedTimestamp)
    {
        var tags = new TagList { { "ledger", ledger }, { "outcome", outcome } };
        Imports.Add(1, tags);
        ImportDuration.Record(Stopwatch.GetElapsedTime(startedTimestamp).TotalSeconds, tags);
        if (rowsWritten > 0)
        {
            ImportRows.Add(rowsWritten, new KeyValuePair<string, object?>("ledger", ledger));
        }
    }

    internal static void ImportFinished(ImportReport report, long startedTimestamp) =>
        ImportFinished(report.Ledger, report.Status switch
        {
            ImportStatus.Committed => "committed",
            ImportStatus.Rejected => "rejected",
            _ => "validated",
        }, report.Status == ImportStatus.Committed ? report.Inserted + report.Updated : 0, startedTimestamp);

    /// <param name="cached">Served from the summary cache at the current data version (source "cache").</param>
    internal static void SummaryComputed(bool fromFacts, long startedTimestamp, bool cached = false) =>
        SummaryDuration.Record(Stopwatch.GetElapsedTime(startedTimestamp).TotalSeconds,
            new KeyValuePair<string, object?>("source", cached ? "cache" : fromFacts ? "facts" : "rows"));
}
