using Meshdock.ProxyWasm.Runtime;

namespace Meshdock.ProxyWasm;

/// <summary>
/// One HTTP stream through the filter (a proxy-wasm stream context). Call the callbacks in the order a proxy sees the
/// request and response; each returns what to do next, after the filter may have edited the map or buffer passed in.
/// Dispose when the stream ends (<c>proxy_on_done</c>, <c>proxy_on_log</c>, <c>proxy_on_delete</c>). Calls on one
/// stream must not overlap; different streams may be used from different threads.
/// </summary>
public sealed class StreamContext : IDisposable
{
    private readonly FilterInstance? _instance;
    private readonly StreamState? _state;
    private readonly string? _failure;
    private bool _disposed;

    internal StreamContext(FilterInstance? instance, StreamState? state, string? failure)
    {
        _instance = instance;
        _state = state;
        _failure = failure;
    }

    /// <summary>The proxy-wasm context id of this stream; 0 when it could not start.</summary>
    public int ContextId => _state?.ContextId ?? 0;

    /// <summary>The request trailers: those passed to <see cref="OnRequestTrailers"/>, or those the filter added in
    /// <see cref="OnRequestBody"/> at the end of a request that had none (send them upstream). Null when neither.</summary>
    public HeaderMap? RequestTrailers => _state?.RequestTrailers;

    /// <summary>The response trailers, likewise.</summary>
    public HeaderMap? ResponseTrailers => _state?.ResponseTrailers;

    public FilterResult OnRequestHeaders(HeaderMap headers, bool endOfStream) =>
        Run(() => _instance!.RequestHeaders(_state!, headers, endOfStream));

    public FilterResult OnRequestBody(BodyBuffer body, bool endOfStream) =>
        Run(() => _instance!.RequestBody(_state!, body, endOfStream));

    public FilterResult OnRequestTrailers(HeaderMap trailers) =>
        Run(() => _instance!.RequestTrailers(_state!, trailers));

    public FilterResult OnResponseHeaders(HeaderMap headers, bool endOfStream) =>
        Run(() => _instance!.ResponseHeaders(_state!, headers, endOfStream));

    public FilterResult OnResponseBody(BodyBuffer body, bool endOfStream) =>
        Run(() => _instance!.ResponseBody(_state!, body, endOfStream));

    public FilterResult OnResponseTrailers(HeaderMap trailers) =>
        Run(() => _instance!.ResponseTrailers(_state!, trailers));

    /// <summary>After <see cref="FilterAction.Pause"/>: completes with Continue when the filter resumes the stream
    /// (<c>proxy_continue_stream</c>, e.g. from a tick), or Fail when it closes it or its instance breaks.</summary>
    public async Task<FilterResult> WaitForResumeAsync(CancellationToken cancellationToken)
    {
        if (_state is null)
        {
            return FilterResult.Failed(_failure!);
        }

        var resumed = await _state.Resumption.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        return resumed
            ? FilterResult.Continue
            : FilterResult.Failed(_instance!.Failure ?? "The filter closed the paused stream.");
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_state is not null)
        {
            _instance!.FinishStream(_state);
        }
    }

    private FilterResult Run(Func<FilterResult> call)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _state is null ? FilterResult.Failed(_failure!) : call();
    }
}
