using Meshdock.Load.Engine;
using Meshdock.Load.EventLoop;
using Meshdock.Load.Http1;

namespace Meshdock.Load.Http2;

/// <summary>
/// One h2c connection of a <see cref="SocketEventLoop"/>, carrying up to <c>streams</c> requests at once. Each stream
/// slot is free, waiting (its request taken from the run, to go out once the connection can open a stream) or open.
/// A slot the server did not process (GOAWAY, REFUSED_STREAM) goes back to waiting with its original times, and the
/// connection is replaced once its open streams are done, so a server that closes connections after N requests
/// does not end the run. Only the loop's thread touches it.
/// </summary>
internal sealed unsafe class Http2LoopConnection : ILoopConnection, IHttp2StreamOwner
{
    private enum SlotState : byte { Free, Waiting, Open }

    private static readonly TimeoutException TimedOut = new();

    private readonly SocketEventLoop _loop;
    private readonly int _index;
    private readonly Endpoint _endpoint;
    private readonly byte[] _address;
    private readonly WorkerStats _stats;
    private readonly long _timeoutNs;
    private readonly Http2Session _session;
    private readonly SlotState[] _state;
    private readonly long[] _intended;
    private readonly bool[] _measured;
    private readonly long[] _deadline;
    private readonly int[] _retries;

    private int _fd = -1;
    private bool _connecting;
    private bool _preconnecting;
    private bool _readable;
    private bool _hungUp;
    private bool _queued;
    private int _waiting;
    private long _sent;
    private long _received;
    private long _sentCounted;
    private long _receivedCounted;

    public Http2LoopConnection(SocketEventLoop loop, int index, Endpoint endpoint, Http2Request request, int streams, WorkerStats stats, TimeSpan timeout)
    {
        _loop = loop;
        _index = index;
        _endpoint = endpoint;
        _address = LoopSocket.Address(endpoint.Address);
        _stats = stats;
        _timeoutNs = (long)(timeout.TotalMilliseconds * 1_000_000);
        _session = new Http2Session(request, streams, this);
        _state = new SlotState[streams];
        _intended = new long[streams];
        _measured = new bool[streams];
        _deadline = new long[streams];
        _retries = new int[streams];
    }

    public void Preconnect()
    {
        _preconnecting = true;
        _loop.Busy++;
        Connect();
        if (!_connecting)
            EndPreconnect();
    }

    public void GiveUpConnecting()
    {
        if (_preconnecting && _connecting)
        {
            Close();
            EndPreconnect();
        }
    }

    private void EndPreconnect()
    {
        _preconnecting = false;
        _loop.Busy--;
    }

    /// <summary>Takes a request from the run for every free slot, then sends what the connection allows.</summary>
    public void Begin()
    {
        _queued = false;
        for (var slot = 0; slot < _state.Length; slot++)
        {
            if (_state[slot] != SlotState.Free)
                continue;
            if (!_loop.Run.TryBeginClosedRequest(out var intended, out var measured))
                break;
            _loop.Busy++;
            _state[slot] = SlotState.Waiting;
            _waiting++;
            _intended[slot] = intended;
            _measured[slot] = measured;
            _deadline[slot] = intended + _timeoutNs;
            _retries[slot] = 0;
        }
        Pump();
    }

    /// <summary>Opens streams for waiting slots, connecting (or replacing a drained connection) first if need be.</summary>
    private void Pump()
    {
        if (_waiting == 0 || _connecting)
        {
            Flush();
            return;
        }
        if (_fd >= 0 && _session.Draining && _session.Active == 0)
            Close();
        if (_fd < 0)
        {
            Connect();
            return;
        }
        for (var slot = 0; slot < _state.Length && _waiting > 0 && _session.CanOpenStream; slot++)
        {
            if (_state[slot] != SlotState.Waiting)
                continue;
            _state[slot] = SlotState.Open;
            _waiting--;
            _session.OpenStream(slot);
        }
        Flush();
    }

    private void Connect()
    {
        _readable = _hungUp = false;
        var failure = LoopSocket.Connect(_loop.Epoll, _index, _endpoint.Address.AddressFamily, _address, out _fd, out var inProgress);
        if (failure is not null)
        {
            FailWaiting(failure);
            return;
        }
        _connecting = inProgress;
        if (!inProgress)
            Connected();
    }

    private void Connected()
    {
        _connecting = false;
        var error = LoopSocket.PendingError(_fd);
        if (error != 0)
        {
            Close();
            if (_preconnecting)
                EndPreconnect();
            else
                FailWaiting(Libc.SocketError(error));
            return;
        }
        _session.Reset(); // queues the preface and SETTINGS
        if (_preconnecting)
        {
            EndPreconnect();
            Flush();
            return;
        }
        Pump();
    }

    public void OnEvents(uint flags)
    {
        if ((flags & (Libc.EpollIn | Libc.EpollRdHup | Libc.EpollHup | Libc.EpollErr)) != 0)
            _readable = true;
        if ((flags & (Libc.EpollRdHup | Libc.EpollHup | Libc.EpollErr)) != 0)
            _hungUp = true;
        var writable = (flags & (Libc.EpollOut | Libc.EpollErr | Libc.EpollHup)) != 0;
        if (_connecting)
        {
            if (writable)
                Connected();
            return;
        }
        if (_fd < 0)
            return;
        if (writable && _session.HasOutput)
            Flush();
        if (_readable && _fd >= 0)
            Receive();
        if (_fd >= 0 || _waiting > 0)
            Pump();
    }

    private void Receive()
    {
        while (_fd >= 0)
        {
            var space = _session.InputSpace.Span;
            nint received;
            fixed (byte* buffer = space)
                received = Libc.recv(_fd, buffer, space.Length, 0);
            if (received > 0)
            {
                _received += received;
                if (received < space.Length && !_hungUp)
                    _readable = false;
                try
                {
                    _session.Received((int)received);
                }
                catch (Http2ConnectionException e)
                {
                    Flush(); // the GOAWAY that says why, if the socket takes it
                    EndConnection(e);
                    return;
                }
                if (!_readable)
                    return;
                continue;
            }
            if (received == 0)
            {
                EndConnection(new ConnectionClosedException("The server closed the HTTP/2 connection with requests open.", beforeResponse: false));
                return;
            }
            var errno = Libc.LastError;
            if (errno == Libc.EAgain)
            {
                _readable = false;
                return;
            }
            if (errno != Libc.EIntr)
            {
                EndConnection(Libc.SocketError(errno));
                return;
            }
        }
    }

    private void Flush()
    {
        while (_fd >= 0 && _session.HasOutput)
        {
            var output = _session.Output;
            nint sent;
            fixed (byte* bytes = output)
                sent = Libc.send(_fd, bytes, output.Length, Libc.MsgNoSignal);
            if (sent > 0)
            {
                _sent += sent;
                _session.Consumed((int)sent);
                continue;
            }
            var errno = Libc.LastError;
            if (errno == Libc.EAgain)
                return; // the rest goes at the next writable edge
            if (errno != Libc.EIntr)
            {
                EndConnection(Libc.SocketError(errno));
                return;
            }
        }
    }

    /// <summary>The connection is gone: open streams end (or go back to waiting, if never processed).</summary>
    private void EndConnection(Exception failure)
    {
        Close();
        _session.EndAll(failure);
    }

    public void OnStreamEnded(int slot, in Http2Outcome outcome)
    {
        if (outcome.Retry && _retries[slot] < Http2Session.MaxRetries)
        {
            _retries[slot]++;
            _state[slot] = SlotState.Waiting;
            _waiting++;
            return;
        }
        Finish(slot, outcome.Status, outcome.Failure, timedOut: false, outcome.GrpcStatus);
    }

    public void CheckDeadline(long now)
    {
        for (var slot = 0; slot < _state.Length; slot++)
        {
            if (_state[slot] == SlotState.Free || now < _deadline[slot])
                continue;
            if (_state[slot] == SlotState.Open)
                _session.CancelStream(slot);
            else
                _waiting--;
            Finish(slot, 0, TimedOut, timedOut: true);
        }
        Flush();
    }

    private void FailWaiting(Exception failure)
    {
        for (var slot = 0; slot < _state.Length; slot++)
        {
            if (_state[slot] != SlotState.Waiting)
                continue;
            _waiting--;
            Finish(slot, 0, failure, timedOut: false);
        }
    }

    private void Finish(int slot, int status, Exception? failure, bool timedOut, int grpcStatus = -1)
    {
        var end = _loop.Run.Now;
        _state[slot] = SlotState.Free;
        _loop.Busy--;
        // Connection-level bytes (preface, SETTINGS, WINDOW_UPDATEs) go with the request that ends next, so the
        // run's totals are the wire's.
        var sent = _sent - _sentCounted;
        var received = _received - _receivedCounted;
        _sentCounted = _sent;
        _receivedCounted = _received;
        _loop.Run.Record(_stats, _endpoint.Uri, new Exchange(_measured[slot], _intended[slot], _intended[slot], end, status, failure, timedOut, sent, received, grpcStatus));
        if (!_queued)
        {
            _queued = true;
            _loop.Enqueue(this);
        }
    }

    public void Abort() => Close();

    private void Close()
    {
        if (_fd >= 0)
        {
            Libc.close(_fd);
            _fd = -1;
        }
        _connecting = false;
        _readable = _hungUp = false;
    }

    public void Dispose() => Close();
}
