using System.Runtime.InteropServices;
using Meshdock.Load.Engine;

namespace Meshdock.Load.EventLoop;

/// <summary>
/// The closed model's engine for plain connections on Linux (HTTP/1.1 and h2c), built like wrk: one thread drives
/// its share of the run's connections over one epoll set. Each socket is registered once, edge-triggered, so a request costs one
/// send and usually one recv, with one epoll_wait for a batch of connections. The async socket path costs about
/// twice the CPU per request here: a recv that finds nothing yet before every wait for the answer, and a hop through
/// the runtime's own event thread and the async state machines (docs/performance.md has the figures).
/// </summary>
internal sealed unsafe class SocketEventLoop : IDisposable
{
    private const int MaxEvents = 256;

    /// <summary>How long epoll_wait sleeps at most, so cancellation and request timeouts are noticed promptly.</summary>
    private const int WaitMs = 10;

    private static readonly bool Supported = Probe();

    private readonly LoadRun _run;
    private readonly ILoopConnection[] _connections;
    private readonly Queue<ILoopConnection> _ready = new();
    private readonly long _watchIntervalNs;
    private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ManualResetEventSlim _go = new(false, spinCount: 0);
    private readonly byte[] _events = GC.AllocateArray<byte>(MaxEvents * Libc.EpollEventSize, pinned: true);
    private readonly int _epoll;
    private long _preconnectDeadline;
    private volatile bool _disposed;

    /// <summary>Connections with a request (or, before the run, a connect) in progress.</summary>
    internal int Busy;

    /// <param name="connections">How many connections this loop drives; <paramref name="create"/> makes the one with
    /// each index (its epoll data).</param>
    public SocketEventLoop(LoadRun run, int connections, Func<SocketEventLoop, int, ILoopConnection> create, TimeSpan timeout)
    {
        _run = run;
        _epoll = Libc.epoll_create1(Libc.EpollCloexec);
        if (_epoll < 0)
            throw Libc.SocketError(Libc.LastError);
        _connections = [.. Enumerable.Range(0, connections).Select(i => create(this, i))];
        _watchIntervalNs = (long)Math.Clamp(timeout.TotalMilliseconds / 10, 5, 50) * 1_000_000;
    }

    /// <summary>Whether this machine can run the loop (Linux, with a libc that has epoll).</summary>
    public static bool IsSupported => Supported;

    internal LoadRun Run => _run;

    internal int Epoll => _epoll;

    /// <summary>Completes when every connection is open, or failed, or still opening at the deadline.</summary>
    public Task Connected => _connected.Task;

    /// <summary>Starts the loop's thread, which opens the connections ahead of the run (so connecting is not timed
    /// as a request) and then waits for <see cref="Go"/>.</summary>
    public void Start(TimeSpan connectTimeout)
    {
        _preconnectDeadline = _run.Now + (long)(connectTimeout.TotalMilliseconds * 1_000_000);
        new Thread(Main) { IsBackground = true, Name = "meshdock-load-loop" }.Start();
    }

    /// <summary>Lets the connections send; the task completes when none has a request left in flight.</summary>
    public Task Go()
    {
        _go.Set();
        return _finished.Task;
    }

    internal void Enqueue(ILoopConnection connection) => _ready.Enqueue(connection);

    private void Main()
    {
        try
        {
            foreach (var connection in _connections)
                connection.Preconnect();
            Drive(preconnecting: true);
            _connected.TrySetResult();
            _go.Wait();
            if (!_disposed)
            {
                foreach (var connection in _connections)
                    _ready.Enqueue(connection);
                Drive(preconnecting: false);
            }
            _finished.TrySetResult();
        }
        catch (Exception e)
        {
            _connected.TrySetException(e);
            _finished.TrySetException(e);
        }
        finally
        {
            foreach (var connection in _connections)
                connection.Dispose();
            Libc.close(_epoll);
        }
    }

    /// <summary>
    /// Runs until no connection is busy and none waits to begin a request. Connections that finish a request queue
    /// up to begin the next one after the batch of events, so a run of failures that happen at once (a refused
    /// connect) cannot recurse or keep the loop from noticing cancellation.
    /// </summary>
    private void Drive(bool preconnecting)
    {
        var nextWatch = _run.Now + _watchIntervalNs;
        var events = (byte*)Marshal.UnsafeAddrOfPinnedArrayElement(_events, 0);
        while (Busy > 0 || _ready.Count > 0)
        {
            if (_run.Cancelled || _disposed)
            {
                foreach (var connection in _connections)
                    connection.Abort();
                return;
            }
            var count = Libc.epoll_wait(_epoll, events, MaxEvents, _ready.Count > 0 ? 0 : WaitMs);
            if (count < 0)
            {
                var errno = Libc.LastError;
                if (errno == Libc.EIntr)
                    continue;
                throw Libc.SocketError(errno);
            }
            for (var i = 0; i < count; i++)
            {
                var entry = events + i * Libc.EpollEventSize;
                var flags = *(uint*)entry;
                var index = *(ulong*)(entry + Libc.EpollDataOffset);
                _connections[index].OnEvents(flags);
            }
            var now = _run.Now;
            if (preconnecting && now >= _preconnectDeadline)
            {
                foreach (var connection in _connections)
                    connection.GiveUpConnecting();
            }
            else if (now >= nextWatch)
            {
                foreach (var connection in _connections)
                    connection.CheckDeadline(now);
                nextWatch = now + _watchIntervalNs;
            }
            for (var ready = _ready.Count; ready > 0; ready--)
                _ready.Dequeue().Begin();
        }
    }

    public void Dispose()
    {
        // The loop's thread closes the sockets and the epoll set on its way out; this only tells it to go.
        _disposed = true;
        _go.Set();
    }

    private static bool Probe()
    {
        if (!OperatingSystem.IsLinux())
            return false;
        try
        {
            var fd = Libc.epoll_create1(Libc.EpollCloexec);
            if (fd < 0)
                return false;
            Libc.close(fd);
            return true;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }
}
