namespace Meshdock.ProxyWasm;

/// <summary>What the proxy should do after a filter callback.</summary>
public enum FilterAction
{
    /// <summary>Forward (the possibly edited) headers, body or trailers.</summary>
    Continue,

    /// <summary>The filter paused the stream; wait for <see cref="StreamContext.WaitForResumeAsync"/>.</summary>
    Pause,

    /// <summary>Answer the client with <see cref="FilterResult.Response"/> instead of forwarding.</summary>
    LocalResponse,

    /// <summary>The filter trapped, ran past its deadline or closed the stream: fail the request (a proxy answers 500)
    /// and show <see cref="FilterResult.Failure"/>, which has also been logged.</summary>
    Fail,
}

/// <summary>The response a filter sent with <c>proxy_send_local_response</c>.</summary>
/// <param name="Details">The filter's status-code details (why it answered), often empty.</param>
/// <param name="GrpcStatus">Null when the filter passed -1 (no gRPC status).</param>
public sealed record LocalResponse(
    int StatusCode,
    string Details,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    ReadOnlyMemory<byte> Body,
    int? GrpcStatus);

public sealed record FilterResult
{
    public static readonly FilterResult Continue = new(FilterAction.Continue);
    public static readonly FilterResult Pause = new(FilterAction.Pause);

    private FilterResult(FilterAction action, LocalResponse? response = null, string? failure = null)
    {
        Action = action;
        Response = response;
        Failure = failure;
    }

    public FilterAction Action { get; }

    public LocalResponse? Response { get; }

    public string? Failure { get; }

    public static FilterResult Local(LocalResponse response) => new(FilterAction.LocalResponse, response);

    public static FilterResult Failed(string reason) => new(FilterAction.Fail, failure: reason);
}
