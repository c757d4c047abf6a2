using k8s;
using Meshdock.KubeEmulator.Testing;

namespace Meshdock.KubeEmulator.Tests;

/// <summary>The real helm 4 CLI (server-side apply, protobuf release Secrets, watch-based --wait) against the emulator.</summary>
public sealed class HelmFidelityTests : IAsyncLifetime
{
    private readonly ClusterSession _session = new();

    public Task InitializeAsync() => _session.InitializeAsync();

    public Task DisposeAsync() => _session.DisposeAsync();

    [Fact]
    public async Task InstallWaitsForTheWorkloadThenUninstallRemovesTheRelease()
    {
        var install = await _session.HelmAsync("install", "demo", TestAssets.TestChartPath, "-n", "mesh", "--create-namespace",
            "--set", "replicaCount=2", "--wait", "--timeout", "60s");

        Assert.True(install.ExitCode == 0, install.ToString());
        Assert.Contains("STATUS: deployed", install.Stdout, StringComparison.Ordinal);
        // --wait returned only once the pods were Ready.
        var deployment = await _session.Client.AppsV1.ReadNamespacedDeploymentAsync("demo-control-plane", "mesh");
        Assert.Equal(2, deployment.Status.ReadyReplicas);
        var widget = await _session.Client.CustomObjects.GetNamespacedCustomObjectAsync<System.Text.Json.JsonElement>("test.meshdock.io", "v1", "mesh", "widgets", "demo");
        Assert.Equal(3, widget.GetProperty("spec").GetProperty("size").GetInt32());

        var releases = await _session.Client.CoreV1.ListNamespacedSecretAsync("mesh", labelSelector: "owner=helm,name=demo");
        var release = Assert.Single(releases.Items);
        Assert.Equal("deployed", release.Metadata.Labels["status"]);
        Assert.Equal("helm.sh/release.v1", release.Type);

        var list = await _session.HelmAsync("list", "-A");
        Assert.Matches(@"demo\s+mesh\s+1\s.*deployed\s+meshdock-test-0\.1\.0", list.Stdout);

        var uninstall = await _session.HelmAsync("uninstall", "demo", "-n", "mesh", "--wait", "--timeout", "60s");
        Assert.True(uninstall.ExitCode == 0, uninstall.ToString());

        var after = await _session.HelmAsync("list", "-A");
        Assert.DoesNotContain("demo", after.Stdout, StringComparison.Ordinal);
        var deployments = await _session.Client.AppsV1.ListNamespacedDeploymentAsync("mesh");
        Assert.Empty(deployments.Items);
        await KubernetesClientTests.EventuallyAsync(async () =>
            (await _session.Client.CoreV1.ListNamespacedPodAsync("mesh")).Items.Count == 0 ? "" : null);
        // Helm leaves CRDs from crds/ in place, as on a real cluster.
        await _session.Client.ApiextensionsV1.ReadCustomResourceDefinitionAsync("widgets.test.meshdock.io");
    }

    [Fact]
    public async Task UpgradeChangesTheConfigMapAndRollsTheDeployment()
    {
        var install = await _session.HelmAsync("install", "demo", TestAssets.TestChartPath, "-n", "default", "--wait", "--timeout", "60s");
        Assert.True(install.ExitCode == 0, install.ToString());
        var before = await _session.Client.AppsV1.ReadNamespacedDeploymentAsync("demo-control-plane", "default");

        var upgrade = await _session.HelmAsync("upgrade", "demo", TestAssets.TestChartPath, "-n", "default", "--set", "greeting=bye",
            "--set", "widget.enabled=false", "--wait", "--timeout", "60s");

        Assert.True(upgrade.ExitCode == 0, upgrade.ToString());
        var config = await _session.Client.CoreV1.ReadNamespacedConfigMapAsync("demo-config", "default");
        Assert.Equal("bye", config.Data["GREETING"]);
        var after = await _session.Client.AppsV1.ReadNamespacedDeploymentAsync("demo-control-plane", "default");
        Assert.Equal(before.Metadata.Generation + 1, after.Metadata.Generation);
        Assert.Equal(after.Metadata.Generation, after.Status.ObservedGeneration);
        Assert.Equal(1, after.Status.UpdatedReplicas);
        var widgets = await _session.Client.CustomObjects.ListNamespacedCustomObjectAsync<System.Text.Json.JsonElement>("test.meshdock.io", "v1", "default", "widgets");
        Assert.Equal(0, widgets.GetProperty("items").GetArrayLength());
        var history = await _session.HelmAsync("history", "demo", "-n", "default");
        Assert.Contains("superseded", history.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InstallWaitFailsWhenThePodsCannotPullTheirImage()
    {
        _session.Emulator.Faults.FailImage("ghcr.io/meshdock/test-control-plane");

        var install = await _session.HelmAsync("install", "stuck", TestAssets.TestChartPath, "-n", "default", "--wait", "--timeout", "4s");

        Assert.NotEqual(0, install.ExitCode);
        Assert.Contains("context deadline exceeded", install.Stderr, StringComparison.Ordinal);
        var pods = await _session.Client.CoreV1.ListNamespacedPodAsync("default", labelSelector: "app.kubernetes.io/instance=stuck");
        var waiting = Assert.Single(pods.Items).Status.ContainerStatuses.Single().State.Waiting;
        Assert.Equal("ImagePullBackOff", waiting.Reason);
    }
}
