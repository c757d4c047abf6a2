using Meshdock.Load.Engine;

namespace Meshdock.Load.Tests.Support;

/// <summary>
/// Both HTTP/1.1 engines of the closed model: the epoll event loop that runs by default on Linux and the async
/// socket loop that runs elsewhere (and for TLS and the open model). Tests of the closed model hold both to one behaviour.
/// </summary>
public static class Engines
{
    public static TheoryData<string> Both => new() { "event-loop", "async" };

    internal static Task<LoadResult> RunAsync(string engine, LoadSpec spec, IProgress<TimelineSecond>? progress = null,
        CancellationToken cancellationToken = default) =>
        LoadRunner.RunAsync(spec, engine switch
        {
            "event-loop" => SocketEngine.EventLoop,
            "async" => SocketEngine.Async,
            _ => throw new ArgumentOutOfRangeException(nameof(engine), engine, null),
        }, progress, cancellationToken);
}
