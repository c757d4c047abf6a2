using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Meshdock.Server.Tests.Infrastructure;

namespace Meshdock.Server.Tests.Security;

/// <summary>
/// A kubeconfig's exec credential plugin runs a program. From a pasted kubeconfig it runs only once the user has
/// confirmed that exact command; from the user's own kubeconfig files it runs as kubectl runs it. Each plugin here
/// is <c>touch MARKER</c>, so whether it ran is a file on disk.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ExecPluginTests
{
    private const string EnvSecret = "env-secret-value-123";

    [Fact]
    public async Task A_pasted_exec_plugin_runs_nothing_cross_site_nor_before_it_is_confirmed_and_asks_again_when_the_command_changes()
    {
        using var folder = new TempFolder();
        await using var server = await ServerProcess.StartAsync(socket: false, dataDirectory: folder.File("data"),
            extraArgs: [$"--Cluster:Kubeconfig={folder.File("no-kubeconfig")}", "--Cluster:InContainer=false"]);
        using var api = server.Api;
        var marker = folder.File("marker");
        var kubeconfig = ExecKubeconfig(marker);
        var bodies = new List<string>();

        // Posted the way a web page can: nothing is stored, nothing runs.
        foreach (var (contentType, origin, expected) in new[]
                 {
                     ("text/plain", "https://evil.example", HttpStatusCode.Forbidden),
                     ("text/plain", (string?)null, HttpStatusCode.UnsupportedMediaType),
                     ("application/x-www-form-urlencoded", null, HttpStatusCode.UnsupportedMediaType),
                     ("application/json", "https://evil.example", HttpStatusCode.Forbidden),
                 })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/cluster/kubeconfig")
            {
                Content = new StringContent(JsonSerializer.Serialize(new { kubeconfig }), Encoding.UTF8, contentType),
            };
            if (origin is not null)
            {
                request.Headers.Add("Origin", origin);
            }

            using var response = await api.SendAsync(request);
            Assert.Equal(expected, response.StatusCode);
        }

        bodies.Add(await api.GetStringAsync("/api/cluster"));
        Assert.False(File.Exists(marker), "The exec plugin ran after a cross-site post.");
        Assert.False(File.Exists(Path.Combine(server.DataDirectory, "cluster", "uploaded-kubeconfig.yaml")));

        // Pasted in the panel (same origin, JSON): stored, shown, but not run.
        using var pasted = await PostSameOriginAsync(api, server, "/api/cluster/kubeconfig", new { kubeconfig });
        Assert.Equal(HttpStatusCode.OK, pasted.StatusCode);
        var pending = await ReadPendingAsync(api, bodies);
        Assert.Equal("/usr/bin/touch", pending.GetProperty("command").GetString());
        Assert.Equal([marker], pending.GetProperty("args").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(["MESHDOCK_TEST_ENV"], pending.GetProperty("envNames").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal("u-pasted", pending.GetProperty("user").GetString());
        var fingerprint = pending.GetProperty("fingerprint").GetString()!;
        Assert.StartsWith("sha256:", fingerprint, StringComparison.Ordinal);
        Assert.False(File.Exists(marker), "The exec plugin ran before it was confirmed.");

        // A wrong fingerprint, or the right one posted cross-site, confirms nothing.
        using var wrong = await PostSameOriginAsync(api, server, "/api/cluster/kubeconfig/exec-confirmation", new { fingerprint = "sha256:00" });
        Assert.Equal(HttpStatusCode.Conflict, wrong.StatusCode);
        Assert.Contains("the kubeconfig changed", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var crossSite = new HttpRequestMessage(HttpMethod.Post, "/api/cluster/kubeconfig/exec-confirmation") { Content = JsonContent.Create(new { fingerprint }) };
        crossSite.Headers.Add("Origin", "https://evil.example");
        Assert.Equal(HttpStatusCode.Forbidden, (await api.SendAsync(crossSite)).StatusCode);
        using var missing = await PostSameOriginAsync(api, server, "/api/cluster/kubeconfig/exec-confirmation", new { });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        await ReadPendingAsync(api, bodies);
        Assert.False(File.Exists(marker), "The exec plugin ran without a valid confirmation.");

        // Confirmed: it runs. touch prints no ExecCredential, so the cluster stays unreachable with one sentence.
        using var confirmed = await PostSameOriginAsync(api, server, "/api/cluster/kubeconfig/exec-confirmation", new { fingerprint });
        Assert.Equal(HttpStatusCode.NoContent, confirmed.StatusCode);
        var cluster = await api.GetFromJsonAsync<JsonElement>("/api/cluster");
        bodies.Add(cluster.ToString());
        Assert.True(File.Exists(marker), "The confirmed exec plugin did not run: " + cluster);
        AssertOneSentence(cluster);

        // The same kubeconfig with another argument: asked again, and the new command does not run.
        var marker2 = folder.File("marker2");
        using var changed = await PostSameOriginAsync(api, server, "/api/cluster/kubeconfig", new { kubeconfig = ExecKubeconfig(marker2) });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var again = await ReadPendingAsync(api, bodies);
        Assert.NotEqual(fingerprint, again.GetProperty("fingerprint").GetString());
        Assert.False(File.Exists(marker2), "A changed exec command ran without a new confirmation.");

        foreach (var body in bodies)
        {
            Assert.DoesNotContain(EnvSecret, body, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(EnvSecret, server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_exec_plugin_of_the_users_own_kubeconfig_runs_as_kubectl_runs_it_and_its_failure_is_one_sentence()
    {
        using var folder = new TempFolder();
        var marker = folder.File("marker");
        var own = folder.Write("config", ExecKubeconfig(marker));
        await using var server = await ServerProcess.StartAsync(socket: false, dataDirectory: folder.File("data"),
            extraArgs: [$"--Cluster:Kubeconfig={own}", "--Cluster:InContainer=false"]);
        using var api = server.Api;

        var cluster = await api.GetFromJsonAsync<JsonElement>("/api/cluster");

        Assert.True(File.Exists(marker), "The exec plugin of the user's own kubeconfig did not run: " + cluster);
        Assert.Equal(JsonValueKind.Null, cluster.GetProperty("pendingExec").ValueKind);
        AssertOneSentence(cluster);
        Assert.DoesNotContain(EnvSecret, server.Output, StringComparison.Ordinal);
    }

    private static void AssertOneSentence(JsonElement cluster)
    {
        Assert.False(cluster.GetProperty("connected").GetBoolean());
        Assert.Equal("execPluginFailed", cluster.GetProperty("failureKind").GetString());
        var reason = cluster.GetProperty("reason").GetString()!;
        Assert.Contains("The exec credential plugin of user 'u-pasted' (/usr/bin/touch) did not print an ExecCredential", reason, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", reason, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", reason, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", reason, StringComparison.Ordinal);
    }

    private static async Task<JsonElement> ReadPendingAsync(HttpClient api, List<string> bodies)
    {
        var cluster = await api.GetFromJsonAsync<JsonElement>("/api/cluster");
        bodies.Add(cluster.ToString());
        Assert.False(cluster.GetProperty("connected").GetBoolean());
        Assert.Equal("execNeedsConfirmation", cluster.GetProperty("failureKind").GetString());
        Assert.Contains("confirm it on the Overview page", cluster.GetProperty("reason").GetString(), StringComparison.Ordinal);
        return cluster.GetProperty("pendingExec");
    }

    /// <summary>As the panel posts: JSON, labelled with the origin the server serves.</summary>
    private static Task<HttpResponseMessage> PostSameOriginAsync(HttpClient api, ServerProcess server, string url, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
        request.Headers.Add("Origin", $"http://127.0.0.1:{server.TcpPort}");
        return api.SendAsync(request);
    }

    private static string ExecKubeconfig(string marker) => $$"""
        apiVersion: v1
        kind: Config
        current-context: pasted
        clusters:
        - name: c-pasted
          cluster: { server: "https://127.0.0.1:1", insecure-skip-tls-verify: true }
        contexts:
        - name: pasted
          context: { cluster: c-pasted, user: u-pasted }
        users:
        - name: u-pasted
          user:
            exec:
              apiVersion: client.authentication.k8s.io/v1beta1
              command: /usr/bin/touch
              args: ["{{marker}}"]
              env: [{ name: MESHDOCK_TEST_ENV, value: {{EnvSecret}} }]
        """;
}
