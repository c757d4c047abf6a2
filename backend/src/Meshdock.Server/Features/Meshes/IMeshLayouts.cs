namespace Meshdock.Server.Features.Meshes;

/// <summary>
/// Where a mesh's parts run, for features that measure them (the overhead report): the control plane's namespace
/// and the name of the proxy container the mesh injects into application pods.
/// </summary>
public interface IMeshLayouts
{
    /// <summary>The mesh's layout, or null when the catalog has no such mesh.</summary>
    MeshLayout? Find(string meshId);
}

/// <param name="ProxyContainer">The injected proxy's container name (<c>istio-proxy</c>, <c>linkerd-proxy</c>); null for meshes without sidecars.</param>
public sealed record MeshLayout(string Id, string Name, string ControlPlaneNamespace, string? ProxyContainer);
