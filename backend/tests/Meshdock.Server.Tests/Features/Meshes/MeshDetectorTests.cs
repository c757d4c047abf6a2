
using Meshdock.Server.Features.Meshes;
using Meshdock.Server.Kubernetes.Helm;
using Meshdock.Server.Kubernetes.Workloads;
using Meshdock.Server.Tests.Kubernetes.Helm;

namespace Meshdock.Server.Tests.Features.Meshes;

/// <summary>The decision part of detection, over the real catalog's Istio, Istio ambient and Linkerd entries.</summary>
public sealed class MeshDetectorTests
{
    private static readonly MeshCatalog Catalog = MeshCatalog.Load(null);
    private static readonly MeshDefinition[] Meshes = [Catalog.Find("istio")!, Catalog.Find("istio-ambient")!, Catalog.Find("linkerd")!];

    private static HelmRelease Release(string name, string ns, string chart, string status = "deployed") => new(name, ns, "1", status, chart, null);

    private static Dictionary<string, IReadOnlyList<WorkloadState>> Workloads(params (string Name, bool Exists, bool Ready, string? Image)[] present) =>
        Meshes.ToDictionary(m => m.Id, m => (IReadOnlyList<WorkloadState>)m.Health!.Select(h =>
        {
            var found = present.FirstOrDefault(p => p.Name == h.Name);
            return new WorkloadState(h.Kind, h.Name, m.Namespace!, found.Exists, found.Ready, found.Ready ? "ready" : $"{h.Name} has 0 of 1 ready", found.Image);
        }).ToList());

    [Fact]
    public void Istio_installed_by_helm_is_installed_and_not_mistaken_for_a_half_installed_ambient()
    {
        var states = MeshDetector.Decide(Meshes,
            [Release("istio-base", "istio-system", "base-1.27.3"), Release("istiod", "istio-system", "istiod-1.27.3")],
            Workloads(("istiod", true, true, "docker.io/istio/pilot:1.27.3")));

        Assert.Equal(new MeshState(MeshStatus.Installed, "1.27.3", null, "helm"), states["istio"]);
        Assert.Equal(MeshState.NotInstalled, states["istio-ambient"]);
        Assert.Equal(MeshState.NotInstalled, states["linkerd"]);
    }

    [Fact]
    public void Istio_ambient_installed_by_helm_hides_the_sidecar_istio_it_contains()
    {
        var states = MeshDetector.Decide(Meshes,
            [
                Release("istio-base", "istio-system", "base-1.26.4"), Release("istiod", "istio-system", "istiod-1.26.4"),
                Release("istio-cni", "istio-system", "cni-1.26.4"), Release("ztunnel", "istio-system", "ztunnel-1.26.4"),
            ],
            Workloads(("istiod", true, true, null), ("istio-cni-node", true, true, null), ("ztunnel", true, true, null)));

        Assert.Equal(MeshStatus.Installed, states["istio-ambient"].Status);
        Assert.Equal("1.26.4", states["istio-ambient"].Version);
        Assert.Equal(MeshState.NotInstalled, states["istio"]);
    }

    [Fact]
    public void A_mesh_with_a_missing_release_or_an_unready_workload_is_degraded_with_the_reason()
    {
        var missing = MeshDetector.Decide(Meshes, [Release("linkerd-control-plane", "linkerd", "linkerd-control-plane-2025.10.1")], Workloads());
        Assert.Equal(MeshStatus.Degraded, missing["linkerd"].Status);
        Assert.Contains("linkerd/linkerd-crds", missing["linkerd"].Reason, StringComparison.Ordinal);

        var failed = MeshDetector.Decide(Meshes,
            [Release("istio-base", "istio-system", "base-1.27.3"), Release("istiod", "istio-system", "istiod-1.27.3", status: "failed")],
            Workloads(("istiod", true, true, null)));
        Assert.Equal("Helm release istio-system/istiod is failed: upgrade or uninstall it.", failed["istio"].Reason);

        var unready = MeshDetector.Decide(Meshes,
            [Release("istio-base", "istio-system", "base-1.27.3"), Release("istiod", "istio-system", "istiod-1.27.3")],
            Workloads(("istiod", true, false, null)));
        Assert.Equal(new MeshState(MeshStatus.Degraded, "1.27.3", "istiod has 0 of 1 ready.", "helm"), unready["istio"]);
    }

    [Fact]
    public void Without_helm_a_mesh_installed_by_other_means_is_found_from_its_workloads_with_the_image_tag_as_version()
    {
        var states = MeshDetector.Decide(Meshes, null,
            Workloads(("linkerd-identity", true, true, "cr.l5d.io/linkerd/controller:edge-25.10.1"),
                      ("linkerd-destination", true, true, null), ("linkerd-proxy-injector", true, true, null),
                      ("istiod", true, true, "docker.io/istio/pilot:1.25.5@sha256:abc")));

        Assert.Equal(new MeshState(MeshStatus.Installed, "edge-25.10.1", null, "workloads"), states["linkerd"]);
        Assert.Equal(new MeshState(MeshStatus.Installed, "1.25.5", null, "workloads"), states["istio"]);
        Assert.Equal(MeshState.NotInstalled, states["istio-ambient"]);
    }
}
