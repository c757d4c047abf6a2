using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Meshdock.KubeEmulator;
using Meshdock.KubeEmulator.Testing;
using Meshdock.Server.Tests.Features.Meshes;
using Meshdock.Server.Tests.Infrastructure;

namespace Meshdock.Server.Tests.Kubernetes.Helm;

/// <summary>The cached helm listing belongs to one cluster: a pasted kubeconfig naming another is asked afresh.</summary>
public sealed class ReleaseCacheTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task A_pasted_kubeconfig_for_another_cluster_with_the_same_context_name_is_not_answered_from_the_first_clusters_cache()
    {
        await using var first = await Meshdock.KubeEmulator.KubeEmulator.StartAsync(new KubeEmulatorOptions { PodReadyDelay = TimeSpan.FromMilliseconds(100) });
        await using var second = await Meshdock.KubeEmulator.KubeEmulator.StartAsync(new KubeEmulatorOptions { PodReadyDelay = TimeSpan.FromMilliseconds(100) });
        var firstConfig = first.WriteKubeconfig(Path.Combine(_folder.Path, "first"), contextName: "docker-desktop");
        var secondConfig = second.WriteKubeconfig(Path.Combine(_folder.Path, "second"), contextName: "docker-desktop");
        // Istio is on the second cluster only, installed by helm behind Meshdock's back.
        var installed = await ToolProcess.RunAsync(TestHelm.Path,
            ["install", "istiod", TestHelm.TestChart, "--namespace", "istio-system", "--create-namespace", "--wait", "--kubeconfig", secondConfig],
            new Dictionary<string, string> { ["HELM_CACHE_HOME"] = Path.Combine(_folder.Path, "helm"), ["HELM_CONFIG_HOME"] = Path.Combine(_folder.Path, "helm") },
            TimeSpan.FromSeconds(90));
        Assert.True(installed.ExitCode == 0, installed.ToString());
        var catalogOverride = Path.Combine(_folder.Path, "catalog-override.yaml");
        await File.WriteAllTextAsync(catalogOverride, $$"""
            meshes:
              - id: istio
                helm:
                  charts: [{ chart: "{{TestHelm.TestChart}}", release: istiod }]
                versions: { default: 0.1.0, selectable: [0.1.0] }
                health: [{ kind: Deployment, name: istiod-control-plane }]
            """);
        await using var server = await ServerProcess.StartAsync(socket: false, tcp: true, dataDirectory: null, socketPath: null,
            "--Cluster:Kubeconfig", firstConfig, "--Cluster:InContainer", "false",
            "--Helm:Path", TestHelm.Path, "--Helm:Home", Path.Combine(_folder.Path, "server-helm"),
            "--Helm:ListCacheDuration", "00:05:00", "--Meshes:CatalogOverride", catalogOverride);
        using var api = server.Api;
        Assert.Equal("notInstalled", (await IstioAsync(api)).GetProperty("status").GetString());

        using var pasted = await api.PostAsync("/api/cluster/kubeconfig", new StringContent(await File.ReadAllTextAsync(secondConfig), System.Text.Encoding.UTF8, "application/yaml"));
        Assert.True(pasted.IsSuccessStatusCode, await pasted.Content.ReadAsStringAsync());

        var istio = await IstioAsync(api);
        Assert.Equal(("installed", "helm"), (istio.GetProperty("status").GetString(), istio.GetProperty("detectedBy").GetString()));
        Assert.Equal("istiod", istio.GetProperty("releases")[0].GetProperty("name").GetString());
    }

    public void Dispose() => _folder.Dispose();

    private static async Task<JsonElement> IstioAsync(HttpClient api)
    {
        using var response = await api.GetAsync("/api/meshes");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var meshes = await response.Content.ReadFromJsonAsync<JsonElement>();
        return meshes.GetProperty("meshes").EnumerateArray().Single(m => m.GetProperty("id").GetString() == "istio").GetProperty("state");
    }

    [Theory]
    [InlineData("--Helm:ListCacheDuration=-00:00:01", "Helm:ListCacheDuration must be zero")]
    [InlineData("--Helm:ListCacheDuration=soon", "Helm:ListCacheDuration")]
    public async Task A_bad_cache_duration_stops_the_start_with_the_setting_named(string argument, string expected)
    {
        using var data = new TempFolder();

        var (exitCode, output) = await ServerProcess.RunToExitAsync(data.Path, argument);

        Assert.NotEqual(0, exitCode);
        Assert.Contains(expected, output, StringComparison.Ordinal);
    }
}
