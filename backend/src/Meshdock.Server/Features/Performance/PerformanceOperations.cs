namespace Meshdock.Server.Features.Performance;

/// <summary>The kinds and targets of the operations Performance runs; the UI's live table names the same kind.</summary>
public static class PerformanceOperations
{
    /// <summary>A load test; the run's id is its operation's id.</summary>
    public const string RunKind = "perf.run";

    /// <summary>A run targets its host:port: two runs against one target would measure each other.</summary>
    public const string TargetPrefix = "perf:";

    public static string Target(string host) => TargetPrefix + host;
}
