using HdrHistogram;
using Meshdock.Load.Histograms;

namespace Meshdock.Load.Shards;

/// <summary>
/// Merges the generators' seconds into one timeline as they arrive. Second <c>k</c> is complete once every generator
/// still running has reported it (their starts are aligned to the same wall-clock second); its requests, rate and
/// errors are sums and its percentiles come from the sum of the generators' histograms of that second.
/// </summary>
public sealed class TimelineMerge(int shards)
{
    private readonly SortedDictionary<int, Pending> _pending = [];
    private readonly int[] _reported = new int[shards];
    private readonly bool[] _finished = new bool[shards];
    private readonly List<TimelineSecond> _merged = [];
    private long _total;

    public IReadOnlyList<TimelineSecond> Timeline => _merged;

    /// <summary>Adds a generator's second; returns the seconds this completed, in order.</summary>
    public IReadOnlyList<TimelineSecond> Add(int shard, IntervalReport report)
    {
        var second = report.Second.Second;
        if (!_pending.TryGetValue(second, out var pending))
            _pending[second] = pending = new Pending();
        pending.Add(report);
        _reported[shard] = Math.Max(_reported[shard], second);
        return Flush(force: false);
    }

    /// <summary>A generator has ended (its result arrived, or it is gone): no later second waits for it.</summary>
    public IReadOnlyList<TimelineSecond> Finish(int shard)
    {
        _finished[shard] = true;
        return Flush(force: false);
    }

    /// <summary>Closes every second still waiting (the run is over).</summary>
    public IReadOnlyList<TimelineSecond> FinishAll() => Flush(force: true);

    private List<TimelineSecond> Flush(bool force)
    {
        var done = new List<TimelineSecond>();
        while (_pending.Count > 0)
        {
            var (second, pending) = _pending.First();
            var waiting = Enumerable.Range(0, _reported.Length).Any(s => !_finished[s] && _reported[s] < second);
            if (waiting && !force)
                break;
            _pending.Remove(second);
            _total += pending.Requests;
            var entry = new TimelineSecond
            {
                Second = _merged.Count + 1,
                ElapsedSeconds = pending.Elapsed,
                Requests = pending.Requests,
                Rps = Math.Round(pending.Rps, 1),
                P50Ms = pending.Latency.TotalCount == 0 ? 0 : LatencyHistograms.ToMs(pending.Latency.GetValueAtPercentile(50)),
                P99Ms = pending.Latency.TotalCount == 0 ? 0 : LatencyHistograms.ToMs(pending.Latency.GetValueAtPercentile(99)),
                Errors = pending.Errors,
                TotalRequests = _total,
            };
            _merged.Add(entry);
            done.Add(entry);
        }
        return done;
    }

    private sealed class Pending
    {
        public HistogramBase Latency { get; } = LatencyHistograms.Create();
        public long Requests { get; private set; }
        public double Rps { get; private set; }
        public long Errors { get; private set; }
        public double Elapsed { get; private set; }

        public void Add(IntervalReport report)
        {
            Latency.Add(HistogramCodec.Decode(report.LatencyHistogram));
            Requests += report.Second.Requests;
            Rps += report.Second.Rps;
            Errors += report.Second.Errors;
            Elapsed = Math.Max(Elapsed, report.Second.ElapsedSeconds);
        }
    }
}
