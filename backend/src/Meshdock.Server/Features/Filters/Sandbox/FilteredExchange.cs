using System.Text.Json;
using Meshdock.ProxyWasm;
using Yarp.ReverseProxy.Forwarder;

namespace Meshdock.Server.Features.Filters.Sandbox;

/// <summary>
/// One request through a sandbox with a filter, in the order Envoy runs an HTTP filter: request headers, request
/// body, (forward), response headers, response body. The request side edits the <see cref="HttpContext"/>'s request
/// before YARP copies it upstream; the response side is this class as YARP's transformer, so the filter sees the
/// upstream's response before the client does. Bodies are buffered whole (end of stream in one call), as a filter
/// that inspects bodies expects to see them.
/// </summary>
internal sealed class FilteredExchange(StreamContext stream, FilterWorkers workers, SandboxOptions options, SandboxStats stats) : HttpTransformer
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer", "upgrade", "content-length",
    };

    /// <summary>Runs the request side. False when the filter (or its failure) already answered the client.</summary>
    public async Task<bool> FilterRequestAsync(HttpContext context)
    {
        var request = context.Request;
        var headers = HeaderMap.ForRequest(request.Method, $"{request.PathBase}{request.Path}{request.QueryString}",
            request.Host.Value ?? "", request.Scheme,
            request.Headers.Where(h => !h.Key.Equals("host", StringComparison.OrdinalIgnoreCase))
                .SelectMany(h => h.Value.Select(v => new KeyValuePair<string, string>(h.Key, v ?? ""))));
        var hasBody = request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0;

        if (!await CallAsync(context, () => stream.OnRequestHeaders(headers, endOfStream: !hasBody)))
        {
            return false;
        }

        ApplyToRequest(headers, request);
        if (!hasBody)
        {
            return true;
        }

        var body = new BodyBuffer(await ReadBodyAsync(request.Body, context.RequestAborted));
        if (!await CallAsync(context, () => stream.OnRequestBody(body, endOfStream: true)))
        {
            return false;
        }

        request.Body = new MemoryStream(body.Content.ToArray(), writable: false);
        request.ContentLength = body.Content.Length;
        request.Headers.Remove("Transfer-Encoding");
        return true;
    }

    public override async ValueTask<bool> TransformResponseAsync(HttpContext httpContext, HttpResponseMessage? proxyResponse,
        CancellationToken cancellationToken)
    {
        if (proxyResponse is null)
        {
            return await base.TransformResponseAsync(httpContext, proxyResponse, cancellationToken);
        }

        var headers = HeaderMap.ForResponse((int)proxyResponse.StatusCode,
            proxyResponse.Headers.Concat(proxyResponse.Content.Headers)
                .SelectMany(h => h.Value.Select(v => new KeyValuePair<string, string>(h.Key, v))));
        var content = await ReadBodyAsync(await proxyResponse.Content.ReadAsStreamAsync(cancellationToken), cancellationToken);

        if (!await CallAsync(httpContext, () => stream.OnResponseHeaders(headers, endOfStream: content.Length == 0)))
        {
            return false;
        }

        var body = new BodyBuffer(content);
        if (content.Length > 0 && !await CallAsync(httpContext, () => stream.OnResponseBody(body, endOfStream: true)))
        {
            return false;
        }

        var response = httpContext.Response;
        response.StatusCode = int.TryParse(headers.Get(":status"), out var status) ? status : (int)proxyResponse.StatusCode;
        foreach (var (name, value) in headers.Where(h => !h.Key.StartsWith(':') && !HopByHop.Contains(h.Key)))
        {
            response.Headers.Append(name, value);
        }

        response.ContentLength = body.Content.Length;
        await response.Body.WriteAsync(body.Content, cancellationToken);
        return false; // written here, YARP copies nothing more
    }

    /// <summary>Runs one callback on the sandbox's workers, then goes on as <see cref="ContinueAsync"/> says. When no
    /// worker is free in time the request gets 503.</summary>
    private async Task<bool> CallAsync(HttpContext context, Func<FilterResult> callback)
    {
        FilterResult result;
        try
        {
            result = await workers.RunAsync(callback, context.RequestAborted);
        }
        catch (FilterBusyException e)
        {
            await WriteBusyAsync(context.Response, e.Message);
            return false;
        }

        return await ContinueAsync(context, result);
    }

    /// <summary>503 with the reason: the filter's workers could not take the request.</summary>
    public static async Task WriteBusyAsync(HttpResponse response, string reason)
    {
        if (response.HasStarted)
        {
            return;
        }

        response.Headers.Clear();
        response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        response.Headers.RetryAfter = "1";
        response.ContentType = "application/problem+json";
        var problem = JsonSerializer.SerializeToUtf8Bytes(new { title = "Sandbox busy", status = 503, detail = reason });
        response.ContentLength = problem.Length;
        await response.Body.WriteAsync(problem);
    }

    /// <summary>Waits out a pause, then answers the client for a local response or a failure. True = go on.</summary>
    private async Task<bool> ContinueAsync(HttpContext context, FilterResult result)
    {
        if (result.Action == FilterAction.Pause)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
            timeout.CancelAfter(options.PauseTimeout);
            try
            {
                result = await stream.WaitForResumeAsync(timeout.Token);
            }
            catch (OperationCanceledException) when (!context.RequestAborted.IsCancellationRequested)
            {
                result = FilterResult.Failed($"The filter paused the request and did not resume it within {options.PauseTimeout.TotalSeconds:0} s.");
            }
        }

        switch (result.Action)
        {
            case FilterAction.LocalResponse:
                stats.LocalResponse();
                await WriteLocalResponseAsync(context.Response, result.Response!);
                return false;
            case FilterAction.Fail:
                stats.FilterFailure();
                await WriteFailureAsync(context.Response, result.Failure!);
                return false;
            default:
                return true;
        }
    }

    private static async Task WriteLocalResponseAsync(HttpResponse response, LocalResponse local)
    {
        ResetIfPossible(response);
        response.StatusCode = local.StatusCode;
        foreach (var (name, value) in local.Headers.Where(h => !h.Key.StartsWith(':') && !HopByHop.Contains(h.Key)))
        {
            response.Headers.Append(name, value);
        }

        response.ContentLength = local.Body.Length;
        await response.Body.WriteAsync(local.Body);
    }

    /// <summary>Like Envoy when a filter fails: 500, with the reason (already in the sandbox's log) in the body.</summary>
    private static async Task WriteFailureAsync(HttpResponse response, string reason)
    {
        ResetIfPossible(response);
        response.StatusCode = StatusCodes.Status500InternalServerError;
        response.ContentType = "application/problem+json";
        var problem = JsonSerializer.SerializeToUtf8Bytes(new
        {
            title = "Filter failed",
            status = 500,
            detail = $"{reason} The sandbox keeps serving; fix the filter and start the sandbox again with the new module.",
        });
        response.ContentLength = problem.Length;
        await response.Body.WriteAsync(problem);
    }

    private static void ResetIfPossible(HttpResponse response)
    {
        if (!response.HasStarted)
        {
            response.Headers.Clear();
        }
    }

    private static void ApplyToRequest(HeaderMap headers, HttpRequest request)
    {
        request.Method = headers.Get(":method") ?? request.Method;
        if (headers.Get(":path") is { } path)
        {
            var query = path.IndexOf('?', StringComparison.Ordinal);
            request.PathBase = PathString.Empty;
            request.Path = PathString.FromUriComponent(query < 0 ? path : path[..query]);
            request.QueryString = query < 0 ? QueryString.Empty : QueryString.FromUriComponent(path[query..]);
        }

        var host = request.Headers.Host;
        request.Headers.Clear();
        request.Headers.Host = host;
        foreach (var (name, value) in headers.Where(h => !h.Key.StartsWith(':')))
        {
            request.Headers.Append(name, value);
        }
    }

    private async Task<byte[]> ReadBodyAsync(Stream body, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > options.MaxBodyBytes)
            {
                throw new BadHttpRequestException(
                    $"The body is larger than the sandbox's {options.MaxBodyBytes} byte limit for filtered bodies.",
                    StatusCodes.Status413PayloadTooLarge);
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
