namespace Meshdock.ProxyWasm.Tests;

/// <summary>A clock tests move by hand; timers still come from the system.</summary>
internal sealed class FakeClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset now = start;

    public override DateTimeOffset GetUtcNow() => now;

    public void Advance(TimeSpan by) => now += by;
}
