using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using k8s;
using Meshdock.KubeEmulator;
using Meshdock.Server.Features.Filters.Deploy;
using Meshdock.Server.Features.Meshes;
using Meshdock.Server.Tests.Infrastructure;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Meshdock.Server.Tests.Features.Meshes;

/// <summary>
/// Istio's real base and istiod charts (packaged from istio/istio 1.30.3, Fixtures/charts) served from a chart
/// repository on loopback and installed through Meshdock's install API with the real helm into the emulator, with the
/// catalog's own values: what the real templates create (CRDs, webhooks, RBAC, the istiod Deployment) must satisfy
/// the health check, carry the catalog's settings, and go away on uninstall.
/// </summary>
public sealed class RealChartTests : IAsyncLifetime, IDisposable
{
    private const string Version = "1.30.3";
    private readonly TempFolder _folder = new();
    private KubeEmulator.KubeEmulator _emulator = null!;
    private k8s.Kubernetes _client = null!;
    private TestChartRepository _repository = null!;
    private ServerProcess _server = null!;
    private HttpClient _api = null!;

    public async Task InitializeAsync()
    {
        _emulator = await KubeEmulator.KubeEmulator.StartAsync(new KubeEmulatorOptions { PodReadyDelay = TimeSpan.FromMilliseconds(300) });
        var kubeconfig = _emulator.WriteKubeconfig(Path.Combine(_folder.Path, "kubeconfig"));
        _client = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig));
        var charts = Directory.CreateDirectory(Path.Combine(_folder.Path, "charts")).FullName;
        foreach (var chart in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Fixtures", "charts", $"istio-{Version}"), "*.tgz"))
        {
            File.Copy(chart, Path.Combine(charts, Path.GetFileName(chart)));
        }
        _repository = await TestChartRepository.ServeAsync(charts);

        // The catalog's Istio entry as it is, but for the repository and the version.
        var istio = MeshCatalog.Load(null).Find("istio")!;
        var yaml = new SerializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance)
            .ConfigureDefaultValuesHandling(DefaultValuesHandling.OmitNull).Build()
            .Serialize(new { meshes = new[] { new { id = "istio", helm = new { repository = _repository.Url, charts = istio.Helm!.Charts }, versions = new { @default = Version, selectable = new[] { Version } } } } });
        var overridePath = Path.Combine(_folder.Path, "catalog-override.yaml");
        await File.WriteAllTextAsync(overridePath, yaml);
        _server = await ServerProcess.StartAsync(socket: false, tcp: true, dataDirectory: null, socketPath: null,
            "--Cluster:Kubeconfig", kubeconfig,
            "--Cluster:InContainer", "false",
            "--Helm:Path", TestHelm.Path,
            "--Helm:Home", Path.Combine(_folder.Path, "helm-home"),
            "--Meshes:CatalogOverride", overridePath,
            "--Meshes:ReadyTimeout", "00:02:00");
        _api = _server.Api;
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _repository.DisposeAsync();
        await _emulator.DisposeAsync();
    }

    public void Dispose()
    {
        _api.Dispose();
        _client.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task Istio_installs_from_its_real_charts_with_the_catalogs_values_and_uninstalls()
    {
        var install = await RunAsync("/api/meshes/istio/install", new { version = Version });
        Assert.True(install[^1].Status == "succeeded", string.Join("\n", install.Select(e => $"{e.Kind}: {e.Message}")));

        // What the real templates made.
        await _client.ApiextensionsV1.ReadCustomResourceDefinitionAsync("wasmplugins.extensions.istio.io");
        Assert.NotEmpty((await _client.AdmissionregistrationV1.ListValidatingWebhookConfigurationAsync()).Items);
        Assert.NotEmpty((await _client.AdmissionregistrationV1.ListMutatingWebhookConfigurationAsync()).Items);
        Assert.NotEmpty((await _client.RbacAuthorizationV1.ListClusterRoleAsync(labelSelector: "app=istiod")).Items);
        // The catalog's values reached the chart: no autoscaler, and the smaller requests for a one-node cluster.
        var istiod = await _client.AppsV1.ReadNamespacedDeploymentAsync("istiod", "istio-system");
        var requests = istiod.Spec.Template.Spec.Containers.Single(c => c.Name == "discovery").Resources.Requests;
        Assert.Equal(("200m", "512Mi"), (requests["cpu"].ToString(), requests["memory"].ToString()));
        Assert.Empty((await _client.AutoscalingV2.ListNamespacedHorizontalPodAutoscalerAsync("istio-system")).Items);

        var meshes = await _api.GetFromJsonAsync<JsonElement>("/api/meshes");
        var state = meshes.GetProperty("meshes").EnumerateArray().Single(m => m.GetProperty("id").GetString() == "istio").GetProperty("state");
        Assert.Equal(("installed", Version), (state.GetProperty("status").GetString(), state.GetProperty("version").GetString()));

        // The chart's own WasmPlugin CRD takes what Meshdock attaches.
        await _client.CoreV1.CreateNamespaceAsync(new k8s.Models.V1Namespace { Metadata = new k8s.Models.V1ObjectMeta { Name = "imagehub" } });
        var plugin = MeshAttachmentManifests.IstioWasmPlugin(new AttachmentTarget("rate-limit-api", "imagehub",
            new Dictionary<string, string> { ["app"] = "api" }, "rate-limit", new string('a', 64), "{\"limits\":{}}"));
        await KubeApply.ApplyAsync(_client, plugin, default);
        await KubeApply.DeleteAsync(_client, plugin, default);

        var uninstall = await RunAsync("/api/meshes/istio/uninstall", new { removeCrds = true });
        Assert.True(uninstall[^1].Status == "succeeded", string.Join("\n", uninstall.Select(e => $"{e.Kind}: {e.Message}")));
        await Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() => _client.AppsV1.ReadNamespacedDeploymentAsync("istiod", "istio-system"));
    }

    private async Task<List<EventDto>> RunAsync(string url, object body)
    {
        using var response = await _api.PostAsJsonAsync(url, body);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var id = (await response.Content.ReadFromJsonAsync<AcceptedDto>(ApiClient.Json))!.Id;
        return await _api.PollEventsUntilFinalAsync(id, TimeSpan.FromMinutes(4));
    }
}
