using System.Runtime.CompilerServices;
using k8s;
using k8s.Models;

namespace Meshdock.Load.Cluster;

/// <summary>
/// Every state a Job's pods pass through: the list first, then the watch from its resourceVersion; a watch the server
/// ends is resumed with a fresh list (a pod may then be seen twice in the same state, never missed).
/// </summary>
public static class JobPodWatch
{
    public static async IAsyncEnumerable<(WatchEventType Type, V1Pod Pod)> WatchAsync(IKubernetes client, string ns, string job,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var selector = $"batch.kubernetes.io/job-name={job}";
        while (!cancellationToken.IsCancellationRequested)
        {
            var list = await client.CoreV1.ListNamespacedPodAsync(ns, labelSelector: selector, cancellationToken: cancellationToken);
            foreach (var pod in list.Items)
            {
                yield return (WatchEventType.Modified, pod);
            }

            var events = client.CoreV1.WatchListNamespacedPodAsync(ns, labelSelector: selector, resourceVersion: list.Metadata?.ResourceVersion,
                timeoutSeconds: 300, cancellationToken: cancellationToken);
            await foreach (var change in events.WithCancellation(cancellationToken))
            {
                yield return change;
            }
        }
    }

    /// <summary>The pod's index in an indexed Job, or null.</summary>
    public static int? CompletionIndex(V1Pod pod) =>
        pod.Metadata?.Annotations?.TryGetValue("batch.kubernetes.io/job-completion-index", out var value) == true
        && int.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var index) ? index : null;

    /// <summary>Whether the container has started (running or ended), so its log can be read.</summary>
    public static bool HasStarted(V1Pod pod, string container) =>
        pod.Status?.ContainerStatuses?.FirstOrDefault(c => c.Name == container)?.State is { } state
        && (state.Running is not null || state.Terminated is not null);
}
