using System.Buffers;
using System.Net.Security;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Meshdock.Load.Engine;

namespace Meshdock.Load.Http1;

/// <summary>
/// HTTP/1.1 over one keep-alive connection, plain or TLS. The request bytes are encoded once; the response is
/// parsed in a pooled buffer without copying the body. When the server closes the connection (Connection: close,
/// or an idle keep-alive connection it had dropped) the next request opens a new one.
/// </summary>
internal sealed class Http1Sender(Endpoint endpoint, byte[] request, bool headRequest, TlsSettings tls) : RequestSender
{
    private const int InitialBuffer = 16 * 1024;
    private const int MaxHeaderBuffer = 1024 * 1024;

    private static readonly SslApplicationProtocol Http11 = SslApplicationProtocol.Http11;

    private readonly Lock _connectionGate = new();
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(InitialBuffer);
    private Socket? _socket;
    private SslStream? _ssl;
    private Http1ResponseParser _parser;
    private volatile bool _aborted;

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
        _parser.Reset(headRequest);
        int start = 0, end = 0;
        var anyByte = false;
        while (true)
        {
            if (end == _buffer.Length)
                (start, end) = MakeRoom(start, end);
            var received = await ReceiveAsync(_buffer.AsMemory(end)).ConfigureAwait(false);
            if (received == 0)
            {
                _parser.OnEndOfStream();
                if (_parser.IsComplete)
                {
                    Close();
                    return _parser.StatusCode;
                }
                throw anyByte
                    ? new ConnectionClosedException("The server closed the connection in the middle of a response.", beforeResponse: false)
                    : new ConnectionClosedException("The server closed the connection without answering.", beforeResponse: true);
            }
            anyByte = true;
            end += received;
            start += _parser.Parse(_buffer.AsSpan(start, end - start));
            if (_parser.IsComplete)
            {
                if (_parser.CloseAfter)
                    Close();
                return _parser.StatusCode;
            }
            if (start == end)
                start = end = 0;
        }
    }

    /// <summary>Moves an incomplete line to the front of the buffer, or grows the buffer for a very long header.</summary>
    private (int Start, int End) MakeRoom(int start, int end)
    {
        var pending = end - start;
        if (start == 0)
        {
            if (_buffer.Length >= MaxHeaderBuffer)
                throw new InvalidDataException($"The response has a header line longer than {MaxHeaderBuffer / 1024} KiB.");
            var larger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
            _buffer.AsSpan(0, pending).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }
        else
        {
            _buffer.AsSpan(start, pending).CopyTo(_buffer);
        }
        return (0, pending);
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
        var buffer = Interlocked.Exchange(ref _buffer, []);
        if (buffer.Length > 0)
            ArrayPool<byte>.Shared.Return(buffer);
        return ValueTask.CompletedTask;
    }
}
