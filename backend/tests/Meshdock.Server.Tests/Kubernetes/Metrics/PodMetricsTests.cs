using k8s;
using k8s.Models;
using Meshdock.KubeEmulator;
using Meshdock.Server.Kubernetes.Metrics;
using Meshdock.Server.Tests.Infrastructure;

namespace Meshdock.Server.Tests.Kubernetes.Metrics;

/// <summary>PodMetrics read through the real KubernetesClient from the emulator, and the sampler's arithmetic.</summary>
public sealed class PodMetricsTests
{
    [Fact]
    public async Task The_reader_parses_metrics_server_quantities_per_container()
    {
        await using var emulator = await KubeEmulator.KubeEmulator.StartAsync(new KubeEmulatorOptions { MetricsApi = true, PodReadyDelay = TimeSpan.FromMilliseconds(200) });
        using var folder = new TempFolder();
        using var client = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(emulator.WriteKubeconfig(Path.Combine(folder.Path, "config"))));
        await DeployAsync(client, "web", replicas: 2);
        emulator.Cluster.PodMetrics.Set("default", "web-", "istio-proxy", "12m", "34Mi");
        emulator.Cluster.PodMetrics.Set("default", "web-", "app", "250m", "0.5Gi");

        var pods = await PodMetricsReader.ListAsync(client, "default", "app=web", CancellationToken.None);

        Assert.Equal(2, pods.Count);
        Assert.All(pods, pod =>
        {
            Assert.StartsWith("web-", pod.Pod, StringComparison.Ordinal);
            var proxy = Assert.Single(pod.Containers, c => c.Name == "istio-proxy");
            Assert.Equal(12, proxy.CpuMillicores, 6);
            Assert.Equal(34, proxy.MemoryMiB, 6);
            var app = Assert.Single(pod.Containers, c => c.Name == "app");
            Assert.Equal(250, app.CpuMillicores, 6);
            Assert.Equal(512, app.MemoryMiB, 6);
        });
        Assert.Empty(await PodMetricsReader.ListAsync(client, "default", "app=nothing", CancellationToken.None));
    }

    [Fact]
    public async Task The_sampler_sums_each_group_over_its_pods_and_the_probe_tells_missing_from_installed()
    {
        await using (var bare = await KubeEmulator.KubeEmulator.StartAsync())
        {
            using var bareFolder = new TempFolder();
            using var bareClient = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(bare.WriteKubeconfig(Path.Combine(bareFolder.Path, "config"))));
            Assert.Equal(MetricsApiStatus.Missing, (await MetricsServerProbe.CheckAsync(bareClient, CancellationToken.None)).State);
        }

        await using var emulator = await KubeEmulator.KubeEmulator.StartAsync(new KubeEmulatorOptions { MetricsApi = true, PodReadyDelay = TimeSpan.FromMilliseconds(200) });
        using var folder = new TempFolder();
        using var client = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(emulator.WriteKubeconfig(Path.Combine(folder.Path, "config"))));
        Assert.Equal(MetricsApiStatus.Installed, (await MetricsServerProbe.CheckAsync(client, CancellationToken.None)).State);
        await DeployAsync(client, "web", replicas: 3);
        emulator.Cluster.PodMetrics.Set("default", "web-", "istio-proxy", "20m", "40Mi");
        emulator.Cluster.PodMetrics.Set("default", "web-", "app", "100m", "10Mi");

        var sampler = ResourceSampler.Start(client,
        [
            new SampleGroup("proxy", "default", "app=web", OnlyContainer: "istio-proxy"),
            new SampleGroup("app", "default", "app=web", ExceptContainer: "istio-proxy"),
            new SampleGroup("none", "default", "app=nothing"),
        ], TimeSpan.FromMilliseconds(100), TimeProvider.System);
        await Task.Delay(400);
        emulator.Cluster.PodMetrics.Set("default", "web-", "istio-proxy", "40m", "40Mi");
        await Task.Delay(1200); // the emulator's timestamps have a one-second resolution: a new one means a new reading
        var samples = await sampler.StopAsync(CancellationToken.None);

        var proxy = ResourceSummary.Of(samples["proxy"]);
        Assert.Equal(3, proxy.Pods);
        Assert.InRange(proxy.Samples, 2, 20);
        Assert.Equal(120, proxy.CpuMaxMillicores!.Value, 6); // 3 pods × 40m after the change
        Assert.InRange(proxy.CpuMeanMillicores!.Value, 60, 120);
        Assert.Equal(120, proxy.MemoryMeanMiB!.Value, 6);
        Assert.Equal(40, proxy.MemoryPerPodMiB!.Value, 6);
        var app = ResourceSummary.Of(samples["app"]);
        Assert.Equal(300, app.CpuMeanMillicores!.Value, 6);
        Assert.Equal(0, ResourceSummary.Of(samples["none"]).Samples);
        Assert.Null(ResourceSummary.Of(samples["none"]).CpuMeanMillicores);
        Assert.Equal(0, sampler.Failures);
    }

    [Fact]
    public void Cpu_per_thousand_rps_divides_the_mean_by_the_rate_in_thousands()
    {
        var at = DateTimeOffset.UnixEpoch;
        var summary = ResourceSummary.Of([new GroupSample(at, 2, 100, 60), new GroupSample(at.AddSeconds(15), 2, 300, 80)]);

        Assert.Equal((2, 2, 200.0, 300.0, 70.0, 80.0), (summary.Samples, summary.Pods, summary.CpuMeanMillicores!.Value, summary.CpuMaxMillicores!.Value, summary.MemoryMeanMiB!.Value, summary.MemoryMaxMiB!.Value));
        Assert.Equal(35, summary.MemoryPerPodMiB!.Value, 9);
        Assert.Equal(400, summary.CpuPerThousandRps(500)!.Value, 9);
        Assert.Null(summary.CpuPerThousandRps(0));
        Assert.Null(summary.CpuPerThousandRps(null));
    }

    private static async Task DeployAsync(k8s.Kubernetes client, string name, int replicas)
    {
        var labels = new Dictionary<string, string> { ["app"] = name };
        await client.AppsV1.CreateNamespacedDeploymentAsync(new V1Deployment
        {
            Metadata = new V1ObjectMeta { Name = name, Labels = labels },
            Spec = new V1DeploymentSpec
            {
                Replicas = replicas,
                Selector = new V1LabelSelector { MatchLabels = labels },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = labels },
                    Spec = new V1PodSpec { Containers = [new V1Container { Name = "app", Image = "kennethreitz/httpbin" }, new V1Container { Name = "istio-proxy", Image = "istio/proxyv2" }] },
                },
            },
        }, "default");
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while ((await client.CoreV1.ListNamespacedPodAsync("default", labelSelector: $"app={name}")).Items.Count(p => p.Status?.Phase == "Running") < replicas)
        {
            Assert.True(DateTime.UtcNow < deadline, "the pods did not start");
            await Task.Delay(100);
        }
    }
}
