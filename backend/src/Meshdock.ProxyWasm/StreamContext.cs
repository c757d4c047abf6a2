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
    private readonly FilterInstance? instance;
    private readonly StreamState? state;
    private readonly string? failure;
    private bool disposed;

    internal StreamContext(FilterInstance? instance, StreamState? state, string? failure)
    {
        this.instance = instance;
        this.state = state;
        this.failure = failure;
    }

    /// <summary>The proxy-wasm context id of this stream; 0 when it could not start.</summary>
    public int ContextId => state?.ContextId ?? 0;

    /// <summary>The request trailers: those passed to <see cref="OnRequestTrailers"/>, or those the filter added in
    /// <see cref="OnRequestBody"/> at the end of a request that had none (send them upstream). Null when neither.</summary>
    public HeaderMap? RequestTrailers => state?.RequestTrailers;

    /// <summary>The response trailers, likewise.</summary>
    public HeaderMap? ResponseTrailers => state?.ResponseTrailers;

    public FilterResult OnRequestHeaders(HeaderMap headers, bool endOfStream) =>
        Run(() => instance!.RequestHeaders(state!, headers, endOfStream));

    public FilterResult OnRequestBody(BodyBuffer body, bool endOfStream) =>
        Run(() => instance!.RequestBody(state!, body, endOfStream));

    public FilterResult OnRequestTrailers(HeaderMap trailers) =>
        Run(() => instance!.RequestTrailers(state!, trailers));

    public FilterResult OnResponseHeaders(HeaderMap headers, bool endOfStream) =>
        Run(() => instance!.ResponseHeaders(state!, headers, endOfStream));

    public FilterResult OnResponseBody(BodyBuffer body, bool endOfStream) =>
        Run(() => instance!.ResponseBody(state!, body, endOfStream));

    public FilterResult OnResponseTrailers(HeaderMap trailers) =>
        Run(() => instance!.ResponseTrailers(state!, trailers));

    /// <summary>After <see cref="FilterAction.Pause"/>: completes with Continue when the filter resumes the stream
    /// (<c>proxy_continue_stream</c>, e.g. from a tick), or Fail when it closes it or its instance breaks.</summary>
    public async Task<FilterResult> WaitForResumeAsync(CancellationToken cancellationToken)
    {
        if (state is null)
        {
            return FilterResult.Failed(failure!);
        }

        var resumed = await state.Resumption.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        return resumed
            ? FilterResult.Continue
            : FilterResult.Failed(instance!.Failure ?? "The filter closed the paused stream.");
    }

    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        if (state is not null)
        {
            instance!.FinishStream(state);
        }
    }

    private FilterResult Run(Func<FilterResult> call)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        return state is null ? FilterResult.Failed(failure!) : call();
    }
}
