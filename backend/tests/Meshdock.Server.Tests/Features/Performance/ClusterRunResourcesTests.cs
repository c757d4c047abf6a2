using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using k8s;
using k8s.Models;
using Meshdock.Server.Tests.Infrastructure;

using Emulator = Meshdock.KubeEmulator.KubeEmulator;

namespace Meshdock.Server.Tests.Features.Performance;

/// <summary>
/// What a cluster run measures besides latency: the target Service's pods (application and proxy containers apart),
/// the mesh's control plane and the runner pods, from the metrics API figures the emulator is given; stored with the
/// run and written into SMP's ServiceMeshConfig.
/// </summary>
public sealed class ClusterRunResourcesTests : IAsyncLifetime, IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);
    private readonly TempFolder _folder = new();
    private readonly CountingUpstream _upstream = new();
    private Emulator _emulator = null!;
    private ServerProcess _server = null!;
    private IKubernetes _kube = null!;

    public async Task InitializeAsync()
    {
        _emulator = await Emulator.StartAsync(new Meshdock.KubeEmulator.KubeEmulatorOptions
        {
            MetricsApi = true,
            PodReadyDelay = TimeSpan.FromMilliseconds(300),
            TerminationDelay = TimeSpan.FromMilliseconds(300),
        });
        _emulator.Cluster.Injection.Inject("istio-injection", "enabled", "istio-proxy", "docker.io/istio/proxyv2:1.30.3");
        var kubeconfig = _emulator.WriteKubeconfig(_folder.File("config"));
        _kube = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig));
        _server = await ServerProcess.StartAsync(socket: false, extraArgs:
            [$"--Cluster:Kubeconfig={kubeconfig}", "--Cluster:InContainer=false", "--Perf:SampleInterval=00:00:00.250"]);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _emulator.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    public void Dispose()
    {
        _kube.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task A_run_against_a_meshed_service_measures_app_proxy_control_plane_and_runners_and_writes_them_into_smp()
    {
        await DeployAsync("istio-system", "istiod", "discovery", labels: null);
        await DeployAsync("shop", "web", "web", labels: new Dictionary<string, string> { ["istio-injection"] = "enabled" });
        await _kube.CoreV1.CreateNamespacedServiceAsync(new V1Service
        {
            Metadata = new() { Name = "web" },
            Spec = new() { Selector = new Dictionary<string, string> { ["app"] = "web" }, Ports = [new() { Port = 8000 }] },
        }, "shop");
        _emulator.Cluster.ServiceEndpoints.Register("shop", "web", 8000, new Uri(_upstream.Url).Port);
        _emulator.Cluster.PodMetrics.Set("shop", "web-", "web", "50m", "20Mi");
        _emulator.Cluster.PodMetrics.Set("shop", "web-", "istio-proxy", "30m", "40Mi");
        _emulator.Cluster.PodMetrics.Set("istio-system", "istiod-", "discovery", "8m", "60Mi");
        _emulator.Cluster.PodMetrics.Set("perf-load", "meshdock-perf-", "runner", "120m", "48Mi");

        var api = _server.Api;
        using var start = await api.PostAsJsonAsync("/api/perf/runs", new
        {
            spec = new
            {
                urls = new[] { "http://web.shop:8000/" },
                model = "open",
                rps = 100,
                connections = 2,
                durationSeconds = 2,
                runner = new { where = "cluster", @namespace = "perf-load", pods = 2 },
            },
        });
        Assert.True(start.StatusCode == HttpStatusCode.Accepted, await start.Content.ReadAsStringAsync());
        var id = (await start.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var events = await api.PollEventsUntilFinalAsync(id, Timeout);
        Assert.True(events[^1].Status == "succeeded", string.Join("\n", events.Select(e => e.Message)));

        var summary = (await api.GetFromJsonAsync<JsonElement>($"/api/perf/runs/{id}")).GetProperty("summary");
        Assert.Equal(_upstream.Count, summary.GetProperty("requests").GetInt64());
        var resources = summary.GetProperty("resources");
        Assert.Equal(JsonValueKind.Null, resources.GetProperty("metricsLost").ValueKind);
        Assert.Equal("shop/web", resources.GetProperty("target").GetString());
        Assert.Equal("istio-proxy", resources.GetProperty("proxyContainer").GetString());
        AssertGroup(resources.GetProperty("app"), pods: 1, cpu: 50, memory: 20);
        AssertGroup(resources.GetProperty("proxy"), pods: 1, cpu: 30, memory: 40);
        AssertGroup(resources.GetProperty("controlPlane"), pods: 1, cpu: 8, memory: 60);
        // Both pods' load generators, summed: a reading taken while one pod had started or ended sees only the other.
        var runner = resources.GetProperty("runner");
        Assert.Equal(2, runner.GetProperty("pods").GetInt32());
        Assert.Equal(240, runner.GetProperty("cpuMaxMillicores").GetDouble(), 6);
        Assert.Equal(96, runner.GetProperty("memoryMaxMiB").GetDouble(), 6);
        Assert.InRange(runner.GetProperty("cpuMeanMillicores").GetDouble(), 120, 240);

        var smp = JsonDocument.Parse(await api.GetStringAsync($"/api/perf/runs/{id}/smp?format=json")).RootElement;
        var mesh = smp.GetProperty("service_mesh_config");
        Assert.Equal(mesh.GetProperty("id").GetString(), smp.GetProperty("performance_test_result").GetProperty("mesh_config_id").GetString());
        Assert.Equal(1, mesh.GetProperty("sidecar").GetProperty("count").GetInt32());
        Assert.Equal(30, mesh.GetProperty("sidecar").GetProperty("cpu_mcores").GetInt32());
        Assert.Equal(42, mesh.GetProperty("sidecar").GetProperty("mem_mb").GetInt32()); // 40 MiB
        Assert.Equal((int)Math.Round(summary.GetProperty("actualRps").GetDouble()), mesh.GetProperty("sidecar").GetProperty("rps").GetInt32());
        Assert.Equal(8, mesh.GetProperty("mesh_control_plane").GetProperty("cpu_mcores").GetInt32());
        Assert.Equal(63, mesh.GetProperty("mesh_control_plane").GetProperty("mem_mb").GetInt32()); // 60 MiB
    }

    private static void AssertGroup(JsonElement group, int pods, double cpu, double memory)
    {
        Assert.True(group.GetProperty("samples").GetInt32() >= 1, group.ToString());
        Assert.Equal(pods, group.GetProperty("pods").GetInt32());
        Assert.Equal(cpu, group.GetProperty("cpuMeanMillicores").GetDouble(), 6);
        Assert.Equal(cpu, group.GetProperty("cpuMaxMillicores").GetDouble(), 6);
        Assert.Equal(memory, group.GetProperty("memoryMeanMiB").GetDouble(), 6);
    }

    private async Task DeployAsync(string ns, string name, string container, Dictionary<string, string>? labels)
    {
        await _kube.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new() { Name = ns, Labels = labels } });
        var selector = new Dictionary<string, string> { ["app"] = name };
        await _kube.AppsV1.CreateNamespacedDeploymentAsync(new V1Deployment
        {
            Metadata = new() { Name = name },
            Spec = new()
            {
                Selector = new() { MatchLabels = selector },
                Template = new()
                {
                    Metadata = new() { Labels = selector },
                    Spec = new() { Containers = [new() { Name = container, Image = "example/" + name + ":1" }] },
                },
            },
        }, ns);
        var deadline = DateTimeOffset.UtcNow + Timeout;
        while ((await _kube.AppsV1.ReadNamespacedDeploymentAsync(name, ns)).Status?.ReadyReplicas is not 1)
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"{ns}/{name} did not become ready.");
            await Task.Delay(200);
        }
    }
}
