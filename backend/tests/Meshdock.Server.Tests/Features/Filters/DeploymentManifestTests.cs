using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Meshdock.KubeEmulator;
using Meshdock.Server.Features.Filters;
using Meshdock.Server.Features.Filters.Deploy;
using Meshdock.Server.Tests.Infrastructure;

namespace Meshdock.Server.Tests.Features.Filters;

/// <summary>The manifests that deploy a filter, applied server-side to the Kubernetes emulator (with the meshes' CRDs
/// registered as a mesh install would) and read back.</summary>
public sealed class DeploymentManifestTests : IAsyncLifetime, IDisposable
{
    private readonly TempFolder folder = new();
    private KubeEmulator.KubeEmulator emulator = null!;
    private k8s.Kubernetes client = null!;

    private static readonly AttachmentTarget Target = new(
        "rate-limit-api", "imagehub", new Dictionary<string, string> { ["app"] = "api" }, "rate-limit",
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(FilterModules.RateLimit)), BuiltInFilter.ImageHubRules);

    public async Task InitializeAsync()
    {
        emulator = await KubeEmulator.KubeEmulator.StartAsync(new KubeEmulatorOptions { PodReadyDelay = TimeSpan.FromMilliseconds(100) });
        var kubeconfig = emulator.WriteKubeconfig(Path.Combine(folder.Path, "config"));
        client = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig));
        await RegisterCrdAsync("extensions.istio.io", "v1alpha1", "WasmPlugin", "wasmplugins");
        await RegisterCrdAsync("consul.hashicorp.com", "v1alpha1", "ServiceDefaults", "servicedefaults");
        await RegisterCrdAsync("kuma.io", "v1alpha1", "MeshProxyPatch", "meshproxypatches");
        foreach (var ns in new[] { "imagehub", "kuma-system" })
        {
            await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });
        }
    }

    public async Task DisposeAsync() => await emulator.DisposeAsync();

    public void Dispose()
    {
        client.Dispose();
        folder.Dispose();
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
            await KubeApply.ApplyAsync(client, manifest, default);
        }

        var configMap = await client.CoreV1.ReadNamespacedConfigMapAsync(FilterServerManifests.ConfigMapName(Target.Sha256), "meshdock");
        Assert.Equal(FilterModules.RateLimit, configMap.BinaryData[$"{Target.Sha256}.wasm"]);
        Assert.Equal(Target.Sha256, configMap.Metadata.Annotations["meshdock.io/sha256"]);
        var deployment = await client.AppsV1.ReadNamespacedDeploymentAsync("meshdock-filter-server", "meshdock");
        Assert.Equal(FilterServerManifests.ConfigMapName(Target.Sha256),
            Assert.Single(deployment.Spec.Template.Spec.Volumes.Single().Projected.Sources).ConfigMap.Name);
        var service = await client.CoreV1.ReadNamespacedServiceAsync("meshdock-filter-server", "meshdock");
        Assert.Equal(80, service.Spec.Ports.Single().Port);
        Assert.Equal($"http://meshdock-filter-server.meshdock.svc.cluster.local/{Target.Sha256}.wasm", Target.ModuleUrl);
    }

    [Fact]
    public async Task Writers_changing_the_module_list_at_once_never_drop_each_others_module()
    {
        // Each writer stands for another process (no shared lock): only the resourceVersion-conditioned write keeps
        // them from overwriting each other, starting with the race to create the Deployment.
        await KubeApply.ApplyAsync(client, FilterServerManifests.NamespaceManifest(), default);
        var names = Enumerable.Range(0, 6).Select(i => $"meshdock-filter-{i:x16}").ToList();
        await Task.WhenAll(names.Select(name => Task.Run(() => FilterServer.ChangeModulesAsync(client, served => served.Add(name), default))));

        Assert.Equal(names, await ServedAsync());

        await Task.WhenAll(names.Where((_, i) => i % 2 == 0).Select(name => Task.Run(() => FilterServer.ChangeModulesAsync(client, served => served.Remove(name), default))));

        Assert.Equal(names.Where((_, i) => i % 2 == 1), await ServedAsync());
        var deployment = await client.AppsV1.ReadNamespacedDeploymentAsync(FilterServerManifests.Name, FilterServerManifests.Namespace);
        Assert.Equal("nginx:1.27-alpine", deployment.Spec.Template.Spec.Containers.Single().Image);
    }

    [Fact]
    public async Task A_stale_write_to_the_module_list_is_refused_by_the_cluster_not_applied()
    {
        await KubeApply.ApplyAsync(client, FilterServerManifests.NamespaceManifest(), default);
        await FilterServer.ChangeModulesAsync(client, served => served.Add("meshdock-filter-a"), default);
        var read = await client.AppsV1.ReadNamespacedDeploymentAsync(FilterServerManifests.Name, FilterServerManifests.Namespace);
        await FilterServer.ChangeModulesAsync(client, served => served.Add("meshdock-filter-b"), default);

        // What the module list change sends, with the resourceVersion read before the other writer's change.
        var stale = FilterServerManifests.DeploymentServing(["meshdock-filter-a", "meshdock-filter-c"]);
        stale["metadata"]!["resourceVersion"] = read.Metadata.ResourceVersion;
        var refused = await Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() => KubeApply.ApplyAsync(client, stale, default));

        Assert.Equal(System.Net.HttpStatusCode.Conflict, refused.Response.StatusCode);
        Assert.Equal(["meshdock-filter-a", "meshdock-filter-b"], await ServedAsync());
    }

    private async Task<List<string>> ServedAsync() => [.. FilterServerManifests.ServedConfigMaps(
        await client.AppsV1.ReadNamespacedDeploymentAsync(FilterServerManifests.Name, FilterServerManifests.Namespace)).Order(StringComparer.Ordinal)];

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

    [Fact]
    public async Task Istio_WasmPlugin_reads_back_with_selector_url_sha256_phase_config_and_fail_strategy()
    {
        var manifest = MeshAttachmentManifests.IstioWasmPlugin(Target);

        await KubeApply.ApplyAsync(client, manifest, default);
        var spec = (await KubeApply.GetCustomAsync(client, manifest, default))!["spec"]!;

        Assert.Equal("api", (string?)spec["selector"]!["matchLabels"]!["app"]);
        Assert.Equal(Target.ModuleUrl, (string?)spec["url"]);
        Assert.Equal(Target.Sha256, (string?)spec["sha256"]);
        Assert.Equal("AUTHZ", (string?)spec["phase"]);
        Assert.Equal("FAIL_CLOSE", (string?)spec["failStrategy"]);
        Assert.Equal(10, (int)spec["pluginConfig"]!["limits"]!["Personal"]!);

        await KubeApply.DeleteAsync(client, manifest, default);
        Assert.Null(await KubeApply.GetCustomAsync(client, manifest, default));
    }

    [Fact]
    public async Task Consul_ServiceDefaults_carries_the_wasm_extension_with_remote_code_pinned_by_sha256()
    {
        var manifest = MeshAttachmentManifests.ConsulServiceDefaults(Target, Target.ServiceName!);

        await KubeApply.ApplyAsync(client, manifest, default);
        var stored = (await KubeApply.GetCustomAsync(client, manifest, default))!;

        Assert.Equal("api", (string?)stored["metadata"]!["name"]);
        var extension = stored["spec"]!["envoyExtensions"]![0]!;
        Assert.Equal("builtin/wasm", (string?)extension["name"]);
        var arguments = extension["arguments"]!;
        Assert.Equal(("http", "inbound"), ((string?)arguments["Protocol"], (string?)arguments["ListenerType"]));
        var plugin = arguments["PluginConfig"]!;
        Assert.Equal(BuiltInFilter.ImageHubRules, (string?)plugin["Configuration"]);
        Assert.Equal("v8", (string?)plugin["VmConfig"]!["Runtime"]);
        var remote = plugin["VmConfig"]!["Code"]!["Remote"]!;
        Assert.Equal(Target.Sha256, (string?)remote["SHA256"]);
        Assert.Equal(("meshdock-filter-server", Target.ModuleUrl), ((string?)remote["HttpURI"]!["Service"]!["Name"], (string?)remote["HttpURI"]!["URI"]));
    }

    [Fact]
    public async Task Kuma_MeshProxyPatch_inserts_the_wasm_filter_before_the_router()
    {
        var manifest = MeshAttachmentManifests.KumaMeshProxyPatch(Target, Target.ServiceName!);

        await KubeApply.ApplyAsync(client, manifest, default);
        var stored = (await KubeApply.GetCustomAsync(client, manifest, default))!;

        Assert.Equal("kuma-system", (string?)stored["metadata"]!["namespace"]);
        Assert.Equal("api_imagehub_svc", (string?)stored["spec"]!["targetRef"]!["name"]);
        var modifications = stored["spec"]!["default"]!["appendModifications"]!.AsArray();
        var filter = modifications.Single(m => m!["httpFilter"] is not null)!["httpFilter"]!;
        Assert.Equal("AddBefore", (string?)filter["operation"]);
        Assert.Equal("envoy.filters.http.router", (string?)filter["match"]!["name"]);
        var wasm = JsonNode.Parse((string)filter["value"]!)!;
        Assert.Equal("envoy.filters.http.wasm", (string?)wasm["name"]);
        Assert.Equal(Target.Sha256, (string?)wasm["typedConfig"]!["config"]!["vmConfig"]!["code"]!["remote"]!["sha256"]);
        var cluster = JsonNode.Parse((string)modifications.Single(m => m!["cluster"] is not null)!["cluster"]!["value"]!)!;
        Assert.Equal((string?)wasm["typedConfig"]!["config"]!["vmConfig"]!["code"]!["remote"]!["httpUri"]!["cluster"], (string?)cluster["name"]);
    }

    private async Task RegisterCrdAsync(string group, string version, string kind, string plural) =>
        await client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(new V1CustomResourceDefinition
        {
            Metadata = new V1ObjectMeta { Name = $"{plural}.{group}" },
            Spec = new V1CustomResourceDefinitionSpec
            {
                Group = group,
                Scope = "Namespaced",
                Names = new V1CustomResourceDefinitionNames { Kind = kind, Plural = plural, Singular = kind.ToLowerInvariant(), ListKind = $"{kind}List" },
                Versions =
                [
                    new V1CustomResourceDefinitionVersion
                    {
                        Name = version,
                        Served = true,
                        Storage = true,
                        Schema = new V1CustomResourceValidation
                        {
                            OpenAPIV3Schema = new V1JSONSchemaProps { Type = "object", XKubernetesPreserveUnknownFields = true },
                        },
                    },
                ],
            },
        });
}
