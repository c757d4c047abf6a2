using System.Net;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Meshdock.Server.Platform.Docker;

/// <summary>
/// This process's own container, as the Docker engine describes it: the container id is the hostname, and the
/// engine socket is mounted in container mode. Used for the hub's published port and the extension's own image.
/// </summary>
public static class OwnContainer
{
    /// <summary>The engine's description of this container.</summary>
    /// <remarks>Fails as <see cref="IsEngineFailure"/> describes when there is no engine, no answer or no such container.</remarks>
    public static async Task<ContainerInspectResponse> InspectAsync(string dockerSocket, CancellationToken cancellationToken)
    {
        // Docker.DotNet (and Newtonsoft.Json under it) is loaded only when there is an engine to ask: without one,
        // the process never pays for them in memory.
        using var configuration = new DockerClientConfiguration(new Uri($"unix://{dockerSocket}"));
        using var docker = configuration.CreateClient();
        return await docker.Containers.InspectContainerAsync(Dns.GetHostName(), cancellationToken);
    }

    /// <summary>The ways asking the engine fails when it is absent, unreachable or does not know this container.</summary>
    public static bool IsEngineFailure(Exception e) => e is DockerApiException or HttpRequestException or IOException or TimeoutException
        or System.Net.Sockets.SocketException or OperationCanceledException;
}
