using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Meshdock.KubeEmulator;
using Meshdock.KubeEmulator.Testing;
using Meshdock.Server.Tests.Infrastructure;

namespace Meshdock.Server.Tests.Features.Performance;

/// <summary>
/// "What does this mesh cost?" end to end on the emulator: Istio installed by the real helm (the test chart in its
/// place, with Istio's real CRDs), httpbin deployed plain, meshed and meshed with a filter (the emulator injecting an
/// istio-proxy container as Istio's webhook would), alternating rounds sent from runner pods in each namespace (the
/// emulator runs them as Meshdock's CLI and resolves httpbin's Service name to its node port), the node ports leading
/// to loopback upstreams that count what they receive, and pod metrics from figures the test sets.
/// </summary>
public sealed class OverheadReportTests : IAsyncLifetime, IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(180);
    private readonly TempFolder _folder = new();
    private readonly CountingUpstream _plain = new();
    private readonly CountingUpstream _meshed = new();
    private readonly CountingUpstream _filtered = new();
    private KubeEmulator.KubeEmulator _emulator = null!;
    private ServerProcess _server = null!;

    public async Task InitializeAsync()
    {
        _emulator = await KubeEmulator.KubeEmulator.StartAsync(new KubeEmulatorOptions
        {
            MetricsApi = true,
            PodReadyDelay = TimeSpan.FromMilliseconds(300),
            TerminationDelay = TimeSpan.FromMilliseconds(300),
        });
        _emulator.Cluster.Injection.Inject("istio-injection", "enabled", "istio-proxy", "docker.io/istio/proxyv2:1.30.3");
        // The namespaces are deployed in the order plain, meshed, filtered: their httpbins' node ports lead to these upstreams.
        _emulator.Cluster.Defaulter.ReserveNodePorts(new Uri(_plain.Url).Port, new Uri(_meshed.Url).Port, new Uri(_filtered.Url).Port);
        await CrdFixtures.InstallAsync(_emulator, "istio", "1.30.3");
        var kubeconfig = _emulator.WriteKubeconfig(Path.Combine(_folder.Path, "kubeconfig"));
        var overridePath = Path.Combine(_folder.Path, "catalog-override.yaml");
        await File.WriteAllTextAsync(overridePath, $$"""
            meshes:
              - id: istio
                helm:
                  charts: [{ chart: "{{TestAssets.TestChartPath}}", release: istiod }]
                versions: { default: 0.1.0, selectable: [0.1.0] }
                health: [{ kind: Deployment, name: istiod-control-plane }]
            """);
        _server = await ServerProcess.StartAsync(socket: false, tcp: true, dataDirectory: null, socketPath: null,
            "--Cluster:Kubeconfig", kubeconfig,
            "--Cluster:InContainer", "false",
            "--Helm:Path", TestHelm.Path,
            "--Helm:Home", Path.Combine(_folder.Path, "helm-home"),
            "--Helm:ListCacheDuration", "00:00:00",
            "--Meshes:CatalogOverride", overridePath,
            "--Apps:ReadyTimeout", "00:00:40",
            "--Overhead:SampleInterval", "00:00:00.250");
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _emulator.DisposeAsync();
        await _plain.DisposeAsync();
        await _meshed.DisposeAsync();
        await _filtered.DisposeAsync();
    }

    public void Dispose() => _folder.Dispose();

    private static async Task InstallIstioAsync(HttpClient api)
    {
        using var install = await api.PostActionAsync("/api/meshes/istio/install");
        var installId = (await install.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        Assert.Equal("succeeded", (await api.WaitForFinalAsync(installId, Patience)).Status);
    }

    [Fact]
    public async Task Two_namespaces_two_rounds_give_latency_deltas_and_resource_figures_then_go_away_together()
    {
        var api = _server.Api;
        await InstallIstioAsync(api);

        using var start = await api.PostAsJsonAsync("/api/perf/overhead", new
        {
            mesh = "istio",
            profile = new { model = "open", rps = 200, connections = 2, durationSeconds = 2 },
            rounds = 2,
        });
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var id = (await start.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var meshedNs = $"overhead-{id[^8..]}-meshed";
        _emulator.Cluster.PodMetrics.Set(meshedNs, "httpbin-", "istio-proxy", "30m", "40Mi");
        _emulator.Cluster.PodMetrics.Set("istio-system", "istiod-", "control-plane", "8m", "60Mi");

        var events = await api.PollEventsUntilFinalAsync(id, Patience);
        Assert.True(events[^1].Status == "succeeded", string.Join("\n", events.Select(e => e.Message)));
        Assert.Equal(["Round 1 of 2: plain", "Round 1 of 2: meshed", "Round 2 of 2: meshed", "Round 2 of 2: plain"],
            events.Where(e => e.Kind == "step" && e.Message.StartsWith("Round", StringComparison.Ordinal)).Select(e => e.Message[..e.Message.IndexOf(" (", StringComparison.Ordinal)]));

        var report = await api.GetFromJsonAsync<JsonElement>($"/api/perf/overhead/{id}");
        Assert.Equal("succeeded", report.GetProperty("status").GetString());
        var variants = report.GetProperty("variants").EnumerateArray().ToList();
        Assert.Equal(["plain", "meshed"], variants.Select(v => v.GetProperty("key").GetString()));
        foreach (var (variant, upstream) in new[] { (variants[0], _plain), (variants[1], _meshed) })
        {
            var rounds = variant.GetProperty("rounds").EnumerateArray().ToList();
            Assert.Equal(2, rounds.Count);
            // Every request each variant's runs count is one its upstream received, and nothing else reached it.
            Assert.Equal(upstream.Count, rounds.Sum(r => r.GetProperty("summary").GetProperty("requests").GetInt64()));
            Assert.All(rounds, r => Assert.InRange(r.GetProperty("summary").GetProperty("requests").GetInt64(), 380, 420));
            var run = await api.GetFromJsonAsync<JsonElement>($"/api/perf/runs/{rounds[0].GetProperty("runId").GetString()}");
            Assert.Equal("succeeded", run.GetProperty("status").GetString());
            // Sent from a runner pod in the variant's own namespace, in the mesh when the namespace is.
            var placement = run.GetProperty("summary").GetProperty("placement");
            Assert.Equal("cluster", placement.GetProperty("where").GetString());
            Assert.Equal(variant.GetProperty("namespace").GetString(), placement.GetProperty("namespace").GetString());
            Assert.Equal(1, placement.GetProperty("pods").GetInt32());
            Assert.Equal(upstream == _meshed, placement.GetProperty("meshed").GetBoolean());
        }
        Assert.Equal(0, _filtered.Count);

        var meshedRound = variants[1].GetProperty("rounds")[0];
        var proxy = meshedRound.GetProperty("resources").GetProperty("proxy");
        Assert.Equal(1, proxy.GetProperty("pods").GetInt32());
        Assert.Equal(30, proxy.GetProperty("cpuMeanMillicores").GetDouble(), 6);
        Assert.Equal(JsonValueKind.Null, variants[0].GetProperty("rounds")[0].GetProperty("resources").GetProperty("proxy").ValueKind);

        var figures = report.GetProperty("figures").EnumerateArray().ToDictionary(f => f.GetProperty("key").GetString()!);
        var rps = variants[1].GetProperty("rounds").EnumerateArray().Select(r => r.GetProperty("summary").GetProperty("actualRps").GetDouble()).ToList();
        Assert.Equal(rps.Select(r => 30 / (r / 1000)).Average(), figures["proxyCpuPer1000Rps"].GetProperty("meshed").GetDouble(), 6);
        Assert.Equal(40, figures["proxyMemory"].GetProperty("meshed").GetDouble(), 6);
        Assert.Equal(8, figures["controlPlaneCpu"].GetProperty("meshed").GetDouble(), 6);
        Assert.Equal(60, figures["controlPlaneMemory"].GetProperty("meshed").GetDouble(), 6);
        var p99 = figures["p99"];
        Assert.Equal(p99.GetProperty("meshed").GetDouble() - p99.GetProperty("plain").GetDouble(), p99.GetProperty("delta").GetDouble(), 6);
        Assert.True(p99.GetProperty("deltaMin").GetDouble() <= p99.GetProperty("deltaMax").GetDouble());
        Assert.Equal(100, figures["success"].GetProperty("plain").GetDouble(), 6);

        var smp = await api.GetFromJsonAsync<JsonElement>($"/api/perf/overhead/{id}/smp?format=json");
        var documents = smp.EnumerateArray().ToList();
        Assert.Equal(4, documents.Count);
        var meshedDocs = documents.Where(d => d.GetProperty("performance_test_config").GetProperty("labels").GetProperty("meshdock.io/variant").GetString() == "meshed").ToList();
        Assert.Equal(2, meshedDocs.Count);
        Assert.All(meshedDocs, d =>
        {
            var mesh = d.GetProperty("service_mesh_config");
            Assert.Equal(mesh.GetProperty("id").GetString(), d.GetProperty("performance_test_result").GetProperty("mesh_config_id").GetString());
            Assert.Equal(30, mesh.GetProperty("sidecar").GetProperty("cpu_mcores").GetInt32());
            Assert.Equal(42, mesh.GetProperty("sidecar").GetProperty("mem_mb").GetInt32()); // 40 MiB
            Assert.Equal(8, mesh.GetProperty("mesh_control_plane").GetProperty("cpu_mcores").GetInt32());
        });
        Assert.All(documents.Except(meshedDocs), d => Assert.False(d.TryGetProperty("service_mesh_config", out _)));

        var html = await api.GetStringAsync($"/api/perf/overhead/{id}/html");
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        Assert.Equal(4, html.Split("<polyline").Length - 1);
        Assert.Contains("Proxy CPU per 1,000 rps", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.Ordinal);

        var list = await api.GetFromJsonAsync<JsonElement>("/api/perf/overhead");
        Assert.Contains(list.EnumerateArray(), r => r.GetProperty("id").GetString() == id);

        using (var removed = await api.DeleteActionAsync($"/api/perf/overhead/{id}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/perf/overhead/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/perf/runs/{meshedRound.GetProperty("runId").GetString()}")).StatusCode);
        var namespaces = _emulator.Cluster.Store.List(_emulator.Cluster.Type("", "namespaces"), null).Items
            .Where(n => n["metadata"]!["name"]!.GetValue<string>().StartsWith($"overhead-{id[^8..]}", StringComparison.Ordinal)
                && n["status"]?["phase"]?.GetValue<string>() != "Terminating");
        Assert.Empty(namespaces);
    }

    [Fact]
    public async Task A_report_on_a_mesh_that_is_not_there_or_with_bad_input_is_refused_with_sentences()
    {
        var api = _server.Api;
        using var noMesh = await api.PostAsJsonAsync("/api/perf/overhead", new { rounds = 9, workload = "nope" });
        Assert.Equal(HttpStatusCode.BadRequest, noMesh.StatusCode);
        var problem = await noMesh.Content.ReadFromJsonAsync<JsonElement>();
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains("'mesh' is required", detail, StringComparison.Ordinal);
        Assert.Contains("'nope' is not a sample app", detail, StringComparison.Ordinal);
        Assert.Contains("'rounds' must be between 1 and 5", detail, StringComparison.Ordinal);

        using var unknown = await api.PostAsJsonAsync("/api/perf/overhead", new { mesh = "nosuchmesh" });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);

        await AssertRefusedAsync(api, new { mesh = "istio", rounds = 0, runnerPods = 21 },
            "'rounds' must be between 1 and 5, not 0.", "'runnerPods' must be between 1 and 20, not 21.");
        await AssertRefusedAsync(api, new { mesh = "istio", filter = new { name = "no-such-filter" } },
            "There is no filter named 'no-such-filter' in the registry");
        await AssertRefusedAsync(api, new { mesh = "istio", filter = new { name = "" } }, "'filter.name' is required");
        await AssertRefusedAsync(api, new { mesh = "istio", filter = new { name = "rate-limit", configuration = "text", vmConfiguration = "x", rootId = new string('r', 300) } },
            "give 'filter.configuration' as an object", "leave 'filter.vmConfiguration' out", "'filter.rootId' must be at most 256 characters");
        await AssertRefusedAsync(api, new { mesh = "linkerd", filter = new { name = "rate-limit" } },
            "Linkerd cannot run proxy-wasm filters", "leave 'filter' out, or measure a mesh that runs them (");
        Assert.Empty(await api.GetFromJsonAsync<JsonElement[]>("/api/perf/overhead") ?? []);

        // Istio is in the catalog but not installed: the operation fails with a sentence saying what to do.
        using var notInstalled = await api.PostAsJsonAsync("/api/perf/overhead", new { mesh = "istio" });
        Assert.Equal(HttpStatusCode.Accepted, notInstalled.StatusCode);
        var id = (await notInstalled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var final = await api.WaitForFinalAsync(id, Patience);
        Assert.Equal("failed", final.Status);
        Assert.Contains("is not installed on this cluster", final.Error, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/api/perf/overhead/nope")).StatusCode);
    }

    private static async Task AssertRefusedAsync(HttpClient api, object body, params string[] sentences)
    {
        using var response = await api.PostAsJsonAsync("/api/perf/overhead", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var detail = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;
        Assert.All(sentences, sentence => Assert.Contains(sentence, detail, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_filtered_namespace_is_measured_in_the_rotation_and_goes_away_with_its_attachment()
    {
        var api = _server.Api;
        await InstallIstioAsync(api);

        using var start = await api.PostAsJsonAsync("/api/perf/overhead", new
        {
            mesh = "istio",
            profile = new { model = "open", rps = 200, connections = 2, durationSeconds = 2 },
            rounds = 2,
            runnerPods = 2,
            filter = new { name = "rate-limit", configuration = new { paths = new[] { "/pull" }, limits = new Dictionary<string, int> { ["Personal"] = 10 } } },
        });
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var id = (await start.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var filteredNs = $"overhead-{id[^8..]}-filtered";
        _emulator.Cluster.PodMetrics.Set($"overhead-{id[^8..]}-meshed", "httpbin-", "istio-proxy", "30m", "40Mi");
        _emulator.Cluster.PodMetrics.Set(filteredNs, "httpbin-", "istio-proxy", "45m", "52Mi");

        var events = await api.PollEventsUntilFinalAsync(id, Patience);
        Assert.True(events[^1].Status == "succeeded", string.Join("\n", events.Select(e => e.Message)));
        // Every round starts one variant further along: no variant always runs first, or always after another.
        Assert.Equal(["Round 1 of 2: plain", "Round 1 of 2: meshed", "Round 1 of 2: filtered", "Round 2 of 2: meshed", "Round 2 of 2: filtered", "Round 2 of 2: plain"],
            events.Where(e => e.Kind == "step" && e.Message.StartsWith("Round", StringComparison.Ordinal)).Select(e => e.Message[..e.Message.IndexOf(" (", StringComparison.Ordinal)]));

        var report = await api.GetFromJsonAsync<JsonElement>($"/api/perf/overhead/{id}");
        var variants = report.GetProperty("variants").EnumerateArray().ToList();
        Assert.Equal(["plain", "meshed", "filtered"], variants.Select(v => v.GetProperty("key").GetString()));
        Assert.Equal([null, null, "rate-limit"], variants.Select(v => v.GetProperty("filter").GetString()));
        foreach (var (variant, upstream) in new[] { (variants[0], _plain), (variants[1], _meshed), (variants[2], _filtered) })
        {
            var rounds = variant.GetProperty("rounds").EnumerateArray().ToList();
            Assert.Equal(2, rounds.Count);
            Assert.Equal(upstream.Count, rounds.Sum(r => r.GetProperty("summary").GetProperty("requests").GetInt64()));
            Assert.All(rounds, r => Assert.InRange(r.GetProperty("summary").GetProperty("requests").GetInt64(), 380, 420));
        }
        var filteredRun = await api.GetFromJsonAsync<JsonElement>($"/api/perf/runs/{variants[2].GetProperty("rounds")[0].GetProperty("runId").GetString()}");
        var placement = filteredRun.GetProperty("summary").GetProperty("placement");
        Assert.Equal((filteredNs, 2, true), (placement.GetProperty("namespace").GetString(), placement.GetProperty("pods").GetInt32(), placement.GetProperty("meshed").GetBoolean()));

        // The filter is attached as the Filters page would: listed there, a WasmPlugin on httpbin's pods.
        var attachmentId = variants[2].GetProperty("attachmentId").GetString();
        var attachment = Assert.Single(await api.GetFromJsonAsync<JsonElement[]>("/api/filters/attachments") ?? []);
        Assert.Equal((attachmentId, "attached", filteredNs), (attachment.GetProperty("id").GetString(), attachment.GetProperty("status").GetString(), attachment.GetProperty("namespace").GetString()));
        var plugins = _emulator.Cluster.Store.List(_emulator.Cluster.Type("extensions.istio.io", "wasmplugins"), filteredNs).Items;
        var plugin = Assert.Single(plugins);
        // httpbin's pods by Meshdock's label and by the app label Consul and Kuma name the service by; runner pods carry neither.
        var matchLabels = plugin["spec"]!["selector"]!["matchLabels"]!.AsObject();
        Assert.Equal([("app", "httpbin"), ("meshdock.io/app", "httpbin")],
            matchLabels.Select(l => (l.Key, l.Value!.GetValue<string>())).OrderBy(l => l.Key, StringComparer.Ordinal));
        Assert.Equal(10, plugin["spec"]!["pluginConfig"]!["limits"]!["Personal"]!.GetValue<int>());

        var figures = report.GetProperty("figures").EnumerateArray().ToDictionary(f => f.GetProperty("key").GetString()!);
        var p99 = figures["p99"];
        var plainP99 = variants[0].GetProperty("rounds").EnumerateArray().Select(r => r.GetProperty("summary").GetProperty("latency").GetProperty("p99Ms").GetDouble()).ToList();
        var filteredP99 = variants[2].GetProperty("rounds").EnumerateArray().Select(r => r.GetProperty("summary").GetProperty("latency").GetProperty("p99Ms").GetDouble()).ToList();
        var deltas = filteredP99.Zip(plainP99, (f, p) => f - p).ToList();
        Assert.Equal(filteredP99.Average(), p99.GetProperty("filtered").GetDouble(), 6);
        Assert.Equal(deltas.Average(), p99.GetProperty("filteredDelta").GetDouble(), 6);
        Assert.Equal(deltas.Min(), p99.GetProperty("filteredDeltaMin").GetDouble(), 6);
        Assert.Equal(deltas.Max(), p99.GetProperty("filteredDeltaMax").GetDouble(), 6);
        Assert.Equal(52, figures["proxyMemory"].GetProperty("filtered").GetDouble(), 6);
        Assert.Equal(40, figures["proxyMemory"].GetProperty("meshed").GetDouble(), 6);
        Assert.Equal(52, figures["proxyMemory"].GetProperty("filteredDelta").GetDouble(), 6);

        var documents = (await api.GetFromJsonAsync<JsonElement>($"/api/perf/overhead/{id}/smp?format=json")).EnumerateArray().ToList();
        Assert.Equal(6, documents.Count);
        var filteredDocs = documents.Where(d => d.GetProperty("performance_test_config").GetProperty("labels").GetProperty("meshdock.io/variant").GetString() == "filtered").ToList();
        Assert.Equal(2, filteredDocs.Count);
        Assert.All(filteredDocs, d =>
        {
            Assert.Equal("rate-limit", d.GetProperty("performance_test_config").GetProperty("labels").GetProperty("meshdock.io/filter").GetString());
            Assert.Equal(45, d.GetProperty("service_mesh_config").GetProperty("sidecar").GetProperty("cpu_mcores").GetInt32());
        });
        var html = await api.GetStringAsync($"/api/perf/overhead/{id}/html");
        Assert.Equal(6, html.Split("<polyline").Length - 1);
        Assert.Contains("<th>Δ filtered (mean)</th>", html, StringComparison.Ordinal);
        Assert.Contains("runs rate-limit in the mesh's proxies", html, StringComparison.Ordinal);

        using (var removed = await api.DeleteActionAsync($"/api/perf/overhead/{id}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        }
        Assert.Empty(await api.GetFromJsonAsync<JsonElement[]>("/api/filters/attachments") ?? []);
        Assert.Empty(_emulator.Cluster.Store.List(_emulator.Cluster.Type("extensions.istio.io", "wasmplugins"), filteredNs).Items);
        var namespaces = _emulator.Cluster.Store.List(_emulator.Cluster.Type("", "namespaces"), null).Items
            .Where(n => n["metadata"]!["name"]!.GetValue<string>().StartsWith($"overhead-{id[^8..]}", StringComparison.Ordinal)
                && n["status"]?["phase"]?.GetValue<string>() != "Terminating");
        Assert.Empty(namespaces);
    }

    [Fact]
    public async Task Cancelling_a_report_cancels_its_running_load_test_and_keeps_what_was_measured()
    {
        var api = _server.Api;
        await InstallIstioAsync(api);

        using var start = await api.PostAsJsonAsync("/api/perf/overhead", new
        {
            mesh = "istio",
            profile = new { model = "open", rps = 50, connections = 1, durationSeconds = 60 },
        });
        var id = (await start.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var deadline = DateTime.UtcNow + Patience;
        while (_plain.Count < 20)
        {
            Assert.True(DateTime.UtcNow < deadline, "the first run never sent load");
            await Task.Delay(100);
        }
        using (var cancel = await api.PostActionAsync($"/api/operations/{id}/cancel"))
        {
            Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        }

        Assert.Equal("cancelled", (await api.WaitForFinalAsync(id, Patience)).Status);
        var report = await api.GetFromJsonAsync<JsonElement>($"/api/perf/overhead/{id}");
        Assert.Equal("cancelled", report.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, report.GetProperty("figures").ValueKind);
        var runs = await api.GetFromJsonAsync<JsonElement>("/api/perf/runs");
        var run = Assert.Single(runs.EnumerateArray(), r => r.GetProperty("name").GetString()!.EndsWith("plain, round 1", StringComparison.Ordinal));
        Assert.Equal("cancelled", run.GetProperty("status").GetString());
        Assert.True(run.GetProperty("summary").GetProperty("cancelled").GetBoolean());
        Assert.Equal(0, _meshed.Count);
    }
}
