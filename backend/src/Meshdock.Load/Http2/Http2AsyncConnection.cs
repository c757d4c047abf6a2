using System.Net.Security;
using System.Net.Sockets;
using System.Threading.Tasks.Sources;
using Meshdock.Load.Engine;
using Meshdock.Load.Http1;

namespace Meshdock.Load.Http2;

/// <summary>
/// One HTTP/2 connection on async sockets: h2 over TLS (ALPN) and the open model, where each stream slot is driven
/// by its own loop (<see cref="Http2StreamSender"/>) that waits on the scheduler. One read loop feeds the
/// <see cref="Http2Session"/>; frames are written by one flush loop at a time; stream ends are completed outside the
/// lock, so a slot's next request goes out from the read loop's thread. Slots the server did not process wait for
/// the next connection, which opens once the current one has drained.
/// </summary>
internal sealed class Http2AsyncConnection : IHttp2StreamOwner, IByteCounter, IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly Endpoint _endpoint;
    private readonly TlsSettings _tls;
    private readonly Http2Session _session;
    private readonly Waiter[] _waiters;
    private readonly int[] _retries;
    private readonly bool[] _open;
    private readonly Queue<int> _pending = new();
    private readonly List<(int Slot, Http2Outcome Outcome)> _ended = [];
    private readonly byte[] _readBuffer = GC.AllocateUninitializedArray<byte>(64 * 1024, pinned: true);
    private byte[] _writeBuffer = GC.AllocateUninitializedArray<byte>(16 * 1024, pinned: true);
    private Socket? _socket;
    private Stream? _stream;
    private Task? _connecting;
    private int _generation;
    private bool _flushing;
    private bool _disposed;
    private long _sent;
    private long _received;

    public Http2AsyncConnection(Endpoint endpoint, Http2Request request, int streams, TlsSettings tls)
    {
        _endpoint = endpoint;
        _tls = tls;
        _session = new Http2Session(request, streams, this);
        _waiters = [.. Enumerable.Range(0, streams).Select(_ => new Waiter())];
        _retries = new int[streams];
        _open = new bool[streams];
    }

    /// <summary>Opens the connection ahead of the run.</summary>
    public Task ConnectAsync()
    {
        lock (_gate)
            return _stream is not null ? Task.CompletedTask : _connecting ??= OpenAsync();
    }

    /// <summary>Sends slot <paramref name="slot"/>'s request; completes with how its stream ended.</summary>
    public ValueTask<Http2Outcome> SendAsync(int slot)
    {
        ValueTask<Http2Outcome> result;
        lock (_gate)
        {
            result = _waiters[slot].Arm();
            _retries[slot] = 0;
            _pending.Enqueue(slot);
            PumpLocked();
        }
        Dispatch();
        return result;
    }

    /// <summary>Gives up on slot <paramref name="slot"/>'s request (timeout or cancellation): its stream is reset.</summary>
    public void Cancel(int slot, Exception failure)
    {
        lock (_gate)
        {
            if (_open[slot])
            {
                _session.CancelStream(slot);
                _open[slot] = false;
                _ended.Add((slot, new Http2Outcome(0, -1, failure, false)));
            }
            else if (_pending.Contains(slot))
            {
                var rest = _pending.Where(s => s != slot).ToArray();
                _pending.Clear();
                foreach (var s in rest)
                    _pending.Enqueue(s);
                _ended.Add((slot, new Http2Outcome(0, -1, failure, false)));
            }
        }
        Dispatch();
    }

    public (long Sent, long Received) TakeBytes() => (Interlocked.Exchange(ref _sent, 0), Interlocked.Exchange(ref _received, 0));

    public void CountSent(int bytes) => Interlocked.Add(ref _sent, bytes);

    public void CountReceived(int bytes) => Interlocked.Add(ref _received, bytes);

    void IHttp2StreamOwner.OnStreamEnded(int slot, in Http2Outcome outcome)
    {
        _open[slot] = false;
        if (outcome.Retry && _retries[slot] < Http2Session.MaxRetries)
        {
            _retries[slot]++;
            _pending.Enqueue(slot);
            return;
        }
        _ended.Add((slot, outcome));
    }

    /// <summary>Opens streams for pending slots, or starts a new connection when there is none or this one drained.</summary>
    private void PumpLocked()
    {
        if (_pending.Count == 0 || _connecting is not null || _disposed)
            return;
        if (_stream is not null && _session.Draining && _session.Active == 0)
            CloseLocked();
        if (_stream is null)
        {
            _connecting = OpenAsync();
            return;
        }
        while (_pending.Count > 0 && _session.CanOpenStream)
        {
            var slot = _pending.Dequeue();
            _open[slot] = true;
            _session.OpenStream(slot);
        }
    }

    private async Task OpenAsync()
    {
        await Task.Yield(); // never connect while holding the caller's lock
        var socket = new Socket(_endpoint.Address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        InlineCompletions.Enable(socket);
        Stream? stream = null;
        try
        {
            await socket.ConnectAsync(_endpoint.Address).ConfigureAwait(false);
            stream = new CountingStream(new NetworkStream(socket, ownsSocket: true), this);
            if (_endpoint.IsTls)
            {
                var ssl = new SslStream(stream);
                stream = ssl;
                await ssl.AuthenticateAsClientAsync(_tls.ClientOptions(_endpoint.Uri.IdnHost, SslApplicationProtocol.Http2)).ConfigureAwait(false);
                if (ssl.NegotiatedApplicationProtocol != SslApplicationProtocol.Http2)
                    throw new InvalidDataException("the server did not agree to HTTP/2 in the TLS handshake (ALPN); it may speak only HTTP/1.1");
            }
        }
        catch (Exception e)
        {
            stream?.Dispose();
            socket.Dispose();
            lock (_gate)
            {
                _connecting = null;
                while (_pending.TryDequeue(out var slot))
                    _ended.Add((slot, new Http2Outcome(0, -1, e, false)));
            }
            Dispatch();
            return;
        }
        int generation;
        lock (_gate)
        {
            _connecting = null;
            if (_disposed)
            {
                stream.Dispose();
                return;
            }
            _socket = socket;
            _stream = stream;
            generation = ++_generation;
            _session.Reset();
            PumpLocked();
        }
        _ = ReadLoopAsync(stream, generation);
        Dispatch();
    }

    private async Task ReadLoopAsync(Stream stream, int generation)
    {
        Exception failure;
        try
        {
            while (true)
            {
                var read = await stream.ReadAsync(_readBuffer).ConfigureAwait(false);
                if (read == 0)
                {
                    failure = new ConnectionClosedException("The server closed the HTTP/2 connection with requests open.", beforeResponse: false);
                    break;
                }
                lock (_gate)
                {
                    if (generation != _generation)
                        return;
                    // The session's input window holds at least one whole frame; a large read is fed in parts.
                    for (var at = 0; at < read;)
                    {
                        var space = _session.InputSpace;
                        var part = Math.Min(space.Length, read - at);
                        _readBuffer.AsSpan(at, part).CopyTo(space.Span);
                        _session.Received(part);
                        at += part;
                    }
                    PumpLocked();
                }
                Dispatch();
            }
        }
        catch (Exception e)
        {
            failure = e;
        }
        if (failure is Http2ConnectionException)
            await SendGoAwayAsync(stream).ConfigureAwait(false);
        lock (_gate)
        {
            if (generation == _generation)
            {
                CloseLocked();
                _session.EndAll(failure);
                PumpLocked();
            }
        }
        Dispatch();
    }

    /// <summary>A protocol error queued a GOAWAY that says why: get it out before closing, if the socket takes it.</summary>
    private async Task SendGoAwayAsync(Stream stream)
    {
        byte[] frames;
        lock (_gate)
            frames = _session.Output.ToArray();
        try
        {
            await stream.WriteAsync(frames).AsTask().WaitAsync(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // the connection is going anyway
        }
    }

    /// <summary>Completes ended streams and starts a flush for queued frames, both outside the lock.</summary>
    private void Dispatch()
    {
        var flush = false;
        (int Slot, Http2Outcome Outcome)[]? ended = null;
        lock (_gate)
        {
            if (_ended.Count > 0)
            {
                ended = [.. _ended];
                _ended.Clear();
            }
            if (!_flushing && _stream is not null && _session.HasOutput)
                _flushing = flush = true;
        }
        if (flush)
            _ = FlushAsync();
        if (ended is not null)
            foreach (var (slot, outcome) in ended)
                _waiters[slot].Complete(outcome);
    }

    private async Task FlushAsync()
    {
        while (true)
        {
            Stream stream;
            int length;
            lock (_gate)
            {
                if (_stream is null || !_session.HasOutput)
                {
                    _flushing = false;
                    return;
                }
                var output = _session.Output;
                if (_writeBuffer.Length < output.Length)
                    _writeBuffer = GC.AllocateUninitializedArray<byte>(Math.Max(output.Length, _writeBuffer.Length * 2), pinned: true);
                output.CopyTo(_writeBuffer);
                length = output.Length;
                _session.Consumed(length);
                stream = _stream;
            }
            try
            {
                await stream.WriteAsync(_writeBuffer.AsMemory(0, length)).ConfigureAwait(false);
            }
            catch (Exception)
            {
                // The read loop sees the broken connection too and ends its streams.
                lock (_gate)
                    _flushing = false;
                stream.Dispose();
                return;
            }
        }
    }

    private void CloseLocked()
    {
        _stream?.Dispose();
        _socket?.Dispose();
        _stream = null;
        _socket = null;
        _generation++;
    }

    public ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            _disposed = true;
            CloseLocked();
        }
        return ValueTask.CompletedTask;
    }

    /// <summary>A reusable awaitable for one slot's request; completed outside the connection's lock.</summary>
    private sealed class Waiter : IValueTaskSource<Http2Outcome>
    {
        private ManualResetValueTaskSourceCore<Http2Outcome> _core;

        public ValueTask<Http2Outcome> Arm()
        {
            _core.Reset();
            return new ValueTask<Http2Outcome>(this, _core.Version);
        }

        public void Complete(Http2Outcome outcome) => _core.SetResult(outcome);

        public Http2Outcome GetResult(short token) => _core.GetResult(token);

        public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

        public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
            _core.OnCompleted(continuation, state, token, flags);
    }
}
