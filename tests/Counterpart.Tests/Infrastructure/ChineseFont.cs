using Counterpart.Reports;

namespace Counterpart.Tests.Infrastructure;

/// <summary>
/// The report charts in the system's Chinese font (Debian's fonts-noto-cjk). Without one, tests that look at charts
/// skip — or fail, when COUNTERPART_REQUIRE_FONTS=1 (as CI sets it).
/// </summary>
public static class ChineseFont
{
    private static readonly Lazy<ReportCharts> Charts = new(ReportCharts.FromSystemFonts);

    public static bool Required => Environment.GetEnvironmentVariable("COUNTERPART_REQUIRE_FONTS") == "1";

    public static ReportCharts RequiredCharts()
    {
        var charts = Charts.Value;
        if (charts.Available)
        {
            return charts;
        }

        if (Required)
        {
            Assert.Fail("A Chinese font is required (COUNTERPART_REQUIRE_FONTS=1) but " + charts.UnavailableReason);
        }

        Assert.Skip("Report charts need a Chinese font: " + charts.UnavailableReason);
        return null!;
    }
}
