using Meshdock.Load;

namespace Meshdock.Server.Features.Performance;

/// <summary>Runs side by side, each against the first as the baseline.</summary>
public sealed record PerfComparison(string Baseline, IReadOnlyList<PerfComparedRun> Runs)
{
    public const int MinRuns = 2;
    public const int MaxRuns = 10;

    public static PerfComparison Of(IReadOnlyList<PerfRun> runs)
    {
        var baseline = runs[0];
        return new PerfComparison(baseline.Id, [.. runs.Select((run, i) => new PerfComparedRun(
            run with { Result = null },
            i == 0 ? null : PerfDeltas.Between(baseline.Summary, run.Summary),
            run.Result?.Latency.Distribution,
            run.Result?.Latency.PercentileCurve))]);
    }
}

/// <summary>One run in a comparison; the distribution and curve are absent for imported runs (SMP has no histogram).</summary>
public sealed record PerfComparedRun(
    PerfRun Run, PerfDeltas? Deltas, IReadOnlyList<HistogramBucket>? Distribution, IReadOnlyList<PercentilePoint>? PercentileCurve);

/// <summary>What a run costs over the baseline: added milliseconds at each percentile, and throughput change in percent.</summary>
public sealed record PerfDeltas(double? P50Ms, double? P90Ms, double? P99Ms, double? ThroughputPercent)
{
    public static PerfDeltas Between(PerfRunSummary? baseline, PerfRunSummary? run) => new(
        Difference(baseline?.Latency?.P50Ms, run?.Latency?.P50Ms),
        Difference(baseline?.Latency?.P90Ms, run?.Latency?.P90Ms),
        Difference(baseline?.Latency?.P99Ms, run?.Latency?.P99Ms),
        baseline?.ActualRps is > 0 and var before && run?.ActualRps is { } after ? Finite((after - before) / before * 100) : null);

    private static double? Difference(double? baseline, double? value) => baseline is { } b && value is { } v ? Finite(v - b) : null;

    // Imported runs can hold any finite figures (1e-300 against 1e308): a delta that overflows has no meaning, and
    // JSON cannot carry it.
    private static double? Finite(double value) => double.IsFinite(value) ? value : null;
}
