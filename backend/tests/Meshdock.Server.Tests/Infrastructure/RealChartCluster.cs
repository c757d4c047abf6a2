using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using k8s;
using Meshdock.KubeEmulator;
using Meshdock.Server.Features.Meshes;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Meshdock.Server.Tests.Infrastructure;

/// <summary>
/// A mesh's real charts (<c>Fixtures/charts/&lt;fixture&gt;</c>, packaged from upstream) served from a chart repository
/// on loopback, the emulator as the cluster, and a Meshdock whose catalog entry for the mesh is the shipped one but
/// for the repository and the version: installs go through Meshdock's API and the real helm.
/// </summary>
internal sealed class RealChartCluster : IAsyncDisposable
{
    private readonly TempFolder _folder;
    private readonly KubeEmulator.KubeEmulator _emulator;
    private readonly TestChartRepository _repository;
    private readonly ServerProcess _server;

    private RealChartCluster(TempFolder folder, KubeEmulator.KubeEmulator emulator, TestChartRepository repository, ServerProcess server, k8s.Kubernetes client)
    {
        _folder = folder;
        _emulator = emulator;
        _repository = repository;
        _server = server;
        Client = client;
        Api = server.Api;
    }

    public k8s.Kubernetes Client { get; }

    public HttpClient Api { get; }

    public static async Task<RealChartCluster> StartAsync(string meshId, string fixture, string version)
    {
        var folder = new TempFolder();
        var emulator = await KubeEmulator.KubeEmulator.StartAsync(new KubeEmulatorOptions { PodReadyDelay = TimeSpan.FromMilliseconds(300) });
        var kubeconfig = emulator.WriteKubeconfig(Path.Combine(folder.Path, "kubeconfig"));
        var client = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig));
        var charts = Directory.CreateDirectory(Path.Combine(folder.Path, "charts")).FullName;
        foreach (var chart in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Fixtures", "charts", fixture), "*.tgz"))
        {
            File.Copy(chart, Path.Combine(charts, Path.GetFileName(chart)));
        }
        var repository = await TestChartRepository.ServeAsync(charts);

        var entry = MeshCatalog.Load(null).Find(meshId)!;
        var yaml = new SerializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance)
            .ConfigureDefaultValuesHandling(DefaultValuesHandling.OmitNull).Build()
            .Serialize(new { meshes = new[] { new { id = meshId, helm = new { repository = repository.Url, charts = entry.Helm!.Charts }, versions = new { @default = version, selectable = new[] { version } } } } });
        var overridePath = Path.Combine(folder.Path, "catalog-override.yaml");
        await File.WriteAllTextAsync(overridePath, yaml);
        var server = await ServerProcess.StartAsync(socket: false, tcp: true, dataDirectory: null, socketPath: null,
            "--Cluster:Kubeconfig", kubeconfig,
            "--Cluster:InContainer", "false",
            "--Helm:Path", TestHelm.Path,
            "--Helm:Home", Path.Combine(folder.Path, "helm-home"),
            "--Meshes:CatalogOverride", overridePath,
            "--Meshes:ReadyTimeout", "00:02:00");
        return new RealChartCluster(folder, emulator, repository, server, client);
    }

    /// <summary>Starts an operation and waits for its last event.</summary>
    public async Task<List<EventDto>> RunAsync(string url, object body)
    {
        using var response = await Api.PostAsJsonAsync(url, body);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var id = (await response.Content.ReadFromJsonAsync<AcceptedDto>(ApiClient.Json))!.Id;
        return await Api.PollEventsUntilFinalAsync(id, TimeSpan.FromMinutes(4));
    }

    /// <summary>The mesh's state as <c>GET /api/meshes</c> reports it.</summary>
    public async Task<JsonElement> StateAsync(string meshId) =>
        (await Api.GetFromJsonAsync<JsonElement>("/api/meshes")).GetProperty("meshes").EnumerateArray()
            .Single(m => m.GetProperty("id").GetString() == meshId).GetProperty("state");

    public static string Log(List<EventDto> events) => string.Join("\n", events.Select(e => $"{e.Kind}: {e.Message}"));

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        Client.Dispose();
        await _server.DisposeAsync();
        await _repository.DisposeAsync();
        await _emulator.DisposeAsync();
        _folder.Dispose();
    }
}
