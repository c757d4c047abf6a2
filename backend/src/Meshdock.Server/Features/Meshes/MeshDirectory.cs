using k8s;
using Meshdock.Server.Kubernetes.Cluster;

namespace Meshdock.Server.Features.Meshes;

/// <summary>The meshes feature's answer to <see cref="IMeshDirectory"/>, read from the catalog and the detector.</summary>
public sealed class MeshDirectory(MeshCatalog catalog, MeshDetector detector, ClusterConnection cluster) : IMeshDirectory
{
    public IReadOnlyList<MeshFacts> Meshes { get; } = FactsOf(catalog);

    public async Task<string?> VersionOnClusterAsync(IKubernetes client, string meshId, CancellationToken cancellationToken) =>
        (await detector.DetectAsync(client, await cluster.GetHelmTargetAsync(cancellationToken), cancellationToken)).States.GetValueOrDefault(meshId)?.Version;

    /// <summary>The catalog's meshes as other features see them (the catalog has checked every <c>wasm</c> entry).</summary>
    public static IReadOnlyList<MeshFacts> FactsOf(MeshCatalog catalog) =>
        [.. catalog.Meshes.Select(mesh => new MeshFacts(
            mesh.Id,
            mesh.DisplayName ?? mesh.Id,
            mesh.SidecarContainer,
            mesh.DataPlane == DataPlaneKind.Ambient,
            WasmObjectKind(mesh.Wasm!.Attach),
            mesh.Wasm.Attach == WasmAttachment.None ? mesh.Wasm.Reason : null))];

    private static string? WasmObjectKind(WasmAttachment attachment) => attachment switch
    {
        WasmAttachment.IstioWasmplugin => "WasmPlugin",
        WasmAttachment.ConsulServicedefaults => "ServiceDefaults",
        WasmAttachment.KumaMeshproxypatch => "MeshProxyPatch",
        _ => null,
    };
}
