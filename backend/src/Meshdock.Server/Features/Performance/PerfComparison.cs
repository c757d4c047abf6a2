using System.Globalization;
using Meshdock.Load;

namespace Meshdock.Server.Features.Performance;

/// <summary>
/// Runs side by side, each against the first as the baseline. <see cref="Warnings"/> says when the runs were not
/// generated alike (model, rate, connections), since their throughput and latency then do not measure the same thing.
/// </summary>
public sealed record PerfComparison(string Baseline, IReadOnlyList<PerfComparedRun> Runs, IReadOnlyList<string> Warnings)
{
    public const int MinRuns = 2;
    public const int MaxRuns = 10;

    public static PerfComparison Of(IReadOnlyList<PerfRun> runs)
    {
        var baseline = runs[0];
        var baselineOutcome = Outcome(baseline.Summary);
        return new PerfComparison(
            baseline.Id,
            [.. runs.Select((run, i) =>
            {
                var outcome = Outcome(run.Summary);
                return new PerfComparedRun(
                    run with { Result = null },
                    outcome,
                    i == 0 ? null : PerfDeltas.Between(baseline.Summary, baselineOutcome, run.Summary, outcome),
                    run.Result?.Latency.Distribution,
                    run.Result?.Latency.PercentileCurve);
            })],
            Differences(runs));
    }

    /// <summary>The status breakdown, or null when the run carries no status codes (an import without them).</summary>
    private static StatusBreakdown? Outcome(PerfRunSummary? summary) =>
        summary?.StatusCodes is { } codes ? StatusBreakdown.Of(codes, summary.Errors ?? 0, summary.DurationSeconds) : null;

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
        return warnings;
    }
}

/// <summary>
/// One run in a comparison. <see cref="Outcome"/> is what its requests got back; the distribution and curve are
/// absent for imported runs (SMP has no histogram).
/// </summary>
public sealed record PerfComparedRun(
    PerfRun Run,
    StatusBreakdown? Outcome,
    PerfDeltas? Deltas,
    IReadOnlyList<HistogramBucket>? Distribution,
    IReadOnlyList<PercentilePoint>? PercentileCurve);

/// <summary>
/// What a run costs over the baseline: added milliseconds at each percentile, throughput change in percent, success
/// rate change in percentage points, and good throughput (2xx per second) change in percent.
/// </summary>
public sealed record PerfDeltas(
    double? P50Ms, double? P90Ms, double? P99Ms, double? ThroughputPercent, double? SuccessRatePoints, double? GoodRpsPercent)
{
    public static PerfDeltas Between(PerfRunSummary? baseline, StatusBreakdown? baselineOutcome, PerfRunSummary? run, StatusBreakdown? outcome) => new(
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
