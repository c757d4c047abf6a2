using System.Net.Security;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Meshdock.Load.Engine;

namespace Meshdock.Load.Http1;

/// <summary>
/// HTTP/1.1 over one keep-alive connection with async sockets: TLS connections, and the open model, whose loops
/// wait on the scheduler between requests (the closed model on plain connections uses <see cref="Meshdock.Load.EventLoop.SocketEventLoop"/>).
/// The request bytes are encoded once; the response is parsed in a pooled buffer without copying the body. When the server closes the connection (Connection: close,
/// or an idle keep-alive connection it had dropped) the next request opens a new one.
/// </summary>
internal sealed class Http1Sender(Endpoint endpoint, byte[] request, bool headRequest, TlsSettings tls) : RequestSender
{
    private static readonly SslApplicationProtocol Http11 = SslApplicationProtocol.Http11;

    private readonly Lock _connectionGate = new();
    private readonly Http1ResponseReader _reader = new();
    private Socket? _socket;
    private SslStream? _ssl;
    private volatile bool _aborted;

    public override (long Response, long Headers) ResponseSize => (_reader.ResponseBytes, _reader.HeaderBytes);

    public override async ValueTask ConnectAsync(CancellationToken cancellationToken)
    {
        Close();
        var socket = new Socket(endpoint.Address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        InlineCompletions.Enable(socket);
        lock (_connectionGate)
        {
            _socket = socket;
            _aborted = false;
        }
        await socket.ConnectAsync(endpoint.Address, cancellationToken).ConfigureAwait(false);
        if (!endpoint.IsTls)
            return;
        var ssl = new SslStream(new CountingStream(new NetworkStream(socket, ownsSocket: true), this));
        lock (_connectionGate)
            _ssl = ssl;
        await ssl.AuthenticateAsClientAsync(tls.ClientOptions(endpoint.Uri.IdnHost, Http11), cancellationToken).ConfigureAwait(false);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public override async ValueTask<int> SendAsync()
    {
        for (var attempt = 0; ; attempt++)
        {
            var reused = _socket is not null && !_aborted;
            if (!reused)
                await ConnectAsync(CancellationToken.None).ConfigureAwait(false);
            var written = false;
            try
            {
                await WriteAsync(request).ConfigureAwait(false);
                written = true;
                return await ReadResponseAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (reused && attempt == 0 && !_aborted && (!written || e is ConnectionClosedException { BeforeResponse: true }))
            {
                // The server had closed this idle keep-alive connection (the write failed, or the connection ended
                // cleanly before any byte of an answer): it never processed the request, so send it once more on
                // a fresh connection, as browsers and HttpClient do. A reset after the write is a real error.
                Close();
            }
            catch
            {
                Close();
                throw;
            }
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask WriteAsync(ReadOnlyMemory<byte> bytes)
    {
        if (_ssl is not null)
        {
            await _ssl.WriteAsync(bytes).ConfigureAwait(false);
            return;
        }
        var socket = _socket!;
        while (!bytes.IsEmpty)
        {
            var sent = await socket.SendAsync(bytes, SocketFlags.None).ConfigureAwait(false);
            BytesSent += sent;
            bytes = bytes[sent..];
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<int> ReceiveAsync(Memory<byte> into)
    {
        if (_ssl is not null)
            return await _ssl.ReadAsync(into).ConfigureAwait(false);
        var received = await _socket!.ReceiveAsync(into, SocketFlags.None).ConfigureAwait(false);
        BytesReceived += received;
        return received;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<int> ReadResponseAsync()
    {
        _reader.Reset(headRequest);
        while (true)
        {
            var received = await ReceiveAsync(_reader.FreeSpace()).ConfigureAwait(false);
            if (received == 0)
            {
                var status = _reader.OnEndOfStream();
                Close();
                return status;
            }
            if (_reader.OnReceived(received))
            {
                if (_reader.CloseAfter)
                    Close();
                return _reader.StatusCode;
            }
        }
    }

    public override void Abort()
    {
        lock (_connectionGate)
        {
            _aborted = true;
            _ssl?.Dispose();
            _socket?.Dispose();
        }
    }

    private void Close()
    {
        lock (_connectionGate)
        {
            _ssl?.Dispose();
            _socket?.Dispose();
            _ssl = null;
            _socket = null;
        }
    }

    public override ValueTask DisposeAsync()
    {
        Close();
        _reader.Dispose();
        return ValueTask.CompletedTask;
    }
}
