using k8s;
using Meshdock.Server.Features.Overview;
using Meshdock.Server.Kubernetes;
using Meshdock.Server.Kubernetes.Cluster;

namespace Meshdock.Server.Features.Meshes;

/// <summary>The cluster overview's view of installed meshes: the same detection as GET /api/meshes.</summary>
public sealed class InstalledMeshes(MeshCatalog catalog, MeshDetector detector, ClusterConnection cluster) : IInstalledMeshDetector
{
    public async Task<IReadOnlyList<InstalledMesh>> DetectAsync(IKubernetes client, CancellationToken cancellationToken)
    {
        var detection = await detector.DetectAsync(client, await cluster.GetHelmTargetAsync(cancellationToken), cancellationToken);
        return catalog.Meshes
            .Select(m => (Mesh: m, State: detection.States[m.Id]))
            .Where(x => x.State.Status is MeshStatus.Installed or MeshStatus.Degraded)
            .Select(x => new InstalledMesh(x.Mesh.Id, x.Mesh.DisplayName!, x.State.Version,
                x.State.Status == MeshStatus.Installed ? "installed" : "degraded", x.State.Reason))
            .ToList();
    }
}
