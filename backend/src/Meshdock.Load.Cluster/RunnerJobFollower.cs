using System.Threading.Channels;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Meshdock.Load.Shards;

namespace Meshdock.Load.Cluster;

/// <summary>
/// Follows a started runner Job to its end: watches its pods, follows each pod's log, merges their seconds into one
/// live timeline (<paramref name="onSecond"/> in order) and their results exactly into one. Cancelling deletes the
/// Job (foreground) and keeps what arrived; a pod that cannot pull its image, is OOM-killed, evicted or ends without
/// its result deletes the Job and throws a <see cref="ClusterRunException"/> with the reason and what to do.
/// </summary>
public static class RunnerJobFollower
{
    /// <summary>After a cancel, how long the pods have to write what they measured before the rest is taken from their seconds.</summary>
    private static readonly TimeSpan CancelDrain = TimeSpan.FromSeconds(5);

    /// <summary>A pod's log ended without its result: how long to wait for the kubelet's word on why.</summary>
    private static readonly TimeSpan EndPatience = TimeSpan.FromSeconds(3);

    /// <param name="deleteJob">Deletes the Job, saying so where the run is watched; called on a cancel, a failure, or once
    /// every result of injected pods is in.</param>
    /// <returns>The merged result (partial and marked cancelled after a cancel) and whether the pods carried a mesh proxy (null: not seen).</returns>
    public static async Task<(LoadResult Result, bool? Injected)> FollowAsync(
        IKubernetes client, string ns, string job, int pods, LoadSpec load, RunnerAdvice advice,
        Func<TimelineSecond, Task> onSecond, Func<Task> deleteJob, CancellationToken ct)
    {
        var shards = new ShardState(pods);
        using var stop = new CancellationTokenSource();
        var feed = new ShardFeed(client, ns, job);
        var feeding = feed.RunAsync(stop.Token);
        try
        {
            try
            {
                while (!shards.AllDone)
                {
                    await HandleAsync(client, ns, await feed.Events.ReadAsync(ct), shards, onSecond, advice, stop.Token);
                }

                // A proxy injected as a regular sidecar keeps the pods running after the runners end, so the Job would
                // never complete and its TTL never start: every result is in, so the Job goes now.
                if (shards.Injected == true)
                {
                    await deleteJob();
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                await deleteJob();
                await DrainAsync(client, ns, feed, shards, onSecond, advice);
            }
            catch (ClusterRunException)
            {
                await deleteJob();
                throw;
            }
            catch (ChannelClosedException e)
            {
                await deleteJob();
                throw new ClusterRunException($"Lost sight of the runner pods: {e.InnerException?.Message ?? e.Message}", e);
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

    private static async Task DrainAsync(IKubernetes client, string ns, ShardFeed feed, ShardState shards, Func<TimelineSecond, Task> onSecond, RunnerAdvice advice)
    {
        using var drain = new CancellationTokenSource(CancelDrain);
        try
        {
            while (!shards.AllEnded)
            {
                var next = await feed.Events.ReadAsync(drain.Token);
                if (next is ShardEvent.Line or ShardEvent.Ended or ShardEvent.Seen)
                {
                    await HandleAsync(client, ns, next, shards, onSecond, advice, drain.Token, failOnTrouble: false);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // What has not arrived by now is taken from the seconds that did.
        }
    }

    private static async Task HandleAsync(IKubernetes client, string ns, ShardEvent next, ShardState shards, Func<TimelineSecond, Task> onSecond,
        RunnerAdvice advice, CancellationToken token, bool failOnTrouble = true)
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
                    throw new ClusterRunException(await WhyEndedAsync(client, ns, ended, advice, token));
                }

                completed = shards.Timeline.Finish(ended.Shard);
                break;
            case ShardEvent.Trouble trouble when failOnTrouble:
                throw new ClusterRunException(Explain(trouble.Pod, advice));
        }

        foreach (var second in completed)
        {
            await onSecond(second);
        }
    }

    private static async Task<string> WhyEndedAsync(IKubernetes client, string ns, ShardEvent.Ended ended, RunnerAdvice advice, CancellationToken token)
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
                return Explain(trouble, advice);
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
            + $"Check that {advice.Image} holds Meshdock's CLI at the path {advice.CliFix} names, or run `kubectl logs -n {ns} {ended.Pod}`.";
    }

    private static string Explain(PodTrouble trouble, RunnerAdvice advice) => trouble.Reason switch
    {
        _ when trouble.IsImage => $"Runner pod {trouble.Pod} cannot pull its image {advice.Image} ({trouble.Reason}: {trouble.Message}). {advice.ImageFix}",
        "OOMKilled" => $"Runner pod {trouble.Pod} was killed for using more than its memory limit (OOMKilled). "
            + "Spread the load over more pods, or use fewer connections or a shorter run.",
        "Unschedulable" => $"Runner pod {trouble.Pod} cannot be placed on a node ({trouble.Message}). "
            + "Give Docker Desktop more CPU and memory (Settings → Resources) or use fewer pods.",
        "Evicted" => $"Runner pod {trouble.Pod} was evicted from its node ({trouble.Message}): the node ran short of memory or disk. "
            + "Give Docker Desktop more resources (Settings → Resources) or use fewer pods.",
        _ => $"Runner pod {trouble.Pod} cannot start its container ({trouble.Reason}: {trouble.Message}).",
    };

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
