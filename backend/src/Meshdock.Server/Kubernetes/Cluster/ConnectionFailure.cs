using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Security.Authentication;
using k8s.Autorest;
using Meshdock.Server.Features.Overview;
using Meshdock.Server.Kubernetes;

namespace Meshdock.Server.Kubernetes.Cluster;

/// <summary>One address that was tried, and why it did not work (null when it did).</summary>
public sealed record ConnectionAttempt(string Address, string? TlsServerName, string Why, bool Ok, ClusterFailureKind? Failure, string? Error);

/// <summary>Turns what went wrong reaching an API server into a sentence that says what to do. Pure.</summary>
public static class ConnectionFailure
{
    public static ClusterFailureKind Classify(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case HttpOperationException { Response.StatusCode: HttpStatusCode.Unauthorized }:
                    return ClusterFailureKind.Unauthorized;
                case HttpOperationException { Response.StatusCode: HttpStatusCode.Forbidden }:
                    return ClusterFailureKind.Forbidden;
                case AuthenticationException:
                    return ClusterFailureKind.Tls;
                case SocketException { SocketErrorCode: SocketError.ConnectionRefused }:
                    return ClusterFailureKind.ConnectionRefused;
                case SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData }:
                    return ClusterFailureKind.NameNotResolved;
                case SocketException { SocketErrorCode: SocketError.TimedOut }:
                case TimeoutException:
                case OperationCanceledException:
                    return ClusterFailureKind.Timeout;
                case HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError }:
                    return ClusterFailureKind.NameNotResolved;
                case HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError }:
                    return ClusterFailureKind.Tls;
            }
        }

        return ClusterFailureKind.Other;
    }

    /// <summary>A short description of one attempt's failure, shown next to the address.</summary>
    public static string Describe(ClusterFailureKind kind, ServerCandidate candidate, Exception exception) => kind switch
    {
        ClusterFailureKind.ConnectionRefused => "connection refused",
        ClusterFailureKind.NameNotResolved => $"the name {candidate.Address.Host} does not resolve",
        ClusterFailureKind.Tls => $"TLS handshake failed verifying {candidate.TlsHost}",
        ClusterFailureKind.Unauthorized => "credentials rejected (401)",
        ClusterFailureKind.Forbidden => "access denied (403)",
        ClusterFailureKind.Timeout => "no answer in time",
        // The exception type and message of an unexpected failure; never the request, which may carry a token.
        _ => $"{exception.GetType().Name}: {exception.Message}",
    };

    /// <summary>
    /// The sentence for the user after every candidate failed. The most telling failure wins: a 401 from the host
    /// gateway says more than "kubernetes.docker.internal does not resolve" from the first candidate.
    /// </summary>
    public static (ClusterFailureKind Kind, string Sentence) Explain(string contextName, string userName, IReadOnlyList<ConnectionAttempt> attempts, bool inContainer, TimeSpan timeout)
    {
        var worst = attempts.Where(a => !a.Ok).OrderBy(a => Rank(a.Failure ?? ClusterFailureKind.Other)).First();
        var kind = worst.Failure ?? ClusterFailureKind.Other;
        var address = worst.Address;
        var dockerDesktop = contextName == ServerAddressRewriter.DockerDesktopContext;
        var tried = attempts.Count > 1 ? $" (tried {string.Join(", ", attempts.Select(a => $"{a.Address}: {a.Error}"))})" : "";
        var sentence = kind switch
        {
            ClusterFailureKind.ConnectionRefused when dockerDesktop =>
                $"Kubernetes is not enabled in Docker Desktop, or is still starting: nothing answers at {address}. Turn it on in Docker Desktop: Settings → Kubernetes → Enable Kubernetes, then wait until its status is green.",
            ClusterFailureKind.ConnectionRefused =>
                $"Nothing answers at {address}: the API server of context '{contextName}' is not running, or not listening there. Start that cluster, or pick another context.",
            ClusterFailureKind.NameNotResolved when dockerDesktop && inContainer =>
                $"The Docker Desktop API server's name does not resolve from Meshdock's container. Update Docker Desktop, and check that Kubernetes is enabled (Settings → Kubernetes).",
            ClusterFailureKind.NameNotResolved =>
                $"The server name in {address} does not resolve{(inContainer ? " from Meshdock's container" : "")}: check the kubeconfig's server address, your DNS or VPN.",
            ClusterFailureKind.Tls =>
                $"The TLS handshake with {address} failed: the server's certificate does not match the kubeconfig's certificate authority or name ({worst.TlsServerName ?? new Uri(address).Host}). If the cluster was reset, export its kubeconfig again.",
            ClusterFailureKind.Unauthorized when dockerDesktop =>
                $"Docker Desktop's Kubernetes rejected the credentials of user '{userName}' (401): the kubeconfig is out of date. Reset it with Settings → Kubernetes → Reset Kubernetes Cluster, or paste the current one.",
            ClusterFailureKind.Unauthorized =>
                $"The API server at {address} rejected the credentials of user '{userName}' (401): the token or certificate has expired or belongs to another cluster. Export the kubeconfig again.",
            ClusterFailureKind.Forbidden =>
                $"User '{userName}' is known to the API server at {address} but may not read it (403): Meshdock needs a user with cluster-admin rights to install meshes.",
            ClusterFailureKind.Timeout =>
                $"The API server at {address} did not answer within {timeout.TotalSeconds:0} s: the cluster may still be starting or be overloaded, or a firewall or VPN drops the traffic. Wait a moment and refresh.",
            _ => $"The API server of context '{contextName}' could not be reached at {address} ({worst.Error}).",
        };
        return (kind, sentence + tried);
    }

    private static int Rank(ClusterFailureKind kind) => kind switch
    {
        ClusterFailureKind.Unauthorized => 0,
        ClusterFailureKind.Forbidden => 1,
        ClusterFailureKind.Tls => 2,
        ClusterFailureKind.ConnectionRefused => 3,
        ClusterFailureKind.Timeout => 4,
        ClusterFailureKind.Other => 5,
        _ => 6,
    };
}
