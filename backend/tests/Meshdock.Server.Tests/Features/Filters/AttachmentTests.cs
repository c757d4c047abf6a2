using System.Net;
using System.Net.Http.Json;
using k8s;
using k8s.Models;
using Meshdock.KubeEmulator;
using Meshdock.KubeEmulator.Testing;
using Meshdock.Server.Features.Filters.Deploy;
using Meshdock.Server.Tests.Infrastructure;

namespace Meshdock.Server.Tests.Features.Filters;

/// <summary>Attach and detach through the API, as operations, against the Kubernetes emulator.</summary>
public sealed class AttachmentTests : IAsyncLifetime, IDisposable
{
    private readonly TempFolder folder = new();
    private KubeEmulator.KubeEmulator emulator = null!;
    private k8s.Kubernetes client = null!;
    private ServerProcess server = null!;
    private HttpClient api = null!;

    public async Task InitializeAsync()
    {
        emulator = await KubeEmulator.KubeEmulator.StartAsync(new KubeEmulatorOptions { PodReadyDelay = TimeSpan.FromMilliseconds(200) });
        var kubeconfig = emulator.WriteKubeconfig(Path.Combine(folder.Path, "config"));
        client = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig));
        // The meshes' real CRDs (Istio's with the Gateway API Gateway that waypoints are).
        await CrdFixtures.InstallAsync(emulator, "istio", "1.30.3");
        await CrdFixtures.InstallAsync(emulator, "consul", "2.0.3");
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "imagehub" } });
        server = await ServerProcess.StartAsync(extraArgs: [$"--Cluster:Kubeconfig={kubeconfig}", "--Cluster:InContainer=false"]);
        api = server.Api;
    }

    public async Task DisposeAsync()
    {
        await server.DisposeAsync();
        await emulator.DisposeAsync();
    }

    public void Dispose()
    {
        api.Dispose();
        client.Dispose();
        folder.Dispose();
    }

    [Fact]
    public async Task Image_Hub_with_filter_is_one_click_and_detach_removes_it()
    {
        using var response = await api.PostAsJsonAsync("/api/filters/imagehub-demo", new { mesh = "istio" });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var operationId = (await response.Content.ReadFromJsonAsync<AcceptedDto>(ApiClient.Json))!.Id;

        var events = await api.PollEventsUntilFinalAsync(operationId, TimeSpan.FromSeconds(60));
        Assert.True(events[^1].Status == "succeeded", string.Join("\n", events.Select(e => $"{e.Kind}: {e.Message}")));
        Assert.Equal(4, events.Count(e => e.Kind == "step"));
        var plugin = (await client.CustomObjects.GetNamespacedCustomObjectAsync("extensions.istio.io", "v1alpha1", "imagehub", "wasmplugins", "rate-limit-api")).ToString()!;
        Assert.Contains("\"Personal\":10", plugin.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
        var configMaps = await client.CoreV1.ListNamespacedConfigMapAsync("meshdock", labelSelector: "meshdock.io/module=true");
        Assert.Single(configMaps.Items);

        var attachment = Assert.Single((await api.GetFromJsonAsync<List<AttachmentDto>>("/api/filters/attachments", ApiClient.Json))!);
        Assert.Equal(("attached", "istio", "WasmPlugin", "rate-limit-api"), (attachment.Status, attachment.Mesh, attachment.ObjectKind, attachment.ObjectName));

        using var detach = await api.PostAsync($"/api/filters/attachments/{attachment.Id}/detach", null);
        var detachId = (await detach.Content.ReadFromJsonAsync<AcceptedDto>(ApiClient.Json))!.Id;
        Assert.Equal("succeeded", (await api.PollEventsUntilFinalAsync(detachId, TimeSpan.FromSeconds(60)))[^1].Status);
        Assert.Empty((await api.GetFromJsonAsync<List<AttachmentDto>>("/api/filters/attachments", ApiClient.Json))!);
        Assert.Empty((await client.CoreV1.ListNamespacedConfigMapAsync("meshdock", labelSelector: "meshdock.io/module=true")).Items);
        await Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() =>
            client.CustomObjects.GetNamespacedCustomObjectAsync("extensions.istio.io", "v1alpha1", "imagehub", "wasmplugins", "rate-limit-api"));
    }

    [Fact]
    public async Task Filters_attached_at_the_same_time_are_all_served_and_detaching_one_keeps_the_others()
    {
        var uploaded = new List<FilterDto>();
        foreach (var (name, bytes) in new[] { ("pass-through", FilterModules.PassThrough()), ("traps-on-misbehave", FilterModules.TrapsOnMisbehave()) })
        {
            using var created = await api.PostAsync($"/api/filters?name={name}", FilterModules.Content(bytes));
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            uploaded.Add((await created.Content.ReadFromJsonAsync<FilterDto>(ApiClient.Json))!);
        }
        var builtIn = (await api.GetFromJsonAsync<FilterDto>("/api/filters/rate-limit", ApiClient.Json))!;
        var filters = uploaded.Append(builtIn).ToList();

        // Three attach operations (one per filter, so none is refused as busy) all rewrite the filter server's module list.
        var starts = await Task.WhenAll(filters.Select((f, i) => api.PostAsJsonAsync($"/api/filters/{f.Id}/attach",
            new { mesh = "istio", @namespace = "imagehub", workloadSelector = new { app = $"app{i}" } })));
        var operationIds = new List<string>();
        foreach (var start in starts)
        {
            using (start)
            {
                Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
                operationIds.Add((await start.Content.ReadFromJsonAsync<AcceptedDto>(ApiClient.Json))!.Id);
            }
        }
        foreach (var events in await Task.WhenAll(operationIds.Select(id => api.PollEventsUntilFinalAsync(id, TimeSpan.FromSeconds(90)))))
        {
            Assert.True(events[^1].Status == "succeeded", string.Join("\n", events.Select(e => $"{e.Kind}: {e.Message}")));
        }

        Assert.Equal(filters.Select(f => FilterServerManifests.ConfigMapName(f.Sha256)).Order(StringComparer.Ordinal), await ServedAsync());
        var configMaps = await client.CoreV1.ListNamespacedConfigMapAsync("meshdock", labelSelector: "meshdock.io/module=true");
        Assert.Equal(3, configMaps.Items.Count);

        var attachments = (await api.GetFromJsonAsync<List<AttachmentDto>>("/api/filters/attachments", ApiClient.Json))!;
        Assert.Equal(3, attachments.Count(a => a.Status == "attached"));
        var detached = attachments.Single(a => a.FilterId == uploaded[0].Id);
        using var detach = await api.PostAsync($"/api/filters/attachments/{detached.Id}/detach", null);
        var detachId = (await detach.Content.ReadFromJsonAsync<AcceptedDto>(ApiClient.Json))!.Id;
        var detachEvents = await api.PollEventsUntilFinalAsync(detachId, TimeSpan.FromSeconds(60));
        Assert.Equal("succeeded", detachEvents[^1].Status);
        Assert.Contains(detachEvents, e => e.Message == "No other attachment uses pass-through; it is no longer on the filter server.");

        Assert.Equal(filters.Skip(1).Select(f => FilterServerManifests.ConfigMapName(f.Sha256)).Order(StringComparer.Ordinal), await ServedAsync());
        Assert.Equal(2, (await client.CoreV1.ListNamespacedConfigMapAsync("meshdock", labelSelector: "meshdock.io/module=true")).Items.Count);
    }

    [Fact]
    public async Task A_second_meshdock_on_the_same_cluster_adds_its_module_without_dropping_the_firsts()
    {
        // The extension and a standalone run may share Docker Desktop's cluster; neither knows the other's attachments.
        await using var other = await ServerProcess.StartAsync(extraArgs: [$"--Cluster:Kubeconfig={Path.Combine(folder.Path, "config")}", "--Cluster:InContainer=false"]);
        using var otherApi = other.Api;
        using var created = await otherApi.PostAsync("/api/filters?name=pass-through", FilterModules.Content(FilterModules.PassThrough()));
        var passThrough = (await created.Content.ReadFromJsonAsync<FilterDto>(ApiClient.Json))!;
        var builtIn = (await api.GetFromJsonAsync<FilterDto>("/api/filters/rate-limit", ApiClient.Json))!;

        var operations = await Task.WhenAll(
            StartAttachAsync(api, builtIn.Id, "api"),
            StartAttachAsync(otherApi, passThrough.Id, "web"));
        Assert.Equal("succeeded", (await api.WaitForFinalAsync(operations[0], TimeSpan.FromSeconds(90))).Status);
        Assert.Equal("succeeded", (await otherApi.WaitForFinalAsync(operations[1], TimeSpan.FromSeconds(90))).Status);

        Assert.Equal(new[] { builtIn, passThrough }.Select(f => FilterServerManifests.ConfigMapName(f.Sha256)).Order(StringComparer.Ordinal), await ServedAsync());
    }

    [Fact]
    public async Task Istio_ambient_attach_deploys_a_waypoint_and_detach_removes_it()
    {
        using var response = await api.PostAsJsonAsync("/api/filters/rate-limit/attach",
            new { mesh = "istio-ambient", @namespace = "imagehub", workloadSelector = new { app = "api" } });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var events = await api.PollEventsUntilFinalAsync((await response.Content.ReadFromJsonAsync<AcceptedDto>(ApiClient.Json))!.Id, TimeSpan.FromSeconds(60));
        Assert.True(events[^1].Status == "succeeded", string.Join("\n", events.Select(e => $"{e.Kind}: {e.Message}")));
        Assert.Contains(events, e => e.Message.StartsWith("Namespace imagehub had no waypoint: Meshdock deployed Gateway imagehub/waypoint", StringComparison.Ordinal));

        var plugin = System.Text.Json.JsonSerializer.SerializeToNode(
            await client.CustomObjects.GetNamespacedCustomObjectAsync("extensions.istio.io", "v1alpha1", "imagehub", "wasmplugins", "rate-limit-api"))!;
        Assert.Null(MeshRules.IstioAmbientProblem(plugin));
        var waypoint = System.Text.Json.JsonSerializer.SerializeToNode(
            await client.CustomObjects.GetNamespacedCustomObjectAsync("gateway.networking.k8s.io", "v1", "imagehub", "gateways", "waypoint"))!;
        Assert.Equal("istio-waypoint", (string?)waypoint["spec"]!["gatewayClassName"]);
        Assert.Equal("waypoint", (await client.CoreV1.ReadNamespaceAsync("imagehub")).Metadata.Labels["istio.io/use-waypoint"]);

        var attachment = Assert.Single((await api.GetFromJsonAsync<List<AttachmentDto>>("/api/filters/attachments", ApiClient.Json))!);
        using var detach = await api.PostAsync($"/api/filters/attachments/{attachment.Id}/detach", null);
        var detachId = (await detach.Content.ReadFromJsonAsync<AcceptedDto>(ApiClient.Json))!.Id;
        Assert.Equal("succeeded", (await api.PollEventsUntilFinalAsync(detachId, TimeSpan.FromSeconds(60)))[^1].Status);

        await Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() =>
            client.CustomObjects.GetNamespacedCustomObjectAsync("gateway.networking.k8s.io", "v1", "imagehub", "gateways", "waypoint"));
        Assert.False((await client.CoreV1.ReadNamespaceAsync("imagehub")).Metadata.Labels?.ContainsKey("istio.io/use-waypoint") ?? false);
    }

    [Fact]
    public async Task Consul_detach_takes_only_meshdocks_extension_from_the_users_ServiceDefaults()
    {
        await client.CustomObjects.CreateNamespacedCustomObjectAsync(System.Text.Json.Nodes.JsonNode.Parse("""
            {"apiVersion": "consul.hashicorp.com/v1alpha1", "kind": "ServiceDefaults", "metadata": {"name": "api", "namespace": "imagehub"},
             "spec": {"protocol": "http", "envoyExtensions": [{"name": "builtin/lua", "arguments": {"Script": "x"}}]}}
            """), "consul.hashicorp.com", "v1alpha1", "imagehub", "servicedefaults");

        using var response = await api.PostAsJsonAsync("/api/filters/rate-limit/attach",
            new { mesh = "consul", @namespace = "imagehub", workloadSelector = new { app = "api" } });
        var events = await api.PollEventsUntilFinalAsync((await response.Content.ReadFromJsonAsync<AcceptedDto>(ApiClient.Json))!.Id, TimeSpan.FromSeconds(60));
        Assert.True(events[^1].Status == "succeeded", string.Join("\n", events.Select(e => $"{e.Kind}: {e.Message}")));
        Assert.Equal(2, (await ExtensionsAsync()).Count);

        var attachment = Assert.Single((await api.GetFromJsonAsync<List<AttachmentDto>>("/api/filters/attachments", ApiClient.Json))!);
        using var detach = await api.PostAsync($"/api/filters/attachments/{attachment.Id}/detach", null);
        Assert.Equal("succeeded", (await api.PollEventsUntilFinalAsync((await detach.Content.ReadFromJsonAsync<AcceptedDto>(ApiClient.Json))!.Id, TimeSpan.FromSeconds(60)))[^1].Status);

        Assert.Equal("builtin/lua", (string?)Assert.Single(await ExtensionsAsync())!["name"]);
    }

    [Fact]
    public async Task An_attachment_keeps_its_root_id_VM_configuration_and_string_configuration_in_the_mesh_object_and_the_listing()
    {
        using var response = await api.PostAsJsonAsync("/api/filters/rate-limit/attach", new
        {
            mesh = "consul", @namespace = "imagehub", workloadSelector = new { app = "api" },
            pluginConfig = "limit=10", vmConfiguration = "vm settings", rootId = "my_root",
        });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var events = await api.PollEventsUntilFinalAsync((await response.Content.ReadFromJsonAsync<AcceptedDto>(ApiClient.Json))!.Id, TimeSpan.FromSeconds(60));
        Assert.True(events[^1].Status == "succeeded", string.Join("\n", events.Select(e => $"{e.Kind}: {e.Message}")));

        // What Consul's CRD (validated by the emulator) stored for the extension.
        var plugin = Assert.Single(await ExtensionsAsync())!["arguments"]!["PluginConfig"]!;
        Assert.Equal(("my_root", "limit=10", "vm settings"),
            ((string?)plugin["RootID"], (string?)plugin["Configuration"], (string?)plugin["VmConfig"]!["Configuration"]));
        var listed = Assert.Single((await api.GetFromJsonAsync<List<ConfiguredAttachmentDto>>("/api/filters/attachments", ApiClient.Json))!);
        Assert.Equal(("my_root", "vm settings", "limit=10"), (listed.RootId, listed.VmConfiguration, listed.PluginConfig));

        using var detach = await api.PostAsync($"/api/filters/attachments/{listed.Id}/detach", null);
        Assert.Equal("succeeded", (await api.PollEventsUntilFinalAsync((await detach.Content.ReadFromJsonAsync<AcceptedDto>(ApiClient.Json))!.Id, TimeSpan.FromSeconds(60)))[^1].Status);
        await Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() =>
            client.CustomObjects.GetNamespacedCustomObjectAsync("consul.hashicorp.com", "v1alpha1", "imagehub", "servicedefaults", "api"));
    }

    private sealed record ConfiguredAttachmentDto(string Id, string PluginConfig, string RootId, string VmConfiguration);

    private async Task<System.Text.Json.Nodes.JsonArray> ExtensionsAsync() => System.Text.Json.JsonSerializer.SerializeToNode(
        await client.CustomObjects.GetNamespacedCustomObjectAsync("consul.hashicorp.com", "v1alpha1", "imagehub", "servicedefaults", "api"))!["spec"]!["envoyExtensions"]!.AsArray();

    [Fact]
    public async Task Kuma_attach_needs_the_service_targets_its_dataplanes_and_warns_when_kuma_sees_tcp()
    {
        await CrdFixtures.InstallAsync(emulator, "kuma", "2.14.3");
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "kuma-system" } });

        var missing = await AttachKumaAsync();
        Assert.Equal("failed", missing[^1].Status);
        Assert.Contains(missing, e => e.Message.Contains("there is no Service 'api' in imagehub", StringComparison.Ordinal));

        await client.CoreV1.CreateNamespacedServiceAsync(new V1Service
        {
            Metadata = new V1ObjectMeta { Name = "api" },
            Spec = new V1ServiceSpec { Selector = new Dictionary<string, string> { ["app"] = "api" }, Ports = [new V1ServicePort { Port = 9091 }] },
        }, "imagehub");
        var events = await AttachKumaAsync();

        Assert.True(events[^1].Status == "succeeded", string.Join("\n", events.Select(e => $"{e.Kind}: {e.Message}")));
        Assert.Contains(events, e => e.Message.StartsWith("Warning: Kuma treats Service imagehub/api as TCP", StringComparison.Ordinal));
        var patch = System.Text.Json.JsonSerializer.SerializeToNode(
            await client.CustomObjects.GetNamespacedCustomObjectAsync("kuma.io", "v1alpha1", "kuma-system", "meshproxypatches", "rate-limit-api"))!;
        Assert.True(MeshRules.KumaSelects(patch["spec"]!["targetRef"]!, MeshRules.KumaDataplane("api", "imagehub", 9091, new Dictionary<string, string> { ["app"] = "api" })));
        Assert.Contains((string)patch["spec"]!["targetRef"]!["kind"]!, MeshRules.KumaTopLevelKinds(new Version(2, 15)));
    }

    private async Task<List<EventDto>> AttachKumaAsync()
    {
        using var response = await api.PostAsJsonAsync("/api/filters/rate-limit/attach",
            new { mesh = "kuma", @namespace = "imagehub", workloadSelector = new { app = "api" } });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return [.. await api.PollEventsUntilFinalAsync((await response.Content.ReadFromJsonAsync<AcceptedDto>(ApiClient.Json))!.Id, TimeSpan.FromSeconds(60))];
    }

    [Fact]
    public async Task A_mesh_without_proxy_wasm_is_refused_with_the_reason()
    {
        using var response = await api.PostAsJsonAsync("/api/filters/rate-limit/attach",
            new { mesh = "linkerd", @namespace = "imagehub", workloadSelector = new { app = "api" } });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<ProblemDto>(ApiClient.Json))!;
        Assert.Equal("Filters cannot be attached to Linkerd: Linkerd's proxy is written in Rust and has no WebAssembly (proxy-wasm) extension point.", problem.Detail);
        Assert.Empty((await api.GetFromJsonAsync<List<AttachmentDto>>("/api/filters/attachments", ApiClient.Json))!);
    }

    [Theory]
    [InlineData("kuma", "imagehub", "app", 409, "Kuma is not installed on the cluster (it has no MeshProxyPatch kind): install it from the Meshes page first.")]
    [InlineData("istio", "nowhere", "app", 409, "The namespace 'nowhere' does not exist on the cluster: deploy the app there first, or pick its namespace.")]
    [InlineData("istio", "imagehub", "a b", 400, "The label key 'a b' must be at most 63 letters")]
    [InlineData("istio", "imagehub", "-x", 400, "The label key '-x' must be")]
    [InlineData("istio", "imagehub", "Bad_Prefix/app", 400, "The label key 'Bad_Prefix/app' has a prefix that is not a DNS subdomain")]
    public async Task An_attachment_bound_to_fail_is_refused_with_a_sentence_and_nothing_is_stored(
        string mesh, string ns, string labelKey, int status, string sentence)
    {
        using var response = await api.PostAsJsonAsync("/api/filters/rate-limit/attach",
            new { mesh, @namespace = ns, workloadSelector = new Dictionary<string, string> { [labelKey] = "c" } });

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<ProblemDto>(ApiClient.Json))!;
        Assert.StartsWith(sentence, problem.Detail, StringComparison.Ordinal);
        Assert.Empty((await api.GetFromJsonAsync<List<AttachmentDto>>("/api/filters/attachments", ApiClient.Json))!);
        Assert.Empty(await api.GetFromJsonAsync<List<OperationDto>>("/api/operations", ApiClient.Json) ?? []);
    }

    private static async Task<string> StartAttachAsync(HttpClient http, string filterId, string app)
    {
        using var response = await http.PostAsJsonAsync($"/api/filters/{filterId}/attach",
            new { mesh = "istio", @namespace = "imagehub", workloadSelector = new { app } });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<AcceptedDto>(ApiClient.Json))!.Id;
    }

    private async Task<IEnumerable<string>> ServedAsync() => FilterServerManifests.ServedConfigMaps(
        await client.AppsV1.ReadNamespacedDeploymentAsync(FilterServerManifests.Name, FilterServerManifests.Namespace)).Order(StringComparer.Ordinal);

    private sealed record AttachmentDto(string Id, string FilterId, string Status, string Mesh, string ObjectKind, string ObjectName);
}
