using System.Diagnostics;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Meshdock.Bench.Footprint;

/// <summary>Latency percentiles of one run, and how long the whole run took to arrive.</summary>
internal sealed record Percentiles(int Count, double P50, double P99, double Max, TimeSpan Elapsed = default)
{
    public double PerSecond => Count / Elapsed.TotalSeconds;

    public static Percentiles Of(List<double> millis)
    {
        millis.Sort();
        double At(double q) => millis[Math.Min(millis.Count - 1, (int)Math.Ceiling(q * millis.Count) - 1)];
        return new(millis.Count, At(0.50), At(0.99), millis[^1]);
    }
}

/// <summary>Event latency = arrival at the client - the event's own timestamp (same machine, same clock).</summary>
internal static class Latency
{
    private sealed record MeshdockEvent(string OperationId, long Seq, DateTimeOffset Time, string Kind, string Status);

    private sealed record BareEvent(int Seq, DateTimeOffset Time);

    /// <summary>A Meshdock selftest over the hub: WebSockets on the TCP port (with the token) or long polling on the socket.</summary>
    public static async Task<Percentiles> MeshdockAsync(Peer server, HttpTransportType transport, int steps, int stepMillis)
    {
        var token = (await server.Http.GetFromJsonAsync<Session>("/api/session"))!.Token;
        var builder = new HubConnectionBuilder();
        if (transport == HttpTransportType.WebSockets)
        {
            var port = await server.TcpPort;
            builder.WithUrl($"http://127.0.0.1:{port}/hubs/progress", o =>
            {
                o.SkipNegotiation = true;
                o.Transports = HttpTransportType.WebSockets;
                o.AccessTokenProvider = () => Task.FromResult<string?>(token);
            });
        }
        else
        {
            builder.WithUrl("http://localhost/hubs/progress", HttpTransportType.LongPolling,
                o => o.HttpMessageHandlerFactory = _ => Peer.SocketHandler(server.Socket));
        }

        await using var connection = builder.Build();
        var samples = new List<double>(steps + 2);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.On<MeshdockEvent>("Event", evt =>
        {
            var ms = (DateTimeOffset.UtcNow - evt.Time).TotalMilliseconds;
            lock (samples)
            {
                samples.Add(ms);
                if (evt.Kind == "status" && evt.Status is not ("running" or "pending"))
                {
                    done.TrySetResult();
                }
            }
        });
        await connection.StartAsync();
        await connection.InvokeAsync("SubscribeAll");
        var clock = Stopwatch.StartNew();
        using var response = await server.Http.PostAsJsonAsync("/api/operations/selftest", new { steps, stepMillis });
        response.EnsureSuccessStatusCode();

        await done.Task.WaitAsync(TimeSpan.FromMinutes(2));
        return Percentiles.Of(samples) with { Elapsed = clock.Elapsed };
    }

    /// <summary>The same measurement against the bare SignalR hub.</summary>
    public static async Task<Percentiles> BareAsync(Peer bare, int count, int intervalMs)
    {
        var port = await bare.TcpPort;
        await using var connection = new HubConnectionBuilder().WithUrl($"http://127.0.0.1:{port}/hubs/bare", o =>
        {
            o.SkipNegotiation = true;
            o.Transports = HttpTransportType.WebSockets;
        }).Build();
        var samples = new List<double>(count);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.On<BareEvent>("Event", evt =>
        {
            lock (samples)
            {
                samples.Add((DateTimeOffset.UtcNow - evt.Time).TotalMilliseconds);
                if (evt.Seq == count)
                {
                    done.TrySetResult();
                }
            }
        });
        await connection.StartAsync();
        var clock = Stopwatch.StartNew();
        await connection.InvokeAsync("Run", count, intervalMs);
        await done.Task.WaitAsync(TimeSpan.FromMinutes(2));
        return Percentiles.Of(samples) with { Elapsed = clock.Elapsed };
    }

    private sealed record Session(string Token, int? HubPort);
}
