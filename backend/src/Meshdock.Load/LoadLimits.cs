namespace Meshdock.Load;

/// <summary>Bounds a load spec must stay within (shared by the API, the CLI and the UI's messages).</summary>
public static class LoadLimits
{
    public const int MaxRps = 1_000_000;
    public const int MaxStreams = 256;

    public const int MaxConnections = 10_000;
    public const long MaxRequests = 1_000_000_000;
    public const int MaxBodyBytes = 10 * 1024 * 1024;
    public static readonly TimeSpan MinDuration = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxDuration = TimeSpan.FromHours(1);
    public static readonly TimeSpan MaxWarmup = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan MinTimeout = TimeSpan.FromMilliseconds(1);
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromMinutes(5);
}
