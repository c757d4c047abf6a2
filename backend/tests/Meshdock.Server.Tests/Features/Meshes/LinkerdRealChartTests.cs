using System.Security.Cryptography.X509Certificates;
using System.Text;
using k8s;
using k8s.Models;
using Meshdock.Server.Tests.Infrastructure;

namespace Meshdock.Server.Tests.Features.Meshes;

/// <summary>
/// Linkerd's real charts (linkerd-crds and linkerd-control-plane, packaged from linkerd/linkerd2 edge-26.8.3,
/// Fixtures/charts) installed through Meshdock's install API with the real helm into the emulator: the CRDs, the three
/// control plane Deployments, the injector and validator webhooks and the heartbeat CronJob must be accepted with the
/// API server's validation, the identity Meshdock generates must reach the chart, the health check must pass, a
/// namespace must join through Meshdock's API, and uninstall must remove the control plane.
/// </summary>
public sealed class LinkerdRealChartTests : IAsyncLifetime
{
    private const string Version = "2026.8.3";
    private RealChartCluster cluster = null!;

    public async Task InitializeAsync() => cluster = await RealChartCluster.StartAsync("linkerd", $"linkerd-{Version}", Version);

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    [Fact]
    public async Task Linkerd_installs_from_its_real_charts_with_meshdocks_identity_a_namespace_joins_and_it_uninstalls()
    {
        var install = await cluster.RunAsync("/api/meshes/linkerd/install", new { version = Version });
        Assert.True(install[^1].Status == "succeeded", RealChartCluster.Log(install));

        // What the real templates made.
        var crds = (await cluster.Client.ApiextensionsV1.ListCustomResourceDefinitionAsync()).Items.Select(c => c.Metadata.Name).ToHashSet();
        Assert.Superset(new HashSet<string> { "servers.policy.linkerd.io", "httproutes.policy.linkerd.io", "serviceprofiles.linkerd.io" }, crds);
        foreach (var name in new[] { "linkerd-identity", "linkerd-destination", "linkerd-proxy-injector" })
        {
            Assert.Equal(1, (await cluster.Client.AppsV1.ReadNamespacedDeploymentAsync(name, "linkerd")).Status.ReadyReplicas);
        }
        var injector = await cluster.Client.AdmissionregistrationV1.ReadMutatingWebhookConfigurationAsync("linkerd-proxy-injector-webhook-config");
        Assert.All(injector.Webhooks, w => Assert.Equal(("linkerd-proxy-injector", "linkerd"), (w.ClientConfig.Service.Name, w.ClientConfig.Service.NamespaceProperty)));
        await cluster.Client.AdmissionregistrationV1.ReadValidatingWebhookConfigurationAsync("linkerd-policy-validator-webhook-config");
        await cluster.Client.BatchV1.ReadNamespacedCronJobAsync("linkerd-heartbeat", "linkerd");

        // Meshdock's generated identity reached the chart: the issuer certificate is signed by the trust anchor.
        var roots = await cluster.Client.CoreV1.ReadNamespacedConfigMapAsync("linkerd-identity-trust-roots", "linkerd");
        using var anchor = X509Certificate2.CreateFromPem(roots.Data["ca-bundle.crt"]);
        var issuerSecret = await cluster.Client.CoreV1.ReadNamespacedSecretAsync("linkerd-identity-issuer", "linkerd");
        using var issuer = X509Certificate2.CreateFromPem(Encoding.ASCII.GetString(issuerSecret.Data["crt.pem"]));
        Assert.Equal(anchor.Subject, issuer.Issuer);
        Assert.NotNull(anchor.GetECDsaPublicKey());

        var state = await cluster.StateAsync("linkerd");
        Assert.Equal(("installed", Version), (state.GetProperty("status").GetString(), state.GetProperty("version").GetString()));

        await cluster.Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "emojivoto" } });
        var join = await cluster.RunAsync("/api/namespaces/emojivoto/meshes", new { mesh = "linkerd" });
        Assert.True(join[^1].Status == "succeeded", RealChartCluster.Log(join));
        Assert.Equal("enabled", (await cluster.Client.CoreV1.ReadNamespaceAsync("emojivoto")).Metadata.Annotations["linkerd.io/inject"]);

        var uninstall = await cluster.RunAsync("/api/meshes/linkerd/uninstall", new { removeCrds = true });
        Assert.True(uninstall[^1].Status == "succeeded", RealChartCluster.Log(uninstall));
        await Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() => cluster.Client.AppsV1.ReadNamespacedDeploymentAsync("linkerd-destination", "linkerd"));
        Assert.Equal("notInstalled", (await cluster.StateAsync("linkerd")).GetProperty("status").GetString());
    }
}
