using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Meshdock.Server.Tests.Infrastructure;

/// <summary>
/// A Docker engine API on a Unix socket that knows one container: this machine's hostname (inside a container, the
/// hostname is the container id). It answers "inspect" with the published ports set in <see cref="PublishedPorts"/>.
/// </summary>
public sealed class FakeDockerEngine : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeDockerEngine(WebApplication app, string socketPath)
    {
        _app = app;
        SocketPath = socketPath;
    }

    public string SocketPath { get; }

    /// <summary>Container port → host port.</summary>
    public Dictionary<int, int> PublishedPorts { get; } = [];

    public List<string> Requests { get; } = [];

    public static async Task<FakeDockerEngine> StartAsync(string socketPath)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenUnixSocket(socketPath));
        var app = builder.Build();
        var engine = new FakeDockerEngine(app, socketPath);
        app.MapGet("/{version}/containers/{id}/json", (string id, HttpContext context) => engine.Inspect(id, context));
        app.MapGet("/containers/{id}/json", (string id, HttpContext context) => engine.Inspect(id, context));
        await app.StartAsync();
        return engine;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private IResult Inspect(string id, HttpContext context)
    {
        lock (Requests)
        {
            Requests.Add(context.Request.Path);
        }

        if (id != Dns.GetHostName())
        {
            return Results.Json(new { message = $"No such container: {id}" }, statusCode: 404);
        }

        var ports = PublishedPorts.ToDictionary(
            p => $"{p.Key}/tcp",
            p => new[] { new { HostIp = "127.0.0.1", HostPort = p.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) } });
        return Results.Json(new { Id = id, Name = "/meshdock", NetworkSettings = new { Ports = ports } },
            new System.Text.Json.JsonSerializerOptions());
    }
}
