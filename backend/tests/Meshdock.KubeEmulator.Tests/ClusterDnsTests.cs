using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Meshdock.KubeEmulator.Runner;

namespace Meshdock.KubeEmulator.Tests;

/// <summary>
/// Runner pods reach the cluster's Services by their DNS names: the emulator stands in for cluster DNS and
/// kube-proxy by rewriting the container's URL arguments to loopback, and leaves what a pod could not resolve alone.
/// </summary>
public sealed class ClusterDnsTests : IAsyncLifetime
{
    private readonly ClusterSession _session = new(o => o.PodReadyDelay = TimeSpan.FromMilliseconds(300));

    public Task InitializeAsync() => _session.InitializeAsync();

    public Task DisposeAsync() => _session.DisposeAsync();

    private static readonly Dictionary<(string, string), JsonObject> Services = new()
    {
        [("shop", "web")] = Service("""{"type": "ClusterIP", "ports": [{"port": 8000, "protocol": "TCP"}]}"""),
        [("shop", "front")] = Service("""{"type": "NodePort", "ports": [{"port": 80, "protocol": "TCP", "nodePort": 30123}]}"""),
        [("shop", "empty")] = Service("""{"type": "ClusterIP", "ports": [{"port": 9000, "protocol": "TCP"}]}"""),
        [("shop", "legacy")] = Service("""{"type": "ExternalName", "externalName": "legacy.example.test"}"""),
    };

    private static JsonObject Service(string spec) => new() { ["spec"] = JsonNode.Parse(spec) };

    private static JsonObject? Find(string ns, string name) => Services.GetValueOrDefault((ns, name));

    [Theory]
    [InlineData("http://web.shop:8000/get", "shop")]
    [InlineData("http://web.shop.svc:8000/get", "shop")]
    [InlineData("http://web.shop.svc.cluster.local:8000/get", "shop")]
    [InlineData("http://web.shop.svc.cluster.local.:8000/get", "shop")]
    [InlineData("http://web:8000/get", "shop")] // the pod's own namespace comes first in its search path
    [InlineData("http://WEB.Shop.svc.cluster.local:8000/get", "shop")]
    public void A_service_name_the_pod_resolves_is_reached_at_its_registered_loopback_port(string url, string podNamespace)
    {
        using var endpoints = new ServiceLoopbacks();
        endpoints.Register("shop", "web", 8000, 41234);

        var args = ClusterDns.Rewrite(["perf", "run", "--url", url], podNamespace, Find, endpoints);

        Assert.Equal("http://127.0.0.1:41234/get", args[3]);
        Assert.Equal(["--header", "Host:" + new Uri(url).Authority], args[4..]);
    }

    [Fact]
    public void A_node_port_is_where_the_service_is_reached_and_the_default_port_counts_as_declared()
    {
        using var endpoints = new ServiceLoopbacks();
        endpoints.Register("shop", "front", 80, 41234); // the node port wins, as Docker Desktop forwards it

        var args = ClusterDns.Rewrite(["--url", "http://front.shop/"], "load", Find, endpoints);

        Assert.Equal(["--url", "http://127.0.0.1:30123/", "--header", "Host:front.shop"], args);
    }

    [Fact]
    public void A_service_without_node_port_or_registered_endpoint_is_refused_like_one_without_endpoints()
    {
        using var endpoints = new ServiceLoopbacks();

        var args = ClusterDns.Rewrite(["--url", "http://empty.shop:9000/"], "load", Find, endpoints);

        Assert.Equal($"http://127.0.0.1:{endpoints.RefusingPort}/", args[1]);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var refused = Assert.Throws<SocketException>(() => socket.Connect(IPAddress.Loopback, endpoints.RefusingPort));
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
    }

    [Theory]
    [InlineData("http://nothere.shop.svc.cluster.local:8000/")] // no such Service
    [InlineData("http://web.elsewhere:8000/")] // no such Service in that namespace
    [InlineData("http://web.shop:8080/")] // a port the Service does not declare
    [InlineData("http://web:8000/")] // not in the pod's namespace, and "web." alone is no cluster name
    [InlineData("http://web.shop.cluster.local:8000/")] // not a Service name
    [InlineData("http://127.0.0.1:8000/")]
    [InlineData("ftp://web.shop:8000/")]
    public void What_a_pod_could_not_resolve_or_reach_is_left_as_written(string url)
    {
        using var endpoints = new ServiceLoopbacks();
        endpoints.Register("shop", "web", 8000, 41234);

        var args = ClusterDns.Rewrite(["--url", url], "load", Find, endpoints);

        Assert.Equal(["--url", url], args);
    }

    [Fact]
    public void An_external_name_service_leads_to_its_external_name_and_a_given_host_header_stays()
    {
        using var endpoints = new ServiceLoopbacks();

        var args = ClusterDns.Rewrite(["--url", "https://legacy.shop/x", "--header", "host:legacy.internal"], "load", Find, endpoints);

        Assert.Equal(["--url", "https://legacy.example.test/x", "--header", "host:legacy.internal"], args);
    }

    [Fact]
    public void Urls_of_two_services_get_no_host_header_since_one_header_would_be_wrong_for_one_of_them()
    {
        using var endpoints = new ServiceLoopbacks();
        endpoints.Register("shop", "web", 8000, 41234);

        var args = ClusterDns.Rewrite(["--url", "http://web.shop:8000/", "--url", "http://front.shop/"], "load", Find, endpoints);

        Assert.Equal(["--url", "http://127.0.0.1:41234/", "--url", "http://127.0.0.1:30123/"], args);
    }

    [Fact]
    public async Task A_runner_pod_reaches_a_cluster_ip_service_by_name_and_fails_on_a_service_that_does_not_exist()
    {
        var client = _session.Client;
        using var upstream = new TcpListener(IPAddress.Loopback, 0);
        upstream.Start();
        var hosts = new List<string>();
        var serving = ServeAsync(upstream, hosts);
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new() { Name = "shop" } });
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new() { Name = "load" } });
        await client.CoreV1.CreateNamespacedServiceAsync(new V1Service
        {
            Metadata = new() { Name = "web" },
            Spec = new() { Selector = new Dictionary<string, string> { ["app"] = "web" }, Ports = [new() { Port = 8000 }] },
        }, "shop");
        _session.Emulator.Cluster.ServiceEndpoints.Register("shop", "web", 8000, ((IPEndPoint)upstream.LocalEndpoint).Port);

        var found = await RunPodAsync("found", "http://web.shop.svc.cluster.local:8000/get");
        var missing = await RunPodAsync("missing", "http://nothere.shop.svc.cluster.local:8000/get");

        Assert.Equal("Succeeded", found.Status.Phase);
        Assert.Equal(5, hosts.Count);
        Assert.All(hosts, h => Assert.Equal("web.shop.svc.cluster.local:8000", h));
        var log = await LogAsync("found");
        Assert.Contains("\"requests\":5", log, StringComparison.Ordinal);

        Assert.Equal("Failed", missing.Status.Phase);
        Assert.Equal(5, hosts.Count);
        Assert.Contains("nothere.shop.svc.cluster.local", await LogAsync("missing"), StringComparison.Ordinal);
        upstream.Stop();
        await serving;
    }

    private async Task<V1Pod> RunPodAsync(string name, string url)
    {
        await _session.Client.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new() { Name = name },
            Spec = new()
            {
                RestartPolicy = "Never",
                Containers =
                [
                    new()
                    {
                        Name = "runner",
                        Image = "meshdock/meshdock-extension:latest",
                        Args = ["perf", "run", "--json-lines", "--shards", "1", "--shard-index", "0", "--url", url, "--connections", "1", "--requests", "5", "--timeout", "5"],
                    },
                ],
            },
        }, "load");
        return await KubernetesClientTests.EventuallyAsync(async () =>
        {
            var pod = await _session.Client.CoreV1.ReadNamespacedPodAsync(name, "load");
            return pod.Status?.Phase is "Succeeded" or "Failed" ? pod : null;
        }, seconds: 60);
    }

    private async Task<string> LogAsync(string pod)
    {
        using var reader = new StreamReader(await _session.Client.CoreV1.ReadNamespacedPodLogAsync(pod, "load"));
        return await reader.ReadToEndAsync();
    }

    /// <summary>Answers 200 to each GET on each connection and keeps the Host header it came with.</summary>
    private static async Task ServeAsync(TcpListener listener, List<string> hosts)
    {
        try
        {
            while (true)
            {
                var client = await listener.AcceptTcpClientAsync();
                _ = Task.Run(async () =>
                {
                    using (client)
                    using (var reader = new StreamReader(client.GetStream(), Encoding.ASCII))
                    {
                        var stream = client.GetStream();
                        while (await reader.ReadLineAsync() is { } line)
                        {
                            if (line.StartsWith("Host: ", StringComparison.OrdinalIgnoreCase))
                            {
                                lock (hosts) hosts.Add(line[6..]);
                            }
                            else if (line.Length == 0)
                            {
                                await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"u8.ToArray());
                            }
                        }
                    }
                });
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }
}
