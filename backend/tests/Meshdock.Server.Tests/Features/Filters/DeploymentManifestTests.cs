using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Meshdock.KubeEmulator;
using Meshdock.KubeEmulator.Testing;
using Meshdock.Server.Features.Filters;
using Meshdock.Server.Features.Filters.Deploy;
using Meshdock.Server.Tests.Infrastructure;

namespace Meshdock.Server.Tests.Features.Filters;

/// <summary>The manifests that deploy a filter, applied server-side to the Kubernetes emulator with each mesh's real
/// CRDs at every version the catalog offers (strict field validation: nothing may be pruned), read back, and checked
/// against what each mesh's control plane does with them (<see cref="MeshRules"/>).</summary>
public sealed class DeploymentManifestTests : IAsyncLifetime, IDisposable
{
    private readonly TempFolder _folder = new();
    private KubeEmulator.KubeEmulator _emulator = null!;
    private k8s.Kubernetes _client = null!;

    private static readonly AttachmentTarget Target = new(
        "rate-limit-api", "imagehub", new Dictionary<string, string> { ["app"] = "api" }, "rate-limit",
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(FilterModules.RateLimit)), BuiltInFilter.ImageHubRules);

    public async Task InitializeAsync()
    {
        _emulator = await KubeEmulator.KubeEmulator.StartAsync(new KubeEmulatorOptions { PodReadyDelay = TimeSpan.FromMilliseconds(100) });
        var kubeconfig = _emulator.WriteKubeconfig(Path.Combine(_folder.Path, "config"));
        _client = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig));
        foreach (var ns in new[] { "imagehub", "kuma-system" })
        {
            await _client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });
        }
    }

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    public void Dispose()
    {
        _client.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task The_filter_server_serves_the_module_from_a_configmap_pinned_by_sha256()
    {
        foreach (var manifest in new[]
        {
            FilterServerManifests.NamespaceManifest(),
            FilterServerManifests.ConfigMap("rate-limit", Target.Sha256, FilterModules.RateLimit),
            FilterServerManifests.Deployment([Target.Sha256]),
            FilterServerManifests.Service(),
        })
        {
            await KubeApply.ApplyAsync(_client, manifest, default);
        }

        var configMap = await _client.CoreV1.ReadNamespacedConfigMapAsync(FilterServerManifests.ConfigMapName(Target.Sha256), "meshdock");
        Assert.Equal(FilterModules.RateLimit, configMap.BinaryData[$"{Target.Sha256}.wasm"]);
        Assert.Equal(Target.Sha256, configMap.Metadata.Annotations["meshdock.io/sha256"]);
        var deployment = await _client.AppsV1.ReadNamespacedDeploymentAsync("meshdock-filter-server", "meshdock");
        Assert.Equal(FilterServerManifests.ConfigMapName(Target.Sha256),
            Assert.Single(deployment.Spec.Template.Spec.Volumes.Single(v => v.Projected is not null).Projected.Sources).ConfigMap.Name);
        var service = await _client.CoreV1.ReadNamespacedServiceAsync("meshdock-filter-server", "meshdock");
        Assert.Equal(80, service.Spec.Ports.Single().Port);
        Assert.Equal($"http://meshdock-filter-server.meshdock.svc.cluster.local/{Target.Sha256}.wasm", Target.ModuleUrl);
    }

    [Fact]
    public async Task Writers_changing_the_module_list_at_once_never_drop_each_others_module()
    {
        // Each writer stands for another process (no shared lock): only the resourceVersion-conditioned write keeps
        // them from overwriting each other, starting with the race to create the Deployment.
        await KubeApply.ApplyAsync(_client, FilterServerManifests.NamespaceManifest(), default);
        var names = Enumerable.Range(0, 6).Select(i => $"meshdock-filter-{i:x16}").ToList();
        await Task.WhenAll(names.Select(name => Task.Run(() => FilterServer.ChangeModulesAsync(_client, served => served.Add(name), default))));

        Assert.Equal(names, await ServedAsync());

        await Task.WhenAll(names.Where((_, i) => i % 2 == 0).Select(name => Task.Run(() => FilterServer.ChangeModulesAsync(_client, served => served.Remove(name), default))));

        Assert.Equal(names.Where((_, i) => i % 2 == 1), await ServedAsync());
        var deployment = await _client.AppsV1.ReadNamespacedDeploymentAsync(FilterServerManifests.Name, FilterServerManifests.Namespace);
        Assert.Equal("nginx:1.27-alpine", deployment.Spec.Template.Spec.Containers.Single().Image);
    }

    [Fact]
    public async Task A_stale_write_to_the_module_list_is_refused_by_the_cluster_not_applied()
    {
        await KubeApply.ApplyAsync(_client, FilterServerManifests.NamespaceManifest(), default);
        await FilterServer.ChangeModulesAsync(_client, served => served.Add("meshdock-filter-a"), default);
        var read = await _client.AppsV1.ReadNamespacedDeploymentAsync(FilterServerManifests.Name, FilterServerManifests.Namespace);
        await FilterServer.ChangeModulesAsync(_client, served => served.Add("meshdock-filter-b"), default);

        // What the module list change sends, with the resourceVersion read before the other writer's change.
        var stale = FilterServerManifests.DeploymentServing(["meshdock-filter-a", "meshdock-filter-c"]);
        stale["metadata"]!["resourceVersion"] = read.Metadata.ResourceVersion;
        var refused = await Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() => KubeApply.ApplyAsync(_client, stale, default));

        Assert.Equal(System.Net.HttpStatusCode.Conflict, refused.Response.StatusCode);
        Assert.Equal(["meshdock-filter-a", "meshdock-filter-b"], await ServedAsync());
    }

    private async Task<List<string>> ServedAsync() => [.. FilterServerManifests.ServedConfigMaps(
        await _client.AppsV1.ReadNamespacedDeploymentAsync(FilterServerManifests.Name, FilterServerManifests.Namespace)).Order(StringComparer.Ordinal)];

    [Fact]
    public async Task A_module_that_cannot_fit_a_configmap_is_refused_with_the_limit_and_what_to_do()
    {
        Assert.Null(FilterServerManifests.CheckSize("small", FilterModules.RateLimit.Length));
        var sentence = FilterServerManifests.CheckSize("big", FilterServerManifests.MaxModuleBytes + 1);

        Assert.Contains("limits to 1 MiB", sentence, StringComparison.Ordinal);
        Assert.Contains("wasm-opt -Oz", sentence, StringComparison.Ordinal);
        // The largest accepted module still makes a ConfigMap under the limit.
        var largest = FilterServerManifests.ConfigMap("big", Target.Sha256, new byte[FilterServerManifests.MaxModuleBytes]);
        Assert.True(Encoding.UTF8.GetByteCount(largest.ToJsonString()) < FilterServerManifests.ConfigMapLimit);
    }

    [Theory]
    [InlineData("1.30.3")]
    [InlineData("1.29.6")]
    [InlineData("1.28.10")]
    public async Task Istio_WasmPlugins_are_accepted_whole_by_the_real_CRD(string istio)
    {
        await CrdFixtures.InstallAsync(_emulator, "istio", istio);
        var sidecar = MeshAttachmentManifests.IstioWasmPlugin(Target);
        var ambient = MeshAttachmentManifests.IstioAmbientWasmPlugin(Target with { Name = "rate-limit-api-ambient" });

        foreach (var manifest in new[] { sidecar, ambient })
        {
            await KubeApply.ApplyAsync(_client, manifest, default);
            var stored = (await KubeApply.GetCustomAsync(_client, manifest, default))!;
            Assert.True(JsonNode.DeepEquals(manifest["spec"], stored["spec"]), $"stored {stored["spec"]!.ToJsonString()}");
        }

        Assert.Equal("api", (string?)sidecar["spec"]!["selector"]!["matchLabels"]!["app"]);
        Assert.Equal(("AUTHZ", "FAIL_CLOSE", "rate-limit"), ((string?)sidecar["spec"]!["phase"], (string?)sidecar["spec"]!["failStrategy"], (string?)sidecar["spec"]!["pluginName"]));
        Assert.Equal(10, (int)sidecar["spec"]!["pluginConfig"]!["limits"]!["Personal"]!);
        Assert.Null(MeshRules.IstioAmbientProblem(ambient));
        Assert.Equal(("Service", "api"), ((string?)ambient["spec"]!["targetRefs"]![0]!["kind"], (string?)ambient["spec"]!["targetRefs"]![0]!["name"]));

        await KubeApply.DeleteAsync(_client, sidecar, default);
        Assert.Null(await KubeApply.GetCustomAsync(_client, sidecar, default));
    }

    [Fact]
    public async Task The_ambient_waypoint_is_a_gateway_the_real_gateway_api_crd_accepts()
    {
        await CrdFixtures.InstallAsync(_emulator, "istio", "1.30.3");
        var waypoint = MeshAttachmentManifests.IstioWaypoint("imagehub");

        await KubeApply.ApplyAsync(_client, waypoint, default);
        var stored = (await KubeApply.GetCustomAsync(_client, waypoint, default))!;

        Assert.Equal("istio-waypoint", (string?)stored["spec"]!["gatewayClassName"]);
        Assert.Equal(("HBONE", 15008), ((string?)stored["spec"]!["listeners"]![0]!["protocol"], (int)stored["spec"]!["listeners"]![0]!["port"]!));
        Assert.Equal("service", (string?)stored["metadata"]!["labels"]!["istio.io/waypoint-for"]);
    }

    [Theory]
    [InlineData("2.0.3")]
    [InlineData("1.9.11")]
    [InlineData("1.8.16")]
    public async Task Consul_gets_the_wasm_extension_from_an_upstream_and_keeps_the_users_own_settings(string consul)
    {
        await CrdFixtures.InstallAsync(_emulator, "consul", consul);
        // The user's own ServiceDefaults for the service, with an extension of their own.
        var own = JsonNode.Parse("""
            {"apiVersion": "consul.hashicorp.com/v1alpha1", "kind": "ServiceDefaults", "metadata": {"name": "api", "namespace": "imagehub"},
             "spec": {"protocol": "http", "maxInboundConnections": 50,
                      "envoyExtensions": [{"name": "builtin/lua", "required": false, "arguments": {"ProxyType": "connect-proxy", "Listener": "inbound", "Script": "function envoy_on_request(r) end"}}]}}
            """)!.AsObject();
        await KubeApply.CreateCustomAsync(_client, own, default);

        await ConsulServiceDefaultsEdit.AttachAsync(_client, Target, default);
        var stored = (await KubeApply.GetCustomAsync(_client, own, default))!;

        Assert.Equal(50, (int)stored["spec"]!["maxInboundConnections"]!);
        var extensions = stored["spec"]!["envoyExtensions"]!.AsArray();
        Assert.Equal(["builtin/lua", "builtin/wasm"], extensions.Select(e => (string)e!["name"]!));
        Assert.True(JsonNode.DeepEquals(MeshAttachmentManifests.ConsulWasmExtension(Target), extensions[1]), extensions[1]!.ToJsonString());
        Assert.Null(MeshRules.ConsulRemoteCodeProblem(extensions[1]!, FilterServerManifests.Deployment([Target.Sha256]), FilterServerManifests.Service()));
        Assert.Equal(BuiltInFilter.ImageHubRules, (string?)extensions[1]!["arguments"]!["PluginConfig"]!["Configuration"]);

        await ConsulServiceDefaultsEdit.DetachAsync(_client, Target, default);
        var after = (await KubeApply.GetCustomAsync(_client, own, default))!;
        Assert.Equal("builtin/lua", (string?)Assert.Single(after["spec"]!["envoyExtensions"]!.AsArray())!["name"]);
        Assert.Equal(50, (int)after["spec"]!["maxInboundConnections"]!);
    }

    [Fact]
    public async Task A_ServiceDefaults_meshdock_created_goes_with_its_last_extension()
    {
        await CrdFixtures.InstallAsync(_emulator, "consul", "2.0.3");
        var manifest = MeshAttachmentManifests.ConsulServiceDefaults(Target, "api");

        await ConsulServiceDefaultsEdit.AttachAsync(_client, Target, default);
        Assert.NotNull(await KubeApply.GetCustomAsync(_client, manifest, default));
        await ConsulServiceDefaultsEdit.DetachAsync(_client, Target, default);

        Assert.Null(await KubeApply.GetCustomAsync(_client, manifest, default));
    }

    [Theory]
    [InlineData("2.14.3", "2.14.3")]
    [InlineData("2.13.10", "2.13.10")]
    [InlineData("2.13.10", "2.9.3")]
    [InlineData("2.14.3", null)]
    public async Task Kuma_MeshProxyPatch_targets_the_workloads_inbound_as_the_installed_kuma_names_it(string crd, string? installed)
    {
        await CrdFixtures.InstallAsync(_emulator, "kuma", crd);
        // Image Hub's api: pods labelled app=api behind Service api on port 9091.
        var dataplane = MeshRules.KumaDataplane("api", "imagehub", 9091, Target.Selector);
        var targetRef = MeshAttachmentManifests.KumaTargetRef(Target, installed, 9091);
        var manifest = MeshAttachmentManifests.KumaMeshProxyPatch(Target, targetRef);

        await KubeApply.ApplyAsync(_client, manifest, default);
        var stored = (await KubeApply.GetCustomAsync(_client, manifest, default))!;

        Assert.True(JsonNode.DeepEquals(manifest["spec"], stored["spec"]), $"stored {stored["spec"]!.ToJsonString()}");
        Assert.Equal("kuma-system", (string?)stored["metadata"]!["namespace"]);
        Assert.Contains((string)targetRef["kind"]!, MeshRules.KumaTopLevelKinds(Version.Parse(installed ?? "2.15.0")));
        Assert.True(MeshRules.KumaSelects(targetRef, dataplane), $"{targetRef.ToJsonString()} does not select {dataplane.ServiceTag}");
        var modifications = stored["spec"]!["default"]!["appendModifications"]!.AsArray();
        var filter = modifications.Single(m => m!["httpFilter"] is not null)!["httpFilter"]!;
        Assert.Equal(("AddBefore", "envoy.filters.http.router", "inbound"), ((string?)filter["operation"], (string?)filter["match"]!["name"], (string?)filter["match"]!["origin"]));
        var wasm = JsonNode.Parse((string)filter["value"]!)!;
        Assert.Equal("envoy.filters.http.wasm", (string?)wasm["name"]);
        Assert.Equal(Target.Sha256, (string?)wasm["typedConfig"]!["config"]!["vmConfig"]!["code"]!["remote"]!["sha256"]);
        Assert.Equal("rate-limit", (string?)wasm["typedConfig"]!["config"]!["rootId"]);
        var cluster = JsonNode.Parse((string)modifications.Single(m => m!["cluster"] is not null)!["cluster"]!["value"]!)!;
        Assert.Equal((string?)wasm["typedConfig"]!["config"]!["vmConfig"]!["code"]!["remote"]!["httpUri"]!["cluster"], (string?)cluster["name"]);
    }
}
