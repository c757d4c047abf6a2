using Meshdock.Server.Features.Filters.Deploy;
using Meshdock.Server.Features.Meshes;

namespace Meshdock.Server.Tests.Features.Filters;

/// <summary>Which meshes a filter can attach to comes from the mesh catalog, so the two cannot disagree.</summary>
public sealed class MeshFilterSupportTests
{
    private static readonly MeshCatalog Catalog = MeshCatalog.Load(overridePath: null);
    private static readonly IReadOnlyList<MeshFacts> Meshes = MeshDirectory.FactsOf(Catalog);

    [Fact]
    public void Every_catalog_mesh_is_listed_and_only_envoy_meshes_take_filters()
    {
        var support = MeshFilterSupport.From(Meshes);

        Assert.Equal(Catalog.Meshes.Select(m => m.Id), support.Select(s => s.Mesh));
        Assert.Equal("WasmPlugin", MeshFilterSupport.Find(Meshes, "istio")!.ObjectKind);
        Assert.Equal("WasmPlugin", MeshFilterSupport.Find(Meshes, "istio-ambient")!.ObjectKind);
        Assert.Equal("ServiceDefaults", MeshFilterSupport.Find(Meshes, "consul")!.ObjectKind);
        Assert.Equal("MeshProxyPatch", MeshFilterSupport.Find(Meshes, "kuma")!.ObjectKind);
        var linkerd = MeshFilterSupport.Find(Meshes, "linkerd")!;
        Assert.False(linkerd.Supported);
        Assert.Contains("proxy-wasm", linkerd.Reason, StringComparison.Ordinal);
        Assert.All(support.Where(s => !s.Supported), s => Assert.False(string.IsNullOrWhiteSpace(s.Reason)));
        Assert.Null(MeshFilterSupport.Find(Meshes, "no-such-mesh"));
    }
}
