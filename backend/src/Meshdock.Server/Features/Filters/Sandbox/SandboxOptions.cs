namespace Meshdock.Server.Features.Filters.Sandbox;

/// <summary>Bound from the configuration section "Sandbox".</summary>
public sealed class SandboxOptions
{
    public const string Section = "Sandbox";

    /// <summary>How many sandboxes may run at once; each is a port and a pool of filter instances.</summary>
    public int MaxSandboxes { get; set; } = 8;

    /// <summary>The largest request or response body the filter is given (bodies are buffered for it).</summary>
    public int MaxBodyBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>How long a request the filter paused may wait for it to resume.</summary>
    public TimeSpan PauseTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Filter log lines waiting for the operation's events; past this, lines are counted and dropped.</summary>
    public int LogBacklog { get; set; } = 10_000;
}
