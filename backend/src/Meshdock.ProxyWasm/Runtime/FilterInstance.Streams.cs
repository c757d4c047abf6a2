namespace Meshdock.ProxyWasm.Runtime;

/// <summary>The HTTP stream callbacks, each storing what the filter may read and edit before calling it.</summary>
internal sealed partial class FilterInstance
{
    public FilterResult RequestHeaders(StreamState stream, HeaderMap headers, bool endOfStream)
    {
        stream.RequestHeaders = headers;
        return Invoke(stream, "proxy_on_request_headers", _callbacks.OnRequestHeaders is { } callback
            ? () => callback.Invoke(stream.ContextId, headers.Count, endOfStream)
            : null);
    }

    public FilterResult RequestBody(StreamState stream, BodyBuffer body, bool endOfStream)
    {
        stream.RequestBody = body;
        stream.BodyEnded = endOfStream;
        return Invoke(stream, "proxy_on_request_body", _callbacks.OnRequestBody is { } callback
            ? () => callback(stream.ContextId, body.Content.Length, endOfStream ? 1 : 0)
            : null);
    }

    public FilterResult RequestTrailers(StreamState stream, HeaderMap trailers)
    {
        stream.RequestTrailers = trailers;
        return Invoke(stream, "proxy_on_request_trailers", _callbacks.OnRequestTrailers is { } callback
            ? () => callback(stream.ContextId, trailers.Count)
            : null);
    }

    public FilterResult ResponseHeaders(StreamState stream, HeaderMap headers, bool endOfStream)
    {
        stream.ResponseHeaders = headers;
        return Invoke(stream, "proxy_on_response_headers", _callbacks.OnResponseHeaders is { } callback
            ? () => callback.Invoke(stream.ContextId, headers.Count, endOfStream)
            : null);
    }

    public FilterResult ResponseBody(StreamState stream, BodyBuffer body, bool endOfStream)
    {
        stream.ResponseBody = body;
        stream.BodyEnded = endOfStream;
        return Invoke(stream, "proxy_on_response_body", _callbacks.OnResponseBody is { } callback
            ? () => callback(stream.ContextId, body.Content.Length, endOfStream ? 1 : 0)
            : null);
    }

    public FilterResult ResponseTrailers(StreamState stream, HeaderMap trailers)
    {
        stream.ResponseTrailers = trailers;
        return Invoke(stream, "proxy_on_response_trailers", _callbacks.OnResponseTrailers is { } callback
            ? () => callback(stream.ContextId, trailers.Count)
            : null);
    }
}
