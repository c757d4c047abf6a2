namespace Meshdock.Load.Engine;

/// <summary>Which socket engine a run uses; tests pin one to check both behave alike.</summary>
internal enum SocketEngine
{
    /// <summary>The event loop where it applies (closed model, plain connections, Linux), async sockets elsewhere.</summary>
    Auto,
    EventLoop,
    Async,
}
