using HdrHistogram;
using Meshdock.Load.Histograms;

namespace Meshdock.Load.Engine;

/// <summary>
/// Takes every worker's interval histograms once a second: their merge gives the second's percentiles, and each is
/// added to that worker's running total. At the end the worker totals are merged (HdrHistogram addition is exact).
/// </summary>
internal sealed class StatsCollector
{
    private readonly WorkerStats[] _workers;
    private readonly long _measureStart;
    private readonly Lock _gate = new();
    private readonly HistogramBase?[] _latencyIntervals;
    private readonly HistogramBase?[] _serviceIntervals;
    private readonly HistogramBase?[] _latenessIntervals;
    private readonly HistogramBase?[] _errorIntervals;
    private readonly HistogramBase[] _latencyTotals;
    private readonly HistogramBase[] _serviceTotals;
    private readonly HistogramBase[] _latenessTotals;
    private readonly HistogramBase[] _errorTotals;
    private readonly HistogramBase _second = LatencyHistograms.Create();
    private readonly List<TimelineSecond> _timeline = [];
    private long[] _lastStatus = new long[WorkerStats.StatusSlotCount];
    private long[] _lastErrors = new long[WorkerStats.ErrorKindCount];
    private long _lastTick;
    private long _lastRequests;
    private long _lastFailures;

    public StatsCollector(WorkerStats[] workers, long measureStart)
    {
        _workers = workers;
        _measureStart = measureStart;
        _lastTick = measureStart;
        _latencyIntervals = new HistogramBase?[_workers.Length];
        _serviceIntervals = new HistogramBase?[_workers.Length];
        _latenessIntervals = new HistogramBase?[_workers.Length];
        _errorIntervals = new HistogramBase?[_workers.Length];
        _latencyTotals = [.. workers.Select(_ => LatencyHistograms.Create())];
        _serviceTotals = [.. workers.Select(_ => LatencyHistograms.Create())];
        _latenessTotals = [.. workers.Select(_ => LatencyHistograms.Create())];
        _errorTotals = [.. workers.Select(_ => LatencyHistograms.Create())];
    }

    public IReadOnlyList<TimelineSecond> Timeline
    {
        get
        {
            lock (_gate)
                return [.. _timeline];
        }
    }

    /// <summary>Closes the interval ending at <paramref name="now"/> and returns its timeline entry.</summary>
    public TimelineSecond Tick(long now)
    {
        lock (_gate)
        {
            // Counters first: a worker records a request's histogram values before counting it, so every request
            // counted here already has its latency in the snapshot below (or an earlier one).
            var requests = _workers.Sum(w => w.Requests);
            var failures = _workers.Sum(w => w.Failures);
            _second.Reset();
            for (var i = 0; i < _workers.Length; i++)
            {
                var latency = Take(_workers[i].Latency, ref _latencyIntervals[i]);
                _second.Add(latency);
                _latencyTotals[i].Add(latency);
                _serviceTotals[i].Add(Take(_workers[i].ServiceTime, ref _serviceIntervals[i]));
                _latenessTotals[i].Add(Take(_workers[i].Lateness, ref _latenessIntervals[i]));
                _errorTotals[i].Add(Take(_workers[i].ErrorLatency, ref _errorIntervals[i]));
            }
            var seconds = Math.Max(now - _lastTick, 1) / 1e9;
            var entry = new TimelineSecond
            {
                Second = _timeline.Count + 1,
                ElapsedSeconds = Math.Round((now - _measureStart) / 1e9, 3),
                Requests = requests - _lastRequests,
                Rps = Math.Round((requests - _lastRequests) / seconds, 1),
                P50Ms = _second.TotalCount == 0 ? 0 : LatencyHistograms.ToMs(_second.GetValueAtPercentile(50)),
                P99Ms = _second.TotalCount == 0 ? 0 : LatencyHistograms.ToMs(_second.GetValueAtPercentile(99)),
                Errors = failures - _lastFailures,
                TotalRequests = requests,
            };
            _timeline.Add(entry);
            _lastTick = now;
            _lastRequests = requests;
            _lastFailures = failures;
            return entry;
        }
    }

    /// <summary>
    /// Closes the interval like <see cref="Tick"/> and adds what merging it with other generators needs: its latency
    /// histogram, encoded, and its responses by status and failures by kind.
    /// </summary>
    public IntervalReport TickWithDetail(long now)
    {
        lock (_gate)
        {
            // Counts are read before the tick, so a request counted in them has its latency in this interval or an
            // earlier one; the counts of one second may differ by a request in flight from the timeline's.
            var status = new long[WorkerStats.StatusSlotCount];
            var errors = new long[WorkerStats.ErrorKindCount];
            foreach (var worker in _workers)
                worker.AddLiveCountsTo(status, errors);
            var second = Tick(now);
            var statusCodes = new Dictionary<int, long>();
            for (var code = 0; code < status.Length; code++)
                if (status[code] != _lastStatus[code])
                    statusCodes[code] = status[code] - _lastStatus[code];
            var errorKinds = new Dictionary<ErrorKind, long>();
            for (var kind = 0; kind < errors.Length; kind++)
                if (errors[kind] != _lastErrors[kind])
                    errorKinds[(ErrorKind)kind] = errors[kind] - _lastErrors[kind];
            _lastStatus = status;
            _lastErrors = errors;
            return new IntervalReport(second, HistogramCodec.Encode(_second), statusCodes, errorKinds);
        }
    }

    /// <summary>Whether anything happened since the last tick (so a final, partial second is worth an entry).</summary>
    public bool HasActivitySinceTick(long now) => now - _lastTick >= 1_000_000 || _workers.Sum(w => w.Requests) != _lastRequests;

    public HistogramBase TotalLatency() => Merge(_latencyTotals);

    public HistogramBase TotalServiceTime() => Merge(_serviceTotals);

    public HistogramBase TotalLateness() => Merge(_latenessTotals);

    public HistogramBase TotalErrorLatency() => Merge(_errorTotals);

    internal static HistogramBase Merge(IEnumerable<HistogramBase> histograms)
    {
        var total = LatencyHistograms.Create();
        foreach (var histogram in histograms)
            total.Add(histogram);
        return total;
    }

    private static HistogramBase Take(Recorder recorder, ref HistogramBase? recycled) =>
        recycled = recycled is null ? recorder.GetIntervalHistogram() : recorder.GetIntervalHistogram(recycled);
}
