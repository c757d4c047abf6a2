using System.Text.Json.Nodes;

namespace Meshdock.KubeEmulator.Tests;

/// <summary>The stock kubectl (Google Cloud SDK's dispatcher, which picks kubectl.1.32 by the server's version) against the emulator.</summary>
public sealed class KubectlFidelityTests : IAsyncLifetime
{
    private readonly ClusterSession _session = new();

    public Task InitializeAsync() => _session.InitializeAsync();

    public Task DisposeAsync() => _session.DisposeAsync();

    [Fact]
    public async Task GetNodesShowsTheReadyDockerDesktopNode()
    {
        var result = await _session.KubectlAsync("get", "nodes");

        Assert.True(result.ExitCode == 0, result.ToString());
        var row = result.Stdout.Split('\n').Single(l => l.StartsWith("docker-desktop", StringComparison.Ordinal));
        Assert.Contains(" Ready ", row, StringComparison.Ordinal);
        Assert.Contains("v1.32.2", row, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApplyServerSideThenRolloutStatusThenDelete()
    {
        var manifest = _session.WriteFile("app.yaml", Manifests.App("web"));

        var apply = await _session.KubectlAsync("apply", "--server-side", "-f", manifest);
        Assert.True(apply.ExitCode == 0, apply.ToString());
        Assert.Contains("deployment.apps/web serverside-applied", apply.Stdout, StringComparison.Ordinal);
        Assert.Contains("service/web serverside-applied", apply.Stdout, StringComparison.Ordinal);
        Assert.Contains("configmap/web-config serverside-applied", apply.Stdout, StringComparison.Ordinal);

        var rollout = await _session.KubectlAsync("rollout", "status", "deploy/web", "--timeout=30s");
        Assert.True(rollout.ExitCode == 0, rollout.ToString());
        Assert.Contains("deployment \"web\" successfully rolled out", rollout.Stdout, StringComparison.Ordinal);
        // It waited for the pods: the first status it printed was a "Waiting for ..." line.
        Assert.Contains("Waiting for deployment \"web\" rollout to finish", rollout.Stdout, StringComparison.Ordinal);

        var pods = await _session.KubectlAsync("get", "pods", "-A");
        Assert.True(pods.ExitCode == 0, pods.ToString());
        var webPods = pods.Stdout.Split('\n').Where(l => l.StartsWith("default ", StringComparison.Ordinal) && l.Contains(" web-", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, webPods.Count);
        Assert.All(webPods, l => Assert.Matches(@"\s1/1\s+Running\s", l));

        var json = await _session.KubectlAsync("get", "deploy", "-o", "json");
        Assert.True(json.ExitCode == 0, json.ToString());
        var deployment = JsonNode.Parse(json.Stdout)!["items"]!.AsArray().Single()!;
        Assert.Equal("web", deployment["metadata"]!["name"]!.GetValue<string>());
        Assert.Equal(2, deployment["status"]!["readyReplicas"]!.GetValue<int>());
        Assert.Equal(deployment["metadata"]!["generation"]!.GetValue<long>(), deployment["status"]!["observedGeneration"]!.GetValue<long>());

        var delete = await _session.KubectlAsync("delete", "-f", manifest, "--wait=true", "--timeout=30s");
        Assert.True(delete.ExitCode == 0, delete.ToString());
        Assert.Contains("deployment.apps \"web\" deleted", delete.Stdout, StringComparison.Ordinal);
        var after = await _session.KubectlAsync("get", "pods,rs,deploy", "-o", "name");
        Assert.True(after.ExitCode == 0, after.ToString());
        Assert.DoesNotContain("web", after.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RolloutStatusOfANewTemplateWaitsForTheNewReplicaSet()
    {
        var manifest = _session.WriteFile("app.yaml", Manifests.App("roll", "nginx:1.27", replicas: 1));
        Assert.Equal(0, (await _session.KubectlAsync("apply", "--server-side", "-f", manifest)).ExitCode);
        Assert.Equal(0, (await _session.KubectlAsync("rollout", "status", "deploy/roll", "--timeout=30s")).ExitCode);

        File.WriteAllText(manifest, Manifests.App("roll", "nginx:1.28", replicas: 1));
        Assert.Equal(0, (await _session.KubectlAsync("apply", "--server-side", "-f", manifest)).ExitCode);
        var rollout = await _session.KubectlAsync("rollout", "status", "deploy/roll", "--timeout=30s");

        Assert.True(rollout.ExitCode == 0, rollout.ToString());
        var images = await _session.KubectlAsync("get", "pods", "-l", "app=roll", "-o", "jsonpath={.items[*].spec.containers[0].image}");
        Assert.Equal("nginx:1.28", images.Stdout.Trim());
        var sets = await _session.KubectlAsync("get", "rs", "-l", "app=roll", "-o", "jsonpath={.items[*].spec.replicas}");
        Assert.Equal(["0", "1"], sets.Stdout.Trim().Split(' ').Order());
    }

    [Fact]
    public async Task RolloutStatusTimesOutWhileAPodCannotPullItsImage()
    {
        _session.Emulator.Faults.FailImage("registry.example/missing");
        var manifest = _session.WriteFile("app.yaml", Manifests.App("broken", "registry.example/missing:1.0", replicas: 1));
        Assert.Equal(0, (await _session.KubectlAsync("apply", "--server-side", "-f", manifest)).ExitCode);

        var rollout = await _session.KubectlAsync("rollout", "status", "deploy/broken", "--timeout=3s");

        Assert.NotEqual(0, rollout.ExitCode);
        Assert.Contains("0 of 1 updated replicas are available", rollout.Stdout, StringComparison.Ordinal);
        var pods = await _session.KubectlAsync("get", "pods", "-l", "app=broken");
        Assert.Contains("ImagePullBackOff", pods.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACrdAppliedServerSideServesItsCustomResources()
    {
        var crd = await _session.KubectlAsync("apply", "--server-side", "-f", _session.WriteFile("crd.yaml", Manifests.GadgetCrd));
        Assert.True(crd.ExitCode == 0, crd.ToString());
        var established = await _session.KubectlAsync("wait", "--for=condition=Established", "crd/gadgets.example.meshdock.io", "--timeout=10s");
        Assert.True(established.ExitCode == 0, established.ToString());

        var cr = await _session.KubectlAsync("apply", "--server-side", "-f", _session.WriteFile("gadget.yaml", Manifests.Gadget));
        Assert.True(cr.ExitCode == 0, cr.ToString());
        Assert.Contains("gadget.example.meshdock.io/first serverside-applied", cr.Stdout, StringComparison.Ordinal);

        var byShortName = await _session.KubectlAsync("get", "gdg", "first", "-o", "jsonpath={.spec.color}");
        Assert.Equal("teal", byShortName.Stdout);

        var deleteCrd = await _session.KubectlAsync("delete", "crd", "gadgets.example.meshdock.io");
        Assert.True(deleteCrd.ExitCode == 0, deleteCrd.ToString());
        var gone = await _session.KubectlAsync("get", "gadgets");
        // kubectl still has the type in its discovery cache, so the server's 404 is what it reports (as with a real cluster).
        Assert.NotEqual(0, gone.ExitCode);
        Assert.Contains("NotFound", gone.Stderr, StringComparison.Ordinal);
    }
}
