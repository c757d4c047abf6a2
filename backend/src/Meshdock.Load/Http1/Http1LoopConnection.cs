using System.Net.Sockets;
using System.Runtime.InteropServices;
using Meshdock.Load.Engine;
using Meshdock.Load.EventLoop;

namespace Meshdock.Load.Http1;

/// <summary>
/// One HTTP/1.1 connection of a <see cref="SocketEventLoop"/>: a non-blocking socket and the state of its current request.
/// Only the loop's thread touches it. The socket is registered edge-triggered for reading and writing, so every
/// event is remembered in <c>_readable</c> until a recv finds the socket drained, and a hang-up in <c>_hungUp</c>.
/// </summary>
internal sealed unsafe class Http1LoopConnection : ILoopConnection
{
    private enum Phase { Idle, Connecting, Sending, Receiving }

    /// <summary>Stands for the failure of a request the loop broke off at its deadline (the classifier words it).</summary>
    private static readonly TimeoutException TimedOut = new();

    private readonly SocketEventLoop _loop;
    private readonly int _index;
    private readonly Endpoint _endpoint;
    private readonly byte[] _request;
    private readonly byte[] _address;
    private readonly bool _headRequest;
    private readonly WorkerStats _stats;
    private readonly long _timeoutNs;
    private readonly Http1ResponseReader _reader = new();

    private int _fd = -1;
    private Phase _phase;
    private bool _readable;
    private bool _hungUp;
    private bool _reused;
    private bool _retried;
    private bool _preconnecting;
    private int _written;
    private bool _measured;
    private long _intended;
    private long _start;
    private long _deadline = long.MaxValue;
    private long _sent;
    private long _received;

    public Http1LoopConnection(SocketEventLoop loop, int index, Endpoint endpoint, byte[] request, bool headRequest, WorkerStats stats, TimeSpan timeout)
    {
        _loop = loop;
        _index = index;
        _endpoint = endpoint;
        _request = GC.AllocateArray<byte>(request.Length, pinned: true);
        request.CopyTo(_request, 0);
        _address = LoopSocket.Address(endpoint.Address);
        _headRequest = headRequest;
        _stats = stats;
        _timeoutNs = (long)(timeout.TotalMilliseconds * 1_000_000);
    }

    /// <summary>Opens the connection before the run; a failure is left for the first request to meet again.</summary>
    public void Preconnect()
    {
        _preconnecting = true;
        _loop.Busy++;
        if (!TryConnect(out _) || _phase != Phase.Connecting)
            EndPreconnect();
    }

    /// <summary>The preconnect deadline passed: the first request opens its own connection.</summary>
    public void GiveUpConnecting()
    {
        if (_preconnecting && _phase == Phase.Connecting)
        {
            Close();
            EndPreconnect();
        }
    }

    /// <summary>Sends the next request, if the run wants one.</summary>
    public void Begin()
    {
        if (!_loop.Run.TryBeginClosedRequest(out _intended, out _measured))
            return;
        _loop.Busy++;
        _start = _intended;
        _deadline = _start + _timeoutNs;
        _sent = _received = 0;
        _retried = false;
        _reused = _fd >= 0;
        if (_fd < 0)
            Connect();
        else
            StartSending();
    }

    public void OnEvents(uint flags)
    {
        if ((flags & (Libc.EpollIn | Libc.EpollRdHup | Libc.EpollHup | Libc.EpollErr)) != 0)
            _readable = true;
        if ((flags & (Libc.EpollRdHup | Libc.EpollHup | Libc.EpollErr)) != 0)
            _hungUp = true;
        var writable = (flags & (Libc.EpollOut | Libc.EpollErr | Libc.EpollHup)) != 0;
        switch (_phase)
        {
            case Phase.Connecting when writable:
                Connected();
                break;
            case Phase.Sending when writable:
                Send();
                break;
            case Phase.Receiving when _readable:
                Receive();
                break;
            case Phase.Idle when _fd >= 0 && _readable:
                CheckIdle();
                break;
        }
    }

    /// <summary>
    /// Nothing is expected between responses. An event now is either late news of bytes already read (nothing to
    /// read: keep the connection) or the server closing it, as nginx does after keepalive_timeout, or talking out
    /// of turn: the next request then goes on a new connection.
    /// </summary>
    private void CheckIdle()
    {
        _reader.Reset(_headRequest);
        if (ReceiveIntoReader(out _) < 0 && Libc.LastError == Libc.EAgain)
            _readable = false;
        else
            Close();
    }

    /// <summary>Breaks off a request that outlived the timeout.</summary>
    public void CheckDeadline(long now)
    {
        if (_phase != Phase.Idle && now >= _deadline)
            Fail(TimedOut, timedOut: true);
    }

    /// <summary>Cancellation: drops the connection; a request in flight has no outcome.</summary>
    public void Abort() => Close();

    private void Connect()
    {
        if (!TryConnect(out var failure))
            Fail(failure!);
        else if (_phase != Phase.Connecting)
            StartSending();
    }

    /// <summary>Starts a non-blocking connect; the phase is Connecting until the socket turns writable.</summary>
    private bool TryConnect(out Exception? failure)
    {
        _readable = false;
        failure = LoopSocket.Connect(_loop.Epoll, _index, _endpoint.Address.AddressFamily, _address, out _fd, out var inProgress);
        if (failure is not null)
            return false;
        _phase = inProgress ? Phase.Connecting : Phase.Idle;
        return true;
    }

    private void Connected()
    {
        var error = LoopSocket.PendingError(_fd);
        if (_preconnecting)
        {
            if (error != 0)
                Close();
            _phase = Phase.Idle;
            EndPreconnect();
        }
        else if (error != 0)
        {
            Fail(Libc.SocketError(error));
        }
        else
        {
            StartSending();
        }
    }

    private void EndPreconnect()
    {
        _preconnecting = false;
        _phase = Phase.Idle;
        _loop.Busy--;
    }

    private void StartSending()
    {
        _written = 0;
        _phase = Phase.Sending;
        Send();
    }

    private void Send()
    {
        while (_written < _request.Length)
        {
            nint sent;
            fixed (byte* request = _request)
                sent = Libc.send(_fd, request + _written, _request.Length - _written, Libc.MsgNoSignal);
            if (sent > 0)
            {
                _written += (int)sent;
                _sent += sent;
                continue;
            }
            var errno = Libc.LastError;
            if (errno == Libc.EAgain)
                return; // the socket's buffer is full: go on at the next writable edge
            if (errno == Libc.EIntr)
                continue;
            RetryOrFail(Libc.SocketError(errno), beforeResponse: true);
            return;
        }
        _phase = Phase.Receiving;
        _reader.Reset(_headRequest);
        if (_readable)
            Receive();
    }

    private void Receive()
    {
        while (true)
        {
            int received;
            int room;
            try
            {
                received = ReceiveIntoReader(out room);
            }
            catch (InvalidDataException e)
            {
                Fail(e); // a header line too long to buffer
                return;
            }
            if (received > 0)
            {
                _received += received;
                // A recv that did not fill the buffer drained the socket: wait for the next edge. Unless the server
                // has hung up: its FIN came with the edge just taken, and only the next recv returns the end.
                if (received < room && !_hungUp)
                    _readable = false;
                bool complete;
                try
                {
                    complete = _reader.OnReceived(received);
                }
                catch (InvalidDataException e)
                {
                    Fail(e);
                    return;
                }
                if (complete)
                {
                    if (_reader.CloseAfter)
                        Close();
                    Succeed(_reader.StatusCode);
                    return;
                }
                if (!_readable)
                    return;
                continue;
            }
            if (received == 0)
            {
                int status;
                try
                {
                    status = _reader.OnEndOfStream();
                }
                catch (ConnectionClosedException e)
                {
                    RetryOrFail(e, e.BeforeResponse);
                    return;
                }
                Close();
                Succeed(status);
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
                Fail(Libc.SocketError(errno));
                return;
            }
        }
    }

    /// <summary>One recv into the reader's free space (<paramref name="room"/> bytes); the count, or -1 with errno set.</summary>
    /// <exception cref="InvalidDataException">A header line is too long to buffer.</exception>
    private int ReceiveIntoReader(out int room)
    {
        var free = _reader.FreeSpace().Span;
        room = free.Length;
        fixed (byte* buffer = free)
            return (int)Libc.recv(_fd, buffer, room, 0);
    }

    /// <summary>
    /// A connection that had served earlier requests failed before this one got any answer: the server had closed it
    /// while idle and never saw the request, so it goes once more on a new connection, as browsers and HttpClient do.
    /// </summary>
    private void RetryOrFail(Exception failure, bool beforeResponse)
    {
        if (!_reused || _retried || !beforeResponse)
        {
            Fail(failure);
            return;
        }
        _retried = true;
        _reused = false;
        Close();
        Connect();
    }

    private void Succeed(int status) => Finish(status, null, timedOut: false);

    private void Fail(Exception failure, bool timedOut = false)
    {
        Close();
        Finish(0, failure, timedOut);
    }

    private void Finish(int status, Exception? failure, bool timedOut)
    {
        var end = _loop.Run.Now;
        _phase = Phase.Idle;
        _deadline = long.MaxValue;
        _loop.Busy--;
        _loop.Run.Record(_stats, _endpoint.Uri, new Exchange(_measured, _intended, _start, end, status, failure, timedOut, _sent, _received,
            ResponseBytes: _reader.ResponseBytes, HeaderBytes: _reader.HeaderBytes));
        _loop.Enqueue(this);
    }

    private void Close()
    {
        if (_fd >= 0)
        {
            Libc.close(_fd); // also takes it out of the epoll set
            _fd = -1;
        }
        _readable = _hungUp = false;
    }

    public void Dispose()
    {
        Close();
        _reader.Dispose();
    }
}
