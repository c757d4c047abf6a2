namespace Meshdock.Load.Http1;

/// <summary>The server closed the connection before the response was complete.</summary>
internal sealed class ConnectionClosedException(string message, bool beforeResponse) : IOException(message)
{
    /// <summary>Nothing of the response had arrived: a keep-alive connection the server had already closed.</summary>
    public bool BeforeResponse { get; } = beforeResponse;
}
