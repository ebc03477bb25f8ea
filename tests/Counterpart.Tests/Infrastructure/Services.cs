using Counterpart.Data;
using Counterpart.Indicators;

namespace Counterpart.Tests.Infrastructure;

/// <summary>Hand-built services for tests (no container needed for a service and its two dependencies).</summary>
public static class Services
{
    /// <summary>The day the reference figures are checked against: ongoing jobs are judged at this date, not the wall clock.</summary>
    public static readonly DateTimeOffset Today = new(2026, 11, 30, 9, 0, 0, TimeSpan.FromHours(8));

    public static IndicatorService Indicators(CounterpartDbContext db, CountingRules? rules = null) =>
        new(db, rules ?? CountingRules.Default, new FixedClock(Today));
}
