using System.Net;
using Meshdock.Server.Features.Overview;
using Meshdock.Server.Kubernetes;

namespace Meshdock.Server.Kubernetes.Cluster;

/// <summary>
/// One address to try for an API server. <see cref="TlsServerName"/> is the name the certificate is checked against
/// when it differs from the address's host (null otherwise).
/// </summary>
public sealed record ServerCandidate(Uri Address, string? TlsServerName, string Why)
{
    /// <summary>The host name TLS verifies: the explicit server name, else the address's own host.</summary>
    public string TlsHost => TlsServerName ?? Address.Host;
}

/// <summary>
/// Turns a kubeconfig server address into the addresses to try, in order. Pure: no DNS, no sockets.
/// Inside Docker Desktop's extension container, 127.0.0.1 and localhost are the container itself, not the host where
/// the API server listens, so loopback servers are reached through the host's names instead while TLS keeps verifying
/// the name the certificate was issued for.
/// </summary>
public static class ServerAddressRewriter
{
    public const string DockerDesktopContext = "docker-desktop";
    private const int DockerDesktopApiPort = 6443;

    public static IReadOnlyList<ServerCandidate> Candidates(
        string contextName, Uri server, string? tlsServerName, bool inContainer, string hostGateway, string dockerDesktopApiHost)
    {
        var configured = new ServerCandidate(server, NullIfSame(tlsServerName, server), "as written in the kubeconfig");
        if (!inContainer)
        {
            return [configured];
        }

        if (IsLoopback(server.Host))
        {
            // The name the certificate carries: an explicit tls-server-name, else the loopback name the kubeconfig used.
            var certificateName = tlsServerName ?? server.Host;
            if (contextName == DockerDesktopContext && server.Port == DockerDesktopApiPort)
            {
                // Docker Desktop's own API server: its certificate names kubernetes.docker.internal, which some installs
                // map to the host; fresh installs of 4.30+ do not, so the host gateway comes second, verified by that name.
                return
                [
                    new ServerCandidate(WithHost(server, dockerDesktopApiHost), NullIfSame(tlsServerName, dockerDesktopApiHost),
                        "Docker Desktop's API server name"),
                    new ServerCandidate(WithHost(server, hostGateway), tlsServerName ?? dockerDesktopApiHost,
                        $"the host gateway, verifying TLS as {tlsServerName ?? dockerDesktopApiHost}"),
                    ContainerLoopback(configured),
                ];
            }

            // A cluster listening on the host's loopback (Docker Desktop 4.38+ with kind, kind, k3d, minikube...).
            return
            [
                IsTls(server)
                    ? new ServerCandidate(WithHost(server, hostGateway), certificateName, $"the host gateway, verifying TLS as {certificateName}")
                    : new ServerCandidate(WithHost(server, hostGateway), null, "the host gateway"),
                ContainerLoopback(configured),
            ];
        }

        if (string.Equals(server.Host, dockerDesktopApiHost, StringComparison.OrdinalIgnoreCase))
        {
            return
            [
                configured,
                new ServerCandidate(WithHost(server, hostGateway), tlsServerName ?? dockerDesktopApiHost,
                    $"the host gateway, verifying TLS as {tlsServerName ?? dockerDesktopApiHost}"),
            ];
        }

        return [configured];
    }

    // Last: a server in the same container (the emulator next to a standalone Meshdock in a dev container) does
    // listen on the container's own loopback; in Docker Desktop this is refused at once, costing nothing.
    private static ServerCandidate ContainerLoopback(ServerCandidate configured) =>
        configured with { Why = "as written, on the container's own loopback" };

    public static bool IsLoopback(string host)
    {
        var bare = host.Trim('[', ']');
        if (string.Equals(bare, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IPAddress.TryParse(bare, out var ip) && (IPAddress.IsLoopback(ip) || ip.Equals(IPAddress.Any));
    }

    private static bool IsTls(Uri server) => server.Scheme == Uri.UriSchemeHttps;

    private static string? NullIfSame(string? tlsServerName, Uri server) =>
        IsTls(server) ? NullIfSame(tlsServerName, server.Host) : null;

    private static string? NullIfSame(string? tlsServerName, string host) =>
        tlsServerName is null || string.Equals(tlsServerName, host, StringComparison.OrdinalIgnoreCase) ? null : tlsServerName;

    private static Uri WithHost(Uri server, string host) => new UriBuilder(server) { Host = host }.Uri;
}
