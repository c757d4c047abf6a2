namespace Meshdock.ProxyWasm.Abi;

/// <summary><c>proxy_action_t</c>: what a stream callback returns.</summary>
internal enum ProxyAction
{
    Continue = 0,
    Pause = 1,
}

/// <summary><c>proxy_buffer_type_t</c>.</summary>
internal enum BufferType
{
    HttpRequestBody = 0,
    HttpResponseBody = 1,
    DownstreamData = 2,
    UpstreamData = 3,
    HttpCallResponseBody = 4,
    GrpcCallMessage = 5,
    VmConfiguration = 6,
    PluginConfiguration = 7,
    ForeignFunctionArguments = 8,
}

/// <summary><c>proxy_map_type_t</c>.</summary>
internal enum MapType
{
    HttpRequestHeaders = 0,
    HttpRequestTrailers = 1,
    HttpResponseHeaders = 2,
    HttpResponseTrailers = 3,
    GrpcInitialMetadata = 4,
    GrpcTrailingMetadata = 5,
    HttpCallResponseHeaders = 6,
    HttpCallResponseTrailers = 7,
}

/// <summary><c>proxy_stream_type_t</c>.</summary>
internal enum StreamType
{
    HttpRequest = 0,
    HttpResponse = 1,
    Downstream = 2,
    Upstream = 3,
}

/// <summary>WASI errno values the host returns itself.</summary>
internal static class WasiErrno
{
    public const int Success = 0;
    public const int BadF = 8;
    public const int Fault = 21;
    public const int Inval = 28;
}
