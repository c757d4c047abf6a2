using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.SignalR;

namespace Meshdock.Bench.Footprint;

/// <summary>
/// The baseline: a bare ASP.NET Core host with one endpoint and a bare SignalR hub, same sockets and GC settings as
/// the server, no database. Its hub sends timestamped events at a pace, so the latency floor can be measured.
/// </summary>
internal static class BareHost
{
    public static async Task<int> RunAsync(string socket)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.ListenUnixSocket(socket);
            kestrel.Listen(IPAddress.Loopback, 0);
        });
        builder.Services.AddSignalR();
        var app = builder.Build();
        app.MapGet("/api/health", () => new { status = "ok" });
        app.MapHub<PacedHub>("/hubs/bare");
        await app.StartAsync();
        var port = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .Select(a => new Uri(a)).First(u => u.Host == "127.0.0.1").Port;
        Console.WriteLine($"Now listening on: http://127.0.0.1:{port}");
        await app.WaitForShutdownAsync();
        return 0;
    }

    /// <summary>Run(count, intervalMs): sends count events { seq, time } to the caller, intervalMs apart.</summary>
    internal sealed class PacedHub(IHubContext<PacedHub> hub) : Hub
    {
        public void Run(int count, int intervalMs)
        {
            var client = hub.Clients.Client(Context.ConnectionId);
            _ = Task.Run(async () =>
            {
                for (var seq = 1; seq <= count; seq++)
                {
                    if (intervalMs > 0)
                    {
                        await Task.Delay(intervalMs);
                    }

                    await client.SendAsync("Event", new { seq, time = DateTimeOffset.UtcNow });
                }
            });
        }
    }
}
