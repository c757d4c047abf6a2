using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using k8s;
using k8s.Models;
using Meshdock.Server.Tests.Infrastructure;

namespace Meshdock.Server.Tests.EndToEnd;

/// <summary>Runs only when MESHDOCK_E2E_KUBECONFIG names a kubeconfig; otherwise xunit reports it skipped with the reason.</summary>
public sealed class RealClusterFactAttribute : FactAttribute
{
    public const string Variable = "MESHDOCK_E2E_KUBECONFIG";

    public RealClusterFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(Variable)))
        {
            Skip = $"{Variable} is not set: point it at the kubeconfig of a disposable cluster (for example Docker Desktop's) to run the real-cluster suite with `make e2e`.";
        }
    }
}

/// <summary>
/// The real thing on a real cluster: Istio from its own Helm repository, httpbin in a namespace that joins the mesh,
/// a sidecar in httpbin's pod, then everything removed again. Slow (image pulls) and it changes the cluster, so it
/// is excluded from `make test` and run by `make e2e`.
/// </summary>
[Trait("Category", "E2E")]
public sealed class RealClusterTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(10);
    private const string Namespace = "meshdock-e2e";

    [RealClusterFact]
    public async Task Istio_installs_httpbin_gets_a_sidecar_and_everything_is_removed_again()
    {
        var kubeconfig = Environment.GetEnvironmentVariable(RealClusterFactAttribute.Variable)!;
        await using var server = await ServerProcess.StartAsync(socket: false, tcp: true, dataDirectory: null, socketPath: null,
            "--Cluster:Kubeconfig", kubeconfig, "--Helm:Path", TestHelm.Path, "--Meshes:ReadyTimeout", "00:08:00");
        using var api = server.Api;
        var client = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig));

        var preflight = await api.GetFromJsonAsync<JsonElement>("/api/meshes/istio/preflight");
        Assert.Contains(preflight.GetProperty("checks").EnumerateArray(), c => c.GetProperty("name").GetString() == "kubernetes");

        await SucceedsAsync(api, "/api/meshes/istio/install", new { });
        var istio = await StateAsync(api, "istio");
        Assert.Equal("installed", istio.GetProperty("status").GetString());

        // Join the namespace the way Istio documents it, then deploy: the injector adds istio-proxy.
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace
        {
            Metadata = new V1ObjectMeta { Name = Namespace, Labels = new Dictionary<string, string> { ["istio-injection"] = "enabled" } },
        });
        try
        {
            await SucceedsAsync(api, "/api/apps/httpbin/deploy", new { @namespace = Namespace });
            var apps = await api.GetFromJsonAsync<JsonElement>("/api/apps");
            var deployment = apps.GetProperty("apps").EnumerateArray().Single(a => a.GetProperty("id").GetString() == "httpbin")
                .GetProperty("deployments").EnumerateArray().Single(d => d.GetProperty("namespace").GetString() == Namespace);
            Assert.Equal("Istio (istio-proxy)", deployment.GetProperty("proxy").GetString());
            var url = deployment.GetProperty("endpoints")[0].GetProperty("url").GetString()!;
            using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            // Reachable on localhost only where the cluster forwards node ports to this machine (Docker Desktop).
            if (await TryGetAsync(probe, url + "status/200") is { } status)
            {
                Assert.Equal(HttpStatusCode.OK, status);
            }
            await SucceedsAsync(api, "/api/apps/httpbin/remove", new { @namespace = Namespace });
        }
        finally
        {
            await client.CoreV1.DeleteNamespaceAsync(Namespace);
        }

        await SucceedsAsync(api, "/api/meshes/istio/uninstall", new { removeCrds = true });
        Assert.Equal("notInstalled", (await StateAsync(api, "istio")).GetProperty("status").GetString());
    }

    private static async Task SucceedsAsync(HttpClient api, string url, object body)
    {
        using var response = await api.PostAsJsonAsync(url, body);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{url}: {await response.Content.ReadAsStringAsync()}");
        var id = (await response.Content.ReadFromJsonAsync<AcceptedDto>(ApiClient.Json))!.Id;
        var operation = await api.WaitForFinalAsync(id, Patience);
        Assert.True(operation.Status == "succeeded", $"{url}: {operation.Status}: {operation.Error}");
    }

    private static async Task<JsonElement> StateAsync(HttpClient api, string id) =>
        (await api.GetFromJsonAsync<JsonElement>("/api/meshes")).GetProperty("meshes").EnumerateArray()
            .Single(m => m.GetProperty("id").GetString() == id).GetProperty("state");

    private static async Task<HttpStatusCode?> TryGetAsync(HttpClient client, string url)
    {
        try
        {
            using var response = await client.GetAsync(url);
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }
}
