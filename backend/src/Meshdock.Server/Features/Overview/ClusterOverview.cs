using Meshdock.Server.Kubernetes;
using Meshdock.Server.Kubernetes.Cluster;

namespace Meshdock.Server.Features.Overview;

/// <summary>
/// <c>GET /api/cluster</c>. When the cluster cannot be reached, <see cref="Connected"/> is false and
/// <see cref="Reason"/> says why and what to do; that is an answer, not an error. <see cref="PendingExec"/> is the
/// pasted kubeconfig's exec credential plugin that runs only once the user confirms it.
/// </summary>
public sealed record ClusterOverview(
    bool Connected,
    string? Context,
    string? Source,
    string? Server,
    string? ServerAddressUsed,
    string? TlsServerName,
    bool InContainer,
    ClusterVersion? Version,
    IReadOnlyList<NodeSummary> Nodes,
    bool? MetricsApi,
    IReadOnlyList<InstalledMesh> InstalledMeshes,
    string? Reason,
    ClusterFailureKind? FailureKind,
    IReadOnlyList<ConnectionAttempt> Attempts,
    IReadOnlyList<string> Warnings,
    ExecPlugin? PendingExec = null);

public sealed record ClusterVersion(string GitVersion, string? Platform, int? Major, int? Minor);

/// <summary>A node's size as the scheduler sees it: capacity and what is left for pods (allocatable).</summary>
public sealed record NodeSummary(
    string Name,
    bool Ready,
    double Cores,
    long MemoryBytes,
    double AllocatableCores,
    long AllocatableMemoryBytes,
    string? KubeletVersion,
    string? OsImage,
    string? Architecture);
