using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using HdrHistogram;
using k8s;
using k8s.Autorest;
using Meshdock.Load.Histograms;
using Meshdock.Load.Shards;
using Meshdock.Server.Tests.Infrastructure;

using Emulator = Meshdock.KubeEmulator.KubeEmulator;

namespace Meshdock.Server.Tests.Features.Performance;

/// <summary>
/// The cluster runner end to end: Meshdock in standalone mode pointed at the Kubernetes emulator with no runner image
/// configured (the default is one the emulator runs, as Meshdock's CLI in local processes), against a loopback
/// upstream that counts what it receives.
/// </summary>
public sealed class ClusterRunTests : IAsyncLifetime, IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);
    private readonly TempFolder _folder = new();
    private readonly CountingUpstream _upstream = new();
    private Emulator _emulator = null!;
    private ServerProcess _server = null!;
    private HttpClient _api = null!;
    private IKubernetes _kube = null!;

    public async Task InitializeAsync()
    {
        _emulator = await Emulator.StartAsync(new Meshdock.KubeEmulator.KubeEmulatorOptions
        {
            PodReadyDelay = TimeSpan.FromMilliseconds(300),
            TerminationDelay = TimeSpan.FromMilliseconds(300),
        });
        var kubeconfig = _emulator.WriteKubeconfig(_folder.File("config"));
        _kube = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig));
        _server = await ServerProcess.StartAsync(socket: false, extraArgs: [$"--Cluster:Kubeconfig={kubeconfig}", "--Cluster:InContainer=false"]);
        _api = _server.Api;
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        await _server.DisposeAsync();
        await _emulator.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    public void Dispose()
    {
        _kube.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task Two_pods_count_exactly_what_the_upstream_received_and_their_histograms_merge_exactly()
    {
        var id = await StartAsync(new { urls = new[] { _upstream.Url }, model = "closed", connections = 4, requests = 400 },
            new { where = "cluster", @namespace = "perf-load", pods = 2, meshed = false });

        var events = await _api.PollEventsUntilFinalAsync(id, Timeout);
        Assert.True(events[^1].Status == "succeeded", string.Join("\n", events.Select(e => e.Message)));
        Assert.Contains(events, e => e.Kind == "progress" && e.Data?.TryGetProperty("rps", out _) == true);

        var run = await _api.GetFromJsonAsync<JsonElement>($"/api/perf/runs/{id}");
        var summary = run.GetProperty("summary");
        Assert.Equal(400, summary.GetProperty("requests").GetInt64());
        Assert.Equal(_upstream.Count, summary.GetProperty("requests").GetInt64());
        Assert.Equal(400, summary.GetProperty("statusCodes").GetProperty("200").GetInt64());
        var placement = summary.GetProperty("placement");
        Assert.Equal("cluster", placement.GetProperty("where").GetString());
        Assert.Equal(2, placement.GetProperty("pods").GetInt32());
        Assert.False(placement.GetProperty("injected").GetBoolean());
        Assert.Equal("meshdock/meshdock-extension:latest", placement.GetProperty("runnerImage").GetString());

        // Each pod's own result, from its log: counts add up, and the run's histogram is their exact sum.
        var job = placement.GetProperty("job").GetString()!;
        var pods = await _kube.CoreV1.ListNamespacedPodAsync("perf-load", labelSelector: $"batch.kubernetes.io/job-name={job}");
        Assert.Equal(2, pods.Items.Count);
        var results = new List<Meshdock.Load.LoadResult>();
        foreach (var pod in pods.Items)
        {
            using var log = new StreamReader(await _kube.CoreV1.ReadNamespacedPodLogAsync(pod.Metadata.Name, "perf-load"));
            var lines = (await log.ReadToEndAsync()).Split('\n').Select(ShardLine.TryParse).OfType<ShardLine>().ToList();
            results.Add(Assert.Single(lines, l => l.Type == ShardLine.ResultType).Result!);
        }

        Assert.Equal([200L, 200L], results.Select(r => r.Requests).Order());
        var expected = LatencyHistograms.Create();
        foreach (var result in results)
        {
            expected.Add(HistogramCodec.Decode(result.Latency.Histogram));
        }

        var merged = HistogramCodec.Decode(run.GetProperty("result").GetProperty("latency").GetProperty("histogram").GetString()!);
        Assert.Equal(400, merged.TotalCount);
        Assert.Equal(Counts(expected), Counts(merged));

        var ns = await _kube.CoreV1.ReadNamespaceAsync("perf-load");
        Assert.Equal("meshdock", ns.Metadata.Labels["app.kubernetes.io/managed-by"]);
        var created = await _kube.BatchV1.ReadNamespacedJobAsync(job, "perf-load");
        Assert.Equal("Indexed", created.Spec.CompletionMode);
        Assert.True(created.Spec.TtlSecondsAfterFinished > 0);
    }

    [Fact]
    public async Task Two_pods_reach_a_cluster_ip_service_by_its_dns_name_and_count_exactly_what_it_received()
    {
        var port = new Uri(_upstream.Url).Port;
        await _kube.CoreV1.CreateNamespaceAsync(new k8s.Models.V1Namespace { Metadata = new() { Name = "shop" } });
        await _kube.CoreV1.CreateNamespacedServiceAsync(new k8s.Models.V1Service
        {
            Metadata = new() { Name = "web" },
            Spec = new() { Selector = new Dictionary<string, string> { ["app"] = "web" }, Ports = [new() { Port = 8000 }] },
        }, "shop");
        _emulator.Cluster.ServiceEndpoints.Register("shop", "web", 8000, port);

        var id = await StartAsync(new { urls = new[] { "http://web.shop.svc.cluster.local:8000/" }, model = "closed", connections = 4, requests = 300 },
            new { where = "cluster", @namespace = "perf-dns", pods = 2 });

        var events = await _api.PollEventsUntilFinalAsync(id, Timeout);
        Assert.True(events[^1].Status == "succeeded", string.Join("\n", events.Select(e => e.Message)));
        var summary = (await _api.GetFromJsonAsync<JsonElement>($"/api/perf/runs/{id}")).GetProperty("summary");
        Assert.Equal(300, summary.GetProperty("requests").GetInt64());
        Assert.Equal(_upstream.Count, summary.GetProperty("requests").GetInt64());
        Assert.Equal(300, summary.GetProperty("statusCodes").GetProperty("200").GetInt64());
        // This cluster has no metrics-server: the run says what it lost, and has no figures.
        var resources = summary.GetProperty("resources");
        Assert.Contains("metrics-server", resources.GetProperty("metricsLost").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, resources.GetProperty("proxy").ValueKind);
        Assert.Contains(events, e => e.Kind == "warning" && e.Message.Contains("metrics-server", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_open_run_splits_its_rate_over_the_pods_and_counts_what_the_upstream_received()
    {
        var id = await StartAsync(new { urls = new[] { _upstream.Url }, model = "open", rps = 40, connections = 2, durationSeconds = 3 },
            new { where = "cluster", @namespace = "perf-open", pods = 2 });

        var events = await _api.PollEventsUntilFinalAsync(id, Timeout);
        Assert.True(events[^1].Status == "succeeded", string.Join("\n", events.Select(e => e.Message)));
        var seconds = events.Where(e => e.Kind == "progress").Select(e => e.Data!.Value).ToList();
        Assert.InRange(seconds.Count, 3, 4);
        Assert.All(seconds.Take(3), s => Assert.InRange(s.GetProperty("rps").GetDouble(), 20, 60)); // both pods' 20 rps, merged

        var summary = (await _api.GetFromJsonAsync<JsonElement>($"/api/perf/runs/{id}")).GetProperty("summary");
        Assert.Equal(_upstream.Count, summary.GetProperty("requests").GetInt64());
        Assert.InRange(summary.GetProperty("requests").GetInt64(), 114, 126);
    }

    [Fact]
    public async Task Cancelling_deletes_the_job_and_keeps_what_arrived()
    {
        var id = await StartAsync(new { urls = new[] { _upstream.Url }, model = "open", rps = 20, connections = 2, durationSeconds = 60 },
            new { where = "cluster", @namespace = "perf-cancel", pods = 2 });
        var deadline = DateTimeOffset.UtcNow + Timeout;
        while (!(await EventsAsync(id)).Any(e => e.Kind == "progress"))
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, "No progress from the runner pods.");
            await Task.Delay(200);
        }

        using var cancel = await _api.PostAsync($"/api/operations/{id}/cancel", JsonContent.Create(new { }));
        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        var operation = await _api.WaitForFinalAsync(id, Timeout);
        Assert.Equal("cancelled", operation.Status);

        var run = await _api.GetFromJsonAsync<JsonElement>($"/api/perf/runs/{id}");
        Assert.Equal("cancelled", run.GetProperty("status").GetString());
        var requests = run.GetProperty("summary").GetProperty("requests").GetInt64();
        // Each pod's one request in flight at the cancel may have reached the upstream without its answer being counted.
        Assert.InRange(requests, Math.Max(1, _upstream.Count - 2), _upstream.Count);
        Assert.True(requests < 1200);

        var job = run.GetProperty("summary").GetProperty("placement").GetProperty("job").GetString()!;
        await AssertGoneAsync(() => _kube.BatchV1.ReadNamespacedJobAsync(job, "perf-cancel"));
    }

    [Fact]
    public async Task Injected_runner_pods_whose_proxy_outlives_them_have_their_job_deleted_once_every_result_is_in()
    {
        _emulator.Cluster.Injection.Inject("istio-injection", "enabled", "istio-proxy", "docker.io/istio/proxyv2:1.30.3");
        await _kube.CoreV1.CreateNamespaceAsync(new k8s.Models.V1Namespace
        {
            Metadata = new() { Name = "perf-meshed", Labels = new Dictionary<string, string> { ["istio-injection"] = "enabled" } },
        });

        var id = await StartAsync(new { urls = new[] { _upstream.Url }, model = "closed", connections = 2, requests = 100 },
            new { where = "cluster", @namespace = "perf-meshed", pods = 1, meshed = true });

        var events = await _api.PollEventsUntilFinalAsync(id, Timeout);
        Assert.True(events[^1].Status == "succeeded", string.Join("\n", events.Select(e => e.Message)));
        var placement = (await _api.GetFromJsonAsync<JsonElement>($"/api/perf/runs/{id}")).GetProperty("summary").GetProperty("placement");
        Assert.True(placement.GetProperty("injected").GetBoolean());
        Assert.Equal(100, _upstream.Count);
        // The emulator keeps a pod whose injected proxy still runs in Running, as a kubelet does: without the
        // deletion the Job would never complete, and its TTL never start.
        var job = placement.GetProperty("job").GetString()!;
        Assert.Contains(events, e => e.Message == $"Deleted Job perf-meshed/{job} and its pods.");
        await AssertGoneAsync(() => _kube.BatchV1.ReadNamespacedJobAsync(job, "perf-meshed"));
    }

    [Theory]
    [InlineData("evicted", "was evicted from its node", """{"status": {"phase": "Failed", "reason": "Evicted", "message": "The node was low on resource: memory."}}""")]
    [InlineData("oom", "OOMKilled", """{"status": {"containerStatuses": [{"name": "runner", "image": "meshdock/meshdock-extension:latest", "imageID": "", "ready": false, "restartCount": 0, "state": {"terminated": {"exitCode": 137, "reason": "OOMKilled"}}}]}}""")]
    public async Task A_runner_pod_the_kubelet_evicts_or_kills_for_memory_fails_the_run_with_the_reason(string ns, string reason, string status)
    {
        var id = await StartAsync(new { urls = new[] { _upstream.Url }, model = "open", rps = 20, connections = 2, durationSeconds = 60 },
            new { where = "cluster", @namespace = $"perf-{ns}", pods = 1 });
        var deadline = DateTimeOffset.UtcNow + Timeout;
        while (!(await EventsAsync(id)).Any(e => e.Kind == "progress"))
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, "No progress from the runner pod.");
            await Task.Delay(200);
        }

        // What the kubelet writes when it evicts the pod or the kernel kills its container for memory.
        var pod = Assert.Single((await _kube.CoreV1.ListNamespacedPodAsync($"perf-{ns}")).Items);
        await _kube.CoreV1.PatchNamespacedPodStatusAsync(new k8s.Models.V1Patch(status, k8s.Models.V1Patch.PatchType.MergePatch),
            pod.Metadata.Name, $"perf-{ns}");

        var operation = await _api.WaitForFinalAsync(id, Timeout);
        Assert.Equal("failed", operation.Status);
        Assert.Contains(reason, operation.Error, StringComparison.Ordinal);
        Assert.Contains(pod.Metadata.Name, operation.Error, StringComparison.Ordinal);
        var job = pod.Metadata.Labels["batch.kubernetes.io/job-name"];
        await AssertGoneAsync(() => _kube.BatchV1.ReadNamespacedJobAsync(job, $"perf-{ns}"));
    }

    [Fact]
    public async Task An_image_that_cannot_be_pulled_fails_the_run_with_the_reason_and_what_to_do()
    {
        _emulator.Faults.FailImage("meshdock/meshdock-extension");
        var id = await StartAsync(new { urls = new[] { _upstream.Url }, model = "closed", connections = 2, requests = 10 },
            new { where = "cluster", @namespace = "perf-pull", pods = 2 });

        var operation = await _api.WaitForFinalAsync(id, Timeout);

        Assert.Equal("failed", operation.Status);
        Assert.Matches("ErrImagePull|ImagePullBackOff", operation.Error);
        Assert.Contains("Perf:RunnerImage", operation.Error, StringComparison.Ordinal);
        var run = await _api.GetFromJsonAsync<JsonElement>($"/api/perf/runs/{id}");
        Assert.Equal("failed", run.GetProperty("status").GetString());
        Assert.Equal(0, _upstream.Count);
        var job = Assert.Single(await EventsAsync(id), e => e.Message.StartsWith("Started Job perf-pull/", StringComparison.Ordinal))
            .Message["Started Job perf-pull/".Length..].Split(':')[0];
        await AssertGoneAsync(() => _kube.BatchV1.ReadNamespacedJobAsync(job, "perf-pull"));
    }

    [Theory]
    [InlineData("""{"where": "moon"}""", "runner.where")]
    [InlineData("""{"where": "cluster", "pods": 2}""", "runner.namespace")]
    [InlineData("""{"where": "cluster", "namespace": "Not_A_Name", "pods": 2}""", "runner.namespace")]
    [InlineData("""{"where": "cluster", "namespace": "kube-system", "pods": 2}""", "runner.namespace")]
    [InlineData("""{"where": "cluster", "namespace": "load"}""", "runner.pods")]
    [InlineData("""{"where": "cluster", "namespace": "load", "pods": 0}""", "runner.pods")]
    [InlineData("""{"where": "cluster", "namespace": "load", "pods": 21}""", "runner.pods")]
    [InlineData("""{"where": "cluster", "namespace": "load", "pods": 5}""", "runner.pods")]
    [InlineData("""{"where": "local", "namespace": "load"}""", "runner.where")]
    [InlineData("""{"namespace": "load", "pods": 2, "meshed": true}""", "runner.where")]
    public async Task A_bad_runner_is_a_400_naming_the_field_and_starts_nothing(string runner, string field)
    {
        // 4 connections: 5 pods cannot share them.
        var body = $$$"""{"spec": {"urls": ["{{{_upstream.Url}}}"], "model": "closed", "connections": 4, "requests": 100, "runner": {{{runner}}} }}""";
        using var response = await _api.PostAsync("/api/perf/runs", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var sentences), $"No error for '{field}' in {problem}");
        Assert.EndsWith(".", sentences[0].GetString());
        Assert.Empty(await _api.GetFromJsonAsync<JsonElement[]>("/api/perf/runs") ?? []);
        Assert.Empty((await _kube.BatchV1.ListJobForAllNamespacesAsync()).Items);
    }

    [Fact]
    public async Task A_grpc_run_in_the_cluster_takes_its_types_by_reflection_not_a_proto_file()
    {
        // The pods get only arguments: a .proto file would have nowhere to be read from.
        const string Proto = "syntax = \"proto3\"; package echo; message Ping { string text = 1; } service Echo { rpc Say (Ping) returns (Ping); }";
        var spec = new
        {
            urls = new[] { "grpc://127.0.0.1:1/echo.Echo/Say" },
            model = "closed",
            connections = 4,
            requests = 100,
            grpc = new { json = """{"text": "hi"}""", proto = Proto },
            runner = new { where = "cluster", @namespace = "load", pods = 2 },
        };
        using var response = await _api.PostAsJsonAsync("/api/perf/runs", new { spec });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Contains("reflection", problem.GetProperty("errors").GetProperty("grpc.proto")[0].GetString(), StringComparison.Ordinal);
        Assert.Empty((await _kube.BatchV1.ListJobForAllNamespacesAsync()).Items);
    }

    [Fact]
    public async Task The_targets_are_the_clusters_services_with_the_url_each_runner_reaches()
    {
        await _kube.CoreV1.CreateNamespaceAsync(new k8s.Models.V1Namespace { Metadata = new() { Name = "shop" } });
        await _kube.CoreV1.CreateNamespacedServiceAsync(new k8s.Models.V1Service
        {
            Metadata = new() { Name = "web", Labels = new Dictionary<string, string> { ["meshdock.io/app"] = "httpbin" } },
            Spec = new() { Type = "NodePort", Ports = [new() { Port = 8000, Name = "http" }] },
        }, "shop");
        await _kube.CoreV1.CreateNamespacedServiceAsync(new k8s.Models.V1Service
        {
            Metadata = new() { Name = "db" },
            Spec = new() { Ports = [new() { Port = 5432 }] },
        }, "shop");

        var list = await _api.GetFromJsonAsync<JsonElement>("/api/perf/targets");

        var targets = list.GetProperty("targets").EnumerateArray().Where(t => t.GetProperty("namespace").GetString() == "shop").ToList();
        Assert.Equal(["web", "db"], targets.Select(t => t.GetProperty("service").GetString())); // sample apps first
        var web = targets[0];
        Assert.Equal("httpbin", web.GetProperty("app").GetString());
        Assert.Equal("http://web.shop:8000/", web.GetProperty("clusterUrl").GetString());
        Assert.Matches(@"^http://localhost:\d+/$", web.GetProperty("localUrl").GetString());
        Assert.Equal(JsonValueKind.Null, targets[1].GetProperty("localUrl").ValueKind); // ClusterIP only: the cluster runner's
        Assert.DoesNotContain(list.GetProperty("targets").EnumerateArray(), t => t.GetProperty("namespace").GetString()!.StartsWith("kube-", StringComparison.Ordinal));
    }

    private async Task<string> StartAsync(object spec, object runner)
    {
        var json = JsonSerializer.SerializeToNode(spec)!.AsObject();
        json["runner"] = JsonSerializer.SerializeToNode(runner);
        using var response = await _api.PostAsJsonAsync("/api/perf/runs", new { spec = json });
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<AcceptedDto>())!.Id;
    }

    private async Task<List<EventDto>> EventsAsync(string id) =>
        (await _api.GetFromJsonAsync<EventsPageDto>($"/api/operations/{id}/events?after=0", ApiClient.Json))!.Events;

    private static async Task AssertGoneAsync(Func<Task> read)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            try
            {
                await read();
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
            {
                return;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, "Still there after 20 s.");
            await Task.Delay(200);
        }
    }

    private static List<(long Value, long Count)> Counts(HistogramBase histogram) =>
        [.. histogram.RecordedValues().Select(v => (v.ValueIteratedTo, v.CountAtValueIteratedTo))];
}
