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

    /// <summary>Threads that run the filter's code (and instances of it), per sandbox. One core is left to the rest of
    /// the backend, so that a filter spinning on every worker cannot slow its API.</summary>
    public int FilterWorkers { get; set; } = Math.Clamp(Environment.ProcessorCount - 1, 1, 4);

    /// <summary>Requests a sandbox with a filter takes at once (running or waiting for a worker); more get 503.</summary>
    public int MaxConcurrentRequests { get; set; } = 64;

    /// <summary>How long a filter call may wait for a worker before its request gets 503.</summary>
    public TimeSpan QueueTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Filter log lines waiting for the operation's events; past this, lines are counted and dropped.</summary>
    public int LogBacklog { get; set; } = 10_000;
}
