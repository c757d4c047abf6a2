using HdrHistogram;
using Meshdock.Load.Histograms;

namespace Meshdock.Load.Shards;

/// <summary>
/// Adds the results of the generators that shared one run into the run's result. Counts are sums and histograms are
/// HdrHistogram additions, so the merged latency is exactly the histogram of every generator's samples.
/// </summary>
public static class ShardMerge
{
    /// <param name="spec">The whole run's spec, as asked (before it was split).</param>
    /// <param name="results">The generators' own results.</param>
    /// <param name="partials">Generators that ended without writing their result (a cancel that killed them): what
    /// their seconds carried. They add their counts and latency; their service time and schedule are unknown.</param>
    /// <param name="timeline">The merged seconds (see <see cref="TimelineMerge"/>).</param>
    public static LoadResult Merge(LoadSpec spec, IReadOnlyList<LoadResult> results, IReadOnlyList<IReadOnlyList<IntervalReport>> partials,
        IReadOnlyList<TimelineSecond> timeline, bool cancelled)
    {
        var latency = LatencyHistograms.Create();
        var service = LatencyHistograms.Create();
        var errorLatency = LatencyHistograms.Create();
        var statusCodes = new Dictionary<int, long>();
        var grpc = new Dictionary<string, long>();
        var errors = new Dictionary<ErrorKind, (long Count, string First)>();
        long requests = 0, responses = 0, warmup = 0, sent = 0, received = 0;
        foreach (var result in results)
        {
            latency.Add(HistogramCodec.Decode(result.Latency.Histogram));
            service.Add(HistogramCodec.Decode(result.ServiceTime.Histogram));
            if (result.ErrorLatency is { } failed)
                errorLatency.Add(HistogramCodec.Decode(failed.Histogram));
            requests += result.Requests;
            responses += result.Responses;
            warmup += result.WarmupRequests;
            sent += result.BytesSent;
            received += result.BytesReceived;
            AddAll(statusCodes, result.StatusCodes);
            AddAll(grpc, result.GrpcStatusCodes);
            foreach (var error in result.Errors)
                errors[error.Kind] = errors.TryGetValue(error.Kind, out var known) ? (known.Count + error.Count, known.First) : (error.Count, error.FirstMessage);
        }

        foreach (var seconds in partials)
        {
            foreach (var second in seconds)
            {
                var histogram = HistogramCodec.Decode(second.LatencyHistogram);
                latency.Add(histogram);
                requests += second.Second.Requests;
                responses += histogram.TotalCount;
                AddAll(statusCodes, second.StatusCodes);
                foreach (var (kind, count) in second.ErrorKinds)
                    errors[kind] = errors.TryGetValue(kind, out var known) ? (known.Count + count, known.First) : (count, kind.ToString());
            }
        }

        var start = results.Count > 0 ? results.Min(r => r.StartTime) : DateTimeOffset.UtcNow;
        var duration = Math.Max(results.Count > 0 ? results.Max(r => r.DurationSeconds) : 0, timeline.Count > 0 ? timeline[^1].ElapsedSeconds : 0);
        return new LoadResult
        {
            Spec = spec,
            StartTime = start,
            EndTime = results.Count > 0 ? results.Max(r => r.EndTime) : start + TimeSpan.FromSeconds(duration),
            DurationSeconds = Math.Round(duration, 6),
            Cancelled = cancelled || results.Any(r => r.Cancelled),
            Requests = requests,
            Responses = responses,
            ActualRps = duration > 0 ? Math.Round(requests / duration, 2) : 0,
            WarmupRequests = warmup,
            StatusCodes = statusCodes,
            GrpcStatusCodes = grpc,
            Errors = [.. errors.OrderBy(e => e.Key).Select(e => new ErrorSummary(e.Key, e.Value.Count, e.Value.First))],
            BytesSent = sent,
            BytesReceived = received,
            Latency = LatencySummary.Summarize(latency),
            ServiceTime = LatencySummary.Summarize(service),
            ErrorLatency = LatencySummary.Summarize(errorLatency),
            Schedule = MergeSchedules(results),
            Timeline = timeline,
        };
    }

    /// <summary>Counts add up; the lateness percentiles of the parts cannot be added, so the worst part's are kept
    /// (an upper bound of the whole run's).</summary>
    private static ScheduleStats? MergeSchedules(IReadOnlyList<LoadResult> results)
    {
        var schedules = results.Select(r => r.Schedule).OfType<ScheduleStats>().ToList();
        return schedules.Count == 0 ? null : new ScheduleStats
        {
            Scheduled = schedules.Sum(s => s.Scheduled),
            Missed = schedules.Sum(s => s.Missed),
            Late = schedules.Sum(s => s.Late),
            LateThresholdMs = schedules[0].LateThresholdMs,
            LatenessP50Ms = schedules.Max(s => s.LatenessP50Ms),
            LatenessP99Ms = schedules.Max(s => s.LatenessP99Ms),
            LatenessMaxMs = schedules.Max(s => s.LatenessMaxMs),
        };
    }

    private static void AddAll<TKey>(Dictionary<TKey, long> into, IReadOnlyDictionary<TKey, long> counts) where TKey : notnull
    {
        foreach (var (key, count) in counts)
            into[key] = into.GetValueOrDefault(key) + count;
    }
}
