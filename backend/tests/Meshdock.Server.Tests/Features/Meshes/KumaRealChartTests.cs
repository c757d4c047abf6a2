using k8s;
using System.Text.Json.Nodes;
using Meshdock.Server.Features.Filters.Deploy;
using Meshdock.Server.Tests.Features.Filters;
using Meshdock.Server.Tests.Infrastructure;

namespace Meshdock.Server.Tests.Features.Meshes;

/// <summary>
/// Kuma's real chart (packaged from kumahq/kuma v2.14.3, Fixtures/charts) installed through Meshdock's install API with
/// the real helm into the emulator: its 54 CRDs, the control plane Deployment, the admission webhooks and RBAC must be
/// accepted with the API server's validation, its pre-install and pre-delete hook Jobs must run to completion, the
/// health check must find the control plane, and the chart's own MeshProxyPatch CRD must take Meshdock's patch.
/// </summary>
public sealed class KumaRealChartTests : IAsyncLifetime
{
    private const string Version = "2.14.3";
    private RealChartCluster cluster = null!;

    public async Task InitializeAsync() => cluster = await RealChartCluster.StartAsync("kuma", $"kuma-{Version}", Version);

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    [Fact]
    public async Task Kuma_installs_from_its_real_chart_is_detected_takes_a_filter_patch_and_uninstalls()
    {
        var install = await cluster.RunAsync("/api/meshes/kuma/install", new { version = Version });
        Assert.True(install[^1].Status == "succeeded", RealChartCluster.Log(install));

        // What the real templates made.
        var crds = (await cluster.Client.ApiextensionsV1.ListCustomResourceDefinitionAsync()).Items.Select(c => c.Metadata.Name).ToHashSet();
        Assert.Superset(new HashSet<string> { "meshes.kuma.io", "dataplanes.kuma.io", "meshproxypatches.kuma.io", "meshtrafficpermissions.kuma.io" }, crds);
        Assert.Equal(54, crds.Count(c => c.EndsWith(".kuma.io", StringComparison.Ordinal)));
        var controlPlane = await cluster.Client.AppsV1.ReadNamespacedDeploymentAsync("kuma-control-plane", "kuma-system");
        Assert.Equal((1, 1), (controlPlane.Spec.Replicas, controlPlane.Status.ReadyReplicas));
        var mutating = await cluster.Client.AdmissionregistrationV1.ReadMutatingWebhookConfigurationAsync("kuma-admission-mutating-webhook-configuration");
        Assert.All(mutating.Webhooks, w => Assert.Equal(("kuma-control-plane", "kuma-system"), (w.ClientConfig.Service.Name, w.ClientConfig.Service.NamespaceProperty)));
        Assert.All(mutating.Webhooks, w => Assert.NotEmpty(w.ClientConfig.CaBundle));
        Assert.NotEmpty((await cluster.Client.AdmissionregistrationV1.ReadValidatingWebhookConfigurationAsync("kuma-validating-webhook-configuration")).Webhooks);
        Assert.NotEmpty((await cluster.Client.RbacAuthorizationV1.ListClusterRoleAsync(labelSelector: "app.kubernetes.io/name=kuma")).Items);
        // The pre-install hooks ran to completion and helm deleted them (their policy is hook-succeeded).
        Assert.Empty((await cluster.Client.BatchV1.ListNamespacedJobAsync("kuma-system")).Items);

        var state = await cluster.StateAsync("kuma");
        Assert.Equal(("installed", Version), (state.GetProperty("status").GetString(), state.GetProperty("version").GetString()));

        // The chart's own MeshProxyPatch CRD takes the patch Meshdock writes for this version (a Dataplane target).
        var target = new AttachmentTarget("rate-limit-api", "imagehub", new Dictionary<string, string> { ["app"] = "api" }, "rate-limit",
            new string('a', 64), "limit=10", RootId: "my_root", VmConfiguration: "vm settings");
        var targetRef = MeshAttachmentManifests.KumaTargetRef(target, Version, 9091);
        Assert.True(MeshRules.KumaSelects(targetRef, MeshRules.KumaDataplane("api", "imagehub", 9091, target.Selector)));
        var patch = MeshAttachmentManifests.KumaMeshProxyPatch(target, targetRef);
        await KubeApply.ApplyAsync(cluster.Client, patch, default);
        var stored = System.Text.Json.JsonSerializer.SerializeToNode(
            await cluster.Client.CustomObjects.GetNamespacedCustomObjectAsync("kuma.io", "v1alpha1", "kuma-system", "meshproxypatches", "rate-limit-api"))!;
        var filter = JsonNode.Parse((string)stored["spec"]!["default"]!["appendModifications"]![1]!["httpFilter"]!["value"]!)!["typedConfig"]!["config"]!;
        Assert.Equal(("my_root", "vm settings"), ((string?)filter["rootId"], (string?)filter["vmConfig"]!["configuration"]!["value"]));
        await KubeApply.DeleteAsync(cluster.Client, patch, default);

        var uninstall = await cluster.RunAsync("/api/meshes/kuma/uninstall", new { removeCrds = true });
        Assert.True(uninstall[^1].Status == "succeeded", RealChartCluster.Log(uninstall));
        await Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() => cluster.Client.AppsV1.ReadNamespacedDeploymentAsync("kuma-control-plane", "kuma-system"));
        Assert.DoesNotContain((await cluster.Client.AdmissionregistrationV1.ListMutatingWebhookConfigurationAsync()).Items,
            w => w.Metadata.Name == "kuma-admission-mutating-webhook-configuration");
        Assert.Equal("notInstalled", (await cluster.StateAsync("kuma")).GetProperty("status").GetString());
    }
}
