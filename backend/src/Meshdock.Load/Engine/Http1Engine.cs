namespace Meshdock.Load.Engine;

/// <summary>Which HTTP/1.1 engine a run uses; tests pin one to check both behave alike.</summary>
internal enum Http1Engine
{
    /// <summary>The event loop where it applies (closed model, plain HTTP/1.1, Linux), async sockets elsewhere.</summary>
    Auto,
    EventLoop,
    Async,
}
