using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Meshdock.Load.Tests.GrpcMethods.Protos;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Meshdock.Load.Tests.GrpcMethods;

/// <summary>
/// Kestrel serving the test service Echo (echo.proto, compiled by Grpc.Tools) over h2c on 127.0.0.1, with
/// ASP.NET Core's gRPC reflection service when asked. It counts calls per method and keeps the distinct requests it
/// was sent, as parsed by protobuf's own generated code.
/// </summary>
internal sealed class GrpcEchoTarget : IAsyncDisposable
{
    private readonly WebApplication _app;

    private GrpcEchoTarget(WebApplication app) => _app = app;

    public EchoService Service => _app.Services.GetRequiredService<EchoService>();

    public static async Task<GrpcEchoTarget> StartAsync(bool reflection, X509Certificate2? certificate = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            if (certificate is not null)
                listen.UseHttps(certificate);
        }));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton<EchoService>();
        if (reflection)
            builder.Services.AddGrpcReflection();
        var app = builder.Build();
        app.MapGrpcService<EchoService>();
        if (reflection)
            app.MapGrpcReflectionService();
        await app.StartAsync();
        return new GrpcEchoTarget(app);
    }

    public string Url(string method, string scheme = "grpc") =>
        _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .Select(a => new Uri(a)).Select(u => $"{scheme}://127.0.0.1:{u.Port}/meshdock.loadtest.v1.Echo/{method}").First();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    internal sealed class EchoService : Echo.EchoBase
    {
        private long _said;
        private long _refused;

        public long Said => Interlocked.Read(ref _said);

        public long Refused => Interlocked.Read(ref _refused);

        /// <summary>Every distinct request seen (by value).</summary>
        public ConcurrentDictionary<SayRequest, bool> Requests { get; } = new();

        public override Task<SayReply> Say(SayRequest request, ServerCallContext context)
        {
            Interlocked.Increment(ref _said);
            Requests.TryAdd(request, true);
            return Task.FromResult(new SayReply { Message = $"hello {request.Name}" });
        }

        public override Task<SayReply> Refuse(SayRequest request, ServerCallContext context)
        {
            Interlocked.Increment(ref _refused);
            throw new RpcException(new Status(StatusCode.FailedPrecondition, "refused on purpose"));
        }
    }
}
