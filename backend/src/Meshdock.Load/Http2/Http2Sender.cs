using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using Meshdock.Load.Engine;

namespace Meshdock.Load.Http2;

/// <summary>
/// HTTP/2 over its own <see cref="SocketsHttpHandler"/> limited to one TCP connection, so a run's connection count
/// means the same as for HTTP/1.1. h2c (prior knowledge) for http URLs, ALPN h2 for https URLs.
/// </summary>
internal sealed class Http2Sender : RequestSender
{
    private readonly HttpMessageInvoker _invoker;
    private readonly LoadSpec _spec;
    private readonly Uri _uri;
    private readonly byte[]? _body;
    private readonly byte[] _drain = new byte[16 * 1024];
    private readonly Lock _gate = new();
    private CancellationTokenSource _cancel = new();

    public Http2Sender(LoadSpec spec, Endpoint endpoint, TlsSettings tls)
    {
        _spec = spec;
        _uri = endpoint.Uri;
        _body = spec.Body is null ? null : Encoding.UTF8.GetBytes(spec.Body);
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = 1,
            EnableMultipleHttp2Connections = false,
            UseCookies = false,
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            SslOptions = tls.ClientOptions(endpoint.Uri.IdnHost, SslApplicationProtocol.Http2),
            ConnectCallback = async (_, token) =>
            {
                var socket = new Socket(endpoint.Address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(endpoint.Address, token).ConfigureAwait(false);
                    return new CountingStream(new NetworkStream(socket, ownsSocket: true), this);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        _invoker = new HttpMessageInvoker(handler);
    }

    // HttpClient connects on the first request; there is no way to open an HTTP/2 connection without sending one.
    public override ValueTask ConnectAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public override async ValueTask<int> SendAsync()
    {
        CancellationToken token;
        lock (_gate)
        {
            if (_cancel.IsCancellationRequested)
            {
                _cancel.Dispose();
                _cancel = new CancellationTokenSource();
            }
            token = _cancel.Token;
        }
        using var request = CreateRequest();
        using var response = await _invoker.SendAsync(request, token).ConfigureAwait(false);
        await using var body = await response.Content.ReadAsStreamAsync(token).ConfigureAwait(false);
        while (await body.ReadAsync(_drain, token).ConfigureAwait(false) > 0)
        {
        }
        return (int)response.StatusCode;
    }

    private HttpRequestMessage CreateRequest()
    {
        var request = new HttpRequestMessage(new HttpMethod(_spec.Method), _uri)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        foreach (var (name, value) in _spec.Headers)
            if (!name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
                request.Headers.TryAddWithoutValidation(name, value);
        if (_spec.Cookies.Count > 0)
            request.Headers.TryAddWithoutValidation("Cookie", string.Join("; ", _spec.Cookies.Select(c => $"{c.Key}={c.Value}")));
        if (_body is not null)
        {
            request.Content = new ByteArrayContent(_body);
            var contentType = _spec.ContentType
                ?? _spec.Headers.FirstOrDefault(h => h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)).Value;
            if (contentType is not null)
                request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }
        return request;
    }

    public override void Abort()
    {
        lock (_gate)
            _cancel.Cancel();
    }

    public override ValueTask DisposeAsync()
    {
        _invoker.Dispose();
        _cancel.Dispose();
        return ValueTask.CompletedTask;
    }
}
