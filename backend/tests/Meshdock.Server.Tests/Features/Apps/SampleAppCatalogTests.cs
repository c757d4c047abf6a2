using k8s.Models;
using Meshdock.Server.Features.Apps;

namespace Meshdock.Server.Tests.Features.Apps;

public sealed class SampleAppCatalogTests
{
    private static readonly SampleAppCatalog Catalog = SampleAppCatalog.LoadEmbedded();

    [Fact]
    public void The_four_sample_apps_ship_with_upstream_images()
    {
        Assert.Equal(["imagehub", "bookinfo", "httpbin", "emojivoto"], Catalog.Apps.Select(a => a.Id));
        Assert.Equal(["docker.io/layer5/image-hub-api:latest", "docker.io/layer5/image-hub-web:latest"], Catalog.Find("imagehub")!.Images);
        Assert.Contains("docker.io/istio/examples-bookinfo-reviews-v3:1.20.2", Catalog.Find("bookinfo")!.Images);
        Assert.Contains("docker.l5d.io/buoyantio/emojivoto-emoji-svc:v11", Catalog.Find("emojivoto")!.Images);
    }

    [Fact]
    public void Image_hub_serves_its_api_on_9091_and_its_web_on_8080_through_node_ports()
    {
        var services = Catalog.Find("imagehub")!.Objects.OfType<V1Service>().ToDictionary(s => s.Metadata.Name);

        Assert.Equal(9091, services["api"].Spec.Ports.Single().Port);
        Assert.Equal(8080, services["web"].Spec.Ports.Single().Port);
        Assert.All(services.Values, s => Assert.Equal("NodePort", s.Spec.Type));
        Assert.All(services.Values, s => Assert.Null(s.Spec.Ports.Single().NodePort)); // allocated, so copies never collide
    }

    [Fact]
    public void A_manifest_that_names_a_namespace_or_an_unknown_kind_is_refused()
    {
        const string Catalog = "apps:\n  - id: bad\n    name: Bad\n    description: d\n    entrypoints: [{ service: web, port: 80, label: Web }]\n";
        const string Manifest = """
            apiVersion: v1
            kind: Service
            metadata: { name: web, namespace: default }
            spec: { ports: [{ port: 80 }] }
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata: { name: everything }
            """;

        var error = Assert.Throws<InvalidOperationException>(() => SampleAppCatalog.Parse(Catalog, _ => Manifest));

        Assert.Contains("Service web names a namespace", error.Message, StringComparison.Ordinal);
        Assert.Contains("kind ClusterRole is not one Meshdock applies", error.Message, StringComparison.Ordinal);
        Assert.Contains("the manifest has no Deployment", error.Message, StringComparison.Ordinal);
    }
}
