namespace Meshdock.Load.Engine;

/// <summary>
/// One connection's client: sends the run's request and returns the status code, or throws on failure.
/// A sender is driven by exactly one connection loop; only <see cref="CheckDeadline"/> and <see cref="Abort"/>
/// are called from other threads (the watchdog and cancellation).
/// </summary>
internal abstract class RequestSender : IAsyncDisposable, IByteCounter
{
    private readonly Lock _gate = new();
    private long _deadline = long.MaxValue;
    private bool _timedOut;

    /// <summary>Bytes written to / read from the connection since the last <see cref="TakeBytes"/>.</summary>
    protected long BytesSent;
    protected long BytesReceived;

    /// <summary>The grpc-status of the last answer (-1 when it had none, as every HTTP answer).</summary>
    public virtual int GrpcStatus => -1;

    /// <summary>Bytes of the last answer and of its status line and headers; (-1, -1) where the sender does not measure them.</summary>
    public virtual (long Response, long Headers) ResponseSize => (-1, -1);

    /// <summary>Opens the connection ahead of the run so connection set-up is not timed as a request.</summary>
    public abstract ValueTask ConnectAsync(CancellationToken cancellationToken);

    /// <summary>Sends one request and reads its whole response.</summary>
    public abstract ValueTask<int> SendAsync();

    /// <summary>Breaks the current exchange from another thread; the pending send fails and the next one reconnects.</summary>
    public abstract void Abort();

    public abstract ValueTask DisposeAsync();

    public void BeginRequest(long deadline)
    {
        lock (_gate)
        {
            _deadline = deadline;
            _timedOut = false;
        }
    }

    /// <summary>Ends the exchange; true when the watchdog aborted it for exceeding the timeout.</summary>
    public bool EndRequest()
    {
        lock (_gate)
        {
            _deadline = long.MaxValue;
            return _timedOut;
        }
    }

    public void CheckDeadline(long now)
    {
        lock (_gate)
        {
            if (now < _deadline)
                return;
            _deadline = long.MaxValue;
            _timedOut = true;
        }
        Abort();
    }

    public (long Sent, long Received) TakeBytes()
    {
        var taken = (BytesSent, BytesReceived);
        BytesSent = 0;
        BytesReceived = 0;
        return taken;
    }

    /// <summary>Counts wire bytes for streams (TLS, HTTP/2) where the sender does not see the socket calls.</summary>
    public void CountSent(int bytes) => BytesSent += bytes;

    public void CountReceived(int bytes) => BytesReceived += bytes;
}
