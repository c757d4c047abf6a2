
using Meshdock.Server.Features.Meshes;

namespace Meshdock.Server.Features.Filters.Deploy;

/// <summary>How a filter attaches to a mesh, or why it cannot.</summary>
/// <param name="ObjectKind">WasmPlugin, ServiceDefaults or MeshProxyPatch; null when the mesh cannot run proxy-wasm.</param>
public sealed record MeshFilterSupport(string Mesh, string DisplayName, string? ObjectKind, string? Reason)
{
    public bool Supported => ObjectKind is not null;

    /// <summary>
    /// Every mesh of the catalog, read from its <c>wasm</c> entry: only Envoy data planes run proxy-wasm, and the
    /// catalog's sentence for the others is what the UI shows instead of the attach button.
    /// </summary>
    public static IReadOnlyList<MeshFilterSupport> From(MeshCatalog catalog) =>
        [.. catalog.Meshes.Select(mesh => new MeshFilterSupport(
            mesh.Id,
            mesh.DisplayName ?? mesh.Id,
            KindOf(mesh.Wasm!.Attach),
            mesh.Wasm.Attach == WasmAttachment.None ? mesh.Wasm.Reason : null))];

    public static MeshFilterSupport? Find(MeshCatalog catalog, string mesh) => From(catalog).FirstOrDefault(m => m.Mesh == mesh);

    private static string? KindOf(WasmAttachment attachment) => attachment switch
    {
        WasmAttachment.IstioWasmplugin => "WasmPlugin",
        WasmAttachment.ConsulServicedefaults => "ServiceDefaults",
        WasmAttachment.KumaMeshproxypatch => "MeshProxyPatch",
        _ => null,
    };
}
