using System.Globalization;
using Meshdock.Load;
using Meshdock.Load.Grpc;

namespace Meshdock.Server.Features.Performance;

/// <summary>
/// Runs side by side, each against the first as the baseline. <see cref="Warnings"/> says when the runs were not
/// generated alike (model, rate, connections), since their throughput and latency then do not measure the same thing,
/// and when gRPC runs sit beside HTTP runs, since their outcomes are counted in unlike codes.
/// </summary>
public sealed record PerfComparison(string Baseline, IReadOnlyList<PerfComparedRun> Runs, IReadOnlyList<string> Warnings)
{
    public const int MinRuns = 2;
    public const int MaxRuns = 10;

    public static PerfComparison Of(IReadOnlyList<PerfRun> runs)
    {
        var baseline = runs[0];
        var baselineGrpc = GrpcOutcome(baseline);
        var baselineOutcome = baselineGrpc is null ? Outcome(baseline.Summary) : null;
        return new PerfComparison(
            baseline.Id,
            [.. runs.Select((run, i) =>
            {
                var grpc = GrpcOutcome(run);
                var outcome = grpc is null ? Outcome(run.Summary) : null;
                return new PerfComparedRun(
                    run with { Result = null },
                    outcome,
                    grpc,
                    i == 0 ? null : PerfDeltas.Between(baseline.Summary, Success(baselineOutcome, baselineGrpc), run.Summary, Success(outcome, grpc)),
                    run.Result?.Latency.Distribution,
                    run.Result?.Latency.PercentileCurve);
            })],
            Differences(runs));
    }

    /// <summary>The HTTP status breakdown of an HTTP run, or null for a gRPC run or one that carries no status codes
    /// (an import without them).</summary>
    private static StatusBreakdown? Outcome(PerfRunSummary? summary) =>
        summary?.StatusCodes is { } codes ? StatusBreakdown.Of(codes, summary.Errors ?? 0, summary.DurationSeconds) : null;

    /// <summary>The gRPC status breakdown of a gRPC run that carries its codes, else null. A run measured before
    /// summaries held gRPC codes still has them in its full result.</summary>
    private static GrpcBreakdown? GrpcOutcome(PerfRun run)
    {
        var codes = run.Summary?.GrpcStatusCodes ?? (run.Result is { Spec.IsGrpc: true } result ? result.GrpcStatusCodes : null);
        return codes is null ? null : GrpcBreakdown.Of(codes, run.Summary?.StatusCodes, run.Summary?.Errors ?? 0, run.Summary?.DurationSeconds);
    }

    private static PerfSuccess? Success(StatusBreakdown? http, GrpcBreakdown? grpc) =>
        http is not null ? new(http.SuccessRatePercent, http.GoodRps) : grpc is not null ? new(grpc.SuccessRatePercent, grpc.GoodRps) : null;

    private static List<string> Differences(IReadOnlyList<PerfRun> runs)
    {
        var warnings = new List<string>();
        void Check(string what, Func<PerfSpec, string> describe)
        {
            var values = runs.Select(run => (run.Name, Value: describe(run.Spec))).ToList();
            if (values.Select(v => v.Value).Distinct(StringComparer.Ordinal).Count() > 1)
            {
                warnings.Add($"The runs differ in {what} ({string.Join(", ", values.Select(v => $"{v.Name}: {v.Value}"))}), so their throughput and latency do not measure the same thing.");
            }
        }

        Check("load model", spec => spec.Model switch
        {
            PerfSpec.Open => "open",
            PerfSpec.Closed => "closed",
            _ => "unknown",
        });
        Check("requested rate", spec => spec.Rps is { } rps ? $"{rps.ToString("N0", CultureInfo.InvariantCulture)} rps" : "as fast as possible");
        Check("connections", spec => spec.Connections?.ToString(CultureInfo.InvariantCulture) ?? "default");

        var protocols = runs.Select(run => (run.Name, Grpc: run.Spec.Urls is { Count: > 0 } urls && urls.All(GrpcTarget.IsGrpc))).ToList();
        if (protocols.Any(p => p.Grpc) && protocols.Any(p => !p.Grpc))
        {
            warnings.Add($"The runs differ in protocol ({string.Join(", ", protocols.Select(p => $"{p.Name}: {(p.Grpc ? "gRPC" : "HTTP")}"))}), so their outcomes are unlike: gRPC calls succeed by gRPC status OK, HTTP requests by a 2xx status, and the success rates and good throughputs compare different things.");
        }

        return warnings;
    }
}

/// <summary>
/// One run in a comparison. <see cref="Outcome"/> is what an HTTP run's requests got back, <see cref="GrpcOutcome"/>
/// what a gRPC run's calls did (one of them is set when the run carries its codes); the distribution and curve are
/// absent for imported runs (SMP has no histogram).
/// </summary>
public sealed record PerfComparedRun(
    PerfRun Run,
    StatusBreakdown? Outcome,
    GrpcBreakdown? GrpcOutcome,
    PerfDeltas? Deltas,
    IReadOnlyList<HistogramBucket>? Distribution,
    IReadOnlyList<PercentilePoint>? PercentileCurve);

/// <summary>
/// What a run costs over the baseline: added milliseconds at each percentile, throughput change in percent, success
/// rate change in percentage points, and good throughput (2xx, or gRPC OK, per second) change in percent.
/// </summary>
public sealed record PerfDeltas(
    double? P50Ms, double? P90Ms, double? P99Ms, double? ThroughputPercent, double? SuccessRatePoints, double? GoodRpsPercent)
{
    public static PerfDeltas Between(PerfRunSummary? baseline, PerfSuccess? baselineOutcome, PerfRunSummary? run, PerfSuccess? outcome) => new(
        Difference(baseline?.Latency?.P50Ms, run?.Latency?.P50Ms),
        Difference(baseline?.Latency?.P90Ms, run?.Latency?.P90Ms),
        Difference(baseline?.Latency?.P99Ms, run?.Latency?.P99Ms),
        PercentChange(baseline?.ActualRps, run?.ActualRps),
        Difference(baselineOutcome?.SuccessRatePercent, outcome?.SuccessRatePercent),
        PercentChange(baselineOutcome?.GoodRps, outcome?.GoodRps));

    private static double? Difference(double? baseline, double? value) => baseline is { } b && value is { } v ? Finite(v - b) : null;

    private static double? PercentChange(double? baseline, double? value) =>
        baseline is > 0 and var before && value is { } after ? Finite((after - before) / before * 100) : null;

    // Imported runs can hold any finite figures (1e-300 against 1e308): a delta that overflows has no meaning, and
    // JSON cannot carry it.
    private static double? Finite(double value) => double.IsFinite(value) ? value : null;
}

/// <summary>The share of calls that succeeded and how many succeeded per second, whatever the protocol counts as success.</summary>
public sealed record PerfSuccess(double? SuccessRatePercent, double? GoodRps);
