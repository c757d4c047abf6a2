using System.Net;

namespace Meshdock.ProxyWasm;

/// <summary>What the proxy knows about a request beyond its headers: the properties filters read
/// (<c>source.address</c>, <c>destination.address</c>, <c>request.protocol</c>, <c>request.id</c>, <c>request.time</c>).</summary>
public sealed record RequestInfo
{
    public IPEndPoint? Source { get; init; }

    public IPEndPoint? Destination { get; init; }

    public string Protocol { get; init; } = "HTTP/1.1";

    public string? RequestId { get; init; }

    /// <summary>When the request arrived; null means now by the host's clock.</summary>
    public DateTimeOffset? StartTime { get; init; }
}
