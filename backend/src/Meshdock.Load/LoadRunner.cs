using Meshdock.Load.Engine;

namespace Meshdock.Load;

/// <summary>Runs a load test. The only entry point to the engine; see <see cref="LoadSpec"/> and <see cref="LoadResult"/>.</summary>
public static class LoadRunner
{
    /// <summary>
    /// Runs <paramref name="spec"/> to its end (duration or request count) and returns what was measured.
    /// <paramref name="progress"/> receives one <see cref="TimelineSecond"/> per second of the measured period, on a
    /// thread-pool thread. Cancelling stops the run within about 200 ms and returns the partial result with
    /// <see cref="LoadResult.Cancelled"/> set (it does not throw).
    /// </summary>
    /// <exception cref="ArgumentException">The spec is invalid; check <see cref="LoadSpecValidator.Validate"/> first for all errors.</exception>
    /// <exception cref="LoadTargetException">A target host name does not resolve, or server reflection failed or describes a request the JSON does not fit.</exception>
    public static Task<LoadResult> RunAsync(LoadSpec spec, IProgress<TimelineSecond>? progress = null, CancellationToken cancellationToken = default) =>
        RunAsync(spec, SocketEngine.Auto, progress, cancellationToken);

    /// <summary>
    /// Runs like <see cref="RunAsync(LoadSpec, IProgress{TimelineSecond}?, CancellationToken)"/>, reporting each second
    /// with its histogram and counts (<see cref="IntervalReport"/>), so that several generators' seconds can be merged
    /// exactly.
    /// </summary>
    public static async Task<LoadResult> RunWithIntervalsAsync(LoadSpec spec, IProgress<IntervalReport> intervals, CancellationToken cancellationToken = default)
    {
        LoadSpecValidator.ThrowIfInvalid(spec);
        await using var run = await LoadRun.CreateAsync(spec, null, cancellationToken, SocketEngine.Auto, intervals).ConfigureAwait(false);
        return await run.ExecuteAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs on a chosen socket engine, so tests can hold both to the same behaviour.</summary>
    internal static async Task<LoadResult> RunAsync(LoadSpec spec, SocketEngine engine, IProgress<TimelineSecond>? progress = null,
        CancellationToken cancellationToken = default)
    {
        LoadSpecValidator.ThrowIfInvalid(spec);
        await using var run = await LoadRun.CreateAsync(spec, progress, cancellationToken, engine).ConfigureAwait(false);
        return await run.ExecuteAsync(cancellationToken).ConfigureAwait(false);
    }
}
