using System.Net.Http.Json;
using Meshdock.Server.Tests.Infrastructure;
using Meshdock.Server.Tests.Operations;
using Meshdock.Server.Tests.Platform.Data;
using Meshdock.Server.Tests.Platform.Hosting;
using Meshdock.Server.Tests.Platform.Problems;

namespace Meshdock.Server.Tests.Platform.Session;

/// <summary>hubPort: the host port Docker published for the hub, learned through the engine socket.</summary>
public sealed class SessionTests
{
    [Fact]
    public async Task HubPort_is_the_host_port_published_for_the_hubs_container_port()
    {
        using var folder = new TempFolder();
        await using var engine = await FakeDockerEngine.StartAsync(Path.Combine(folder.Path, "docker.sock"));
        // As in the container: the hub's port is fixed in the image and Docker publishes it on a host port it picks.
        var hubPort = FreeTcpPort();
        engine.PublishedPorts[hubPort] = 49153;
        await using var server = await ServerProcess.StartAsync(tcp: false, dataDirectory: Path.Combine(folder.Path, "data"),
            extraArgs: ["--docker-socket", engine.SocketPath, "--urls", $"http://127.0.0.1:{hubPort}"]);
        using var api = server.Api;

        // /api/session never waits long for the engine: under load the first answer may still be null.
        SessionDto? session;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        do
        {
            session = await api.GetFromJsonAsync<SessionDto>("/api/session", ApiClient.Json);
        }
        while (session!.HubPort is null && DateTime.UtcNow < deadline);

        Assert.Equal(49153, session.HubPort);
        Assert.Contains(engine.Requests, path => path.EndsWith($"/containers/{System.Net.Dns.GetHostName()}/json", StringComparison.Ordinal));
    }

    [Fact]
    public async Task HubPort_is_null_when_the_port_is_not_published()
    {
        using var folder = new TempFolder();
        await using var engine = await FakeDockerEngine.StartAsync(Path.Combine(folder.Path, "docker.sock"));
        await using var server = await ServerProcess.StartAsync(dataDirectory: Path.Combine(folder.Path, "data"),
            extraArgs: ["--docker-socket", engine.SocketPath]);
        using var api = server.Api;

        var session = await api.GetFromJsonAsync<SessionDto>("/api/session", ApiClient.Json);
        Assert.Null(session!.HubPort);

        // The engine was asked and the answer explained in the log (under load the lookup may finish after the reply).
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!server.Output.Contains("is not published", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.Contains("is not published", server.Output, StringComparison.Ordinal);
        Assert.NotEmpty(engine.Requests);
    }

    private static int FreeTcpPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
