namespace Meshdock.Server.Features.Meshes;

/// <summary>The catalog's answer to <see cref="IMeshLayouts"/>.</summary>
public sealed class CatalogMeshLayouts(MeshCatalog catalog) : IMeshLayouts
{
    public MeshLayout? Find(string meshId) => catalog.Find(meshId) is { } mesh
        ? new MeshLayout(mesh.Id, mesh.DisplayName!, mesh.Namespace!, mesh.DataPlane == DataPlaneKind.Sidecar ? mesh.SidecarContainer : null)
        : null;
}
