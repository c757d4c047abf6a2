using System.Net;
using System.Net.Http.Json;
using k8s;
using k8s.Models;
using Meshdock.KubeEmulator;
using Meshdock.Server.Tests.Infrastructure;

namespace Meshdock.Server.Tests.Filters;

/// <summary>Attach and detach through the API, as operations, against the Kubernetes emulator.</summary>
public sealed class AttachmentTests : IAsyncLifetime, IDisposable
{
    private readonly TempFolder folder = new();
    private KubeEmulator.KubeEmulator emulator = null!;
    private Kubernetes client = null!;
    private ServerProcess server = null!;
    private HttpClient api = null!;

    public async Task InitializeAsync()
    {
        emulator = await KubeEmulator.KubeEmulator.StartAsync(new KubeEmulatorOptions { PodReadyDelay = TimeSpan.FromMilliseconds(200) });
        var kubeconfig = emulator.WriteKubeconfig(Path.Combine(folder.Path, "config"));
        client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig));
        await client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(new V1CustomResourceDefinition
        {
            Metadata = new V1ObjectMeta { Name = "wasmplugins.extensions.istio.io" },
            Spec = new V1CustomResourceDefinitionSpec
            {
                Group = "extensions.istio.io",
                Scope = "Namespaced",
                Names = new V1CustomResourceDefinitionNames { Kind = "WasmPlugin", Plural = "wasmplugins", Singular = "wasmplugin", ListKind = "WasmPluginList" },
                Versions = [new V1CustomResourceDefinitionVersion
                {
                    Name = "v1alpha1", Served = true, Storage = true,
                    Schema = new V1CustomResourceValidation { OpenAPIV3Schema = new V1JSONSchemaProps { Type = "object", XKubernetesPreserveUnknownFields = true } },
                }],
            },
        });
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
    public async Task A_mesh_without_proxy_wasm_is_refused_with_the_reason()
    {
        using var response = await api.PostAsJsonAsync("/api/filters/rate-limit/attach",
            new { mesh = "linkerd", @namespace = "imagehub", workloadSelector = new { app = "api" } });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<ProblemDto>(ApiClient.Json))!;
        Assert.Equal("Filters cannot be attached to Linkerd: Linkerd's proxy is written in Rust and has no WebAssembly (proxy-wasm) extension point.", problem.Detail);
        Assert.Empty((await api.GetFromJsonAsync<List<AttachmentDto>>("/api/filters/attachments", ApiClient.Json))!);
    }

    private sealed record AttachmentDto(string Id, string FilterId, string Status, string Mesh, string ObjectKind, string ObjectName);
}
