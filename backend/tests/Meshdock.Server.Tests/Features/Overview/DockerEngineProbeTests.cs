using Meshdock.Server.Features.Overview;
using Meshdock.Server.Platform.Hosting;
using Meshdock.Server.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace Meshdock.Server.Tests.Features.Overview;

public class DockerEngineProbeTests
{
    // A generous timeout: podman on a machine shared with other test runs can take seconds per call.
    private static DockerEngineProbe Probe(string socket) =>
        new(Options.Create(new MeshdockOptions { DockerSocket = socket }), Options.Create(new DockerOptions { Timeout = TimeSpan.FromSeconds(60) }));

    [PodmanFact]
    public async Task The_engine_version_and_OS_come_from_the_real_engine_API_and_no_Kubernetes_is_seen_on_an_empty_engine()
    {
        await using var podman = await PodmanEngine.StartAsync();

        var engine = await Probe(podman.Socket).ProbeAsync(default);

        Assert.True(engine.Available, engine.Reason);
        Assert.Matches(@"^\d+\.\d+", engine.Version);
        Assert.Equal("linux", engine.OsType);
        Assert.False(string.IsNullOrEmpty(engine.OperatingSystem));
        Assert.False(engine.DockerDesktop);
        Assert.NotNull(engine.Kubernetes);
        Assert.False(engine.Kubernetes.SeemsRunning);
        Assert.Contains("Show system containers", engine.Kubernetes.Hint);
    }

    [PodmanFact]
    public async Task Docker_Desktops_kube_system_containers_and_kind_nodes_are_found_by_their_labels()
    {
        await using var podman = await PodmanEngine.StartAsync();
        await podman.ImportImageAsync("localhost/meshdock-probe:1");
        await podman.RunAsync("create", "--label", "io.kubernetes.pod.namespace=kube-system", "--name", "k8s_kube-apiserver", "localhost/meshdock-probe:1", "/hello");
        await podman.RunAsync("create", "--label", "io.kubernetes.pod.namespace=kube-system", "--name", "k8s_etcd", "localhost/meshdock-probe:1", "/hello");
        await podman.RunAsync("create", "--label", "io.kubernetes.pod.namespace=default", "--name", "k8s_app", "localhost/meshdock-probe:1", "/hello");
        await podman.RunAsync("create", "--label", "io.x-k8s.kind.cluster=desktop", "--name", "desktop-control-plane", "localhost/meshdock-probe:1", "/hello");
        await podman.RunAsync("create", "--name", "unrelated", "localhost/meshdock-probe:1", "/hello");

        var engine = await Probe(podman.Socket).ProbeAsync(default);

        Assert.True(engine.Available, engine.Reason);
        var kubernetes = engine.Kubernetes!;
        Assert.Equal(2, kubernetes.KubeSystemTotal);
        Assert.Equal(0, kubernetes.KubeSystemRunning); // containers cannot start in this sandbox: created, not running
        Assert.Equal(["desktop-control-plane"], kubernetes.KindNodes);
        Assert.False(kubernetes.SeemsRunning);
        Assert.Contains("exist (2) but none runs", kubernetes.Hint);
    }

    [Fact]
    public async Task A_missing_socket_is_a_sentence_not_an_error()
    {
        var engine = await Probe("/nonexistent/docker.sock").ProbeAsync(default);

        Assert.False(engine.Available);
        Assert.Contains("no Docker engine socket at /nonexistent/docker.sock", engine.Reason);
    }
}
