using System.Threading.Channels;
using k8s;
using k8s.Models;
using Meshdock.Load.Shards;

namespace Meshdock.Load.Cluster;

/// <summary>
/// Watches the runner Job's pods and follows each pod's log once its container has started, turning both into
/// <see cref="ShardEvent"/>s on one channel, so that a single reader merges them in the order they arrived.
/// </summary>
internal sealed class ShardFeed(IKubernetes client, string ns, string job)
{
    private const int TailLines = 5;
    private readonly Channel<ShardEvent> _events = Channel.CreateUnbounded<ShardEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly List<Task> _followers = [];
    private readonly HashSet<string> _seen = [];

    public ChannelReader<ShardEvent> Events => _events.Reader;

    /// <summary>Runs until <paramref name="cancellationToken"/> is cancelled; then waits for its followers.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var (type, pod) in JobPodWatch.WatchAsync(client, ns, job, cancellationToken))
            {
                if (type != WatchEventType.Deleted && JobPodWatch.CompletionIndex(pod) is { } shard)
                {
                    Observe(shard, pod, cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The run is over.
        }
        catch (Exception e)
        {
            // The reader learns that no more events will come, and why.
            _events.Writer.TryComplete(e);
        }
        finally
        {
            await Task.WhenAll(_followers);
        }
    }

    private void Observe(int shard, V1Pod pod, CancellationToken cancellationToken)
    {
        var name = pod.Metadata.Name;
        if (_seen.Add(name))
        {
            _events.Writer.TryWrite(new ShardEvent.Seen(shard, name, RunnerPods.HasProxy(pod)));
        }

        if (PodTrouble.Of(pod) is { } trouble)
        {
            _events.Writer.TryWrite(new ShardEvent.Trouble(trouble));
        }

        if (JobPodWatch.HasStarted(pod, RunnerJob.Container) && _seen.Add("log:" + name))
        {
            _followers.Add(FollowAsync(shard, name, cancellationToken));
        }
    }

    private async Task FollowAsync(int shard, string pod, CancellationToken cancellationToken)
    {
        var tail = new Queue<string>();
        try
        {
            await foreach (var line in PodLogFollower.FollowAsync(client, ns, pod, RunnerJob.Container, cancellationToken))
            {
                if (ShardLine.TryParse(line) is { } content)
                {
                    _events.Writer.TryWrite(new ShardEvent.Line(shard, content));
                }
                else if (line.Length > 0)
                {
                    tail.Enqueue(line.Length > 300 ? line[..300] : line);
                    if (tail.Count > TailLines)
                    {
                        tail.Dequeue();
                    }
                }
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            tail.Enqueue($"(reading the log failed: {e.Message})");
        }
        catch (OperationCanceledException)
        {
            return;
        }

        _events.Writer.TryWrite(new ShardEvent.Ended(shard, pod, [.. tail]));
    }
}
