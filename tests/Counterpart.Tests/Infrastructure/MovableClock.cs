namespace Counterpart.Tests.Infrastructure;

/// <summary>A clock the test moves forward, for timeouts and lockouts.</summary>
public sealed class MovableClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset now = start;

    public override DateTimeOffset GetUtcNow() => now;

    public void Advance(TimeSpan by) => now += by;
}
