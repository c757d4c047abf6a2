namespace Meshdock.Load.EventLoop;

/// <summary>One connection a <see cref="SocketEventLoop"/> drives; only the loop's thread calls it.</summary>
internal interface ILoopConnection : IDisposable
{
    /// <summary>Opens the connection before the run; a failure is left for the first request to meet again.</summary>
    void Preconnect();

    /// <summary>The preconnect deadline passed: the first request opens its own connection.</summary>
    void GiveUpConnecting();

    /// <summary>Sends what the run wants next on this connection (the loop calls it at the start and after
    /// <see cref="SocketEventLoop.Enqueue"/>).</summary>
    void Begin();

    /// <summary>Epoll reported <paramref name="flags"/> for the connection's socket.</summary>
    void OnEvents(uint flags);

    /// <summary>Breaks off requests that outlived the timeout.</summary>
    void CheckDeadline(long now);

    /// <summary>Cancellation: drops the connection; requests in flight have no outcome.</summary>
    void Abort();
}
