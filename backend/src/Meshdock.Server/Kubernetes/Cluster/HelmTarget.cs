using Meshdock.Server.Features.Overview;
using Meshdock.Server.Kubernetes;

namespace Meshdock.Server.Kubernetes.Cluster;

/// <summary>
/// What the helm CLI needs to reach the selected cluster: <c>helm --kubeconfig KubeconfigPath --kube-context Context</c>.
/// The file holds the selected context only, with the address that worked and its TLS server name (mode 0600).
/// </summary>
public sealed record HelmTarget(string KubeconfigPath, string Context)
{
    /// <summary>
    /// Tells apart two clusters behind the same file and context name (a pasted kubeconfig replacing another), so
    /// that what helm said about one is never taken for the other.
    /// </summary>
    public string? Fingerprint { get; init; }
}
