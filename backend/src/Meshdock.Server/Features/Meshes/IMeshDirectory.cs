using k8s;

namespace Meshdock.Server.Features.Meshes;

/// <summary>
/// What other features may know of the meshes Meshdock manages, without the catalog's shape: each mesh's name, its
/// proxy, its data plane and how a proxy-wasm filter attaches to it, and the version found on the cluster.
/// </summary>
public interface IMeshDirectory
{
    /// <summary>Every mesh of the catalog, in catalog order.</summary>
    IReadOnlyList<MeshFacts> Meshes { get; }

    /// <summary>The version of the mesh on the cluster whatever its state (installing, degraded…); null when none is found.</summary>
    Task<string?> VersionOnClusterAsync(IKubernetes client, string meshId, CancellationToken cancellationToken);
}

/// <summary>One mesh as other features see it.</summary>
/// <param name="SidecarContainer">The proxy container the mesh injects; null for sidecar-less meshes.</param>
/// <param name="Ambient">Istio's ambient data plane: no sidecar, a waypoint per namespace instead.</param>
/// <param name="WasmObjectKind">The Kubernetes kind that attaches a proxy-wasm filter (WasmPlugin, ServiceDefaults or
/// MeshProxyPatch); null when the mesh's data plane cannot run proxy-wasm.</param>
/// <param name="WasmReason">The catalog's sentence for why filters cannot attach; null when they can.</param>
public sealed record MeshFacts(string Id, string DisplayName, string? SidecarContainer, bool Ambient, string? WasmObjectKind, string? WasmReason);
