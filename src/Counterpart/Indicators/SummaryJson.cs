using System.Globalization;
using System.Text.Json.Nodes;

namespace Counterpart.Indicators;

/// <summary>
/// The JSON shape shared by the CLI and the API: <c>indicators</c> maps each code to its value in the catalog unit;
/// <c>details</c> adds names, units, formatted text, years and breakdowns.
/// </summary>
public static class SummaryJson
{
    public static JsonObject ToJson(Summary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var indicators = new JsonObject();
        var details = new JsonObject();
        foreach (var (indicator, measure) in summary.Results)
        {
            indicators[indicator.Code] = measure.HasValue ? Normalize(measure.Total) : null;
            var years = new JsonObject();
            foreach (var (year, value) in measure.ByYear.OrderBy(y => y.Key))
            {
                years[year.ToString(CultureInfo.InvariantCulture)] = Normalize(value);
            }

            var breakdowns = new JsonObject();
            foreach (var (name, parts) in measure.Breakdowns)
            {
                breakdowns[name] = new JsonObject(parts.OrderBy(p => p.Key, StringComparer.Ordinal)
                    .Select(p => KeyValuePair.Create(p.Key, (JsonNode?)JsonValue.Create(Normalize(p.Value)))));
            }

            details[indicator.Code] = new JsonObject
            {
                ["name"] = indicator.NameZh,
                ["nameEn"] = indicator.NameEn,
                ["unit"] = indicator.Unit,
                ["text"] = FigureFormat.Format(indicator, measure),
                ["rule"] = indicator.RuleZh,
                ["ruleEn"] = indicator.RuleEn,
                ["byYear"] = years,
                ["breakdowns"] = breakdowns,
            };
        }

        return new JsonObject
        {
            ["pairing"] = summary.Selection.IsPairing ? summary.Selection.Label : null,
            ["organization"] = summary.Selection.IsPairing ? null : summary.Selection.Label,
            ["selection"] = summary.Selection.Label,
            ["title"] = summary.Title,
            ["from"] = summary.FromYear,
            ["to"] = summary.ToYear,
            ["approvedOnly"] = summary.ApprovedOnly,
            ["coverage"] = summary.CoverageLabel,
            ["indicators"] = indicators,
            ["details"] = details,
        };
    }

    /// <summary>Drops trailing zeros (54318.0 → 54318) so the JSON shows values as the catalog unit reads.</summary>
    private static decimal Normalize(decimal value) => value / 1.000000000000000000000000000000000m;
}
