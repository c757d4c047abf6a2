using System.Net;
using k8s;
using k8s.Autorest;

namespace Meshdock.KubeEmulator.Tests;

/// <summary>
/// The metrics API is off by default (as on a fresh Docker Desktop), serves kubectl top when turned on or once a
/// Ready metrics-server backs its APIService, and reports the figures a test sets.
/// </summary>
public sealed class MetricsApiTests
{
    [Fact]
    public async Task KubectlTopReadsTheMetricsApiWhenItIsOn()
    {
        var session = new ClusterSession(options => options.MetricsApi = true);
        await session.InitializeAsync();
        try
        {
            var manifest = session.WriteFile("app.yaml", Manifests.App("measured", replicas: 2));
            Assert.Equal(0, (await session.KubectlAsync("apply", "--server-side", "-f", manifest)).ExitCode);
            Assert.Equal(0, (await session.KubectlAsync("rollout", "status", "deploy/measured", "--timeout=30s")).ExitCode);

            var nodes = await session.KubectlAsync("top", "nodes");
            var pods = await session.KubectlAsync("top", "pods", "-l", "app=measured");

            Assert.True(nodes.ExitCode == 0, nodes.ToString());
            // 150m for the node plus 2m for each of the two running containers; 1024Mi plus 16Mi each.
            Assert.Matches(@"docker-desktop\s+154m\s+\d+%\s+1056Mi", nodes.Stdout);
            Assert.True(pods.ExitCode == 0, pods.ToString());
            Assert.Equal(2, pods.Stdout.Split('\n').Count(l => l.StartsWith("measured-", StringComparison.Ordinal) && l.Contains("2m", StringComparison.Ordinal)));
        }
        finally
        {
            await session.DisposeAsync();
        }
    }

    [Fact]
    public async Task TheMetricsApiIsAbsentByDefault()
    {
        var session = new ClusterSession();
        await session.InitializeAsync();
        try
        {
            var groups = await session.Client.Apis.GetAPIVersionsAsync();
            Assert.DoesNotContain(groups.Groups, g => g.Name == "metrics.k8s.io");
            var top = await session.KubectlAsync("top", "nodes");
            Assert.NotEqual(0, top.ExitCode);
            Assert.Contains("Metrics API not available", top.Stderr, StringComparison.Ordinal);
            var missing = await Assert.ThrowsAsync<HttpOperationException>(() => session.Client.CustomObjects.ListClusterCustomObjectAsync("metrics.k8s.io", "v1beta1", "nodes"));
            Assert.Equal(HttpStatusCode.NotFound, missing.Response.StatusCode);
        }
        finally
        {
            await session.DisposeAsync();
        }
    }

    [Fact]
    public async Task PodMetricsCarryTheFiguresATestSetsInMetricsServersShape()
    {
        var session = new ClusterSession(options => options.MetricsApi = true);
        await session.InitializeAsync();
        try
        {
            var manifest = session.WriteFile("app.yaml", Manifests.App("measured", replicas: 2));
            Assert.Equal(0, (await session.KubectlAsync("apply", "--server-side", "-f", manifest)).ExitCode);
            Assert.Equal(0, (await session.KubectlAsync("rollout", "status", "deploy/measured", "--timeout=30s")).ExitCode);
            session.Emulator.Cluster.PodMetrics.Set("default", "measured-", "web", "12m", "34Mi");

            var list = (System.Text.Json.JsonElement)await session.Client.CustomObjects.ListNamespacedCustomObjectAsync(
                "metrics.k8s.io", "v1beta1", "default", "pods", labelSelector: "app=measured");
            var items = list.GetProperty("items").EnumerateArray().ToList();
            Assert.Equal(2, items.Count);
            var first = items[0];
            Assert.Equal("PodMetrics", first.GetProperty("kind").GetString());
            Assert.True(DateTimeOffset.TryParse(first.GetProperty("timestamp").GetString(), System.Globalization.CultureInfo.InvariantCulture, out _));
            Assert.EndsWith("s", first.GetProperty("window").GetString(), StringComparison.Ordinal);
            var usage = first.GetProperty("containers")[0].GetProperty("usage");
            Assert.Equal("12000000n", usage.GetProperty("cpu").GetString());
            Assert.Equal("34816Ki", usage.GetProperty("memory").GetString());

            var name = first.GetProperty("metadata").GetProperty("name").GetString()!;
            var one = (System.Text.Json.JsonElement)await session.Client.CustomObjects.GetNamespacedCustomObjectAsync("metrics.k8s.io", "v1beta1", "default", "pods", name);
            Assert.Equal(name, one.GetProperty("metadata").GetProperty("name").GetString());

            var top = await session.KubectlAsync("top", "pods", "-l", "app=measured", "--containers");
            Assert.True(top.ExitCode == 0, top.ToString());
            Assert.Equal(2, top.Stdout.Split('\n').Count(l => l.StartsWith("measured-", StringComparison.Ordinal) && l.Contains("12m", StringComparison.Ordinal) && l.Contains("34Mi", StringComparison.Ordinal)));
        }
        finally
        {
            await session.DisposeAsync();
        }
    }

    [Fact]
    public async Task AnApiServiceRegistersTheGroupWhichAnswersOnceAReadyPodBacksIt()
    {
        var session = new ClusterSession(options => options.PodReadyDelay = TimeSpan.FromMilliseconds(1500));
        await session.InitializeAsync();
        try
        {
            var manifest = session.WriteFile("ms.yaml", Manifests.App("metrics-server", replicas: 1) + """

                ---
                apiVersion: apiregistration.k8s.io/v1
                kind: APIService
                metadata:
                  name: v1beta1.metrics.k8s.io
                spec:
                  group: metrics.k8s.io
                  version: v1beta1
                  groupPriorityMinimum: 100
                  versionPriority: 100
                  insecureSkipTLSVerify: true
                  service: {name: metrics-server, namespace: default, port: 443}
                """);
            Assert.Equal(0, (await session.KubectlAsync("apply", "--server-side", "-f", manifest)).ExitCode);

            var groups = await session.Client.Apis.GetAPIVersionsAsync();
            Assert.Contains(groups.Groups, g => g.Name == "metrics.k8s.io");
            var starting = await Assert.ThrowsAsync<HttpOperationException>(() => session.Client.CustomObjects.ListClusterCustomObjectAsync("metrics.k8s.io", "v1beta1", "nodes"));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, starting.Response.StatusCode);

            Assert.Equal(0, (await session.KubectlAsync("rollout", "status", "deploy/metrics-server", "--timeout=30s")).ExitCode);
            await session.Client.CustomObjects.ListClusterCustomObjectAsync("metrics.k8s.io", "v1beta1", "nodes");
            var deadline = DateTime.UtcNow.AddSeconds(10);
            string? available = null;
            while (available != "True" && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
                var apiService = (System.Text.Json.JsonElement)await session.Client.CustomObjects.GetClusterCustomObjectAsync("apiregistration.k8s.io", "v1", "apiservices", "v1beta1.metrics.k8s.io");
                available = apiService.TryGetProperty("status", out var status) && status.TryGetProperty("conditions", out var conditions)
                    ? conditions.EnumerateArray().First(c => c.GetProperty("type").GetString() == "Available").GetProperty("status").GetString()
                    : null;
            }
            Assert.Equal("True", available);
        }
        finally
        {
            await session.DisposeAsync();
        }
    }
}
