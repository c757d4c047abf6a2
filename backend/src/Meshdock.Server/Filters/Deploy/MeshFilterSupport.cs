namespace Meshdock.Server.Filters.Deploy;

/// <summary>How a filter attaches to a mesh, or why it cannot.</summary>
/// <param name="ObjectKind">WasmPlugin, ServiceDefaults or MeshProxyPatch; null when the mesh cannot run proxy-wasm.</param>
public sealed record MeshFilterSupport(string Mesh, string DisplayName, string? ObjectKind, string? Reason)
{
    public bool Supported => ObjectKind is not null;

    /// <summary>
    /// The meshes Meshdock knows. Only Envoy data planes run proxy-wasm; the sentence for the others is what the UI shows
    /// instead of the attach button. (Mirrors the mesh catalog's <c>wasm</c> entries.)
    /// </summary>
    public static readonly IReadOnlyList<MeshFilterSupport> All =
    [
        new("istio", "Istio", "WasmPlugin", null),
        new("consul", "Consul", "ServiceDefaults", null),
        new("kuma", "Kuma", "MeshProxyPatch", null),
        new("linkerd", "Linkerd", null, "Linkerd's proxy is written in Rust and has no WebAssembly (proxy-wasm) extension point."),
        new("traefik", "Traefik Mesh", null, "Traefik's proxies do not run proxy-wasm filters."),
        new("cilium", "Cilium", null, "Cilium's per-node Envoy is configured by Cilium itself and does not load proxy-wasm filters."),
        new("nginx", "NGINX Service Mesh", null, "NGINX has no proxy-wasm support."),
        new("osm", "Open Service Mesh", null, "OSM's Envoy sidecars are configured by OSM, which has no WebAssembly extension API."),
    ];

    public static MeshFilterSupport? Find(string mesh) => All.FirstOrDefault(m => m.Mesh == mesh);
}
