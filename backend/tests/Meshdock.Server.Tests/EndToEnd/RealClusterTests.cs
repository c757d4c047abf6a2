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
    private RealCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        // xunit builds the class for skipped tests too: without a cluster there is nothing to start.
        if (RealClusterFactAttribute.SkipReason(Environment.GetEnvironmentVariable(RealClusterFactAttribute.Variable)) is null)
        {
            _cluster = await RealCluster.StartAsync();
        }
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    [RealClusterFact]
    public async Task Istio_installs_httpbin_gets_a_sidecar_and_everything_is_removed_again()
    {
        var preflight = await _cluster.Api.GetFromJsonAsync<JsonElement>("/api/meshes/istio/preflight");
        Assert.Contains(preflight.GetProperty("checks").EnumerateArray(), c => c.GetProperty("name").GetString() == "kubernetes");
        var installed = await _cluster.EnsureMeshAsync("istio");
        try
        {
            // Join the namespace the way Istio documents it, then deploy: the injector adds istio-proxy.
            await _cluster.CreateNamespaceAsync(AppNamespace, new Dictionary<string, string> { ["istio-injection"] = "enabled" });
            await _cluster.SucceedsAsync("/api/apps/httpbin/deploy", new { @namespace = AppNamespace });
            var deployment = await _cluster.AppDeploymentAsync("httpbin", AppNamespace);
            Assert.Equal("Istio (istio-proxy)", deployment.GetProperty("proxy").GetString());
            var url = deployment.GetProperty("endpoints")[0].GetProperty("url").GetString()!;
            using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            // Reachable on localhost only where the cluster forwards node ports to this machine (Docker Desktop).
            if (await TryGetAsync(probe, url + "status/200") is { } status)
            {
                Assert.Equal(HttpStatusCode.OK, status);
            }
            await _cluster.SucceedsAsync("/api/apps/httpbin/remove", new { @namespace = AppNamespace });
        }
        finally
        {
            await _cluster.DeleteNamespaceAsync(AppNamespace);
            if (installed)
            {
                await _cluster.SucceedsAsync("/api/meshes/istio/uninstall", new { removeCrds = true });
                Assert.Equal("notInstalled", (await _cluster.MeshStateAsync("istio")).GetProperty("status").GetString());
            }
        }
    }

    [RealClusterFact]
    public async Task Istio_overhead_report_for_httpbin_has_its_figures_and_its_namespaces_go_when_it_is_removed()
    {
        var installed = await _cluster.EnsureMeshAsync("istio");
        try
        {
            // A short profile: two rounds of 10 s per namespace at a rate any laptop sustains.
            using var start = await _cluster.Api.PostAsJsonAsync("/api/perf/overhead", new
            {
                mesh = "istio",
                profile = new { model = "open", rps = 100, connections = 4, durationSeconds = 10, warmupSeconds = 2 },
                rounds = 2,
            });
            Assert.True(start.StatusCode == HttpStatusCode.Accepted, await start.Content.ReadAsStringAsync());
            var id = (await start.Content.ReadFromJsonAsync<AcceptedDto>(ApiClient.Json))!.Id;
            var events = await _cluster.Api.PollEventsUntilFinalAsync(id, RealCluster.Patience);
            Assert.True(events[^1].Status == "succeeded", string.Join("\n", events.Select(e => $"{e.Kind}: {e.Message}")));

            var report = await _cluster.Api.GetFromJsonAsync<JsonElement>($"/api/perf/overhead/{id}");
            var variants = report.GetProperty("variants").EnumerateArray().ToList();
            Assert.Equal(["plain", "meshed"], variants.Select(v => v.GetProperty("key").GetString()));
            foreach (var variant in variants)
            {
                foreach (var round in variant.GetProperty("rounds").EnumerateArray())
                {
                    Assert.True(round.GetProperty("summary").GetProperty("requests").GetInt64() > 0);
                    var run = await _cluster.Api.GetFromJsonAsync<JsonElement>($"/api/perf/runs/{round.GetProperty("runId").GetString()}");
                    var placement = run.GetProperty("summary").GetProperty("placement");
                    Assert.Equal("cluster", placement.GetProperty("where").GetString());
                    // Istio's injector gave the meshed namespace's runner pods a proxy, and left the plain one's alone.
                    Assert.Equal(variant.GetProperty("key").GetString() == "meshed", placement.GetProperty("injected").GetBoolean());
                }
            }
            var figures = report.GetProperty("figures").EnumerateArray().ToDictionary(f => f.GetProperty("key").GetString()!);
            foreach (var key in new[] { "p50", "p99", "throughput", "success" })
            {
                Assert.Equal(JsonValueKind.Number, figures[key].GetProperty("plain").ValueKind);
                Assert.Equal(JsonValueKind.Number, figures[key].GetProperty("meshed").ValueKind);
                Assert.Equal(JsonValueKind.Number, figures[key].GetProperty("delta").ValueKind);
            }
            Assert.True(figures["success"].GetProperty("meshed").GetDouble() > 99, "httpbin answered the meshed load with errors");
            // Proxy and control-plane figures need the metrics API; without it the report says what it lost.
            if (report.GetProperty("resourcesMissing").ValueKind == JsonValueKind.Null)
            {
                Assert.True(figures["proxyMemory"].GetProperty("meshed").GetDouble() > 0);
                Assert.True(figures["controlPlaneMemory"].GetProperty("meshed").GetDouble() > 0);
            }

            using (var removed = await _cluster.Api.DeleteActionAsync($"/api/perf/overhead/{id}"))
            {
                Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
            }
            foreach (var ns in variants.Select(v => v.GetProperty("namespace").GetString()!))
            {
                await _cluster.WaitUntilGoneAsync(ns);
            }
        }
        finally
        {
            if (installed)
            {
                await _cluster.SucceedsAsync("/api/meshes/istio/uninstall", new { removeCrds = true });
            }
        }
    }

    [RealClusterFact]
    public async Task Istio_sidecar_runs_the_rate_limit_filter_ten_pulls_pass_and_the_eleventh_is_429()
    {
        await WithImageHubAsync("istio", "Istio (istio-proxy)", async () =>
        {
            await _cluster.SucceedsAsync("/api/filters/imagehub-demo", new { mesh = "istio", @namespace = AppNamespace });
            // From a namespace outside the mesh: plain HTTP reaches the api pod's sidecar, whose inbound runs the filter.
            await _cluster.CreateNamespaceAsync(ClientNamespace);
            Assert.Equal(TenThenLimited, await _cluster.PullAsync(ClientNamespace, AppNamespace, "bob"));
        });
    }

    [RealClusterFact]
    public async Task Istio_ambient_runs_the_filter_in_the_waypoint_meshdock_deploys_and_removes()
    {
        var gatewayApi = await GatewayApi.EnsureAsync(_cluster.Client);
        try
        {
            await WithImageHubAsync("istio-ambient", "Istio ambient (ztunnel)", async () =>
            {
                var events = await _cluster.SucceedsAsync("/api/filters/imagehub-demo", new { mesh = "istio-ambient", @namespace = AppNamespace });
                Assert.Contains(events, e => e.Message.Contains($"Namespace {AppNamespace} had no waypoint", StringComparison.Ordinal));
                await _cluster.Client.CustomObjects.GetNamespacedCustomObjectAsync("gateway.networking.k8s.io", "v1", AppNamespace, "gateways", "waypoint");
                await WaitForDeploymentAsync(AppNamespace, "waypoint");
                // From inside the ambient namespace: ztunnel sends the pulls to the service's waypoint, which runs the filter.
                Assert.Equal(TenThenLimited, await _cluster.PullAsync(AppNamespace, AppNamespace, "ann"));

                await DetachAllAsync();
                await Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() =>
                    _cluster.Client.CustomObjects.GetNamespacedCustomObjectAsync("gateway.networking.k8s.io", "v1", AppNamespace, "gateways", "waypoint"));
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
        var installed = await _cluster.EnsureMeshAsync("linkerd");
        try
        {
            await _cluster.CreateNamespaceAsync(AppNamespace);
            await _cluster.SucceedsAsync($"/api/namespaces/{AppNamespace}/meshes", new { mesh = "linkerd" });
            Assert.Equal("enabled", (await _cluster.Client.CoreV1.ReadNamespaceAsync(AppNamespace)).Metadata.Annotations["linkerd.io/inject"]);
            await _cluster.SucceedsAsync("/api/apps/httpbin/deploy", new { @namespace = AppNamespace });
            var deployment = await _cluster.AppDeploymentAsync("httpbin", AppNamespace);
            Assert.Equal("Linkerd (linkerd-proxy)", deployment.GetProperty("proxy").GetString());
            Assert.Equal(deployment.GetProperty("totalPods").GetInt32(), deployment.GetProperty("meshedPods").GetInt32());
            await _cluster.SucceedsAsync("/api/apps/httpbin/remove", new { @namespace = AppNamespace });
        }
        finally
        {
            await _cluster.DeleteNamespaceAsync(AppNamespace);
            if (installed)
            {
                await _cluster.SucceedsAsync("/api/meshes/linkerd/uninstall", new { removeCrds = true });
            }
        }
    }

    [RealClusterFact]
    public async Task Kuma_attach_patches_the_api_inbound_ten_pulls_pass_and_the_eleventh_is_429()
    {
        await WithImageHubAsync("kuma", "Kuma (kuma-sidecar)", async () =>
        {
            // Kuma runs HTTP filters only on HTTP inbounds; Image Hub's Service does not say its port is HTTP.
            await _cluster.Client.CoreV1.PatchNamespacedServiceAsync(new V1Patch("""{"spec": {"ports": [{"port": 9091, "appProtocol": "http"}]}}""",
                V1Patch.PatchType.StrategicMergePatch), "api", AppNamespace);
            await _cluster.SucceedsAsync("/api/filters/imagehub-demo", new { mesh = "kuma", @namespace = AppNamespace });
            await _cluster.Client.CustomObjects.GetNamespacedCustomObjectAsync("kuma.io", "v1alpha1", "kuma-system", "meshproxypatches", "rate-limit-api");
            // From a namespace outside the mesh (the default mesh has no mTLS): the api pod's sidecar runs the filter.
            await _cluster.CreateNamespaceAsync(ClientNamespace);
            Assert.Equal(TenThenLimited, await _cluster.PullAsync(ClientNamespace, AppNamespace, "carol"));
        });
    }

    /// <summary>The mesh (installed unless it is), Image Hub in a namespace that joined it through Meshdock, the
    /// <paramref name="body"/>, then every attachment detached and everything this test added removed.</summary>
    private async Task WithImageHubAsync(string mesh, string proxy, Func<Task> body)
    {
        var installed = await _cluster.EnsureMeshAsync(mesh);
        try
        {
            await _cluster.CreateNamespaceAsync(AppNamespace);
            await _cluster.SucceedsAsync($"/api/namespaces/{AppNamespace}/meshes", new { mesh });
            await _cluster.SucceedsAsync("/api/apps/imagehub/deploy", new { @namespace = AppNamespace });
            Assert.Equal(proxy, (await _cluster.AppDeploymentAsync("imagehub", AppNamespace)).GetProperty("proxy").GetString());
            await body();
        }
        finally
        {
            await DetachAllAsync();
            await _cluster.DeleteNamespaceAsync(ClientNamespace);
            await _cluster.DeleteNamespaceAsync(AppNamespace);
            if (installed)
            {
                await _cluster.SucceedsAsync($"/api/meshes/{mesh}/uninstall", new { removeCrds = true });
            }
        }
    }

    private async Task DetachAllAsync()
    {
        foreach (var attachment in (await _cluster.Api.GetFromJsonAsync<JsonElement>("/api/filters/attachments")).EnumerateArray())
        {
            await _cluster.SucceedsAsync($"/api/filters/attachments/{attachment.GetProperty("id").GetString()}/detach", new { });
        }
    }

    private async Task WaitForDeploymentAsync(string ns, string name)
    {
        using var deadline = new CancellationTokenSource(RealCluster.Patience);
        while (true)
        {
            try
            {
                var deployment = await _cluster.Client.AppsV1.ReadNamespacedDeploymentAsync(name, ns, cancellationToken: deadline.Token);
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
