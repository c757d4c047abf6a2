using System.Net.Sockets;

namespace Meshdock.Server.Tests.Infrastructure;

/// <summary>HTTP over a Unix socket, the way Docker Desktop reaches the extension's backend.</summary>
public static class SocketHttp
{
    public static SocketsHttpHandler CreateHandler(string socketPath) => new()
    {
        ConnectCallback = async (_, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };

    public static HttpClient CreateClient(string socketPath) =>
        new(CreateHandler(socketPath)) { BaseAddress = new Uri("http://localhost") };
}
