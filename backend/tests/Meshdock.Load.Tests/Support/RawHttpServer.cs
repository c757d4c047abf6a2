using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Meshdock.Load.Tests.Support;

/// <summary>What the raw test server does with one request.</summary>
internal sealed record Reply
{
    public required byte[] Bytes { get; init; }

    /// <summary>Close the connection after writing (gracefully).</summary>
    public bool Close { get; init; }

    /// <summary>Reset the connection (RST) instead of answering.</summary>
    public bool Reset { get; init; }

    /// <summary>Never answer; keep the connection open.</summary>
    public bool Hang { get; init; }

    public static Reply Ok(string body = "hello", bool connectionClose = false) => new()
    {
        Bytes = Encoding.ASCII.GetBytes(
            $"HTTP/1.1 200 OK\r\nContent-Length: {body.Length}\r\n{(connectionClose ? "Connection: close\r\n" : "")}\r\n{body}"),
        Close = connectionClose,
    };

    public static Reply Chunked(params string[] chunks)
    {
        var text = new StringBuilder("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
        foreach (var chunk in chunks)
            text.Append($"{chunk.Length:x};ext=1\r\n{chunk}\r\n");
        text.Append("0\r\nX-Trailer: yes\r\n\r\n");
        return new Reply { Bytes = Encoding.ASCII.GetBytes(text.ToString()) };
    }
}

/// <summary>Facts about one request as the server saw it.</summary>
internal sealed record Received(long Number, int OnConnection, string Head, int BodyLength);

/// <summary>
/// A small HTTP/1.1 server over a raw socket on 127.0.0.1, port 0, that counts every complete request it reads and
/// answers as the test says: keep-alive, chunked, Connection: close, silent close, reset, stall or no answer.
/// </summary>
internal sealed class RawHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<Received, Task<Reply>> _handler;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _connections = [];
    private readonly Task _accept;
    private long _requests;
    private long _accepted;

    private RawHttpServer(Func<Received, Task<Reply>> handler)
    {
        _handler = handler;
        _listener.Start(1024);
        _accept = AcceptAsync();
    }

    public static RawHttpServer Start(Func<Received, Task<Reply>> handler) => new(handler);

    public static RawHttpServer Start(Func<Received, Reply> handler) => new(r => Task.FromResult(handler(r)));

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public string Url => $"http://127.0.0.1:{Port}/test?q=1";

    /// <summary>Complete requests read so far.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    public long Connections => Interlocked.Read(ref _accepted);

    public List<Received> Log { get; } = [];

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception)
            {
                return;
            }
            Interlocked.Increment(ref _accepted);
            lock (_connections)
                _connections.Add(ServeAsync(socket));
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        var buffer = new byte[64 * 1024];
        int filled = 0, onConnection = 0;
        try
        {
            while (true)
            {
                int headEnd;
                while ((headEnd = buffer.AsSpan(0, filled).IndexOf("\r\n\r\n"u8)) < 0)
                {
                    var read = await socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, _stop.Token);
                    if (read == 0)
                        return;
                    filled += read;
                }
                var head = Encoding.ASCII.GetString(buffer, 0, headEnd);
                var length = ContentLength(head);
                var total = headEnd + 4 + length;
                while (filled < total)
                {
                    var read = await socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, _stop.Token);
                    if (read == 0)
                        return;
                    filled += read;
                }
                buffer.AsSpan(total, filled - total).CopyTo(buffer);
                filled -= total;

                var received = new Received(Interlocked.Increment(ref _requests), ++onConnection, head, length);
                lock (Log)
                    Log.Add(received);
                var reply = await _handler(received);
                if (reply.Reset)
                {
                    socket.LingerState = new LingerOption(true, 0);
                    return;
                }
                if (reply.Hang)
                {
                    await Task.Delay(Timeout.Infinite, _stop.Token);
                    return;
                }
                await socket.SendAsync(reply.Bytes, SocketFlags.None, _stop.Token);
                if (reply.Close)
                {
                    socket.Shutdown(SocketShutdown.Both);
                    return;
                }
            }
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
        }
        catch (SocketException)
        {
        }
        finally
        {
            socket.Dispose();
        }
    }

    private static int ContentLength(string head)
    {
        foreach (var line in head.Split("\r\n"))
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                return int.Parse(line["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        return 0;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accept;
        Task[] connections;
        lock (_connections)
            connections = [.. _connections];
        await Task.WhenAll(connections);
        _stop.Dispose();
    }
}
