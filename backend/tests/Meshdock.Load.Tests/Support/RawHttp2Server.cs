using System.Net;
using System.Net.Sockets;

namespace Meshdock.Load.Tests.Support;

/// <summary>
/// A bare HTTP/2 server that answers every request (every HEADERS frame a client sends) with the given bytes and
/// keeps the connection open, so tests can feed the client exactly the frames they mean to.
/// </summary>
internal sealed class RawHttp2Server : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<int, byte[]> _reply;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accept;
    private long _requests;

    /// <param name="reply">The bytes to write for the request on stream id (the argument).</param>
    public RawHttp2Server(Func<int, byte[]> reply)
    {
        _reply = reply;
        _listener.Start();
        _accept = AcceptAsync();
    }

    public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/";

    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>A frame: 9-byte header and payload.</summary>
    public static byte[] Frame(byte type, byte flags, int stream, params byte[] payload) =>
        [(byte)(payload.Length >> 16), (byte)(payload.Length >> 8), (byte)payload.Length, type, flags,
         (byte)(stream >> 24), (byte)(stream >> 16), (byte)(stream >> 8), (byte)stream, .. payload];

    public static byte[] EmptySettings => Frame(0x4, 0, 0);

    private async Task AcceptAsync()
    {
        var connections = new List<Task>();
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                connections.Add(ServeAsync(client));
            }
        }
        catch (OperationCanceledException)
        {
        }
        await Task.WhenAll(connections);
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        var stream = client.GetStream();
        try
        {
            var preface = new byte[24];
            await stream.ReadExactlyAsync(preface, _stop.Token);
            var header = new byte[9];
            while (true)
            {
                await stream.ReadExactlyAsync(header, _stop.Token);
                var length = (header[0] << 16) | (header[1] << 8) | header[2];
                await stream.ReadExactlyAsync(new byte[length], _stop.Token);
                if (header[3] != 0x1)
                    continue;
                Interlocked.Increment(ref _requests);
                var id = ((header[5] & 0x7F) << 24) | (header[6] << 16) | (header[7] << 8) | header[8];
                await stream.WriteAsync(_reply(id), _stop.Token);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or EndOfStreamException or SocketException)
        {
            // the client closed the connection, or the test ended
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accept;
        _stop.Dispose();
    }
}
