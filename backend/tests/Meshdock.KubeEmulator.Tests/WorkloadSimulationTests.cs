using k8s;
using k8s.Models;

namespace Meshdock.KubeEmulator.Tests;

/// <summary>DaemonSets, StatefulSets and Jobs reach the status their controllers report on a real cluster.</summary>
public sealed class WorkloadSimulationTests : IAsyncLifetime
{
    private readonly ClusterSession _session = new();

    private Kubernetes Client => _session.Client;

    public Task InitializeAsync() => _session.InitializeAsync();

    public Task DisposeAsync() => _session.DisposeAsync();

    private static V1PodTemplateSpec Template(string app, string restartPolicy = "Always") => new()
    {
        Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = app } },
        Spec = new V1PodSpec { RestartPolicy = restartPolicy, Containers = [new V1Container { Name = "main", Image = "busybox:1.36" }] },
    };

    private static V1LabelSelector Selector(string app) => new() { MatchLabels = new Dictionary<string, string> { ["app"] = app } };

    [Fact]
    public async Task ADaemonSetRunsOnePodOnTheNode()
    {
        await Client.AppsV1.CreateNamespacedDaemonSetAsync(new V1DaemonSet
        {
            Metadata = new V1ObjectMeta { Name = "agent" },
            Spec = new V1DaemonSetSpec { Selector = Selector("agent"), Template = Template("agent") },
        }, "default");

        var ds = await KubernetesClientTests.EventuallyAsync(async () =>
        {
            var d = await Client.AppsV1.ReadNamespacedDaemonSetAsync("agent", "default");
            return d.Status?.NumberAvailable == 1 ? d : null;
        });

        Assert.Equal("RollingUpdate", ds.Spec.UpdateStrategy.Type);
        Assert.Equal(1, ds.Status.DesiredNumberScheduled);
        Assert.Equal(1, ds.Status.UpdatedNumberScheduled);
        Assert.Equal(ds.Metadata.Generation, ds.Status.ObservedGeneration);
        var pod = (await Client.CoreV1.ListNamespacedPodAsync("default", labelSelector: "app=agent")).Items.Single();
        Assert.Equal("docker-desktop", pod.Spec.NodeName);
    }

    [Fact]
    public async Task AStatefulSetCreatesOrdinalPodsInOrder()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var order = new List<string>();
        var listed = await Client.CoreV1.ListNamespacedPodAsync("default", cancellationToken: cts.Token);
        var watching = Task.Run(async () =>
        {
            await foreach (var (type, pod) in Client.CoreV1.WatchListNamespacedPodAsync("default", labelSelector: "app=db", resourceVersion: listed.Metadata.ResourceVersion, cancellationToken: cts.Token))
            {
                var ready = pod.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;
                var entry = type == WatchEventType.Added ? $"{pod.Metadata.Name} created" : ready ? $"{pod.Metadata.Name} ready" : null;
                if (entry is not null && !order.Contains(entry)) order.Add(entry);
                if (order.Contains("db-1 ready")) return;
            }
        }, cts.Token);

        await Client.AppsV1.CreateNamespacedStatefulSetAsync(new V1StatefulSet
        {
            Metadata = new V1ObjectMeta { Name = "db" },
            Spec = new V1StatefulSetSpec { Replicas = 2, ServiceName = "db", Selector = Selector("db"), Template = Template("db") },
        }, "default", cancellationToken: cts.Token);
        await watching;

        // OrderedReady: db-1 is created only once db-0 is Ready.
        Assert.Equal(["db-0 created", "db-0 ready", "db-1 created", "db-1 ready"], order);
        var sts = await KubernetesClientTests.EventuallyAsync(async () =>
        {
            var s = await Client.AppsV1.ReadNamespacedStatefulSetAsync("db", "default");
            return s.Status?.ReadyReplicas == 2 ? s : null;
        });
        Assert.Equal(sts.Status.UpdateRevision, sts.Status.CurrentRevision);
        Assert.Equal(2, sts.Status.UpdatedReplicas);
        var names = (await Client.CoreV1.ListNamespacedPodAsync("default", labelSelector: "app=db")).Items.Select(p => p.Metadata.Name).Order();
        Assert.Equal(["db-0", "db-1"], names);
    }

    [Fact]
    public async Task AJobCompletes()
    {
        await Client.BatchV1.CreateNamespacedJobAsync(new V1Job
        {
            Metadata = new V1ObjectMeta { Name = "migrate" },
            Spec = new V1JobSpec { Template = Template("migrate", "Never") },
        }, "default");

        var job = await KubernetesClientTests.EventuallyAsync(async () =>
        {
            var j = await Client.BatchV1.ReadNamespacedJobAsync("migrate", "default");
            return j.Status?.Succeeded == 1 ? j : null;
        });

        Assert.Contains(job.Status.Conditions, c => c.Type == "Complete" && c.Status == "True");
        Assert.NotNull(job.Status.CompletionTime);
        var pod = (await Client.CoreV1.ListNamespacedPodAsync("default", labelSelector: "job-name=migrate")).Items.Single();
        Assert.Equal("Succeeded", pod.Status.Phase);
        Assert.Equal("Completed", pod.Status.ContainerStatuses.Single().State.Terminated.Reason);
    }

    [Fact]
    public async Task AnIndexedJobRunsOnePodPerIndexAndIsRemovedAfterItsTtl()
    {
        await Client.BatchV1.CreateNamespacedJobAsync(new V1Job
        {
            Metadata = new V1ObjectMeta { Name = "shards" },
            Spec = new V1JobSpec { CompletionMode = "Indexed", Completions = 3, Parallelism = 3, TtlSecondsAfterFinished = 2, Template = Template("shards", "Never") },
        }, "default");

        var job = await KubernetesClientTests.EventuallyAsync(async () =>
        {
            var j = await Client.BatchV1.ReadNamespacedJobAsync("shards", "default");
            return j.Status?.Succeeded == 3 ? j : null;
        });

        Assert.Equal("0-2", job.Status.CompletedIndexes);
        Assert.Contains(job.Status.Conditions, c => c.Type == "Complete" && c.Status == "True");
        var pods = (await Client.CoreV1.ListNamespacedPodAsync("default", labelSelector: "batch.kubernetes.io/job-name=shards")).Items;
        Assert.Equal(["0", "1", "2"], pods.Select(p => p.Metadata.Annotations["batch.kubernetes.io/job-completion-index"]).Order());
        Assert.All(pods, p =>
        {
            var index = p.Metadata.Annotations["batch.kubernetes.io/job-completion-index"];
            Assert.StartsWith($"shards-{index}-", p.Metadata.Name, StringComparison.Ordinal);
            Assert.Equal(index, p.Metadata.Labels["batch.kubernetes.io/job-completion-index"]);
            var env = Assert.Single(p.Spec.Containers.Single().Env, e => e.Name == "JOB_COMPLETION_INDEX");
            Assert.Equal("metadata.annotations['batch.kubernetes.io/job-completion-index']", env.ValueFrom.FieldRef.FieldPath);
        });

        // ttlSecondsAfterFinished: the Job and its pods go.
        await KubernetesClientTests.EventuallyAsync(async () =>
            (await Client.BatchV1.ListNamespacedJobAsync("default")).Items.All(j => j.Metadata.Name != "shards")
            && (await Client.CoreV1.ListNamespacedPodAsync("default", labelSelector: "batch.kubernetes.io/job-name=shards")).Items.Count == 0 ? "gone" : null);
    }

    [Fact]
    public async Task AForegroundDeletionKeepsTheJobUntilItsPodsAreGone()
    {
        await Client.BatchV1.CreateNamespacedJobAsync(new V1Job
        {
            Metadata = new V1ObjectMeta { Name = "long" },
            Spec = new V1JobSpec { Template = Template("long", "Never"), Parallelism = 2, Completions = 2 },
        }, "default");
        await KubernetesClientTests.EventuallyAsync(async () =>
            (await Client.CoreV1.ListNamespacedPodAsync("default", labelSelector: "job-name=long")).Items.Count == 2 ? "two" : null);

        await Client.BatchV1.DeleteNamespacedJobAsync("long", "default", propagationPolicy: "Foreground");

        var deleting = await Client.BatchV1.ReadNamespacedJobAsync("long", "default");
        Assert.NotNull(deleting.Metadata.DeletionTimestamp);
        Assert.Contains("foregroundDeletion", deleting.Metadata.Finalizers);
        await KubernetesClientTests.EventuallyAsync(async () =>
            (await Client.BatchV1.ListNamespacedJobAsync("default")).Items.All(j => j.Metadata.Name != "long")
            && (await Client.CoreV1.ListNamespacedPodAsync("default", labelSelector: "job-name=long")).Items.Count == 0 ? "gone" : null);
    }
}
