using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Meshdock.Server.Tests.Features.Performance;

/// <summary>A keep-alive HTTP/1.1 server on 127.0.0.1 that answers 200 "ok" and counts the requests it received.</summary>
public sealed class CountingUpstream : IAsyncDisposable
{
    private static readonly byte[] Response = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Type: text/plain\r\n\r\nok");
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private long _count;

    public CountingUpstream()
    {
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public long Count => Interlocked.Read(ref _count);

    public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/";

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                _ = ServeAsync(client);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            var buffer = new byte[8192];
            var pending = new StringBuilder();
            try
            {
                int read;
                while ((read = await stream.ReadAsync(buffer, _stop.Token)) > 0)
                {
                    pending.Append(Encoding.ASCII.GetString(buffer, 0, read));
                    int end;
                    // GET requests without bodies: each header block ends with a blank line.
                    while ((end = pending.ToString().IndexOf("\r\n\r\n", StringComparison.Ordinal)) >= 0)
                    {
                        pending.Remove(0, end + 4);
                        Interlocked.Increment(ref _count);
                        await stream.WriteAsync(Response, _stop.Token);
                    }
                }
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or SocketException)
            {
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
