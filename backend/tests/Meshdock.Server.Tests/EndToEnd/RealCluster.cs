using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using k8s;
using k8s.Models;
using Meshdock.Server.Tests.Infrastructure;

namespace Meshdock.Server.Tests.EndToEnd;

/// <summary>
/// Meshdock (the real server process with the real helm) on the cluster MESHDOCK_E2E_KUBECONFIG names, with a
/// Kubernetes client beside it for what the tests check and clean up. Every wait is bounded: image pulls on a fresh
/// Docker Desktop take minutes, so the patience is generous, but a stuck step fails with its operation's error.
/// </summary>
internal sealed class RealCluster : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromMinutes(10);

    /// <summary>A curl image small enough to pull quickly; its busybox has sh, sed, seq, sleep and date.</summary>
    public const string ClientImage = "curlimages/curl:8.11.1";

    private readonly ServerProcess _server;

    private RealCluster(ServerProcess server, k8s.Kubernetes client)
    {
        _server = server;
        Client = client;
        Api = server.Api;
    }

    public const string RunnerImageVariable = "MESHDOCK_E2E_RUNNER_IMAGE";

    public HttpClient Api { get; }

    public k8s.Kubernetes Client { get; }

    public static async Task<RealCluster> StartAsync()
    {
        var kubeconfig = Environment.GetEnvironmentVariable(RealClusterFactAttribute.Variable)!;
        // The cluster runner's image: the extension's published one unless another is named (one the cluster can pull).
        string[] runnerImage = Environment.GetEnvironmentVariable(RunnerImageVariable) is { Length: > 0 } image ? ["--Perf:RunnerImage", image] : [];
        var server = await ServerProcess.StartAsync(socket: false, tcp: true, dataDirectory: null, socketPath: null,
            ["--Cluster:Kubeconfig", kubeconfig, "--Helm:Path", TestHelm.Path, "--Meshes:ReadyTimeout", "00:08:00", "--Apps:ReadyTimeout", "00:08:00", .. runnerImage]);
        return new RealCluster(server, new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig)));
    }

    /// <summary>Starts an operation and asserts that it succeeds; returns its events.</summary>
    public async Task<List<EventDto>> SucceedsAsync(string url, object body)
    {
        using var response = await Api.PostAsJsonAsync(url, body);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var id = (await response.Content.ReadFromJsonAsync<AcceptedDto>(ApiClient.Json))!.Id;
        var events = await Api.PollEventsUntilFinalAsync(id, Patience);
        Assert.True(events[^1].Status == "succeeded", $"{url}: {string.Join("\n", events.Select(e => $"{e.Kind}: {e.Message}"))}");
        return events;
    }

    public async Task<JsonElement> MeshStateAsync(string id) =>
        (await Api.GetFromJsonAsync<JsonElement>("/api/meshes")).GetProperty("meshes").EnumerateArray()
            .Single(m => m.GetProperty("id").GetString() == id).GetProperty("state");

    /// <summary>Where <paramref name="app"/> runs in <paramref name="ns"/>, as <c>GET /api/apps</c> reports it.</summary>
    public async Task<JsonElement> AppDeploymentAsync(string app, string ns) =>
        (await Api.GetFromJsonAsync<JsonElement>("/api/apps")).GetProperty("apps").EnumerateArray()
            .Single(a => a.GetProperty("id").GetString() == app)
            .GetProperty("deployments").EnumerateArray().Single(d => d.GetProperty("namespace").GetString() == ns);

    /// <summary>Installs <paramref name="mesh"/> at the catalog's default version unless it already is, and says whether this call did.</summary>
    public async Task<bool> EnsureMeshAsync(string mesh)
    {
        if ((await MeshStateAsync(mesh)).GetProperty("status").GetString() == "installed")
        {
            return false;
        }
        await SucceedsAsync($"/api/meshes/{mesh}/install", new { });
        Assert.Equal("installed", (await MeshStateAsync(mesh)).GetProperty("status").GetString());
        return true;
    }

    /// <summary>A fresh namespace for one test (any leftover from an earlier run is removed first).</summary>
    public async Task CreateNamespaceAsync(string ns, Dictionary<string, string>? labels = null)
    {
        await DeleteNamespaceAsync(ns);
        await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns, Labels = labels } });
    }

    /// <summary>Deletes the namespace and waits until it is gone, so a next test can create it again.</summary>
    public async Task DeleteNamespaceAsync(string ns)
    {
        try
        {
            await Client.CoreV1.DeleteNamespaceAsync(ns);
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return;
        }
        await WaitUntilGoneAsync(ns);
    }

    /// <summary>Waits until the namespace no longer exists (deleting one ends once everything in it is gone).</summary>
    public async Task WaitUntilGoneAsync(string ns)
    {
        using var deadline = new CancellationTokenSource(Patience);
        while (true)
        {
            try
            {
                await Client.CoreV1.ReadNamespaceAsync(ns, cancellationToken: deadline.Token);
            }
            catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
            {
                return;
            }
            await Task.Delay(TimeSpan.FromSeconds(2), deadline.Token);
        }
    }

    /// <summary>
    /// Runs <see cref="ImageHubPulls"/> in a pod of <paramref name="clientNamespace"/> against Image Hub's api Service
    /// in <paramref name="appNamespace"/> and returns the status code of each pull, in order.
    /// </summary>
    public async Task<IReadOnlyList<int>> PullAsync(string clientNamespace, string appNamespace, string user)
    {
        var name = $"pulls-{user}";
        var job = new V1Job
        {
            Metadata = new V1ObjectMeta { Name = name },
            Spec = new V1JobSpec
            {
                BackoffLimit = 0,
                ActiveDeadlineSeconds = 300,
                Template = new V1PodTemplateSpec
                {
                    Spec = new V1PodSpec
                    {
                        RestartPolicy = "Never",
                        Containers = [new V1Container
                        {
                            Name = "pulls",
                            Image = ClientImage,
                            Command = ["sh", "-c", ImageHubPulls],
                            Env = [new V1EnvVar { Name = "API", Value = $"http://api.{appNamespace}.svc.cluster.local:9091" }, new V1EnvVar { Name = "USER_NAME", Value = user }],
                        }],
                    },
                },
            },
        };
        await Client.BatchV1.CreateNamespacedJobAsync(job, clientNamespace);
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(6));
        V1Job status;
        do
        {
            await Task.Delay(TimeSpan.FromSeconds(3), deadline.Token);
            status = await Client.BatchV1.ReadNamespacedJobStatusAsync(name, clientNamespace, cancellationToken: deadline.Token);
        }
        while (status.Status.Succeeded is null or 0 && status.Status.Failed is null or 0);

        var pod = (await Client.CoreV1.ListNamespacedPodAsync(clientNamespace, labelSelector: $"job-name={name}")).Items.Single();
        using var stream = await Client.CoreV1.ReadNamespacedPodLogAsync(pod.Metadata.Name, clientNamespace, container: "pulls");
        var log = await new StreamReader(stream).ReadToEndAsync();
        Assert.True(status.Status.Succeeded == 1, $"The pull job failed:\n{log}");
        return [.. log.Split('\n').Where(line => line.StartsWith("pull ", StringComparison.Ordinal)).Select(line => int.Parse(line[5..], System.Globalization.CultureInfo.InvariantCulture))];
    }

    /// <summary>
    /// Signs the user up on the Personal plan (10 pulls a minute), waits until the rate-limit filter answers (it alone
    /// says "Missing token" to a pull without one), waits for a fresh minute when fewer than 25 seconds of this one
    /// are left (the filter counts per wall-clock minute), then pulls 11 times and prints each status code.
    /// </summary>
    public const string ImageHubPulls = """
        set -u
        curl -sS -X POST -H 'Content-Type: application/json' -d "{\"username\":\"$USER_NAME\",\"password\":\"e2e\",\"plan\":\"Personal\"}" "$API/signup" -o /dev/null
        TOKEN=$(curl -sS -X POST -H 'Content-Type: application/json' -d "{\"username\":\"$USER_NAME\",\"password\":\"e2e\"}" "$API/auth" | sed -n 's/.*"token" *: *"\([^"]*\)".*/\1/p')
        [ -n "$TOKEN" ] || { echo "no token from $API/auth"; exit 1; }
        tries=0
        until curl -sS "$API/pull" | grep -q 'Missing token'; do
          tries=$((tries + 1)); [ "$tries" -lt 90 ] || { echo "the filter never answered"; exit 1; }; sleep 2
        done
        second=$(date +%S); second=${second#0}
        [ "$second" -lt 35 ] || sleep $((61 - second))
        for i in $(seq 11); do
          echo "pull $(curl -sS -o /dev/null -w '%{http_code}' -H "Authorization: $TOKEN" "$API/pull")"
        done
        """;

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        Client.Dispose();
        await _server.DisposeAsync();
    }
}
