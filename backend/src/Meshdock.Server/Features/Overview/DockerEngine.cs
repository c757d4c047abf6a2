namespace Meshdock.Server.Features.Overview;

/// <summary>
/// <c>GET /api/docker</c>: the engine behind the extension and a hint about Docker Desktop's Kubernetes. The hint only
/// helps tell "Kubernetes is off" from "Kubernetes is unreachable": Docker Desktop hides its system containers unless
/// the user shows them, so seeing none proves nothing.
/// </summary>
public sealed record DockerEngine(
    bool Available,
    string Socket,
    string? Version,
    string? ApiVersion,
    string? OperatingSystem,
    string? OsType,
    string? Architecture,
    bool DockerDesktop,
    KubernetesContainers? Kubernetes,
    string? Reason);

/// <summary>
/// Containers that belong to a local Kubernetes: Docker Desktop's own (label <c>io.kubernetes.pod.namespace=kube-system</c>)
/// and kind nodes (label <c>io.x-k8s.kind.cluster</c>, as Docker Desktop 4.38+ provisions).
/// </summary>
public sealed record KubernetesContainers(int KubeSystemTotal, int KubeSystemRunning, IReadOnlyList<string> KindNodes, bool SeemsRunning, string Hint);
