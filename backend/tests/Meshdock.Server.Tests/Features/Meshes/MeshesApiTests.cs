using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using k8s;
using Meshdock.KubeEmulator;
using Meshdock.KubeEmulator.Testing;
using Meshdock.Server.Tests.Infrastructure;
using Meshdock.Server.Tests.Kubernetes.Helm;

namespace Meshdock.Server.Tests.Features.Meshes;

/// <summary>
/// Meshdock's own API, run as a real server process, against the Kubernetes API emulator with the real helm CLI.
/// The catalog override swaps Istio's charts for the emulator's test chart, and adds broken variants for the
/// failure paths; Traefik Mesh's comes from a chart repository on loopback at two versions, for upgrades. helm is
/// run through a wrapper that records each call, and the listing cache lasts five minutes here, so every fresh
/// mesh state below exists only because a finished operation invalidated it. One emulator and one server serve the
/// whole class (the machine has two cores).
/// </summary>
public sealed class MeshesApiTests(MeshesApiTests.Cluster cluster) : IClassFixture<MeshesApiTests.Cluster>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    public sealed class Cluster : IAsyncLifetime, IDisposable
    {
        private readonly TempFolder _folder = new();

        private string _helmCalls = null!;
        private TestChartRepository _repository = null!;

        public Meshdock.KubeEmulator.KubeEmulator Emulator { get; private set; } = null!;
        public ServerProcess Server { get; private set; } = null!;
        public HttpClient Api { get; private set; } = null!;

        /// <summary>A client of the emulator, to look behind the API.</summary>
        public k8s.Kubernetes Kube { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Emulator = await Meshdock.KubeEmulator.KubeEmulator.StartAsync(new KubeEmulatorOptions { PodReadyDelay = TimeSpan.FromMilliseconds(700) });
            Emulator.Faults.FailImage("registry.example/broken/control-plane");
            var kubeconfig = Emulator.WriteKubeconfig(Path.Combine(_folder.Path, "kubeconfig"));
            Kube = new k8s.Kubernetes(k8s.KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig));
            _repository = await TestChartRepository.StartAsync(_folder.Path, ("0.1.0", "1.0.0"), ("0.2.0", "1.1.0"));
            var overridePath = Path.Combine(_folder.Path, "catalog-override.yaml");
            await File.WriteAllTextAsync(overridePath, CatalogOverride(TestAssets.TestChartPath, _repository.Url));
            _helmCalls = Path.Combine(_folder.Path, "helm-calls.log");
            var helm = Path.Combine(_folder.Path, "helm");
            await File.WriteAllTextAsync(helm, $"#!/bin/sh\nprintf '%s\\n' \"$1\" >> '{_helmCalls}'\nexec '{TestHelm.Path}' \"$@\"\n");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(helm, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
            Server = await ServerProcess.StartAsync(socket: false, tcp: true, dataDirectory: null, socketPath: null,
                "--Cluster:Kubeconfig", kubeconfig,
                // The emulator is on this machine's loopback, even when the tests run in a container.
                "--Cluster:InContainer", "false",
                "--Helm:Path", helm,
                "--Helm:Home", Path.Combine(_folder.Path, "helm-home"),
                "--Helm:ListCacheDuration", "00:05:00",
                "--Meshes:CatalogOverride", overridePath,
                "--Meshes:ReadyTimeout", "00:00:40",
                "--Apps:ReadyTimeout", "00:00:40");
            Api = Server.Api;
        }

        /// <summary>How many times the server has run helm with <paramref name="verb"/> (list, upgrade, uninstall…).</summary>
        public int HelmCalls(string verb) => File.Exists(_helmCalls) ? File.ReadAllLines(_helmCalls).Count(line => line == verb) : 0;

        public async Task DisposeAsync()
        {
            Api.Dispose();
            Kube.Dispose();
            await Server.DisposeAsync();
            await _repository.DisposeAsync();
            await Emulator.DisposeAsync();
        }

        public void Dispose() => _folder.Dispose();
    }

    // Istio keeps its identity (namespace, membership) but installs the test chart; Kuma's variant cannot pull its
    // image; Linkerd's points at a chart that does not exist; Cilium's fails until a test heals its pods.
    private static string CatalogOverride(string chart, string repository) => $$"""
        meshes:
          - id: istio
            helm:
              charts: [{ chart: "{{chart}}", release: istiod, values: { greeting: from-meshdock } }]
            versions: { default: 0.1.0, selectable: [0.1.0] }
            health: [{ kind: Deployment, name: istiod-control-plane }]
            crdGroups: [test.meshdock.io]
          - id: kuma
            helm:
              charts: [{ chart: "{{chart}}", release: kuma, values: { image: { repository: registry.example/broken/control-plane } } }]
            versions: { default: 0.1.0, selectable: [0.1.0] }
            health: [{ kind: Deployment, name: kuma-control-plane }]
          - id: linkerd
            helm:
              charts: [{ chart: "{{chart}}-does-not-exist", release: linkerd-control-plane }]
            versions: { default: 0.1.0, selectable: [0.1.0] }
          - id: osm
            helm:
              charts: [{ chart: "{{chart}}", release: osm, values: { widget: { enabled: false } } }]
            versions: { default: 0.1.0, selectable: [0.1.0] }
            health: [{ kind: Deployment, name: osm-control-plane }]
          - id: nginx-service-mesh
            helm:
              charts: [{ chart: "{{chart}}", release: nsm, values: { widget: { enabled: false } } }]
            versions: { default: 0.1.0, selectable: [0.1.0] }
            health: [{ kind: Deployment, name: nsm-control-plane }]
          - id: cilium
            namespace: cilium-retry
            helm:
              charts: [{ chart: "{{chart}}", release: cilium-retry, values: { widget: { enabled: false } } }]
            versions: { default: 0.1.0, selectable: [0.1.0] }
            health: [{ kind: Deployment, name: cilium-retry-control-plane }]
          - id: traefik-mesh
            helm:
              repository: "{{repository}}"
              charts: [{ chart: meshdock-test, release: traefik-mesh, values: { widget: { enabled: false } } }]
            versions: { default: 0.1.0, selectable: [0.1.0, 0.2.0] }
            health: [{ kind: Deployment, name: traefik-mesh-control-plane }]
        """;

    [Fact]
    public async Task A_mesh_installs_with_live_pod_progress_over_signalr_then_uninstalls_with_its_crds()
    {
        await using var hub = await ProgressClient.ConnectStandaloneAsync(cluster.Server);
        await hub.SubscribeAllAsync();

        var id = await StartAsync("/api/meshes/istio/install", new { });
        var events = await hub.ReadUntilFinalAsync(id, Patience);

        ApiClient.AssertContiguousFromOne(events);
        Assert.True(events[^1].Status == "succeeded", string.Join("\n", events.Select(e => $"{e.Kind}: {e.Message}")));
        Assert.Contains(events, e => e.Kind == "log" && e.Message.Contains("STATUS: deployed", StringComparison.Ordinal)); // helm's own output
        var pods = events.Where(e => e.Kind == "progress" && e.Data?.TryGetProperty("pod", out _) == true).ToList();
        var seen = pods.Select(e => Label(e.Data!.Value)).ToList();
        Assert.Contains("ContainerCreating", seen);
        Assert.Contains("Ready", seen);
        Assert.True(seen.IndexOf("ContainerCreating") < seen.IndexOf("Ready"), string.Join(" → ", seen));
        var ready = pods.Last(e => Label(e.Data!.Value) == "Ready").Data!.Value;
        Assert.StartsWith("istiod-control-plane-", ready.GetProperty("pod").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, ready.GetProperty("restarts").GetInt32());

        var istio = await MeshAsync("istio");
        Assert.Equal("installed", istio.GetProperty("status").GetString());
        Assert.Equal("0.1.0", istio.GetProperty("version").GetString());
        Assert.Equal("helm", istio.GetProperty("detectedBy").GetString());

        var uninstall = await StartAsync("/api/meshes/istio/uninstall", new { removeCrds = true });
        var removed = await hub.ReadUntilFinalAsync(uninstall, Patience);
        Assert.Equal("succeeded", removed[^1].Status);
        Assert.Contains(removed, e => e.Message == "Deleted CRD widgets.test.meshdock.io.");
        Assert.Equal("notInstalled", (await MeshAsync("istio")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_installed_mesh_upgrades_to_another_catalog_version_with_pod_progress_and_a_new_release_revision()
    {
        var install = await cluster.Api.WaitForFinalAsync(await StartAsync("/api/meshes/traefik-mesh/install", new { version = "0.1.0" }), Patience);
        Assert.True(install.Status == "succeeded", install.Error);
        var installed = await MeshAsync("traefik-mesh");
        Assert.Equal(("installed", "0.1.0", "helm"), (installed.GetProperty("status").GetString(), installed.GetProperty("version").GetString(), installed.GetProperty("detectedBy").GetString()));
        Assert.Equal(("traefik-mesh", "traefik-mesh", "0.1.0", 1, "deployed"), Release(installed));
        var oldPod = (await cluster.Kube.CoreV1.ListNamespacedPodAsync("traefik-mesh")).Items.Single().Metadata.Name;

        await using var hub = await ProgressClient.ConnectStandaloneAsync(cluster.Server);
        await hub.SubscribeAllAsync();
        var id = await StartAsync("/api/meshes/traefik-mesh/upgrade", new { version = "0.2.0" });
        var events = await hub.ReadUntilFinalAsync(id, Patience);

        ApiClient.AssertContiguousFromOne(events);
        Assert.True(events[^1].Status == "succeeded", string.Join("\n", events.Select(e => $"{e.Kind}: {e.Message}")));
        Assert.Equal(
            ["Connecting to the cluster", "Upgrading traefik-mesh (meshdock-test 0.2.0) in traefik-mesh", "Waiting for Traefik Mesh to become ready"],
            events.Where(e => e.Kind == "step").Select(e => e.Message));
        Assert.DoesNotContain(events, e => e.Kind == "warning"); // 0.2.0 is a version the catalog offers
        Assert.Contains(events, e => e.Kind == "log" && e.Message.Contains("REVISION: 2", StringComparison.Ordinal)); // helm's own output
        // The new version's pods come up (its image tag is the chart's app version) and the old one goes.
        var pods = events.Where(e => e.Kind == "progress" && e.Data?.TryGetProperty("pod", out _) == true).Select(e => e.Data!.Value).ToList();
        Assert.Contains(pods, p => p.GetProperty("ready").GetBoolean() && p.GetProperty("pod").GetString() != oldPod);
        Assert.Contains(pods, p => p.GetProperty("deleted").GetBoolean() && p.GetProperty("pod").GetString() == oldPod);
        Assert.Equal("Traefik Mesh 0.2.0 is upgraded and every control-plane workload is Ready.", events.Last(e => e.Kind == "log").Message);

        var operation = await cluster.Api.GetFromJsonAsync<JsonElement>($"/api/operations/{id}");
        Assert.Equal(("mesh.upgrade", "Upgrading Traefik Mesh to 0.2.0"), (operation.GetProperty("kind").GetString(), operation.GetProperty("title").GetString()));
        var upgraded = await MeshAsync("traefik-mesh");
        Assert.Equal(("installed", "0.2.0"), (upgraded.GetProperty("status").GetString(), upgraded.GetProperty("version").GetString()));
        Assert.Equal(("traefik-mesh", "traefik-mesh", "0.2.0", 2, "deployed"), Release(upgraded));
        var deployment = await cluster.Kube.AppsV1.ReadNamespacedDeploymentAsync("traefik-mesh-control-plane", "traefik-mesh");
        Assert.Equal("ghcr.io/meshdock/test-control-plane:1.1.0", deployment.Spec.Template.Spec.Containers.Single().Image);

        // The same version again is refused; so is one the repository does not have, by helm, with its reason.
        using var again = await cluster.Api.PostAsJsonAsync("/api/meshes/traefik-mesh/upgrade", new { version = "0.2.0" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("Traefik Mesh is already at 0.2.0: choose another version.", (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        var missing = await cluster.Api.WaitForFinalAsync(await StartAsync("/api/meshes/traefik-mesh/upgrade", new { version = "0.9.0" }), Patience);
        Assert.Equal("failed", missing.Status);
        Assert.Matches(@"^helm upgrade failed \(exit code 1\): chart ""meshdock-test"" version ""0\.9\.0"" not found in http://127\.0\.0\.1:\d+ repository\. "
            + "Helm could not download the chart: check the version exists", missing.Error);
        Assert.Equal(("installed", "0.2.0"), ((await MeshAsync("traefik-mesh")).GetProperty("status").GetString(), (await MeshAsync("traefik-mesh")).GetProperty("version").GetString()));

        Assert.Equal("succeeded", (await cluster.Api.WaitForFinalAsync(await StartAsync("/api/meshes/traefik-mesh/uninstall", new { }), Patience)).Status);

        static (string?, string?, string?, int, string?) Release(JsonElement state)
        {
            var release = state.GetProperty("releases").EnumerateArray().Single();
            return (release.GetProperty("name").GetString(), release.GetProperty("namespace").GetString(), release.GetProperty("chartVersion").GetString(),
                release.GetProperty("revision").GetInt32(), release.GetProperty("status").GetString());
        }
    }

    [Fact]
    public async Task Upgrading_a_mesh_that_is_not_installed_is_409_and_starts_nothing()
    {
        using var response = await cluster.Api.PostAsJsonAsync("/api/meshes/istio-ambient/upgrade", new { version = "1.27.3" });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Istio ambient is not installed, so there is nothing to upgrade: install it with the version you want (POST /api/meshes/istio-ambient/install).",
            (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        var operations = await cluster.Api.GetFromJsonAsync<JsonElement>("/api/operations");
        Assert.DoesNotContain(operations.EnumerateArray(), o => o.GetProperty("target").GetString() == "mesh:istio-ambient");
    }

    [Fact]
    public async Task Mesh_listings_share_one_helm_list_until_a_mesh_operation_finishes()
    {
        Assert.Equal("succeeded", (await cluster.Api.WaitForFinalAsync(await StartAsync("/api/meshes/nginx-service-mesh/install", new { }), Patience)).Status);
        var before = cluster.HelmCalls("list");

        Assert.Equal("installed", (await MeshAsync("nginx-service-mesh")).GetProperty("status").GetString());
        await MeshAsync("nginx-service-mesh");
        using (var overview = await cluster.Api.GetAsync("/api/cluster"))
        {
            Assert.Contains("nginx-service-mesh", await overview.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(before + 1, cluster.HelmCalls("list")); // the install's end forgot the cached list; then one helm list served all three

        var uninstall = await cluster.Api.WaitForFinalAsync(await StartAsync("/api/meshes/nginx-service-mesh/uninstall", new { }), Patience);
        Assert.Equal("succeeded", uninstall.Status);
        var afterUninstall = cluster.HelmCalls("list");
        var states = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => MeshAsync("nginx-service-mesh")));

        Assert.All(states, s => Assert.Equal("notInstalled", s.GetProperty("status").GetString()));
        Assert.Equal(afterUninstall + 1, cluster.HelmCalls("list")); // four requests at once share one helm run
    }

    [Fact]
    public async Task A_pod_stuck_in_image_pull_back_off_fails_the_install_early_with_that_reason()
    {
        var id = await StartAsync("/api/meshes/kuma/install", new { });
        var operation = await cluster.Api.WaitForFinalAsync(id, Patience);

        Assert.Equal("failed", operation.Status);
        Assert.Contains("cannot pull its image (ImagePullBackOff", operation.Error, StringComparison.Ordinal);
        Assert.StartsWith("Pod kuma-control-plane-", operation.Error, StringComparison.Ordinal);
        Assert.True(operation.FinishedAt - operation.StartedAt < TimeSpan.FromSeconds(30), "it should fail early, not at the 40 s timeout");
        var kuma = await MeshAsync("kuma");
        Assert.Equal("degraded", kuma.GetProperty("status").GetString());
        Assert.Contains("0 of 1 replicas ready", kuma.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_install_keeps_its_cause_on_the_mesh_and_installing_again_succeeds_once_the_fault_is_gone()
    {
        cluster.Emulator.Faults.FailPodsNamed("cilium-retry-control-plane");
        try
        {
            var failedId = await StartAsync("/api/meshes/cilium/install", new { });
            var failed = await cluster.Api.WaitForFinalAsync(failedId, Patience);
            Assert.Equal("failed", failed.Status);

            // Asked again later (a reload): the cause is the failed operation's own sentence, not a generic state.
            var degraded = await MeshAsync("cilium");
            Assert.Equal("degraded", degraded.GetProperty("status").GetString());
            var lastFailure = degraded.GetProperty("lastFailure");
            Assert.Equal(failedId, lastFailure.GetProperty("operationId").GetString());
            Assert.Equal(failed.Error, lastFailure.GetProperty("error").GetString());
            Assert.Contains("ImagePullBackOff", lastFailure.GetProperty("error").GetString(), StringComparison.Ordinal);
            Assert.StartsWith("Installing Cilium", lastFailure.GetProperty("title").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            cluster.Emulator.Faults.Heal("cilium-retry-control-plane");
        }

        // The node retries the pull on its back-off schedule; once the pod runs, Retry (an install of the degraded mesh)
        // upgrades the failed release in place and finds the control plane Ready.
        var deadline = DateTime.UtcNow + Patience;
        while (!(await cluster.Kube.CoreV1.ListNamespacedPodAsync("cilium-retry")).Items
            .Any(p => p.Status?.ContainerStatuses?.All(c => c.Ready) == true && p.Status.ContainerStatuses.Count > 0))
        {
            Assert.True(DateTime.UtcNow < deadline, "The healed pod never became Ready.");
            await Task.Delay(250);
        }
        var retryId = await StartAsync("/api/meshes/cilium/install", new { });
        var retried = await cluster.Api.WaitForFinalAsync(retryId, Patience);
        Assert.True(retried.Status == "succeeded", retried.Error);
        var installed = await MeshAsync("cilium");
        Assert.Equal("installed", installed.GetProperty("status").GetString());
        Assert.False(installed.TryGetProperty("lastFailure", out var none) && none.ValueKind != JsonValueKind.Null, "a succeeded retry clears the failure");

        var uninstall = await cluster.Api.WaitForFinalAsync(await StartAsync("/api/meshes/cilium/uninstall", new { removeCrds = false }), Patience);
        Assert.Equal("succeeded", uninstall.Status);
    }

    [Fact]
    public async Task Helm_failing_on_a_missing_chart_fails_the_operation_with_helms_reason_and_advice()
    {
        var id = await StartAsync("/api/meshes/linkerd/install", new { });
        var operation = await cluster.Api.WaitForFinalAsync(id, Patience);

        Assert.Equal("failed", operation.Status);
        Assert.StartsWith("helm upgrade failed (exit code 1):", operation.Error, StringComparison.Ordinal);
        Assert.Contains("check the catalog override", operation.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_install_of_the_same_mesh_while_one_runs_is_refused_with_409_naming_it()
    {
        var first = await StartAsync("/api/meshes/consul/install", new { version = "1.8.0" });
        using var second = await cluster.Api.PostAsJsonAsync("/api/meshes/consul/install", new { });

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal("application/problem+json", second.Content.Headers.ContentType?.MediaType);
        var problem = await second.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(first, problem.GetProperty("operationId").GetString());
        await cancel(first);

        async Task cancel(string operationId)
        {
            using var _ = await cluster.Api.PostActionAsync($"/api/operations/{operationId}/cancel");
            var final = await cluster.Api.WaitForFinalAsync(operationId, Patience);
            Assert.Contains(final.Status, new[] { "cancelled", "failed" });
        }
    }

    [Fact]
    public async Task A_sample_app_deploys_with_pod_progress_shows_how_to_open_it_and_is_removed()
    {
        var id = await StartAsync("/api/apps/httpbin/deploy", new { @namespace = "demo" });
        var events = await cluster.Api.PollEventsUntilFinalAsync(id, Patience);
        Assert.True(events[^1].Status == "succeeded", string.Join("\n", events.Select(e => $"{e.Kind}: {e.Message}")));
        Assert.Contains(events, e => e.Kind == "progress" && e.Data?.GetProperty("ready").GetBoolean() == true);

        var httpbin = (await AppsAsync()).Single(a => a.GetProperty("id").GetString() == "httpbin");
        var deployment = httpbin.GetProperty("deployments").EnumerateArray().Single();
        Assert.Equal("demo", deployment.GetProperty("namespace").GetString());
        Assert.Equal(1, deployment.GetProperty("readyPods").GetInt32());
        Assert.Equal(JsonValueKind.Null, deployment.GetProperty("proxy").ValueKind); // no mesh joined: no sidecar
        var url = deployment.GetProperty("endpoints")[0].GetProperty("url").GetString();
        Assert.Matches(@"^http://localhost:3\d{4}/$", url);

        var remove = await StartAsync("/api/apps/httpbin/remove", new { @namespace = "demo" });
        var removed = await cluster.Api.WaitForFinalAsync(remove, Patience);
        Assert.True(removed.Status == "succeeded", removed.Error);
        Assert.Empty((await AppsAsync()).Single(a => a.GetProperty("id").GetString() == "httpbin").GetProperty("deployments").EnumerateArray());
    }

    [Fact]
    public async Task Remove_everything_takes_off_the_apps_meshes_and_namespaces_meshdock_installed()
    {
        Assert.Equal("succeeded", (await cluster.Api.WaitForFinalAsync(await StartAsync("/api/apps/imagehub/deploy", new { @namespace = "cleanup-demo" }), Patience)).Status);
        Assert.Equal("succeeded", (await cluster.Api.WaitForFinalAsync(await StartAsync("/api/meshes/osm/install", new { }), Patience)).Status);

        var id = await StartAsync("/api/cleanup", new { });
        var events = await cluster.Api.PollEventsUntilFinalAsync(id, Patience);

        Assert.True(events[^1].Status == "succeeded", string.Join("\n", events.Select(e => $"{e.Kind}: {e.Message}")));
        Assert.Contains(events, e => e.Message == "cleanup-demo: Deployment web-v1 deleted");
        Assert.Contains(events, e => e.Message.StartsWith("release \"osm\" uninstalled", StringComparison.Ordinal));
        Assert.Contains(events, e => e.Message == "Deleted namespace cleanup-demo.");
        Assert.Equal("notInstalled", (await MeshAsync("osm")).GetProperty("status").GetString());
        Assert.Empty((await AppsAsync()).Single(a => a.GetProperty("id").GetString() == "imagehub").GetProperty("deployments").EnumerateArray());
    }

    [Fact]
    public async Task An_unreachable_cluster_still_lists_the_catalog_and_fails_an_install_with_the_connection_sentence()
    {
        using var folder = new TempFolder();
        var kubeconfig = Path.Combine(folder.Path, "kubeconfig");
        await File.WriteAllTextAsync(kubeconfig, """
            apiVersion: v1
            kind: Config
            clusters: [{ name: gone, cluster: { server: "https://127.0.0.1:1" } }]
            users: [{ name: u, user: { token: t } }]
            contexts: [{ name: gone, context: { cluster: gone, user: u } }]
            current-context: gone
            """);
        await using var server = await ServerProcess.StartAsync(socket: false, tcp: true, dataDirectory: null, socketPath: null,
            "--Cluster:Kubeconfig", kubeconfig, "--Cluster:InContainer", "false", "--Helm:Path", TestHelm.Path);
        using var api = server.Api;

        var meshes = await api.GetFromJsonAsync<JsonElement>("/api/meshes");
        var problem = meshes.GetProperty("clusterProblem").GetString();
        Assert.False(string.IsNullOrEmpty(problem));
        Assert.Equal(9, meshes.GetProperty("meshes").GetArrayLength());
        Assert.All(meshes.GetProperty("meshes").EnumerateArray(), m => Assert.Equal("unknown", m.GetProperty("state").GetProperty("status").GetString()));

        using var response = await api.PostAsJsonAsync("/api/meshes/istio/install", new { });
        var id = (await response.Content.ReadFromJsonAsync<AcceptedDto>(ApiClient.Json))!.Id;
        var operation = await api.WaitForFinalAsync(id, Patience);
        Assert.Equal("failed", operation.Status);
        Assert.Equal(problem, operation.Error);
    }

    [Theory]
    [InlineData("/api/apps/httpbin/deploy", """{"namespace":"Kube_System"}""", "'Kube_System' is not a namespace name")]
    [InlineData("/api/apps/httpbin/deploy", """{"namespace":"kube-system"}""", "belongs to Kubernetes itself")]
    [InlineData("/api/meshes/istio/install", """{"version":"--set=x"}""", "'--set=x' is not a chart version")]
    [InlineData("/api/meshes/istio/install", """{"values":{"nope":{}}}""", "names release 'nope', which Istio does not have")]
    [InlineData("/api/meshes/istio/upgrade", """{}""", "'version' is required")]
    [InlineData("/api/meshes/istio/upgrade", """{"version":"latest"}""", "'latest' is not a chart version")]
    [InlineData("/api/meshes/istio/upgrade", """{"version":"1.0.0; rm -rf /"}""", "is not a chart version")]
    public async Task Bad_requests_get_a_sentence_naming_the_field(string url, string body, string sentence)
    {
        using var response = await cluster.Api.PostAsync(url, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(sentence, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_meshes_and_apps_are_404_with_the_choices()
    {
        using var mesh = await cluster.Api.PostAsJsonAsync("/api/meshes/meshy/install", new { });
        using var app = await cluster.Api.PostAsJsonAsync("/api/apps/petstore/deploy", new { @namespace = "demo" });

        Assert.Equal(HttpStatusCode.NotFound, mesh.StatusCode);
        Assert.Contains("choose one of istio, istio-ambient", (await mesh.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, app.StatusCode);
    }

    [Fact]
    public async Task Preflight_compares_the_node_with_the_meshes_needs_in_figures()
    {
        var report = await cluster.Api.GetFromJsonAsync<JsonElement>("/api/meshes/istio/preflight");

        var checks = report.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("message").GetString()!);
        Assert.Matches(@"^Needs ~1 CPU; [\d.]+ CPU of 8 CPU is free\.$", checks["cpu"]);
        Assert.Equal("Kubernetes 1.32 (needs 1.29 or newer).", checks["kubernetes"]);
    }

    private async Task<string> StartAsync(string url, object body)
    {
        using var response = await cluster.Api.PostAsJsonAsync(url, body);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<AcceptedDto>(ApiClient.Json))!.Id;
    }

    private async Task<JsonElement> MeshAsync(string id)
    {
        var meshes = await cluster.Api.GetFromJsonAsync<JsonElement>("/api/meshes");
        return meshes.GetProperty("meshes").EnumerateArray().Single(m => m.GetProperty("id").GetString() == id).GetProperty("state");
    }

    private async Task<List<JsonElement>> AppsAsync() =>
        (await cluster.Api.GetFromJsonAsync<JsonElement>("/api/apps")).GetProperty("apps").EnumerateArray().ToList();

    private static string Label(JsonElement data) =>
        data.GetProperty("ready").GetBoolean() ? "Ready" : data.GetProperty("reason").GetString() ?? data.GetProperty("phase").GetString()!;
}
