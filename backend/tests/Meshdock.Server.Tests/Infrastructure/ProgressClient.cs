using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Meshdock.Server.Tests.Infrastructure;

/// <summary>A SignalR .NET client of /hubs/progress that collects the events it is sent.</summary>
public sealed class ProgressClient : IAsyncDisposable
{
    private readonly List<EventDto> _received = [];
    private readonly SemaphoreSlim _arrived = new(0);

    private ProgressClient(HubConnection connection)
    {
        Connection = connection;
        connection.On<EventDto>("Event", evt =>
        {
            lock (_received)
            {
                _received.Add(evt);
            }

            _arrived.Release();
        });
    }

    public HubConnection Connection { get; }

    /// <summary>Long polling over the Unix socket (no token: only Docker Desktop reaches the socket).</summary>
    public static Task<ProgressClient> ConnectOverSocketAsync(string socketPath) => ConnectAsync(new HubConnectionBuilder()
        .WithUrl("http://localhost/hubs/progress", HttpTransportType.LongPolling,
            options => options.HttpMessageHandlerFactory = _ => SocketHttp.CreateHandler(socketPath)));

    /// <summary>WebSockets straight to the TCP port, as the panel does (skipNegotiation).</summary>
    public static Task<ProgressClient> ConnectOverTcpAsync(int port, string? bearerToken = null, string? queryToken = null) =>
        ConnectAsync(new HubConnectionBuilder().WithUrl(
            queryToken is null
                ? $"http://127.0.0.1:{port}/hubs/progress"
                : $"http://127.0.0.1:{port}/hubs/progress?access_token={Uri.EscapeDataString(queryToken)}",
            options =>
            {
                options.SkipNegotiation = true;
                options.Transports = HttpTransportType.WebSockets;
                if (bearerToken is not null)
                {
                    options.AccessTokenProvider = () => Task.FromResult<string?>(bearerToken);
                }
            }));

    /// <summary>WebSockets to a standalone server, with the session token read from its API as the panel reads it.</summary>
    public static async Task<ProgressClient> ConnectStandaloneAsync(ServerProcess server)
    {
        using var api = server.Api;
        return await ConnectOverTcpAsync(server.TcpPort, queryToken: await api.GetSessionTokenAsync());
    }

    public Task SubscribeAsync(string operationId, long afterSeq = 0) => Connection.InvokeAsync("Subscribe", operationId, afterSeq);

    public Task SubscribeAllAsync() => Connection.InvokeAsync("SubscribeAll");

    /// <summary>Waits for the final status event of <paramref name="operationId"/>; returns that operation's events so far.</summary>
    public async Task<List<EventDto>> ReadUntilFinalAsync(string operationId, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            var events = ReceivedFor(operationId);
            if (events.Any(e => e.Kind == "status" && FinalStatuses.IsFinal(e.Status)))
            {
                return events;
            }

            await _arrived.WaitAsync(TimeSpan.FromMilliseconds(50), deadline.Token);
        }
    }

    /// <summary>The events of one operation received so far, in arrival order.</summary>
    public List<EventDto> ReceivedFor(string operationId)
    {
        lock (_received)
        {
            return [.. _received.Where(e => e.OperationId == operationId)];
        }
    }

    public async ValueTask DisposeAsync() => await Connection.DisposeAsync();

    private static async Task<ProgressClient> ConnectAsync(IHubConnectionBuilder builder)
    {
        var client = new ProgressClient(builder.Build());
        try
        {
            await client.Connection.StartAsync();
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }

        return client;
    }
}
