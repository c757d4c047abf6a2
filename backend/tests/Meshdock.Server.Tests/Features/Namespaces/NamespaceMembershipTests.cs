using k8s;
using k8s.Models;
using Meshdock.Server.Features.Namespaces;
using Meshdock.Server.Features.Overview;
using Meshdock.Server.Kubernetes;
using Meshdock.Server.Kubernetes.Cluster;
using Meshdock.Server.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

using Emulator = Meshdock.KubeEmulator.KubeEmulator;

namespace Meshdock.Server.Tests.Features.Namespaces;

/// <summary>Joining, leaving and restarting against the Kubernetes API emulator, through the real cluster connection.</summary>
public sealed class NamespaceMembershipTests : IAsyncLifetime, IDisposable
{
    private readonly TempFolder _folder = new();
    private Emulator _emulator = null!;
    private ClusterConnection _connection = null!;
    private NamespaceMembership _membership = null!;
    private IKubernetes _client = null!;

    public async Task InitializeAsync()
    {
        _emulator = await Emulator.StartAsync(new Meshdock.KubeEmulator.KubeEmulatorOptions { PodReadyDelay = TimeSpan.FromMilliseconds(200) });
        var options = Options.Create(new ClusterOptions { Kubeconfig = _emulator.WriteKubeconfig(_folder.File("config")), InContainer = false });
        var files = new ClusterFiles(_folder.File("data"));
        _connection = new ClusterConnection(new KubeconfigSources(options, files), new ContextSelection(files), files, options, new ExecConfirmations(files), NullLogger<ClusterConnection>.Instance);
        _membership = new NamespaceMembership(_connection, [new TestMeshRules()]);
        _client = await _connection.GetClientAsync(default);
        await _client.CoreV1.CreateNamespaceAsync(new V1Namespace
        {
            Metadata = new V1ObjectMeta { Name = "shop", Labels = new Dictionary<string, string> { ["team"] = "a" } },
        });
    }

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    public void Dispose()
    {
        _connection.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task Joining_sets_the_rules_labels_leaving_removes_them_and_other_labels_stay()
    {
        var join = await _membership.CheckJoinAsync("shop", "istio", default);
        Assert.Null(join.Refusal);
        await _membership.JoinAsync("shop", join.Rule!, default);

        var labels = (await _client.CoreV1.ReadNamespaceAsync("shop")).Metadata.Labels;
        Assert.Equal("enabled", labels["istio-injection"]);
        Assert.Equal("a", labels["team"]);
        var listed = (await _membership.ListAsync(default)).Namespaces.Single(n => n.Name == "shop");
        Assert.Equal(["istio"], listed.Meshes.Select(m => m.MeshId));

        var leave = await _membership.CheckLeaveAsync("shop", "istio", default);
        await _membership.LeaveAsync("shop", leave.Rule!, default);

        labels = (await _client.CoreV1.ReadNamespaceAsync("shop")).Metadata.Labels;
        Assert.False(labels.ContainsKey("istio-injection"));
        Assert.Equal("a", labels["team"]);
        Assert.Empty((await _membership.ListAsync(default)).Namespaces.Single(n => n.Name == "shop").Meshes);
    }

    [Fact]
    public async Task A_rule_with_a_label_and_an_annotation_sets_both()
    {
        var join = await _membership.CheckJoinAsync("shop", "osm", default);
        await _membership.JoinAsync("shop", join.Rule!, default);

        var metadata = (await _client.CoreV1.ReadNamespaceAsync("shop")).Metadata;
        Assert.Equal("osm", metadata.Labels["openservicemesh.io/monitored-by"]);
        Assert.Equal("enabled", metadata.Annotations["openservicemesh.io/sidecar-injection"]);
        Assert.Equal(["osm"], (await _membership.ListAsync(default)).Namespaces.Single(n => n.Name == "shop").Meshes.Select(m => m.MeshId));
    }

    [Fact]
    public async Task Joins_that_cannot_work_are_refused_with_a_sentence()
    {
        await _membership.JoinAsync("shop", TestMeshRules.Linkerd, default);

        var conflict = await _membership.CheckJoinAsync("shop", "istio", default);
        Assert.Equal(MembershipRefusal.Conflict, conflict.Refusal);
        Assert.Contains("is in Linkerd; leave it first", conflict.Sentence, StringComparison.Ordinal);
        Assert.Equal(MembershipRefusal.Conflict, (await _membership.CheckJoinAsync("shop", "linkerd", default)).Refusal);
        Assert.Equal(MembershipRefusal.Conflict, (await _membership.CheckLeaveAsync("shop", "istio", default)).Refusal);
        Assert.Equal(MembershipRefusal.Invalid, (await _membership.CheckJoinAsync("kube-system", "istio", default)).Refusal);
        Assert.Equal(MembershipRefusal.Missing, (await _membership.CheckJoinAsync("nowhere", "istio", default)).Refusal);
        var unknown = await _membership.CheckJoinAsync("shop", "mystery", default);
        Assert.Equal(MembershipRefusal.Invalid, unknown.Refusal);
        Assert.Contains("istio, linkerd, osm", unknown.Sentence, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restarting_rolls_every_deployment_and_waits_until_the_new_pods_are_ready()
    {
        foreach (var name in new[] { "web", "api" })
        {
            await _client.AppsV1.CreateNamespacedDeploymentAsync(Deployment(name), "shop");
        }

        var deployments = await _membership.ListDeploymentsAsync("shop", default);
        Assert.Equal(["api", "web"], deployments);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _membership.WaitForRolloutsAsync("shop", deployments, (_, _) => Task.CompletedTask, deadline.Token);
        var podsBefore = (await _client.CoreV1.ListNamespacedPodAsync("shop")).Items.Select(p => p.Metadata.Name).ToHashSet();

        var at = new DateTimeOffset(2026, 11, 25, 19, 0, 0, TimeSpan.Zero);
        foreach (var deployment in deployments)
        {
            await _membership.RestartDeploymentAsync("shop", deployment, at, default);
        }

        var progress = new List<(int Done, IReadOnlyList<string> Pending)>();
        await _membership.WaitForRolloutsAsync("shop", deployments, (done, pending) =>
        {
            progress.Add((done, pending));
            return Task.CompletedTask;
        }, deadline.Token);

        Assert.Equal(2, progress[^1].Done);
        Assert.Empty(progress[^1].Pending);
        var web = await _client.AppsV1.ReadNamespacedDeploymentAsync("web", "shop");
        Assert.Equal("2026-11-25T19:00:00Z", web.Spec.Template.Metadata.Annotations[NamespaceMembership.RestartedAtAnnotation]);
        Assert.True(NamespaceMembership.RolledOut(web));
        var podsAfter = (await _client.CoreV1.ListNamespacedPodAsync("shop")).Items
            .Where(p => p.Metadata.DeletionTimestamp is null).Select(p => p.Metadata.Name).ToHashSet();
        Assert.Empty(podsAfter.Intersect(podsBefore)); // every pod was replaced
    }

    private static V1Deployment Deployment(string name) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1DeploymentSpec
        {
            Replicas = 1,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = name } },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = name } },
                Spec = new V1PodSpec { Containers = [new V1Container { Name = name, Image = "nginx:1.27" }] },
            },
        },
    };
}
