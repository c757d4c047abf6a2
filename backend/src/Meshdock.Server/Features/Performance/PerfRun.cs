using Meshdock.Load;

namespace Meshdock.Server.Features.Performance;

/// <summary>
/// A run in the history: one measured by Meshdock (its id is the operation's id) or one imported from an SMP file.
/// <see cref="Result"/> is the engine's full result (histograms, timeline) and is only filled in by GET of one run.
/// </summary>
public sealed record PerfRun(
    string Id,
    string Name,
    string Source,
    string Status,
    string? ProfileId,
    string TargetHost,
    PerfSpec Spec,
    DateTimeOffset CreatedAt,
    PerfRunSummary? Summary,
    LoadResult? Result = null)
{
    public const string Measured = "measured";
    public const string Imported = "imported";
}

/// <summary>
/// The figures every run has, measured or imported (percentiles SMP does not carry are null for imports), and for a
/// measured run where its load came from. <see cref="GrpcStatusCodes"/> is set for gRPC runs only: their calls count
/// by gRPC status name, and <see cref="StatusCodes"/> then holds just the HTTP answers that carried no gRPC status.
/// <see cref="Resources"/> is what the target, its mesh and the runner pods used during a cluster run.
/// </summary>
public sealed record PerfRunSummary(
    DateTimeOffset StartTime,
    DateTimeOffset EndTime,
    double? DurationSeconds,
    long? Requests,
    double? ActualRps,
    long? Errors,
    bool Cancelled,
    PerfLatency? Latency,
    IReadOnlyDictionary<int, long>? StatusCodes,
    PerfPlacement? Placement = null,
    IReadOnlyDictionary<string, long>? GrpcStatusCodes = null,
    PerfResources? Resources = null)
{
    public static PerfRunSummary From(LoadResult result, PerfPlacement? placement = null) => new(
        result.StartTime, result.EndTime, result.DurationSeconds, result.Requests, result.ActualRps, result.ErrorCount,
        result.Cancelled, result.Latency.Count == 0 ? null : PerfLatency.From(result.Latency), result.StatusCodes, placement,
        result.Spec.IsGrpc ? result.GrpcStatusCodes : null);
}

/// <summary>Latency in milliseconds.</summary>
public sealed record PerfLatency(
    double MinMs, double MeanMs, double P50Ms, double? P75Ms, double P90Ms, double P99Ms, double? P999Ms, double? P9999Ms, double MaxMs)
{
    public static PerfLatency From(LatencyStats stats) => new(
        stats.MinMs, stats.MeanMs, stats.P50Ms, stats.P75Ms, stats.P90Ms, stats.P99Ms, stats.P999Ms, stats.P9999Ms, stats.MaxMs);
}

/// <summary>The body of POST /api/perf/runs: a saved profile, or a spec given inline.</summary>
public sealed record PerfRunRequest(string? ProfileId, string? Name, PerfSpec? Spec);
