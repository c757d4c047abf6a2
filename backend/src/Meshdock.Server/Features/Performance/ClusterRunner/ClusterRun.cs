using System.Net;
using System.Threading.Channels;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Meshdock.Load;
using Meshdock.Load.Shards;
using Meshdock.Server.Features.Namespaces;
using Meshdock.Server.Kubernetes;
using Meshdock.Server.Kubernetes.Cluster;
using Meshdock.Server.Kubernetes.Workloads;
using Meshdock.Server.Operations;
using Microsoft.Extensions.Options;

namespace Meshdock.Server.Features.Performance.ClusterRunner;

/// <summary>
/// A run from inside the cluster: creates the runner Job, follows its pods' logs, merges their seconds into the live
/// timeline and their results exactly into the run's result. Cancelling deletes the Job (foreground) and keeps what
/// arrived; a pod that cannot pull its image, is OOM-killed or evicted fails the run with the reason and what to do.
/// The metrics API is read while the run lasts (<see cref="RunResourceSampling"/>).
/// </summary>
public sealed partial class ClusterRun(
    ClusterConnection connection, RunnerImage images, RunResourceSampling sampling, IOptions<PerfOptions> options,
    IEnumerable<IMeshMembershipRules> meshRules, ILogger<ClusterRun> logger)
{
    /// <summary>After a cancel, how long the pods have to write what they measured before the rest is taken from their seconds.</summary>
    private static readonly TimeSpan CancelDrain = TimeSpan.FromSeconds(5);

    /// <summary>A pod's log ended without its result: how long to wait for the kubelet's word on why.</summary>
    private static readonly TimeSpan EndPatience = TimeSpan.FromSeconds(3);

    public async Task<(LoadResult Result, PerfPlacement Placement, PerfResources Resources)> RunAsync(
        OperationContext context, LoadSpec load, PerfRunnerSpec runner, Func<TimelineSecond, Task> onSecond)
    {
        var ct = context.CancellationToken;
        var ns = runner.Namespace!;
        var pods = runner.Pods!.Value;
        var meshed = runner.Meshed ?? false;
        IKubernetes client = null!;
        NamespaceJoinRule? mesh = null;
        var image = "";
        V1Job job = null!;
        await ClusterFailures.TranslateAsync("starting the runner Job", async () =>
        {
            client = await connection.GetClientAsync(ct);
            await ManagedNamespaces.EnsureAsync(client, ns, context, ct);
            mesh = await MeshOfAsync(client, ns, ct);
            image = await images.GetAsync(ct);
            job = RunnerJob.Build(context.OperationId, ns, image, options.Value.RunnerCli, load, pods,
                MeshInjection.For(mesh?.MeshId, meshed), options.Value.JobTtlSeconds);
            await client.BatchV1.CreateNamespacedJobAsync(job, ns, cancellationToken: ct);
        });
        var jobName = job.Metadata.Name;
        await context.LogAsync($"Started Job {ns}/{jobName}: {pods} runner pod{(pods == 1 ? "" : "s")} of {image}"
            + (mesh is null ? $" (namespace {ns} is in no mesh)." : meshed ? $", to be injected by {mesh.MeshName}." : $", kept out of {mesh.MeshName}."));
        if (load.Urls.Any(IsLoopback))
        {
            await context.WarnAsync("A runner pod's localhost is the pod itself, not your machine: target a Service (http://name.namespace:port/).");
        }

        var placement = new PerfPlacement(PerfRunnerSpec.Cluster, Namespace: ns, Pods: pods, Meshed: meshed, Mesh: mesh?.MeshName, RunnerImage: image, Job: jobName);
        await using var resources = await StartSamplingAsync(context, client, load, ns);
        var (result, injected) = await FollowAsync(context, client, load, ns, jobName, pods, image, onSecond);
        return (result, placement with { Injected = injected }, await resources.StopAsync(context));
    }

    /// <summary>The metrics API's reading for this run; a cluster that fails to answer for it costs the figures, not the run.</summary>
    private async Task<RunResourceSampling.Session> StartSamplingAsync(OperationContext context, IKubernetes client, LoadSpec load, string ns)
    {
        try
        {
            return await sampling.StartAsync(context, client, load, ns);
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // The run is cancelled already; following the Job deletes it and keeps what arrived.
            return RunResourceSampling.Session.Lost("The run was cancelled before the metrics API was read.");
        }
        catch (Exception e) when (e is HttpOperationException or HttpRequestException)
        {
            var lost = $"Reading the metrics API could not start ({e.Message}), so this run has no CPU or memory figures.";
            await context.WarnAsync(lost);
            return RunResourceSampling.Session.Lost(lost);
        }
    }

    private async Task<(LoadResult Result, bool? Injected)> FollowAsync(
        OperationContext context, IKubernetes client, LoadSpec load, string ns, string jobName, int pods, string image, Func<TimelineSecond, Task> onSecond)
    {
        var ct = context.CancellationToken;
        var shards = new ShardState(pods);
        using var stop = new CancellationTokenSource();
        var feed = new ShardFeed(client, ns, jobName);
        var feeding = feed.RunAsync(stop.Token);
        try
        {
            try
            {
                while (!shards.AllDone)
                {
                    await HandleAsync(client, ns, await feed.Events.ReadAsync(ct), shards, onSecond, image, stop.Token);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                await DeleteJobAsync(client, ns, jobName, context);
                await DrainAsync(client, ns, feed, shards, onSecond, image);
            }
            catch (OperationFailedException)
            {
                await DeleteJobAsync(client, ns, jobName, context);
                throw;
            }
            catch (ChannelClosedException e)
            {
                await DeleteJobAsync(client, ns, jobName, context);
                throw new OperationFailedException($"Lost sight of the runner pods: {e.InnerException?.Message ?? e.Message}", e);
            }
        }
        finally
        {
            await stop.CancelAsync();
            await feeding;
        }

        foreach (var second in shards.Timeline.FinishAll())
        {
            await onSecond(second);
        }

        var result = ShardMerge.Merge(load, [.. shards.Results.OfType<LoadResult>()], shards.Partials(), shards.Timeline.Timeline, ct.IsCancellationRequested);
        return (result, shards.Injected);
    }

    private static async Task DrainAsync(IKubernetes client, string ns, ShardFeed feed, ShardState shards, Func<TimelineSecond, Task> onSecond, string image)
    {
        using var drain = new CancellationTokenSource(CancelDrain);
        try
        {
            while (!shards.AllEnded)
            {
                var next = await feed.Events.ReadAsync(drain.Token);
                if (next is ShardEvent.Line or ShardEvent.Ended or ShardEvent.Seen)
                {
                    await HandleAsync(client, ns, next, shards, onSecond, image, drain.Token, failOnTrouble: false);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // What has not arrived by now is taken from the seconds that did.
        }
    }

    private static async Task HandleAsync(IKubernetes client, string ns, ShardEvent next, ShardState shards, Func<TimelineSecond, Task> onSecond,
        string image, CancellationToken token, bool failOnTrouble = true)
    {
        IReadOnlyList<TimelineSecond> completed = [];
        switch (next)
        {
            case ShardEvent.Seen seen:
                shards.Injected = (shards.Injected ?? false) || seen.HasProxy;
                break;
            case ShardEvent.Line { Content.Interval: { } interval } line when line.Shard < shards.Count:
                shards.Intervals[line.Shard].Add(interval);
                completed = shards.Timeline.Add(line.Shard, interval);
                break;
            case ShardEvent.Line { Content.Result: { } result } line when line.Shard < shards.Count:
                shards.Results[line.Shard] = result;
                completed = shards.Timeline.Finish(line.Shard);
                break;
            case ShardEvent.Ended ended when ended.Shard < shards.Count:
                shards.Ended[ended.Shard] = true;
                if (shards.Results[ended.Shard] is null && failOnTrouble)
                {
                    throw new OperationFailedException(await WhyEndedAsync(client, ns, ended, image, token));
                }

                completed = shards.Timeline.Finish(ended.Shard);
                break;
            case ShardEvent.Trouble trouble when failOnTrouble:
                throw new OperationFailedException(Explain(trouble.Pod, image));
        }

        foreach (var second in completed)
        {
            await onSecond(second);
        }
    }

    private static async Task<string> WhyEndedAsync(IKubernetes client, string ns, ShardEvent.Ended ended, string image, CancellationToken token)
    {
        var deadline = DateTimeOffset.UtcNow + EndPatience;
        V1ContainerStateTerminated? terminated = null;
        while (DateTimeOffset.UtcNow < deadline)
        {
            V1Pod pod;
            try
            {
                pod = await client.CoreV1.ReadNamespacedPodAsync(ended.Pod, ns, cancellationToken: token);
            }
            catch (HttpOperationException)
            {
                break; // Gone already: its output is all there is to tell.
            }

            if (PodTrouble.Of(pod) is { } trouble)
            {
                return Explain(trouble, image);
            }

            terminated = pod.Status?.ContainerStatuses?.FirstOrDefault(c => c.Name == RunnerJob.Container)?.State?.Terminated;
            if (terminated is not null)
            {
                break;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), token);
        }

        var output = ended.Tail.Count > 0 ? $" Its last output: \"{string.Join(" / ", ended.Tail)}\"." : "";
        var exit = terminated is null ? "" : $" (exit code {terminated.ExitCode}{(terminated.Reason is { } reason ? $", {reason}" : "")})";
        return $"Runner pod {ended.Pod} ended{exit} without writing its result.{output} "
            + $"Check that {image} holds Meshdock's CLI at the path Perf:RunnerCli names, or run `kubectl logs -n {ns} {ended.Pod}`.";
    }

    private static string Explain(PodTrouble trouble, string image) => trouble.Reason switch
    {
        _ when trouble.IsImage => $"Runner pod {trouble.Pod} cannot pull its image {image} ({trouble.Reason}: {trouble.Message}). "
            + "Set Perf:RunnerImage to an image with Meshdock's CLI that the cluster can pull (make build-extension builds one), or use the local runner.",
        "OOMKilled" => $"Runner pod {trouble.Pod} was killed for using more than its memory limit (OOMKilled). "
            + "Spread the load over more pods, or use fewer connections or a shorter run.",
        "Unschedulable" => $"Runner pod {trouble.Pod} cannot be placed on a node ({trouble.Message}). "
            + "Give Docker Desktop more CPU and memory (Settings → Resources) or use fewer pods.",
        "Evicted" => $"Runner pod {trouble.Pod} was evicted from its node ({trouble.Message}): the node ran short of memory or disk. "
            + "Give Docker Desktop more resources (Settings → Resources) or use fewer pods.",
        _ => $"Runner pod {trouble.Pod} cannot start its container ({trouble.Reason}: {trouble.Message}).",
    };

    private async Task DeleteJobAsync(IKubernetes client, string ns, string job, OperationContext context)
    {
        try
        {
            await client.BatchV1.DeleteNamespacedJobAsync(job, ns, propagationPolicy: "Foreground", cancellationToken: CancellationToken.None);
            await context.LogAsync($"Deleted Job {ns}/{job} and its pods.");
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            // Already gone.
        }
        catch (Exception e) when (e is HttpOperationException or HttpRequestException)
        {
            JobNotDeleted(logger, ns, job, e.Message);
            await context.WarnAsync($"Could not delete Job {ns}/{job} ({e.Message}); Kubernetes removes it {options.Value.JobTtlSeconds} s after it ends.");
        }
    }

    private async Task<NamespaceJoinRule?> MeshOfAsync(IKubernetes client, string ns, CancellationToken ct)
    {
        var found = await client.CoreV1.ReadNamespaceAsync(ns, cancellationToken: ct);
        return NamespaceMesh.Of(meshRules, found.Metadata);
    }

    private static bool IsLoopback(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.IsLoopback;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not delete runner Job {Namespace}/{Job}: {Reason}")]
    private static partial void JobNotDeleted(ILogger logger, string @namespace, string job, string reason);

    /// <summary>What has arrived from each pod (index = the pod's completion index).</summary>
    private sealed class ShardState(int count)
    {
        public int Count => count;
        public LoadResult?[] Results { get; } = new LoadResult?[count];
        public List<IntervalReport>[] Intervals { get; } = [.. Enumerable.Range(0, count).Select(_ => new List<IntervalReport>())];
        public bool[] Ended { get; } = new bool[count];
        public TimelineMerge Timeline { get; } = new(count);
        public bool? Injected { get; set; }
        public bool AllDone => Results.All(r => r is not null);
        public bool AllEnded => Enumerable.Range(0, count).All(i => Results[i] is not null || Ended[i]);

        public IReadOnlyList<IReadOnlyList<IntervalReport>> Partials() =>
            [.. Enumerable.Range(0, count).Where(i => Results[i] is null).Select(i => (IReadOnlyList<IntervalReport>)Intervals[i])];
    }
}
