using System.Diagnostics;
using Meshdock.Load.Histograms;
using Meshdock.Load.EventLoop;
using Meshdock.Load.Grpc;
using Meshdock.Load.Http1;
using Meshdock.Load.Http2;

namespace Meshdock.Load.Engine;

/// <summary>
/// One execution of a <see cref="LoadSpec"/>: connections sharded over workers (one per core) that record into their
/// own histograms; a ticker for the timeline. The closed model over plain connections (HTTP/1.1 and h2c) runs on one
/// <see cref="SocketEventLoop"/> per worker; everything else runs an async loop per connection (per stream for
/// HTTP/2), with a scheduler for the open model and a watchdog for timeouts.
/// All times are <see cref="Stopwatch"/> timestamps in nanoseconds.
/// </summary>
internal sealed class LoadRun : IAsyncDisposable
{
    private const long NsPerSecond = 1_000_000_000;

    /// <summary>An open-model request sent later than this after its intended time counts as late.</summary>
    internal const long LateThresholdNs = 1_000_000;

    /// <summary>How long after the end of an open-model run requests that were due may still be sent.</summary>
    private const long OpenGraceNs = NsPerSecond;

    private static readonly TimeSpan CancelRetryInterval = TimeSpan.FromMilliseconds(20);

    private readonly LoadSpec _spec;
    private readonly IProgress<TimelineSecond>? _progress;
    private readonly IProgress<IntervalReport>? _intervals;
    private readonly Endpoint[] _endpoints;
    private readonly RequestSender[] _senders;
    private readonly SocketEventLoop[] _eventLoops;
    private readonly WorkerStats[] _workers;
    private readonly TlsSettings _tls;
    private readonly bool _open;
    private readonly bool _grpc;
    private readonly long _rps;
    private readonly int _connections;
    private readonly int _streams;

    /// <summary>Async engine: one loop per connection and stream; loop i drives stream i % streams of connection i / streams.</summary>
    private readonly int _loops;
    private readonly long _timeoutNs;
    private readonly long _nsPerTick = NsPerSecond / Stopwatch.Frequency;

    private OpenScheduler? _scheduler;
    private ScheduleWaiter[] _waiters = [];
    private StatsCollector _collector = null!;
    private long _runStart;
    private long _measureStart;
    private long _endAt = long.MaxValue;
    private long _openLimit = long.MaxValue;
    private long _warmupSlots;
    private long _budget;
    private long _cancelledAt;
    private volatile bool _stop;
    private volatile bool _cancelled;

    private LoadRun(LoadSpec spec, IProgress<TimelineSecond>? progress, IProgress<IntervalReport>? intervals, Endpoint[] endpoints,
        byte[][] grpcMessages, SocketEngine engine)
    {
        _spec = spec;
        _progress = progress;
        _intervals = intervals;
        _endpoints = endpoints;
        _tls = new TlsSettings(spec);
        _open = spec.Model == LoadModel.Open;
        _rps = spec.Rps ?? 0;
        _connections = spec.Connections;
        _timeoutNs = (long)spec.Timeout.TotalMilliseconds * 1_000_000;
        _workers = [.. Enumerable.Range(0, Math.Min(_connections, Environment.ProcessorCount)).Select(_ => new WorkerStats())];
        _streams = spec.Protocol == HttpProtocol.Http2 || spec.IsGrpc ? spec.Streams : 1;
        _loops = _connections * _streams;
        var http2 = spec.Protocol == HttpProtocol.Http2 || spec.IsGrpc;
        _grpc = spec.IsGrpc;
        var http1Requests = http2 ? [] : endpoints.Select(e => Http1RequestEncoder.Encode(spec, e.Uri)).ToArray();
        var http2Requests = http2 ? endpoints.Select((e, i) => Http2Request.FromSpec(spec, e.Uri, _grpc ? grpcMessages[i] : null)).ToArray() : [];
        var head = spec.Method == "HEAD";
        if (engine == SocketEngine.EventLoop || (engine == SocketEngine.Auto && CanUseEventLoop(spec, endpoints)))
        {
            _senders = [];
            _eventLoops = [.. _workers.Select((stats, w) =>
            {
                // Worker w drives connections w, w + workers, ...
                var mine = Enumerable.Range(0, _connections).Where(i => i % _workers.Length == w).ToArray();
                return new SocketEventLoop(this, mine.Length, (loop, index) =>
                {
                    var endpoint = mine[index] % endpoints.Length;
                    return http2
                        ? new Http2LoopConnection(loop, index, endpoints[endpoint], http2Requests[endpoint], _streams, stats, spec.Timeout)
                        : new Http1LoopConnection(loop, index, endpoints[endpoint], http1Requests[endpoint], head, stats, spec.Timeout);
                }, spec.Timeout);
            })];
            return;
        }
        _eventLoops = [];
        if (http2)
        {
            var connections = Enumerable.Range(0, _connections)
                .Select(i => new Http2AsyncConnection(endpoints[i % endpoints.Length], http2Requests[i % endpoints.Length], _streams, _tls))
                .ToArray();
            _senders = [.. Enumerable.Range(0, _loops).Select(i => (RequestSender)new Http2StreamSender(connections[i / _streams], i % _streams))];
        }
        else
        {
            _senders = [.. Enumerable.Range(0, _connections).Select(i =>
                (RequestSender)new Http1Sender(endpoints[i % endpoints.Length], http1Requests[i % endpoints.Length], head, _tls))];
        }
    }

    /// <summary>The event loop serves the closed model over plain connections where epoll is there (Linux).</summary>
    private static bool CanUseEventLoop(LoadSpec spec, Endpoint[] endpoints) =>
        spec.Model == LoadModel.Closed && !endpoints.Any(e => e.IsTls) && SocketEventLoop.IsSupported;

    public static async Task<LoadRun> CreateAsync(LoadSpec spec, IProgress<TimelineSecond>? progress, CancellationToken cancellationToken,
        SocketEngine engine = SocketEngine.Auto, IProgress<IntervalReport>? intervals = null)
    {
        var endpoints = await Task.WhenAll(spec.Urls.Select(url => Endpoint.ResolveAsync(url, cancellationToken))).ConfigureAwait(false);
        var grpcMessages = spec.IsGrpc
            ? await GrpcMessages.EncodeAsync(spec, [.. endpoints.Select(e => e.Uri)], cancellationToken).ConfigureAwait(false)
            : [];
        return new LoadRun(spec, progress, intervals, endpoints, grpcMessages, engine);
    }

    /// <summary>Closes a timeline second and hands it to whoever listens, with its detail when that is wanted.</summary>
    private void ReportSecond(long now)
    {
        if (_intervals is not null)
        {
            var report = _collector.TickWithDetail(now);
            _progress?.Report(report.Second);
            _intervals.Report(report);
        }
        else
        {
            var second = _collector.Tick(now);
            _progress?.Report(second);
        }
    }

    /// <summary>Waits, once the connections are open, for the next whole wall-clock second plus the start phase.</summary>
    private static async Task AlignStartAsync(TimeSpan phase, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        var due = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero).AddSeconds(1) + phase;
        // The last two milliseconds are spun: a timer wakes a millisecond late, which would skew the pods' phases.
        var sleep = due - now - TimeSpan.FromMilliseconds(2);
        try
        {
            if (sleep > TimeSpan.Zero)
                await Task.Delay(sleep, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        var spin = new SpinWait();
        while (DateTimeOffset.UtcNow < due && !cancellationToken.IsCancellationRequested)
            spin.SpinOnce(sleep1Threshold: -1);
    }

    internal long Now => Stopwatch.GetTimestamp() * _nsPerTick;

    internal bool Cancelled => _cancelled;

    public async Task<LoadResult> ExecuteAsync(CancellationToken cancellationToken)
    {
        await PreconnectAsync(cancellationToken).ConfigureAwait(false);
        if (_spec.StartPhase is { } phase)
            await AlignStartAsync(phase, cancellationToken).ConfigureAwait(false);

        var wallStart = DateTimeOffset.UtcNow + _spec.Warmup;
        _runStart = Now;
        _measureStart = _runStart + Ticks(_spec.Warmup);
        if (_spec.Duration is { } duration)
            _endAt = _measureStart + Ticks(duration);
        _budget = _spec.Requests ?? long.MaxValue;
        if (_open)
        {
            _warmupSlots = SlotsBefore(_measureStart);
            if (_spec.Requests is { } requests)
                _openLimit = _warmupSlots + requests;
            _waiters = [.. Enumerable.Range(0, _loops).Select(_ => new ScheduleWaiter())];
            _scheduler = new OpenScheduler();
        }
        _collector = new StatsCollector(_workers, _measureStart);

        using var registration = cancellationToken.Register(Cancel);
        if (cancellationToken.IsCancellationRequested)
            Cancel();
        var loops = _eventLoops.Length > 0
            ? Task.WhenAll(_eventLoops.Select(loop => loop.Go()))
            : Task.WhenAll(Enumerable.Range(0, _loops).Select(RunConnectionAsync));
        var housekeeping = Housekeeper.Start(this, loops);

        if (_endAt != long.MaxValue)
        {
            // Open model: loops stop by themselves at the end of the schedule; a loop running behind may still send
            // what was due before the end for a short grace, after which the rest counts as missed.
            var stopAt = _open ? _endAt + OpenGraceNs : _endAt;
            var remaining = TimeSpan.FromMilliseconds(Math.Max(0, (stopAt - Now) / 1e6));
            await Task.WhenAny(loops, Task.Delay(remaining, cancellationToken)).ConfigureAwait(false);
            Stop();
        }
        else
        {
            await Task.WhenAny(loops, Task.Delay(Timeout.Infinite, cancellationToken)).ConfigureAwait(false);
        }
        // Requests in flight finish (the watchdog bounds them by the timeout); on cancellation keep breaking
        // connections until every loop has noticed, so the run ends within a few of these intervals.
        while (!loops.IsCompleted)
        {
            await Task.WhenAny(loops, Task.Delay(CancelRetryInterval, CancellationToken.None)).ConfigureAwait(false);
            if (_cancelled)
                AbortAll();
        }
        var finishedAt = Now;
        _scheduler?.Stop();
        await housekeeping.ConfigureAwait(false);
        if (_collector.HasActivitySinceTick(finishedAt))
            ReportSecond(finishedAt);
        return BuildResult(wallStart, finishedAt);
    }

    private async Task PreconnectAsync(CancellationToken cancellationToken)
    {
        if (_eventLoops.Length > 0)
        {
            foreach (var loop in _eventLoops)
                loop.Start(_spec.Timeout);
            try
            {
                await Task.WhenAll(_eventLoops.Select(loop => loop.Connected)).WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The run is cancelled before it began: the loops see that and stop connecting.
            }
            return;
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_spec.Timeout);
        // Failures are ignored here: the first request on that connection tries again and records the error.
        await Task.WhenAll(_senders.Select(async sender =>
        {
            try
            {
                await sender.ConnectAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (Exception)
            {
                sender.Abort();
            }
        })).ConfigureAwait(false);
    }

    private async Task RunConnectionAsync(int index)
    {
        var sender = _senders[index];
        var connection = index / _streams;
        var stats = _workers[connection % _workers.Length];
        var target = _endpoints[connection % _endpoints.Length].Uri;
        long slot = index;
        while (!_stop)
        {
            long intended;
            bool measured;
            if (_open)
            {
                if (slot >= _openLimit)
                    break;
                intended = SlotTime(slot);
                if (intended >= _endAt)
                    break;
                slot += _loops;
                if (!await _scheduler!.WaitUntilAsync(intended, _waiters[index]).ConfigureAwait(false) || _stop)
                    break;
                measured = intended >= _measureStart;
            }
            else if (!TryBeginClosedRequest(out intended, out measured))
            {
                break;
            }

            var start = Now;
            sender.BeginRequest(start + _timeoutNs);
            var status = 0;
            Exception? failure = null;
            try
            {
                status = await sender.SendAsync().ConfigureAwait(false);
            }
            catch (Exception e)
            {
                failure = e;
            }
            var end = Now;
            var timedOut = sender.EndRequest();
            var (sent, received) = sender.TakeBytes();
            if (failure is not null && _cancelled)
                break; // broken by cancellation: this request has no outcome
            var (responseBytes, headerBytes) = sender.ResponseSize;
            Record(stats, target, new Exchange(measured, intended, start, end, status, failure, timedOut, sent, received, sender.GrpcStatus,
                responseBytes, headerBytes));
        }
    }

    /// <summary>
    /// Closed model: whether a connection may send another request now (the run goes on and, once measuring, the
    /// request budget has room); the request's intended time is its send time.
    /// </summary>
    internal bool TryBeginClosedRequest(out long intended, out bool measured)
    {
        intended = Now;
        measured = intended >= _measureStart;
        return !_stop && (!measured || Interlocked.Decrement(ref _budget) >= 0);
    }

    /// <summary>Adds one request's outcome to its worker's statistics.</summary>
    internal void Record(WorkerStats stats, Uri target, in Exchange exchange)
    {
        if (!exchange.Measured)
        {
            stats.RecordWarmup();
            return;
        }
        stats.AddBytes(exchange.Sent, exchange.Received);
        if (_open)
        {
            var lateness = exchange.Start - exchange.Intended;
            stats.RecordLateness(lateness, lateness > LateThresholdNs);
        }
        if (exchange.Failure is null && _grpc && exchange.Status == 200)
        {
            // A gRPC answer without grpc-status is a broken call: gRPC clients report it as UNKNOWN.
            stats.RecordGrpcResponse(exchange.GrpcStatus < 0 ? GrpcStatusCodes.Unknown : exchange.GrpcStatus,
                exchange.End - exchange.Intended, exchange.End - exchange.Start);
        }
        else if (exchange.Failure is null)
        {
            stats.RecordResponse(exchange.Status, exchange.End - exchange.Intended, exchange.End - exchange.Start);
            if (exchange.ResponseBytes >= 0)
                stats.RecordSizes(exchange.ResponseBytes, exchange.HeaderBytes);
        }
        else
        {
            var (kind, message) = ErrorClassifier.Classify(exchange.Failure, exchange.TimedOut, _spec.Timeout, target);
            stats.RecordError(kind, message);
        }
    }

    /// <summary>
    /// The run's one background thread: every few milliseconds it breaks connections whose request outlived the
    /// timeout, and once a second it closes a timeline entry. A dedicated thread instead of thread-pool timers keeps
    /// the pool's workers asleep during the run (each timer tick would wake one, and a woken worker spins).
    /// </summary>
    private sealed class Housekeeper : IDisposable
    {
        private readonly LoadRun _run;
        private readonly ManualResetEventSlim _loopsDone = new(false, spinCount: 0);
        private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);

        private Housekeeper(LoadRun run) => _run = run;

        public static Task Start(LoadRun run, Task loops)
        {
            var housekeeper = new Housekeeper(run);
            loops.ContinueWith(static (_, state) => ((ManualResetEventSlim)state!).Set(), housekeeper._loopsDone,
                CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            new Thread(housekeeper.Run) { IsBackground = true, Name = "meshdock-load-housekeeping" }.Start();
            return housekeeper._finished.Task;
        }

        private void Run()
        {
            try
            {
                var watchInterval = (long)Math.Clamp(_run._spec.Timeout.TotalMilliseconds / 10, 5, 50) * 1_000_000;
                var nextTick = _run._measureStart + NsPerSecond;
                while (true)
                {
                    var now = _run.Now;
                    var waitNs = Math.Min(watchInterval, Math.Max(0, nextTick - now));
                    if (_loopsDone.Wait(TimeSpan.FromMilliseconds(Math.Max(1, waitNs / 1_000_000))))
                        break;
                    now = _run.Now;
                    foreach (var sender in _run._senders)
                        sender.CheckDeadline(now);
                    if (now >= nextTick)
                    {
                        _run.ReportSecond(now);
                        nextTick += NsPerSecond;
                    }
                }
                _finished.SetResult();
            }
            catch (Exception e)
            {
                _finished.SetException(e);
            }
            finally
            {
                Dispose();
            }
        }

        public void Dispose() => _loopsDone.Dispose();
    }

    private void Stop()
    {
        _stop = true;
        _scheduler?.Stop();
    }

    private void Cancel()
    {
        if (_cancelled)
            return;
        _cancelledAt = Now;
        _cancelled = true;
        Stop();
        AbortAll();
    }

    private void AbortAll()
    {
        foreach (var sender in _senders)
            sender.Abort();
    }

    /// <summary>Intended send time of open-model slot <paramref name="slot"/> (slot 0 at the run's start).</summary>
    private long SlotTime(long slot) => _runStart + slot * NsPerSecond / _rps;

    /// <summary>How many slots have an intended time before <paramref name="time"/>.</summary>
    private long SlotsBefore(long time) => time <= _runStart ? 0 : ((time - _runStart) * _rps + NsPerSecond - 1) / NsPerSecond;

    private static long Ticks(TimeSpan span) => (long)(span.TotalMilliseconds * 1_000_000);

    private LoadResult BuildResult(DateTimeOffset wallStart, long finishedAt)
    {
        var statusCodes = new Dictionary<int, long>();
        var errorCounts = new long[Enum.GetValues<ErrorKind>().Length];
        var firstErrors = new string?[errorCounts.Length];
        var grpcCounts = new long[GrpcStatusCodes.Count];
        foreach (var worker in _workers)
            worker.AddCountsTo(statusCodes, errorCounts, firstErrors, grpcCounts);

        var measuredEnd = _cancelled ? Math.Min(_cancelledAt, finishedAt) : _endAt != long.MaxValue ? _endAt : finishedAt;
        var seconds = Math.Max(0, measuredEnd - _measureStart) / 1e9;
        var requests = _workers.Sum(w => w.Requests);
        var latency = _collector.TotalLatency();

        ScheduleStats? schedule = null;
        if (_open)
        {
            var scheduledUntil = Math.Min(SlotsBefore(measuredEnd), _openLimit);
            var scheduled = Math.Max(0, scheduledUntil - _warmupSlots);
            var lateness = _collector.TotalLateness();
            schedule = new ScheduleStats
            {
                Scheduled = scheduled,
                Missed = Math.Max(0, scheduled - requests),
                Late = _workers.Sum(w => w.Late),
                LateThresholdMs = LatencyHistograms.ToMs(LateThresholdNs),
                LatenessP50Ms = lateness.TotalCount == 0 ? 0 : LatencyHistograms.ToMs(lateness.GetValueAtPercentile(50)),
                LatenessP99Ms = lateness.TotalCount == 0 ? 0 : LatencyHistograms.ToMs(lateness.GetValueAtPercentile(99)),
                LatenessMaxMs = lateness.TotalCount == 0 ? 0 : LatencyHistograms.ToMs(HdrHistogram.HistogramExtensions.GetMaxValue(lateness)),
            };
        }

        return new LoadResult
        {
            Spec = _spec,
            StartTime = wallStart,
            EndTime = wallStart + TimeSpan.FromSeconds(seconds),
            DurationSeconds = Math.Round(seconds, 6),
            Cancelled = _cancelled,
            Requests = requests,
            Responses = latency.TotalCount,
            ActualRps = seconds > 0 ? Math.Round(requests / seconds, 2) : 0,
            WarmupRequests = _workers.Sum(w => w.Warmup),
            StatusCodes = statusCodes,
            GrpcStatusCodes = Enumerable.Range(0, GrpcStatusCodes.Count).Where(code => grpcCounts[code] > 0)
                .ToDictionary(GrpcStatusCodes.Name, code => grpcCounts[code]),
            Errors = [.. Enum.GetValues<ErrorKind>()
                .Where(kind => errorCounts[(int)kind] > 0)
                .Select(kind => new ErrorSummary(kind, errorCounts[(int)kind], firstErrors[(int)kind] ?? kind.ToString()))],
            BytesSent = _workers.Sum(w => w.BytesSent),
            BytesReceived = _workers.Sum(w => w.BytesReceived),
            Latency = LatencySummary.Summarize(latency),
            ServiceTime = LatencySummary.Summarize(_collector.TotalServiceTime()),
            ErrorLatency = LatencySummary.Summarize(_collector.TotalErrorLatency()),
            Schedule = schedule,
            ResponseSizes = SizeRecorder.Summarize(_workers.Select(w => w.ResponseSizes)),
            HeaderSizes = SizeRecorder.Summarize(_workers.Select(w => w.HeaderSizes)),
            Timeline = _collector.Timeline,
        };
    }

    public async ValueTask DisposeAsync()
    {
        _scheduler?.Dispose();
        foreach (var loop in _eventLoops)
            loop.Dispose();
        foreach (var sender in _senders)
            await sender.DisposeAsync().ConfigureAwait(false);
        _tls.Dispose();
    }
}
