namespace Meshdock.Server.Tests.Infrastructure;

/// <summary>One container-mode server (API on a Unix socket, hub on an ephemeral TCP port) shared by a test class.</summary>
public sealed class ContainerServerFixture : IAsyncLifetime
{
    public ServerProcess Server { get; private set; } = null!;

    public HttpClient Api { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await ServerProcess.StartAsync();
        Api = Server.Api;
    }

    public async Task DisposeAsync()
    {
        Api.Dispose();
        await Server.DisposeAsync();
    }
}
