using System.Net;
using System.Security.Cryptography.X509Certificates;
using Grpc.Health.V1;
using Grpc.HealthCheck;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Meshdock.Load.Tests.Support;

/// <summary>
/// Kestrel serving gRPC's standard health service (Grpc.HealthCheck's implementation) on 127.0.0.1, counting the
/// calls that reach it. <paramref name="serving"/> false leaves the overall service ("") unregistered, so every
/// check is answered NOT_FOUND.
/// </summary>
internal sealed class GrpcHealthTarget : IAsyncDisposable
{
    private readonly WebApplication _app;
    private long _calls;

    private GrpcHealthTarget(WebApplication app) => _app = app;

    public static async Task<GrpcHealthTarget> StartAsync(bool serving = true, X509Certificate2? certificate = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            if (certificate is not null)
                listen.UseHttps(certificate);
        }));
        var health = new HealthServiceImpl();
        if (serving)
            health.SetStatus("", HealthCheckResponse.Types.ServingStatus.Serving);
        builder.Services.AddSingleton(health);
        builder.Services.AddGrpc();
        var app = builder.Build();
        var target = new GrpcHealthTarget(app);
        app.Use(async (context, next) =>
        {
            if (context.Request.Path == "/grpc.health.v1.Health/Check")
                Interlocked.Increment(ref target._calls);
            await next(context);
        });
        app.MapGrpcService<HealthServiceImpl>();
        await app.StartAsync();
        return target;
    }

    public long Calls => Interlocked.Read(ref _calls);

    public string Url(string scheme = "grpc") =>
        _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .Select(a => new Uri(a)).Select(u => $"{scheme}://127.0.0.1:{u.Port}/grpc.health.v1.Health/Check").First();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
