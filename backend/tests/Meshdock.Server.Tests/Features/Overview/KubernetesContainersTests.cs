using Docker.DotNet.Models;
using Meshdock.Server.Features.Overview;
using Meshdock.Server.Tests.Infrastructure;

namespace Meshdock.Server.Tests.Features.Overview;

public class KubernetesContainersTests
{
    private static ContainerListResponse Container(string name, string state) => new() { ID = Guid.NewGuid().ToString("N"), Names = ["/" + name], State = state };

    [Fact]
    public void Running_kube_system_containers_mean_Docker_Desktops_Kubernetes_seems_to_run()
    {
        var summary = DockerEngineProbe.Summarize([Container("k8s_apiserver", "running"), Container("k8s_etcd", "exited")], []);

        Assert.True(summary.SeemsRunning);
        Assert.Equal(1, summary.KubeSystemRunning);
        Assert.Contains("1 of its kube-system containers are running", summary.Hint);
    }

    [Fact]
    public void A_running_kind_node_means_a_kind_cluster_seems_to_run()
    {
        var summary = DockerEngineProbe.Summarize([], [Container("desktop-control-plane", "running")]);

        Assert.True(summary.SeemsRunning);
        Assert.Contains("desktop-control-plane", summary.Hint);
    }
}
