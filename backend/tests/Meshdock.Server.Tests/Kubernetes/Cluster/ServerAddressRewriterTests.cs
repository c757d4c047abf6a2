
using Meshdock.Server.Features.Overview;
using Meshdock.Server.Kubernetes;
using Meshdock.Server.Kubernetes.Cluster;
using Meshdock.Server.Tests.Features.Overview;

namespace Meshdock.Server.Tests.Kubernetes.Cluster;

public class ServerAddressRewriterTests
{
    private const string Gateway = "host.docker.internal";
    private const string DesktopHost = "kubernetes.docker.internal";

    private static IReadOnlyList<ServerCandidate> Candidates(string context, string server, bool inContainer, string? tls = null) =>
        ServerAddressRewriter.Candidates(context, new Uri(server), tls, inContainer, Gateway, DesktopHost);

    [Theory]
    [InlineData("https://127.0.0.1:6443")]
    [InlineData("https://localhost:6443")]
    public void Docker_desktop_on_loopback_inside_the_container_tries_its_API_name_then_the_gateway_verified_as_that_name(string server)
    {
        var candidates = Candidates("docker-desktop", server, inContainer: true);

        Assert.Equal(3, candidates.Count);
        Assert.Equal("https://kubernetes.docker.internal:6443/", candidates[0].Address.ToString());
        Assert.Null(candidates[0].TlsServerName);
        Assert.Equal("https://host.docker.internal:6443/", candidates[1].Address.ToString());
        Assert.Equal(DesktopHost, candidates[1].TlsServerName);
        Assert.Equal(DesktopHost, candidates[1].TlsHost);
        Assert.Equal(new Uri(server), candidates[2].Address); // last: the container's own loopback
    }

    [Fact]
    public void Docker_desktop_named_by_its_API_name_falls_back_to_the_gateway_when_that_name_does_not_resolve()
    {
        var candidates = Candidates("docker-desktop", "https://kubernetes.docker.internal:6443", inContainer: true);

        Assert.Equal(["https://kubernetes.docker.internal:6443/", "https://host.docker.internal:6443/"], candidates.Select(c => c.Address.ToString()));
        Assert.Equal([null, DesktopHost], candidates.Select(c => c.TlsServerName));
    }

    [Theory]
    [InlineData("https://127.0.0.1:52345", "127.0.0.1")]
    [InlineData("https://localhost:41000", "localhost")]
    [InlineData("https://[::1]:41000", "[::1]")]
    public void Kind_provisioned_servers_on_a_loopback_port_go_through_the_gateway_keeping_the_original_name_for_TLS(string server, string tlsName)
    {
        var candidates = Candidates("docker-desktop", server, inContainer: true);

        Assert.Equal(2, candidates.Count);
        var gateway = candidates[0];
        Assert.Equal(Gateway, gateway.Address.Host);
        Assert.Equal(new Uri(server).Port, gateway.Address.Port);
        Assert.Equal(tlsName, gateway.TlsServerName);
        Assert.Equal(new Uri(server), candidates[1].Address);
    }

    [Fact]
    public void Any_context_on_loopback_is_reached_through_the_gateway_inside_the_container()
    {
        var gateway = Candidates("kind-dev", "https://127.0.0.1:6443", inContainer: true)[0];

        Assert.Equal("https://host.docker.internal:6443/", gateway.Address.ToString());
        Assert.Equal("127.0.0.1", gateway.TlsServerName);
    }

    [Fact]
    public void An_explicit_tls_server_name_is_kept_through_every_rewrite()
    {
        var candidates = Candidates("docker-desktop", "https://127.0.0.1:6443", inContainer: true, tls: "api.internal");

        Assert.Equal(["api.internal", "api.internal", "api.internal"], candidates.Select(c => c.TlsHost));
    }

    [Theory]
    [InlineData("docker-desktop", "https://127.0.0.1:6443")]
    [InlineData("docker-desktop", "https://kubernetes.docker.internal:6443")]
    [InlineData("prod", "https://10.1.2.3:443/k8s/clusters/c-1")]
    public void Outside_the_container_the_kubeconfig_address_is_used_as_written(string context, string server)
    {
        var only = Assert.Single(Candidates(context, server, inContainer: false));

        Assert.Equal(new Uri(server), only.Address);
        Assert.Null(only.TlsServerName);
    }

    [Fact]
    public void Remote_servers_are_not_rewritten_inside_the_container_and_keep_their_path()
    {
        var only = Assert.Single(Candidates("prod", "https://rancher.example.com/k8s/clusters/c-1", inContainer: true));

        Assert.Equal("https://rancher.example.com/k8s/clusters/c-1", EffectiveKubeconfig.FormatServer(only.Address));
    }

    [Fact]
    public void Plain_http_loopback_servers_get_no_TLS_name()
    {
        var gateway = Candidates("emulator", "http://127.0.0.1:8080", inContainer: true)[0];

        Assert.Equal("http://host.docker.internal:8080/", gateway.Address.ToString());
        Assert.Null(gateway.TlsServerName);
    }
}
