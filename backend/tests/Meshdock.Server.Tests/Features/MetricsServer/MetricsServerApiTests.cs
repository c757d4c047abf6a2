using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Meshdock.KubeEmulator;
using Meshdock.Server.Tests.Infrastructure;

namespace Meshdock.Server.Tests.Features.MetricsServer;

/// <summary>
/// metrics-server's upstream chart (3.13.1, vendored as a fixture) installed by the real helm through Meshdock's
/// operation into the emulator, which serves the metrics API once the chart's APIService is backed by a Ready pod.
/// </summary>
public sealed class MetricsServerApiTests : IAsyncLifetime, IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private readonly TempFolder _folder = new();
    private KubeEmulator.KubeEmulator _emulator = null!;
    private ServerProcess _server = null!;

    public async Task InitializeAsync()
    {
        _emulator = await KubeEmulator.KubeEmulator.StartAsync(new KubeEmulatorOptions { PodReadyDelay = TimeSpan.FromMilliseconds(700) });
        var kubeconfig = _emulator.WriteKubeconfig(Path.Combine(_folder.Path, "kubeconfig"));
        _server = await ServerProcess.StartAsync(socket: false, tcp: true, dataDirectory: null, socketPath: null,
            "--Cluster:Kubeconfig", kubeconfig,
            "--Cluster:InContainer", "false",
            "--Helm:Path", TestHelm.Path,
            "--Helm:Home", Path.Combine(_folder.Path, "helm-home"),
            "--MetricsServer:Repository", "",
            "--MetricsServer:Chart", Path.Combine(AppContext.BaseDirectory, "Fixtures", "charts", "metrics-server-3.13.1", "metrics-server-3.13.1.tgz"),
            "--MetricsServer:ReadyTimeout", "00:00:40");
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _emulator.DisposeAsync();
    }

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task The_status_says_what_is_lost_then_the_install_brings_the_metrics_api_with_live_progress()
    {
        var api = _server.Api;
        var before = await api.GetFromJsonAsync<JsonElement>("/api/metrics-server");
        Assert.Equal("missing", before.GetProperty("state").GetString());
        Assert.Contains("no CPU or memory figures", before.GetProperty("withoutIt").GetString(), StringComparison.Ordinal);
        Assert.Equal("3.13.1", before.GetProperty("chartVersion").GetString());

        using var response = await api.PostActionAsync("/api/metrics-server/install");
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var events = await api.PollEventsUntilFinalAsync(id, Patience);

        Assert.True(events[^1].Status == "succeeded", string.Join("\n", events.Select(e => e.Message)));
        Assert.Contains(events, e => e.Kind == "step" && e.Message.Contains("--kubelet-insecure-tls", StringComparison.Ordinal));
        Assert.Contains(events, e => e.Message.Contains("Ready", StringComparison.Ordinal) && e.Message.Contains("metrics-server-", StringComparison.Ordinal));
        Assert.Contains(events, e => e.Message.StartsWith("The metrics API answers", StringComparison.Ordinal));

        var after = await api.GetFromJsonAsync<JsonElement>("/api/metrics-server");
        Assert.Equal("installed", after.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, after.GetProperty("withoutIt").ValueKind);

        // What the chart made, as helm applied it: the flag Docker Desktop's kubelet needs, and Meshdock's release label.
        var deployment = _emulator.Cluster.Store.Get(_emulator.Cluster.Type("apps", "deployments"), "kube-system", "metrics-server")!;
        Assert.Contains("--kubelet-insecure-tls", deployment.ToJsonString(), StringComparison.Ordinal);
        var releases = await Meshdock.KubeEmulator.Testing.ToolProcess.RunAsync(TestHelm.Path,
            ["list", "-A", "--selector", "managed-by=meshdock", "-o", "json", "--kubeconfig", Path.Combine(_folder.Path, "kubeconfig")], timeout: TimeSpan.FromSeconds(30));
        Assert.Contains("\"metrics-server\"", releases.Stdout, StringComparison.Ordinal);
    }
}
