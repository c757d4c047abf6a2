using System.Net;
using Meshdock.Server.Platform.Docker;
using Meshdock.Server.Platform.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Meshdock.Server.Platform.Session;

/// <summary>
/// Learns which host port Docker published for the hub's container port (compose publishes "127.0.0.1::PORT", so
/// Docker picks it) by inspecting this container through the engine socket; the container id is the hostname.
/// The lookup starts once the server listens and never delays start-up; a success is cached.
/// </summary>
public sealed class HubPortLocator(
    IOptions<MeshdockOptions> options, IServer server, IHostApplicationLifetime lifetime, ILogger<HubPortLocator> logger)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(2);
    private readonly Lock _gate = new();
    private Task<int?>? _lookup;

    /// <summary>The published host port, or null (standalone mode, no engine socket, not published, or no answer in time).</summary>
    public async Task<int?> GetAsync(CancellationToken cancellationToken)
    {
        Task<int?> lookup;
        lock (_gate)
        {
            // Retry a lookup that found nothing: the engine may not have been reachable yet.
            if (_lookup is null || (_lookup.IsCompleted && _lookup.Result is null))
            {
                _lookup = LookUpAsync();
            }

            lookup = _lookup;
        }

        try
        {
            return await lookup.WaitAsync(Patience, cancellationToken);
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    internal void StartLookup() => lifetime.ApplicationStarted.Register(() => _ = GetAsync(CancellationToken.None));

    private async Task<int?> LookUpAsync()
    {
        var settings = options.Value;
        var containerPort = settings.ContainerMode ? HubContainerPort() : null;
        if (containerPort is null || !File.Exists(settings.DockerSocket))
        {
            return null;
        }

        var hostPort = await InspectPublishedPortAsync(settings.DockerSocket, containerPort.Value);
        if (hostPort is null)
        {
            logger.HubPortNotPublished(containerPort.Value);
        }

        return hostPort;
    }

    private async Task<int?> InspectPublishedPortAsync(string dockerSocket, int containerPort)
    {
        try
        {
            var container = await OwnContainer.InspectAsync(dockerSocket, lifetime.ApplicationStopping);
            var bindings = container.NetworkSettings?.Ports is { } ports && ports.TryGetValue($"{containerPort}/tcp", out var list)
                ? list
                : null;
            return bindings?.Select(b => int.TryParse(b.HostPort, out var port) ? port : (int?)null).FirstOrDefault(port => port is > 0);
        }
        catch (Exception ex) when (OwnContainer.IsEngineFailure(ex))
        {
            logger.ContainerNotInspected(dockerSocket, ex.Message);
            return null;
        }
    }

    // The hub's TCP port inside the container: the port Kestrel actually bound (the socket's address is http://unix:/...).
    private int? HubContainerPort() => server.Features.Get<IServerAddressesFeature>()?.Addresses
        .Select(address => Uri.TryCreate(address, UriKind.Absolute, out var uri) && IPAddress.TryParse(uri.Host.Trim('[', ']'), out _)
            ? uri.Port
            : (int?)null)
        .FirstOrDefault(port => port is > 0);
}

internal static partial class SessionLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Port {Port}/tcp of this container is not published; the panel will poll for progress")]
    public static partial void HubPortNotPublished(this ILogger logger, int port);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not inspect this container through {Socket} to find the hub's host port: {Reason}")]
    public static partial void ContainerNotInspected(this ILogger logger, string socket, string reason);
}
