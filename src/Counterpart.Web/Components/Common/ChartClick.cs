namespace Counterpart.Web.Components.Common;

/// <summary>What was clicked in a chart: the series, the element's index in its data, and its category (or slice) name.</summary>
public sealed record ChartClick(int SeriesIndex, int DataIndex, string Name);
