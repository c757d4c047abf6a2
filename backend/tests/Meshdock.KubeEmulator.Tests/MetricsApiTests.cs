using System.Net;
using k8s;
using k8s.Autorest;

namespace Meshdock.KubeEmulator.Tests;

/// <summary>The metrics API is off by default (as on a fresh Docker Desktop) and serves kubectl top when turned on.</summary>
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
}
