using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Meshdock.KubeEmulator.Tests;

/// <summary>KubernetesClient (what Meshdock uses) against the emulator: watches, errors, selectors, patches, cascades.</summary>
public sealed class KubernetesClientTests : IAsyncLifetime
{
    private readonly ClusterSession _session = new();

    private Kubernetes Client => _session.Client;

    public Task InitializeAsync() => _session.InitializeAsync();

    public Task DisposeAsync() => _session.DisposeAsync();

    private static V1Deployment Deployment(string name, string image = "nginx:1.27", int replicas = 1) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["app"] = name } },
        Spec = new V1DeploymentSpec
        {
            Replicas = replicas,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = name } },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = name, ["tier"] = "web" } },
                Spec = new V1PodSpec { Containers = [new V1Container { Name = "main", Image = image }] },
            },
        },
    };

    private async Task CreateNamespaceAsync(string name) =>
        await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } });

    /// <summary>The states a pod passes, as a watcher sees them: phase, waiting reason, ready.</summary>
    private static string Describe(V1Pod pod)
    {
        var container = pod.Status?.ContainerStatuses?.FirstOrDefault();
        var waiting = container?.State?.Waiting?.Reason;
        var ready = pod.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;
        return ready ? "Ready" : waiting ?? pod.Status?.Phase ?? "?";
    }

    [Fact]
    public async Task AWatchOnANamespaceSeesPodsGoFromPendingToReady()
    {
        await CreateNamespaceAsync("watched");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var seen = new List<(WatchEventType Type, string Pod, string State)>();
        // List then watch from the list's resourceVersion, as an informer does: no event can be missed.
        var listed = await Client.CoreV1.ListNamespacedPodAsync("watched", cancellationToken: cts.Token);
        var watching = Task.Run(async () =>
        {
            await foreach (var (type, pod) in Client.CoreV1.WatchListNamespacedPodAsync("watched", resourceVersion: listed.Metadata.ResourceVersion, cancellationToken: cts.Token))
            {
                seen.Add((type, pod.Metadata.Name, Describe(pod)));
                if (Describe(pod) == "Ready") return;
            }
        }, cts.Token);

        var owner = await Client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("api"), "watched", cancellationToken: cts.Token);
        await watching;

        Assert.Equal(WatchEventType.Added, seen[0].Type);
        var states = seen.Select(s => s.State).Distinct().ToList();
        Assert.Equal(["Pending", "ContainerCreating", "Running", "Ready"], states);
        var pod = (await Client.CoreV1.ListNamespacedPodAsync("watched")).Items.Single();
        Assert.StartsWith("api-", pod.Metadata.Name, StringComparison.Ordinal);
        Assert.Equal("web", pod.Metadata.Labels["tier"]);
        Assert.Equal("nginx:1.27", pod.Spec.Containers.Single().Image);
        var rs = pod.Metadata.OwnerReferences.Single();
        Assert.Equal("ReplicaSet", rs.Kind);
        var set = await Client.AppsV1.ReadNamespacedReplicaSetAsync(rs.Name, "watched");
        Assert.Equal(owner.Metadata.Uid, set.Metadata.OwnerReferences.Single().Uid);
    }

    [Fact]
    public async Task AWatchResumesFromAResourceVersionWithoutAGap()
    {
        var first = await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "one" } }, "default");
        await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "two" } }, "default");
        await Client.CoreV1.DeleteNamespacedConfigMapAsync("one", "default");

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var events = new List<string>();
        await foreach (var (type, cm) in Client.CoreV1.WatchListNamespacedConfigMapAsync("default", resourceVersion: first.Metadata.ResourceVersion, cancellationToken: cts.Token))
        {
            events.Add($"{type} {cm.Metadata.Name}");
            if (events.Count == 2) break;
        }

        Assert.Equal(["Added two", "Deleted one"], events);
        Assert.True(long.Parse(first.Metadata.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture) > 0);
    }

    [Fact]
    public async Task APodWhoseImageIsMissingWaitsInImagePullBackOffUntilTheImageAppears()
    {
        _session.Emulator.Faults.FailImage("ghcr.io/example/missing");
        await Client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("broken", "ghcr.io/example/missing:2.0"), "default");

        var waiting = await EventuallyAsync(async () =>
        {
            var pod = (await Client.CoreV1.ListNamespacedPodAsync("default", labelSelector: "app=broken")).Items.SingleOrDefault();
            var state = pod?.Status?.ContainerStatuses?.Single().State.Waiting;
            return state?.Reason == "ImagePullBackOff" ? state : null;
        });
        Assert.Equal("Back-off pulling image \"ghcr.io/example/missing:2.0\"", waiting.Message);
        var deployment = await Client.AppsV1.ReadNamespacedDeploymentAsync("broken", "default");
        Assert.Equal(0, deployment.Status.AvailableReplicas ?? 0);
        Assert.Contains(deployment.Status.Conditions, c => c.Type == "Available" && c.Status == "False");
        var events = await Client.CoreV1.ListNamespacedEventAsync("default", fieldSelector: "reason=Failed");
        Assert.Contains(events.Items, e => e.Message.Contains("ghcr.io/example/missing:2.0", StringComparison.Ordinal) && e.Type == "Warning");

        _session.Emulator.Faults.Heal("ghcr.io/example/missing");

        var healed = await EventuallyAsync(async () =>
        {
            var d = await Client.AppsV1.ReadNamespacedDeploymentAsync("broken", "default");
            return d.Status?.AvailableReplicas == 1 ? d : null;
        });
        Assert.Contains(healed.Status.Conditions, c => c.Type == "Available" && c.Status == "True");
    }

    [Fact]
    public async Task PodsFailByNamePrefixToo()
    {
        _session.Emulator.Faults.FailPodsNamed("flaky-");
        await Client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("flaky"), "default");
        await Client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("steady"), "default");

        await EventuallyAsync(async () =>
        {
            var steady = await Client.AppsV1.ReadNamespacedDeploymentAsync("steady", "default");
            return steady.Status?.ReadyReplicas == 1 ? steady : null;
        });
        var pod = (await Client.CoreV1.ListNamespacedPodAsync("default", labelSelector: "app=flaky")).Items.Single();
        Assert.Matches("^(ErrImagePull|ImagePullBackOff)$", pod.Status.ContainerStatuses.Single().State.Waiting.Reason);
    }

    [Fact]
    public async Task ACrashingContainerRestartsInCrashLoopBackOffUntilFixed()
    {
        _session.Emulator.Faults.CrashImage("ghcr.io/example/buggy");
        await Client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("buggy", "ghcr.io/example/buggy:1.0"), "default");

        var crashing = await EventuallyAsync(async () =>
        {
            var pod = (await Client.CoreV1.ListNamespacedPodAsync("default", labelSelector: "app=buggy")).Items.SingleOrDefault();
            var status = pod?.Status?.ContainerStatuses?.Single();
            return status?.RestartCount >= 2 && status.State.Waiting?.Reason == "CrashLoopBackOff" ? status : null;
        });
        Assert.Equal("Error", crashing.LastState.Terminated.Reason);
        Assert.Equal(1, crashing.LastState.Terminated.ExitCode);
        Assert.Equal("Running", (await Client.CoreV1.ListNamespacedPodAsync("default", labelSelector: "app=buggy")).Items.Single().Status.Phase);

        _session.Emulator.Faults.Heal("ghcr.io/example/buggy");

        var fixedPod = await EventuallyAsync(async () =>
        {
            var pod = (await Client.CoreV1.ListNamespacedPodAsync("default", labelSelector: "app=buggy")).Items.Single();
            return pod.Status.Conditions.Any(c => c.Type == "Ready" && c.Status == "True") ? pod : null;
        });
        Assert.True(fixedPod.Status.ContainerStatuses.Single().RestartCount >= 2);
    }

    [Fact]
    public async Task ErrorsAreKubernetesStatusBodies()
    {
        var notFound = await Assert.ThrowsAsync<HttpOperationException>(() => Client.AppsV1.ReadNamespacedDeploymentAsync("nope", "default"));
        var status = Status(notFound);
        Assert.Equal(HttpStatusCode.NotFound, notFound.Response.StatusCode);
        Assert.Equal("NotFound", status["reason"]!.GetValue<string>());
        Assert.Equal("deployments.apps \"nope\" not found", status["message"]!.GetValue<string>());
        Assert.Equal("deployments", status["details"]!["kind"]!.GetValue<string>());

        await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "dup" } }, "default");
        var exists = await Assert.ThrowsAsync<HttpOperationException>(() =>
            Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "dup" } }, "default"));
        Assert.Equal(HttpStatusCode.Conflict, exists.Response.StatusCode);
        Assert.Equal("AlreadyExists", Status(exists)["reason"]!.GetValue<string>());

        var stale = await Client.CoreV1.ReadNamespacedConfigMapAsync("dup", "default");
        stale.Data = new Dictionary<string, string> { ["a"] = "1" };
        await Client.CoreV1.ReplaceNamespacedConfigMapAsync(stale, "dup", "default");
        stale.Data = new Dictionary<string, string> { ["a"] = "2" };
        var conflict = await Assert.ThrowsAsync<HttpOperationException>(() => Client.CoreV1.ReplaceNamespacedConfigMapAsync(stale, "dup", "default"));
        Assert.Equal(HttpStatusCode.Conflict, conflict.Response.StatusCode);
        Assert.Contains("the object has been modified", Status(conflict)["message"]!.GetValue<string>(), StringComparison.Ordinal);

        var mismatched = Deployment("bad");
        mismatched.Spec.Selector.MatchLabels["app"] = "other";
        var invalid = await Assert.ThrowsAsync<HttpOperationException>(() => Client.AppsV1.CreateNamespacedDeploymentAsync(mismatched, "default"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid.Response.StatusCode);
        var invalidStatus = Status(invalid);
        Assert.Equal("Invalid", invalidStatus["reason"]!.GetValue<string>());
        Assert.Equal("spec.template.metadata.labels", invalidStatus["details"]!["causes"]![0]!["field"]!.GetValue<string>());
        Assert.StartsWith("Deployment.apps \"bad\" is invalid: spec.template.metadata.labels: Invalid value", invalidStatus["message"]!.GetValue<string>(), StringComparison.Ordinal);

        var noNamespace = await Assert.ThrowsAsync<HttpOperationException>(() =>
            Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "x" } }, "missing"));
        Assert.Equal("namespaces \"missing\" not found", Status(noNamespace)["message"]!.GetValue<string>());
    }

    private static JsonNode Status(HttpOperationException e)
    {
        var body = JsonNode.Parse(e.Response.Content)!;
        Assert.Equal("Status", body["kind"]!.GetValue<string>());
        Assert.Equal("Failure", body["status"]!.GetValue<string>());
        Assert.Equal((int)e.Response.StatusCode, body["code"]!.GetValue<int>());
        return body;
    }

    [Fact]
    public async Task LabelAndFieldSelectorsFilterLists()
    {
        await CreateNamespaceAsync("other");
        async Task Make(string name, string ns, Dictionary<string, string> labels) =>
            await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = name, Labels = labels } }, ns);
        await Make("a", "default", new() { ["tier"] = "web", ["env"] = "prod" });
        await Make("b", "default", new() { ["tier"] = "db", ["env"] = "dev" });
        await Make("c", "other", new() { ["tier"] = "web" });

        async Task<string[]> Names(string? labels = null, string? fields = null) =>
            (await Client.CoreV1.ListConfigMapForAllNamespacesAsync(labelSelector: labels, fieldSelector: fields)).Items
                .Where(c => c.Metadata.Name.Length == 1).Select(c => c.Metadata.Name).Order().ToArray();

        Assert.Equal(["a", "c"], await Names("tier=web"));
        Assert.Equal(["b"], await Names("tier!=web"));
        Assert.Equal(["a", "b"], await Names("tier in (web,db),env"));
        Assert.Equal(["c"], await Names("!env"));
        Assert.Equal(["b", "c"], await Names("env notin (prod)"));
        Assert.Equal(["c"], await Names(fields: "metadata.namespace=other"));
        Assert.Equal(["b"], await Names("env", "metadata.name=b"));
        Assert.Equal(["a", "b"], await Names(fields: "metadata.namespace!=other"));
        var bad = await Assert.ThrowsAsync<HttpOperationException>(() => Names("tier in web"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.Response.StatusCode);
    }

    [Fact]
    public async Task DeletingANamespaceDeletesEverythingInIt()
    {
        await CreateNamespaceAsync("doomed");
        await Client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("web", replicas: 2), "doomed");
        await EventuallyAsync(async () => (await Client.CoreV1.ListNamespacedPodAsync("doomed")).Items.Count == 2 ? "" : null);
        var defaultAccount = await Client.CoreV1.ReadNamespacedServiceAccountAsync("default", "doomed");
        Assert.NotNull(defaultAccount);

        var deleted = await Client.CoreV1.DeleteNamespaceAsync("doomed");

        Assert.NotNull(deleted);
        var terminating = await Client.CoreV1.ReadNamespaceAsync("doomed");
        Assert.Equal("Terminating", terminating.Status.Phase);
        var refused = await Assert.ThrowsAsync<HttpOperationException>(() =>
            Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "late" } }, "doomed"));
        Assert.Equal(HttpStatusCode.Forbidden, refused.Response.StatusCode);
        await EventuallyAsync(async () =>
        {
            var all = await Client.CoreV1.ListNamespaceAsync();
            return all.Items.Any(n => n.Metadata.Name == "doomed") ? null : "";
        });
        Assert.Empty((await Client.CoreV1.ListPodForAllNamespacesAsync(fieldSelector: "metadata.namespace=doomed")).Items);
        Assert.Empty((await Client.AppsV1.ListReplicaSetForAllNamespacesAsync(fieldSelector: "metadata.namespace=doomed")).Items);
    }

    [Fact]
    public async Task DeletingADeploymentDeletesItsReplicaSetsAndPods()
    {
        await Client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("gc", replicas: 2), "default");
        await EventuallyAsync(async () => (await Client.CoreV1.ListNamespacedPodAsync("default", labelSelector: "app=gc")).Items.Count == 2 ? "" : null);

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var seen = new List<string>();
        var pods = (await Client.CoreV1.ListNamespacedPodAsync("default", labelSelector: "app=gc")).Items;
        var watching = Task.Run(async () =>
        {
            await foreach (var (type, pod) in Client.CoreV1.WatchListNamespacedPodAsync("default", labelSelector: "app=gc",
                resourceVersion: pods.Max(p => long.Parse(p.Metadata.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture)).ToString(System.Globalization.CultureInfo.InvariantCulture),
                cancellationToken: cts.Token))
            {
                seen.Add(type == WatchEventType.Deleted ? "deleted" : pod.Metadata.DeletionTimestamp is null ? "live" : "terminating");
                if (seen.Count(s => s == "deleted") == 2) return;
            }
        }, cts.Token);

        await Client.AppsV1.DeleteNamespacedDeploymentAsync("gc", "default");

        Assert.Empty((await Client.AppsV1.ListNamespacedReplicaSetAsync("default", labelSelector: "app=gc")).Items);
        await watching;
        // Each pod terminated gracefully: marked for deletion first, then gone.
        Assert.Equal(["deleted", "deleted", "terminating", "terminating"], seen.Where(s => s != "live").Order());
        Assert.True(seen.IndexOf("terminating") < seen.IndexOf("deleted"));
        await EventuallyAsync(async () => (await Client.CoreV1.ListNamespacedPodAsync("default", labelSelector: "app=gc")).Items.Count == 0 ? "" : null);
    }

    [Fact]
    public async Task ServerSideApplyCreatesTracksOwnersAndRefusesConflictsUnlessForced()
    {
        const string Config = """
            {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"ssa","labels":{"team":"a"}},"data":{"color":"blue","size":"s"}}
            """;
        var created = await Client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch(Config, V1Patch.PatchType.ApplyPatch), "ssa", "default", fieldManager: "alice");
        Assert.Equal("blue", created.Data["color"]);
        Assert.Contains(created.Metadata.ManagedFields, m => m.Manager == "alice" && m.Operation == "Apply");

        var bobConfig = """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"ssa"},"data":{"color":"red"}}""";
        var conflict = await Assert.ThrowsAsync<HttpOperationException>(() =>
            Client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch(bobConfig, V1Patch.PatchType.ApplyPatch), "ssa", "default", fieldManager: "bob"));
        Assert.Equal(HttpStatusCode.Conflict, conflict.Response.StatusCode);
        Assert.Contains("conflict with \"alice\": .data.color", Status(conflict)["message"]!.GetValue<string>(), StringComparison.Ordinal);

        var forced = await Client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch(bobConfig, V1Patch.PatchType.ApplyPatch), "ssa", "default", fieldManager: "bob", force: true);
        Assert.Equal("red", forced.Data["color"]);

        // Alice stops applying "size": it goes away, since nobody else owns it.
        var aliceAgain = """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"ssa","labels":{"team":"a"}},"data":{}}""";
        var pruned = await Client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch(aliceAgain, V1Patch.PatchType.ApplyPatch), "ssa", "default", fieldManager: "alice");
        Assert.False(pruned.Data?.ContainsKey("size") ?? false);
        Assert.Equal("red", pruned.Data!["color"]);
    }

    [Fact]
    public async Task MergeStrategicAndJsonPatchesApply()
    {
        await Client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("patched"), "default");

        var merged = await Client.AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch("""{"metadata":{"labels":{"extra":"yes"}}}""", V1Patch.PatchType.MergePatch), "patched", "default");
        Assert.Equal("yes", merged.Metadata.Labels["extra"]);

        var strategic = await Client.AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch("""{"spec":{"template":{"spec":{"containers":[{"name":"sidecar","image":"envoy:1.31"}]}}}}""", V1Patch.PatchType.StrategicMergePatch), "patched", "default");
        Assert.Equal(["main", "sidecar"], strategic.Spec.Template.Spec.Containers.Select(c => c.Name));
        Assert.Equal(2, strategic.Metadata.Generation);

        var json = await Client.AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch("""[{"op":"replace","path":"/spec/replicas","value":3}]""", V1Patch.PatchType.JsonPatch), "patched", "default");
        Assert.Equal(3, json.Spec.Replicas);
        var scaled = await EventuallyAsync(async () =>
        {
            var d = await Client.AppsV1.ReadNamespacedDeploymentAsync("patched", "default");
            return d.Status?.ReadyReplicas == 3 && d.Status.ObservedGeneration == d.Metadata.Generation ? d : null;
        });
        Assert.Equal(3, scaled.Status.UpdatedReplicas);
    }

    [Fact]
    public async Task DeleteCollectionDeletesWhatTheSelectorMatches()
    {
        foreach (var (name, keep) in new[] { ("x1", "no"), ("x2", "no"), ("x3", "yes") })
        {
            await Client.CoreV1.CreateNamespacedSecretAsync(new V1Secret
            {
                Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["keep"] = keep } },
                StringData = new Dictionary<string, string> { ["token"] = "s3cret" },
            }, "default");
        }

        await Client.CoreV1.DeleteCollectionNamespacedSecretAsync("default", labelSelector: "keep=no");

        var left = (await Client.CoreV1.ListNamespacedSecretAsync("default", labelSelector: "keep")).Items;
        var secret = Assert.Single(left);
        Assert.Equal("x3", secret.Metadata.Name);
        Assert.Equal("s3cret", System.Text.Encoding.UTF8.GetString(secret.Data["token"]));
    }

    [Fact]
    public async Task NodesReportTheConfiguredCapacity()
    {
        var node = (await Client.CoreV1.ListNodeAsync()).Items.Single();

        Assert.Equal("docker-desktop", node.Metadata.Name);
        Assert.Equal("8", node.Status.Allocatable["cpu"].ToString());
        Assert.Contains(node.Status.Conditions, c => c.Type == "Ready" && c.Status == "True");
        var version = await Client.Version.GetCodeAsync();
        Assert.Equal("v1.32.2", version.GitVersion);
    }

    internal static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, int seconds = 15) where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            if (await probe() is { } value) return value;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"condition not met within {seconds}s");
            await Task.Delay(100);
        }
    }
}
