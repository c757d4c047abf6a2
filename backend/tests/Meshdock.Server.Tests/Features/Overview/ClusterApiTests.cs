using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Meshdock.KubeEmulator;
using Meshdock.Server.Tests.Infrastructure;
using Meshdock.Server.Tests.Kubernetes.Cluster;

using Emulator = Meshdock.KubeEmulator.KubeEmulator;

namespace Meshdock.Server.Tests.Features.Overview;

/// <summary>The cluster API of a real server process, against the Kubernetes API emulator.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ClusterApiTests
{
    private static readonly string Token = "secret-token-" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task Connects_to_the_emulator_and_reports_its_version_node_and_context()
    {
        await using var emulator = await Emulator.StartAsync(new KubeEmulatorOptions
        {
            KubernetesVersion = "v1.31.4", NodeName = "desktop-node", NodeCpu = "6", NodeMemory = "6Gi", Token = Token,
        });
        using var folder = new TempFolder();
        await using var server = await StartAsync(emulator.WriteKubeconfig(folder.File("config"), "docker-desktop"));
        using var api = server.Api;

        var (status, cluster) = await GetAsync(api, "/api/cluster");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(cluster.GetProperty("connected").GetBoolean(), cluster.ToString());
        Assert.Equal("docker-desktop", cluster.GetProperty("context").GetString());
        Assert.Equal(emulator.BaseUrl.ToString().TrimEnd('/'), cluster.GetProperty("serverAddressUsed").GetString());
        Assert.Equal("v1.31.4", cluster.GetProperty("version").GetProperty("gitVersion").GetString());
        Assert.Equal(31, cluster.GetProperty("version").GetProperty("minor").GetInt32());
        var node = Assert.Single(cluster.GetProperty("nodes").EnumerateArray());
        Assert.Equal("desktop-node", node.GetProperty("name").GetString());
        Assert.True(node.GetProperty("ready").GetBoolean());
        Assert.Equal(6, node.GetProperty("cores").GetDouble());
        Assert.Equal(6L * 1024 * 1024 * 1024, node.GetProperty("memoryBytes").GetInt64());
        Assert.Equal(6L * 1024 * 1024 * 1024, node.GetProperty("allocatableMemoryBytes").GetInt64());
        Assert.False(cluster.GetProperty("metricsApi").GetBoolean());
        Assert.Empty(cluster.GetProperty("installedMeshes").EnumerateArray());

        var (_, contexts) = await GetAsync(api, "/api/cluster/contexts");
        Assert.Equal("docker-desktop", contexts.GetProperty("selected").GetString());
        var context = Assert.Single(contexts.GetProperty("contexts").EnumerateArray());
        Assert.Equal("token", context.GetProperty("authKind").GetString());

        // The effective kubeconfig for helm: the selected context only, owner-only.
        var effective = Path.Combine(server.DataDirectory, "cluster", "effective-kubeconfig.yaml");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(effective));
        Assert.Contains($"server: {emulator.BaseUrl.ToString().TrimEnd('/')}", await File.ReadAllTextAsync(effective));
        AssertNoSecret(server, cluster.ToString(), contexts.ToString());
    }

    [Fact]
    public async Task Inside_the_container_a_loopback_server_is_reached_through_the_host_gateway_and_the_address_is_reported()
    {
        await using var emulator = await Emulator.StartAsync();
        using var folder = new TempFolder();
        // "localhost" stands in for host.docker.internal: it reaches the emulator on this machine the way the gateway
        // reaches the host's loopback from Docker Desktop's VM.
        await using var server = await StartAsync(emulator.WriteKubeconfig(folder.File("config"), "kind-dev"),
            inContainer: true, "--Cluster:HostGateway=localhost");
        using var api = server.Api;

        var (_, cluster) = await GetAsync(api, "/api/cluster");

        Assert.True(cluster.GetProperty("connected").GetBoolean(), cluster.ToString());
        Assert.Equal($"http://localhost:{emulator.BaseUrl.Port}", cluster.GetProperty("serverAddressUsed").GetString());
        Assert.Equal($"http://127.0.0.1:{emulator.BaseUrl.Port}", cluster.GetProperty("server").GetString());
        var attempt = Assert.Single(cluster.GetProperty("attempts").EnumerateArray());
        Assert.Equal("the host gateway", attempt.GetProperty("why").GetString());
        Assert.True(attempt.GetProperty("ok").GetBoolean());
    }

    [Fact]
    public async Task An_unreachable_docker_desktop_cluster_is_a_200_with_the_sentence_saying_to_enable_Kubernetes()
    {
        using var folder = new TempFolder();
        var kubeconfig = folder.Write("config", Kubeconfig("docker-desktop", $"https://127.0.0.1:{ClosedPort()}", "token: abc"));
        await using var server = await StartAsync(kubeconfig);
        using var api = server.Api;

        var (status, cluster) = await GetAsync(api, "/api/cluster");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(cluster.GetProperty("connected").GetBoolean());
        Assert.Equal("docker-desktop", cluster.GetProperty("context").GetString());
        Assert.Equal("connectionRefused", cluster.GetProperty("failureKind").GetString());
        Assert.Contains("Kubernetes is not enabled in Docker Desktop", cluster.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains("Settings → Kubernetes → Enable Kubernetes", cluster.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal("connection refused", Assert.Single(cluster.GetProperty("attempts").EnumerateArray()).GetProperty("error").GetString());

        // Endpoints that need the cluster answer 503 with the same sentence.
        using var namespaces = await api.GetAsync("/api/namespaces");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, namespaces.StatusCode);
        Assert.Equal("application/problem+json", namespaces.Content.Headers.ContentType?.MediaType);
        var problem = await namespaces.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("Kubernetes is not enabled in Docker Desktop", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rejected_credentials_are_explained_as_such()
    {
        await using var emulator = await Emulator.StartAsync(new KubeEmulatorOptions { Token = Token });
        using var folder = new TempFolder();
        var path = emulator.WriteKubeconfig(folder.File("config"), "lab");
        await File.WriteAllTextAsync(path, (await File.ReadAllTextAsync(path)).Replace(Token, "stale-token", StringComparison.Ordinal));
        await using var server = await StartAsync(path);
        using var api = server.Api;

        var (_, cluster) = await GetAsync(api, "/api/cluster");

        Assert.False(cluster.GetProperty("connected").GetBoolean());
        Assert.Equal("unauthorized", cluster.GetProperty("failureKind").GetString());
        Assert.Contains("rejected the credentials of user 'lab' (401)", cluster.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pasted_kubeconfig_is_validated_stored_owner_only_selected_and_never_shown_again()
    {
        await using var emulator = await Emulator.StartAsync(new KubeEmulatorOptions { Token = Token });
        using var folder = new TempFolder();
        var mounted = folder.Write("config", Kubeconfig("docker-desktop", $"https://127.0.0.1:{ClosedPort()}", "token: abc"));
        await using var server = await StartAsync(mounted);
        using var api = server.Api;
        var stored = Path.Combine(server.DataDirectory, "cluster", "uploaded-kubeconfig.yaml");
        var bodies = new List<string>();

        // Broken YAML, then a kubeconfig whose only context names a missing user: 400, a sentence, nothing stored.
        foreach (var (text, sentence) in new[]
                 {
                     ($"clusters: [\n  token: {Token}", "not valid YAML"),
                     (Kubeconfig("broken", "https://x:6443", $"token: {Token}").Replace("user: u-broken }", "user: nobody }", StringComparison.Ordinal), "names user 'nobody'"),
                     ("", "empty"),
                 })
        {
            using var refused = await api.PostAsync("/api/cluster/kubeconfig", new StringContent(text, Encoding.UTF8, "application/yaml"));
            var body = await refused.Content.ReadAsStringAsync();
            bodies.Add(body);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.Contains(sentence, JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.False(File.Exists(stored));
        }

        // The emulator's kubeconfig, pasted as the panel sends it (JSON { kubeconfig }).
        var pasted = await File.ReadAllTextAsync(emulator.WriteKubeconfig(folder.File("emulator-config"), "pasted"));
        using var accepted = await api.PostAsJsonAsync("/api/cluster/kubeconfig", new { kubeconfig = pasted });
        var acceptedBody = await accepted.Content.ReadAsStringAsync();
        bodies.Add(acceptedBody);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        var contexts = JsonDocument.Parse(acceptedBody).RootElement;
        Assert.Equal("pasted", contexts.GetProperty("selected").GetString());
        Assert.True(contexts.GetProperty("uploaded").GetBoolean());
        Assert.Equal(["pasted", "docker-desktop"], contexts.GetProperty("contexts").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(stored));

        var (_, cluster) = await GetAsync(api, "/api/cluster");
        bodies.Add(cluster.ToString());
        Assert.True(cluster.GetProperty("connected").GetBoolean(), cluster.ToString());
        Assert.Equal("uploaded", cluster.GetProperty("source").GetString());

        // Switching back to the mounted context, then forgetting the pasted kubeconfig.
        using var select = await api.PutAsJsonAsync("/api/cluster/context", new { context = "docker-desktop" });
        bodies.Add(await select.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, select.StatusCode);
        Assert.False((await GetAsync(api, "/api/cluster")).Body.GetProperty("connected").GetBoolean());
        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteActionAsync("/api/cluster/kubeconfig")).StatusCode);
        Assert.False(File.Exists(stored));
        Assert.Equal(HttpStatusCode.NotFound, (await api.DeleteActionAsync("/api/cluster/kubeconfig")).StatusCode);

        AssertNoSecret(server, [.. bodies]);
    }

    [Fact]
    public async Task Selecting_an_unknown_or_missing_context_is_a_validation_problem_naming_the_field()
    {
        using var folder = new TempFolder();
        await using var server = await StartAsync(folder.Write("config", Kubeconfig("docker-desktop", "https://127.0.0.1:1", "token: abc")));
        using var api = server.Api;

        foreach (var (body, sentence) in new[] { ((object)new { context = "nope" }, "no context named 'nope'"), (new { context = "" }, "'context' is required") })
        {
            using var response = await api.PutAsJsonAsync("/api/cluster/context", body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Contains(sentence, problem.GetProperty("errors").GetProperty("context")[0].GetString(), StringComparison.Ordinal);
        }
    }

    private static Task<ServerProcess> StartAsync(string kubeconfig, bool inContainer = false, params string[] extra) =>
        ServerProcess.StartAsync(socket: false, extraArgs: [$"--Cluster:Kubeconfig={kubeconfig}", $"--Cluster:InContainer={inContainer}", .. extra]);

    private static async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(HttpClient api, string url)
    {
        using var response = await api.GetAsync(url);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    private static void AssertNoSecret(ServerProcess server, params string[] bodies)
    {
        foreach (var body in bodies)
        {
            Assert.DoesNotContain(Token, body, StringComparison.Ordinal);
            Assert.DoesNotContain("emulator-accepts-any-token", body, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(Token, server.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("token:", server.Output, StringComparison.Ordinal);
    }

    /// <summary>A port nothing listens on: bound, then released.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Kubeconfig(string context, string server, string credentials) => $$"""
        apiVersion: v1
        kind: Config
        current-context: {{context}}
        clusters:
        - name: c-{{context}}
          cluster: { server: "{{server}}", insecure-skip-tls-verify: true }
        contexts:
        - name: {{context}}
          context: { cluster: c-{{context}}, user: u-{{context}} }
        users:
        - name: u-{{context}}
          user: { {{credentials}} }
        """;
}
