using Counterpart.Data;
using Counterpart.Indicators;

namespace Counterpart.Tests.Infrastructure;

/// <summary>Hand-built services for tests (no container needed for a service and its two dependencies).</summary>
public static class Services
{
    public static IndicatorService Indicators(CounterpartDbContext db, CountingRules? rules = null) =>
        new(db, rules ?? CountingRules.Default, TimeProvider.System);
}
