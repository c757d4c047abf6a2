using k8s;
using Meshdock.Server.Kubernetes;
using Meshdock.Server.Kubernetes.Cluster;

namespace Meshdock.Server.Features.Overview;

/// <summary>
/// Finds the service meshes present on a cluster, for the cluster overview. The meshes feature registers its
/// implementation; with none registered the overview lists no meshes rather than guessing.
/// </summary>
public interface IInstalledMeshDetector
{
    Task<IReadOnlyList<InstalledMesh>> DetectAsync(IKubernetes client, CancellationToken cancellationToken);
}

/// <summary>A mesh found on the cluster. <paramref name="Status"/> is e.g. <c>installed</c> or <c>degraded</c>; Reason says why when degraded.</summary>
public sealed record InstalledMesh(string Id, string Name, string? Version, string Status, string? Reason);
