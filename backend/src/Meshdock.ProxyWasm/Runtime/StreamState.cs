namespace Meshdock.ProxyWasm.Runtime;

/// <summary>The host side of one HTTP stream context: what the filter can read and edit while it runs.</summary>
internal sealed class StreamState(int contextId, RequestInfo info, DateTimeOffset startTime)
{
    public int ContextId { get; } = contextId;

    public RequestInfo Info { get; } = info;

    public DateTimeOffset StartTime { get; } = startTime;

    public HeaderMap? RequestHeaders { get; set; }

    public HeaderMap? RequestTrailers { get; set; }

    public HeaderMap? ResponseHeaders { get; set; }

    public HeaderMap? ResponseTrailers { get; set; }

    public BodyBuffer? RequestBody { get; set; }

    public BodyBuffer? ResponseBody { get; set; }

    /// <summary>Whether the body chunk being filtered is the last one (trailers may be added only then).</summary>
    public bool BodyEnded { get; set; }

    /// <summary>Set by <c>proxy_send_local_response</c> during a callback.</summary>
    public LocalResponse? LocalResponse { get; set; }

    /// <summary>Set by <c>proxy_close_stream</c>.</summary>
    public bool Closed { get; set; }

    /// <summary>Values written with <c>proxy_set_property</c>, by dotted path.</summary>
    public Dictionary<string, byte[]> Properties { get; } = new(StringComparer.Ordinal);

    /// <summary>Completed when the filter resumes (true) or closes (false) a paused stream.</summary>
    public TaskCompletionSource<bool> Resumption { get; private set; } = NewResumption();

    public void ResetResumption()
    {
        if (Resumption.Task.IsCompleted)
        {
            Resumption = NewResumption();
        }
    }

    private static TaskCompletionSource<bool> NewResumption() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
