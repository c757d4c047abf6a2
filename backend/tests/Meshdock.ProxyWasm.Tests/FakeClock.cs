namespace Meshdock.ProxyWasm.Tests;

/// <summary>A clock tests move by hand; timers still come from the system.</summary>
internal sealed class FakeClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
