using Meshdock.Server.Features.Meshes;

namespace Meshdock.Server.Features.Filters.Deploy;

/// <summary>How a filter attaches to a mesh, or why it cannot.</summary>
/// <param name="ObjectKind">WasmPlugin, ServiceDefaults or MeshProxyPatch; null when the mesh cannot run proxy-wasm.</param>
public sealed record MeshFilterSupport(string Mesh, string DisplayName, string? ObjectKind, string? Reason)
{
    public bool Supported => ObjectKind is not null;

    /// <summary>
    /// Every mesh of the catalog: only Envoy data planes run proxy-wasm, and the catalog's sentence for the others is
    /// what the UI shows instead of the attach button.
    /// </summary>
    public static IReadOnlyList<MeshFilterSupport> From(IEnumerable<MeshFacts> meshes) =>
        [.. meshes.Select(mesh => new MeshFilterSupport(mesh.Id, mesh.DisplayName, mesh.WasmObjectKind, mesh.WasmReason))];

    public static MeshFilterSupport? Find(IEnumerable<MeshFacts> meshes, string mesh) => From(meshes).FirstOrDefault(m => m.Mesh == mesh);
}
