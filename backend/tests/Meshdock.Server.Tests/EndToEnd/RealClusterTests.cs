using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using k8s;
using k8s.Models;
using Meshdock.Server.Tests.Infrastructure;

namespace Meshdock.Server.Tests.EndToEnd;

/// <summary>
/// The real thing on a real cluster (Docker Desktop's Kubernetes is the one it is written for): meshes from their own
/// Helm repositories, sample apps in namespaces that join them through Meshdock's API, the rate-limit filter attached
/// through Meshdock and checked by pulling from inside the cluster, then everything removed again. Slow (image pulls)
/// and it changes the cluster, so it is excluded from `make test` and run by `make e2e`. The tests run one after
/// another (one class): Istio's sidecar and ambient installs share istio-system.
/// </summary>
[Trait("Category", "E2E")]
public sealed class RealClusterTests : IAsyncLifetime
{
    private static readonly int[] TenThenLimited = [.. Enumerable.Repeat(200, 10), 429];
    private const string AppNamespace = "meshdock-e2e";
    private const string ClientNamespace = "meshdock-e2e-client";
    private RealCluster cluster = null!;

    public async Task InitializeAsync()
    {
        // xunit builds the class for skipped tests too: without a cluster there is nothing to start.
        if (RealClusterFactAttribute.SkipReason(Environment.GetEnvironmentVariable(RealClusterFactAttribute.Variable)) is null)
        {
            cluster = await RealCluster.StartAsync();
        }
    }

    public async Task DisposeAsync()
    {
        if (cluster is not null)
        {
            await cluster.DisposeAsync();
        }
    }

    [RealClusterFact]
    public async Task Istio_installs_httpbin_gets_a_sidecar_and_everything_is_removed_again()
    {
        var preflight = await cluster.Api.GetFromJsonAsync<JsonElement>("/api/meshes/istio/preflight");
        Assert.Contains(preflight.GetProperty("checks").EnumerateArray(), c => c.GetProperty("name").GetString() == "kubernetes");
        var installed = await cluster.EnsureMeshAsync("istio");
        try
        {
            // Join the namespace the way Istio documents it, then deploy: the injector adds istio-proxy.
            await cluster.CreateNamespaceAsync(AppNamespace, new Dictionary<string, string> { ["istio-injection"] = "enabled" });
            await cluster.SucceedsAsync("/api/apps/httpbin/deploy", new { @namespace = AppNamespace });
            var deployment = await cluster.AppDeploymentAsync("httpbin", AppNamespace);
            Assert.Equal("Istio (istio-proxy)", deployment.GetProperty("proxy").GetString());
            var url = deployment.GetProperty("endpoints")[0].GetProperty("url").GetString()!;
            using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            // Reachable on localhost only where the cluster forwards node ports to this machine (Docker Desktop).
            if (await TryGetAsync(probe, url + "status/200") is { } status)
            {
                Assert.Equal(HttpStatusCode.OK, status);
            }
            await cluster.SucceedsAsync("/api/apps/httpbin/remove", new { @namespace = AppNamespace });
        }
        finally
        {
            await cluster.DeleteNamespaceAsync(AppNamespace);
            if (installed)
            {
                await cluster.SucceedsAsync("/api/meshes/istio/uninstall", new { removeCrds = true });
                Assert.Equal("notInstalled", (await cluster.MeshStateAsync("istio")).GetProperty("status").GetString());
            }
        }
    }

    [RealClusterFact]
    public async Task Istio_sidecar_runs_the_rate_limit_filter_ten_pulls_pass_and_the_eleventh_is_429()
    {
        await WithImageHubAsync("istio", "Istio (istio-proxy)", async () =>
        {
            await cluster.SucceedsAsync("/api/filters/imagehub-demo", new { mesh = "istio", @namespace = AppNamespace });
            // From a namespace outside the mesh: plain HTTP reaches the api pod's sidecar, whose inbound runs the filter.
            await cluster.CreateNamespaceAsync(ClientNamespace);
            Assert.Equal(TenThenLimited, await cluster.PullAsync(ClientNamespace, AppNamespace, "bob"));
        });
    }

    [RealClusterFact]
    public async Task Istio_ambient_runs_the_filter_in_the_waypoint_meshdock_deploys_and_removes()
    {
        var gatewayApi = await GatewayApi.EnsureAsync(cluster.Client);
        try
        {
            await WithImageHubAsync("istio-ambient", "Istio ambient (ztunnel)", async () =>
            {
                var events = await cluster.SucceedsAsync("/api/filters/imagehub-demo", new { mesh = "istio-ambient", @namespace = AppNamespace });
                Assert.Contains(events, e => e.Message.Contains($"Namespace {AppNamespace} had no waypoint", StringComparison.Ordinal));
                await cluster.Client.CustomObjects.GetNamespacedCustomObjectAsync("gateway.networking.k8s.io", "v1", AppNamespace, "gateways", "waypoint");
                await WaitForDeploymentAsync(AppNamespace, "waypoint");
                // From inside the ambient namespace: ztunnel sends the pulls to the service's waypoint, which runs the filter.
                Assert.Equal(TenThenLimited, await cluster.PullAsync(AppNamespace, AppNamespace, "ann"));

                await DetachAllAsync();
                await Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() =>
                    cluster.Client.CustomObjects.GetNamespacedCustomObjectAsync("gateway.networking.k8s.io", "v1", AppNamespace, "gateways", "waypoint"));
            });
        }
        finally
        {
            await gatewayApi.DisposeAsync();
        }
    }

    [RealClusterFact]
    public async Task Linkerd_join_through_meshdock_gives_httpbin_a_linkerd_proxy()
    {
        var installed = await cluster.EnsureMeshAsync("linkerd");
        try
        {
            await cluster.CreateNamespaceAsync(AppNamespace);
            await cluster.SucceedsAsync($"/api/namespaces/{AppNamespace}/meshes", new { mesh = "linkerd" });
            Assert.Equal("enabled", (await cluster.Client.CoreV1.ReadNamespaceAsync(AppNamespace)).Metadata.Annotations["linkerd.io/inject"]);
            await cluster.SucceedsAsync("/api/apps/httpbin/deploy", new { @namespace = AppNamespace });
            var deployment = await cluster.AppDeploymentAsync("httpbin", AppNamespace);
            Assert.Equal("Linkerd (linkerd-proxy)", deployment.GetProperty("proxy").GetString());
            Assert.Equal(deployment.GetProperty("totalPods").GetInt32(), deployment.GetProperty("meshedPods").GetInt32());
            await cluster.SucceedsAsync("/api/apps/httpbin/remove", new { @namespace = AppNamespace });
        }
        finally
        {
            await cluster.DeleteNamespaceAsync(AppNamespace);
            if (installed)
            {
                await cluster.SucceedsAsync("/api/meshes/linkerd/uninstall", new { removeCrds = true });
            }
        }
    }

    [RealClusterFact]
    public async Task Kuma_attach_patches_the_api_inbound_ten_pulls_pass_and_the_eleventh_is_429()
    {
        await WithImageHubAsync("kuma", "Kuma (kuma-sidecar)", async () =>
        {
            // Kuma runs HTTP filters only on HTTP inbounds; Image Hub's Service does not say its port is HTTP.
            await cluster.Client.CoreV1.PatchNamespacedServiceAsync(new V1Patch("""{"spec": {"ports": [{"port": 9091, "appProtocol": "http"}]}}""",
                V1Patch.PatchType.StrategicMergePatch), "api", AppNamespace);
            await cluster.SucceedsAsync("/api/filters/imagehub-demo", new { mesh = "kuma", @namespace = AppNamespace });
            await cluster.Client.CustomObjects.GetNamespacedCustomObjectAsync("kuma.io", "v1alpha1", "kuma-system", "meshproxypatches", "rate-limit-api");
            // From a namespace outside the mesh (the default mesh has no mTLS): the api pod's sidecar runs the filter.
            await cluster.CreateNamespaceAsync(ClientNamespace);
            Assert.Equal(TenThenLimited, await cluster.PullAsync(ClientNamespace, AppNamespace, "carol"));
        });
    }

    /// <summary>The mesh (installed unless it is), Image Hub in a namespace that joined it through Meshdock, the
    /// <paramref name="body"/>, then every attachment detached and everything this test added removed.</summary>
    private async Task WithImageHubAsync(string mesh, string proxy, Func<Task> body)
    {
        var installed = await cluster.EnsureMeshAsync(mesh);
        try
        {
            await cluster.CreateNamespaceAsync(AppNamespace);
            await cluster.SucceedsAsync($"/api/namespaces/{AppNamespace}/meshes", new { mesh });
            await cluster.SucceedsAsync("/api/apps/imagehub/deploy", new { @namespace = AppNamespace });
            Assert.Equal(proxy, (await cluster.AppDeploymentAsync("imagehub", AppNamespace)).GetProperty("proxy").GetString());
            await body();
        }
        finally
        {
            await DetachAllAsync();
            await cluster.DeleteNamespaceAsync(ClientNamespace);
            await cluster.DeleteNamespaceAsync(AppNamespace);
            if (installed)
            {
                await cluster.SucceedsAsync($"/api/meshes/{mesh}/uninstall", new { removeCrds = true });
            }
        }
    }

    private async Task DetachAllAsync()
    {
        foreach (var attachment in (await cluster.Api.GetFromJsonAsync<JsonElement>("/api/filters/attachments")).EnumerateArray())
        {
            await cluster.SucceedsAsync($"/api/filters/attachments/{attachment.GetProperty("id").GetString()}/detach", new { });
        }
    }

    private async Task WaitForDeploymentAsync(string ns, string name)
    {
        using var deadline = new CancellationTokenSource(RealCluster.Patience);
        while (true)
        {
            try
            {
                var deployment = await cluster.Client.AppsV1.ReadNamespacedDeploymentAsync(name, ns, cancellationToken: deadline.Token);
                if (deployment.Status?.ReadyReplicas >= 1)
                {
                    return;
                }
            }
            catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
            {
                // istiod has not made it yet
            }
            await Task.Delay(TimeSpan.FromSeconds(3), deadline.Token);
        }
    }

    private static async Task<HttpStatusCode?> TryGetAsync(HttpClient client, string url)
    {
        try
        {
            using var response = await client.GetAsync(url);
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }
}
