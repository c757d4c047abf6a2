using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using k8s;

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
        _session.Emulator.Faults.FailPodsNamed("web-");

        var apply = await _session.KubectlAsync("apply", "--server-side", "-f", manifest);
        Assert.True(apply.ExitCode == 0, apply.ToString());
        Assert.Contains("deployment.apps/web serverside-applied", apply.Stdout, StringComparison.Ordinal);
        Assert.Contains("service/web serverside-applied", apply.Stdout, StringComparison.Ordinal);
        Assert.Contains("configmap/web-config serverside-applied", apply.Stdout, StringComparison.Ordinal);

        // The pods cannot start until the fault is removed, so rollout status must still be waiting then.
        var rolloutTask = _session.KubectlAsync("rollout", "status", "deploy/web", "--timeout=30s");
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.False(rolloutTask.IsCompleted, "rollout status returned while no pod could start");
        _session.Emulator.Faults.Heal("web-");
        var rollout = await rolloutTask;
        Assert.True(rollout.ExitCode == 0, rollout.ToString());
        Assert.Contains("Waiting for deployment \"web\" rollout to finish: 0 of 2 updated replicas are available", rollout.Stdout, StringComparison.Ordinal);
        Assert.EndsWith("deployment \"web\" successfully rolled out\n", rollout.Stdout, StringComparison.Ordinal);

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
        var podsGone = await _session.KubectlAsync("wait", "--for=delete", "pod", "-l", "app=web", "--timeout=20s");
        Assert.True(podsGone.ExitCode == 0, podsGone.ToString());
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
        // The old pod may still be terminating, as on a real cluster; the live one runs the new image.
        var pods = await _session.Client.CoreV1.ListNamespacedPodAsync("default", labelSelector: "app=roll");
        var live = Assert.Single(pods.Items, p => p.Metadata.DeletionTimestamp is null);
        Assert.Equal("nginx:1.28", live.Spec.Containers.Single().Image);
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
    public async Task RolloutStatusFailsFastOnceTheProgressDeadlineIsExceeded()
    {
        _session.Emulator.Faults.FailImage("registry.example/never");
        var manifest = _session.WriteFile("app.yaml", Manifests.App("stalled", "registry.example/never:1.0", replicas: 1, progressDeadlineSeconds: 2));
        Assert.Equal(0, (await _session.KubectlAsync("apply", "--server-side", "-f", manifest)).ExitCode);

        var rollout = await _session.KubectlAsync("rollout", "status", "deploy/stalled", "--timeout=30s");

        Assert.NotEqual(0, rollout.ExitCode);
        Assert.Contains("deployment \"stalled\" exceeded its progress deadline", rollout.Stderr, StringComparison.Ordinal);
        Assert.True(rollout.Elapsed < TimeSpan.FromSeconds(20), rollout.ToString());
        var deployment = await _session.Client.AppsV1.ReadNamespacedDeploymentAsync("stalled", "default");
        Assert.Contains(deployment.Status.Conditions, c => c.Type == "Progressing" && c.Status == "False" && c.Reason == "ProgressDeadlineExceeded");
    }

    [Fact]
    public async Task GetWatchPrintsEachChangeAsARowWithTheServersColumns()
    {
        _session.Emulator.Faults.FailPodsNamed("watched-");
        var manifest = _session.WriteFile("app.yaml", Manifests.App("watched", replicas: 1));
        Assert.Equal(0, (await _session.KubectlAsync("apply", "--server-side", "-f", manifest)).ExitCode);

        var watch = _session.KubectlAsync("get", "pods", "-l", "app=watched", "--watch", "--request-timeout=8s");
        await Task.Delay(TimeSpan.FromSeconds(2));
        _session.Emulator.Faults.Heal("watched-");
        var result = await watch;

        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines, l => l.StartsWith("NAME ", StringComparison.Ordinal));
        Assert.Matches(@"^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$", lines[0]);
        Assert.Contains(lines, l => Regex.IsMatch(l, @"^watched-\S+\s+0/1\s+(ErrImagePull|ImagePullBackOff)\s"));
        Assert.Contains(lines, l => Regex.IsMatch(l, @"^watched-\S+\s+1/1\s+Running\s"));
    }

    [Fact]
    public async Task GetEventsAndDescribeShowWhatHappenedToAPod()
    {
        var manifest = _session.WriteFile("app.yaml", Manifests.App("described", replicas: 1));
        Assert.Equal(0, (await _session.KubectlAsync("apply", "--server-side", "-f", manifest)).ExitCode);
        Assert.Equal(0, (await _session.KubectlAsync("rollout", "status", "deploy/described", "--timeout=30s")).ExitCode);

        var events = await _session.KubectlAsync("get", "events");
        var describe = await _session.KubectlAsync("describe", "pod", "-l", "app=described");
        var protectedNamespace = await _session.KubectlAsync("delete", "namespace", "default");

        Assert.Matches(@"LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE", events.Stdout);
        Assert.Matches(@"Normal\s+Scheduled\s+pod/described-", events.Stdout);
        Assert.Matches(@"Status:\s+Running", describe.Stdout);
        Assert.Contains("Successfully assigned default/described-", describe.Stdout, StringComparison.Ordinal);
        Assert.NotEqual(0, protectedNamespace.ExitCode);
        Assert.Contains("this namespace may not be deleted", protectedNamespace.Stderr, StringComparison.Ordinal);
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
