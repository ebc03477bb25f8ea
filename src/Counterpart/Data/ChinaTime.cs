namespace Counterpart.Data;

/// <summary>
/// Dates as offices see them. China has one time zone and no daylight saving, so the local date is the date at UTC+8,
/// whatever the server's own zone.
/// </summary>
public static class ChinaTime
{
    public static DateOnly Today(TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        return DateOnly.FromDateTime(clock.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).DateTime);
    }
}
