using k8s;
using Meshdock.Server.Features.Filters.Deploy;
using Meshdock.Server.Tests.Infrastructure;

namespace Meshdock.Server.Tests.Features.Meshes;

/// <summary>
/// Istio's real base and istiod charts (packaged from istio/istio 1.30.3, Fixtures/charts) served from a chart
/// repository on loopback and installed through Meshdock's install API with the real helm into the emulator, with the
/// catalog's own values: what the real templates create (CRDs, webhooks, RBAC, the istiod Deployment) must satisfy
/// the health check, carry the catalog's settings, and go away on uninstall.
/// </summary>
public sealed class RealChartTests : IAsyncLifetime
{
    private const string Version = "1.30.3";
    private RealChartCluster cluster = null!;

    public async Task InitializeAsync() => cluster = await RealChartCluster.StartAsync("istio", $"istio-{Version}", Version);

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    [Fact]
    public async Task Istio_installs_from_its_real_charts_with_the_catalogs_values_and_uninstalls()
    {
        var install = await cluster.RunAsync("/api/meshes/istio/install", new { version = Version });
        Assert.True(install[^1].Status == "succeeded", RealChartCluster.Log(install));

        // What the real templates made.
        await cluster.Client.ApiextensionsV1.ReadCustomResourceDefinitionAsync("wasmplugins.extensions.istio.io");
        Assert.NotEmpty((await cluster.Client.AdmissionregistrationV1.ListValidatingWebhookConfigurationAsync()).Items);
        Assert.NotEmpty((await cluster.Client.AdmissionregistrationV1.ListMutatingWebhookConfigurationAsync()).Items);
        Assert.NotEmpty((await cluster.Client.RbacAuthorizationV1.ListClusterRoleAsync(labelSelector: "app=istiod")).Items);
        // The catalog's values reached the chart: no autoscaler, and the smaller requests for a one-node cluster.
        var istiod = await cluster.Client.AppsV1.ReadNamespacedDeploymentAsync("istiod", "istio-system");
        var requests = istiod.Spec.Template.Spec.Containers.Single(c => c.Name == "discovery").Resources.Requests;
        Assert.Equal(("200m", "512Mi"), (requests["cpu"].ToString(), requests["memory"].ToString()));
        Assert.Empty((await cluster.Client.AutoscalingV2.ListNamespacedHorizontalPodAutoscalerAsync("istio-system")).Items);

        var state = await cluster.StateAsync("istio");
        Assert.Equal(("installed", Version), (state.GetProperty("status").GetString(), state.GetProperty("version").GetString()));

        // The chart's own WasmPlugin CRD takes what Meshdock attaches.
        await cluster.Client.CoreV1.CreateNamespaceAsync(new k8s.Models.V1Namespace { Metadata = new k8s.Models.V1ObjectMeta { Name = "imagehub" } });
        var plugin = MeshAttachmentManifests.IstioWasmPlugin(new AttachmentTarget("rate-limit-api", "imagehub",
            new Dictionary<string, string> { ["app"] = "api" }, "rate-limit", new string('a', 64), "{\"limits\":{}}"));
        await KubeApply.ApplyAsync(cluster.Client, plugin, default);
        await KubeApply.DeleteAsync(cluster.Client, plugin, default);

        var uninstall = await cluster.RunAsync("/api/meshes/istio/uninstall", new { removeCrds = true });
        Assert.True(uninstall[^1].Status == "succeeded", RealChartCluster.Log(uninstall));
        await Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() => cluster.Client.AppsV1.ReadNamespacedDeploymentAsync("istiod", "istio-system"));
    }
}
