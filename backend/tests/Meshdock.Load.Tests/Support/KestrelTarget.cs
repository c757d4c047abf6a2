using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Meshdock.Load.Tests.Support;

/// <summary>Kestrel on 127.0.0.1, port 0, counting requests by protocol: the HTTP/2 and TLS target.</summary>
internal sealed class KestrelTarget : IAsyncDisposable
{
    private readonly WebApplication _app;
    private long _requests;
    private long _http2Requests;

    private KestrelTarget(WebApplication app) => _app = app;

    public static async Task<KestrelTarget> StartAsync(HttpProtocols protocols, X509Certificate2? certificate = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            listen.Protocols = protocols;
            if (certificate is not null)
                listen.UseHttps(certificate);
        }));
        var app = builder.Build();
        var server = new KestrelTarget(app);
        app.MapGet("/", (HttpContext context) =>
        {
            Interlocked.Increment(ref server._requests);
            if (context.Request.Protocol == "HTTP/2")
                Interlocked.Increment(ref server._http2Requests);
            return "hello";
        });
        await app.StartAsync();
        return server;
    }

    public long Requests => Interlocked.Read(ref _requests);

    public long Http2Requests => Interlocked.Read(ref _http2Requests);

    public string Url(string scheme = "http") =>
        _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .Select(a => new Uri(a)).Select(u => $"{scheme}://127.0.0.1:{u.Port}/").First();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
