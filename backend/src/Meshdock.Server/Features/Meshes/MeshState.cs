
using Meshdock.Server.Kubernetes.Helm;

namespace Meshdock.Server.Features.Meshes;

public enum MeshStatus { NotInstalled, Installing, Uninstalling, Installed, Degraded, Unknown }

/// <summary>A mesh's state on the cluster. <paramref name="DetectedBy"/> is "helm" or "workloads".</summary>
public sealed record MeshState(MeshStatus Status, string? Version, string? Reason, string? DetectedBy)
{
    public static readonly MeshState NotInstalled = new(MeshStatus.NotInstalled, null, null, null);
}

/// <summary>
/// Every mesh's state, plus whether helm could be asked (when not, states come from workloads alone), and the helm
/// releases behind each mesh detected by helm (in the catalog's chart order).
/// </summary>
public sealed record MeshDetection(IReadOnlyDictionary<string, MeshState> States, bool HelmAvailable, string? HelmNote)
{
    public IReadOnlyDictionary<string, IReadOnlyList<HelmRelease>> Releases { get; init; } = new Dictionary<string, IReadOnlyList<HelmRelease>>();
}
