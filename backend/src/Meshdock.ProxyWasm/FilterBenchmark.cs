using System.Diagnostics;

namespace Meshdock.ProxyWasm;

/// <summary>What <see cref="FilterBenchmark.Run"/> measured.</summary>
/// <param name="Calls">Requests run: each a new stream, <c>proxy_on_request_headers</c>, and the end of the stream.</param>
/// <param name="Outcomes">How many requests ended in each action (a filter that rate-limits answers locally).</param>
/// <param name="CpuTime">CPU time the whole process used meanwhile: on a busy machine wall time says little, CPU time
/// per request still measures the host's cost.</param>
public sealed record FilterBenchmarkResult(long Calls, TimeSpan Elapsed, TimeSpan CpuTime, int Parallelism, IReadOnlyDictionary<FilterAction, long> Outcomes)
{
    public double CallsPerSecond => Calls / Elapsed.TotalSeconds;

    /// <summary>Mean wall time one request spends in the host on one thread, in microseconds.</summary>
    public double MeanMicroseconds => Elapsed.TotalMicroseconds * Parallelism / Calls;

    /// <summary>Process CPU time per request, in microseconds.</summary>
    public double CpuMicrosecondsPerCall => CpuTime.TotalMicroseconds / Calls;
}

/// <summary>
/// Measures the host's per-request cost with a filter loaded: the whole stream life of a request's headers
/// (context create, <c>proxy_on_request_headers</c>, done/log/delete), as a proxy pays it. Used by <c>make bench</c>.
/// </summary>
public static class FilterBenchmark
{
    /// <param name="headers">Builds the request headers for call number <c>i</c> (a new map each time: filters edit it).</param>
    public static FilterBenchmarkResult Run(FilterHost host, Func<long, HeaderMap> headers, TimeSpan duration,
        int parallelism = 1, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelism, 1);

        long next = -1;
        var counts = new long[Enum.GetValues<FilterAction>().Length];
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, parallelism).Select(_ => Task.Factory.StartNew(() =>
        {
            var local = new long[counts.Length];
            while (clock.Elapsed < duration && !cancellationToken.IsCancellationRequested)
            {
                var i = Interlocked.Increment(ref next);
                using var stream = host.CreateStream();
                local[(int)stream.OnRequestHeaders(headers(i), endOfStream: true).Action]++;
            }

            for (var a = 0; a < local.Length; a++)
            {
                Interlocked.Add(ref counts[a], local[a]);
            }
        }, cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();
        Task.WaitAll(workers, cancellationToken);
        clock.Stop();
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;

        var outcomes = Enum.GetValues<FilterAction>().ToDictionary(a => a, a => counts[(int)a]);
        return new FilterBenchmarkResult(outcomes.Values.Sum(), clock.Elapsed, cpu, parallelism, outcomes);
    }
}
