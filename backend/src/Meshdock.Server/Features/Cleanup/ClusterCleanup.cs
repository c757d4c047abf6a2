using k8s;
using Meshdock.Server.Kubernetes;
using Meshdock.Server.Kubernetes.Cluster;
using Meshdock.Server.Kubernetes.Helm;
using Meshdock.Server.Operations;

namespace Meshdock.Server.Features.Cleanup;

/// <summary>
/// "Remove everything Meshdock installed": each feature's <see cref="IClusterCleanupStep"/> (sample apps, then the
/// meshes' helm releases and CRDs), then the namespaces Meshdock labelled as its own.
/// </summary>
public sealed class ClusterCleanup(ClusterConnection cluster, HelmReleaseCache releaseCache, IEnumerable<IClusterCleanupStep> steps)
{
    public const string Kind = "cleanup";
    public const string Target = "cluster";

    private readonly IReadOnlyList<IClusterCleanupStep> _steps = [.. steps.OrderBy(s => s.Order)];

    /// <summary>The running operation a cleanup must wait for, if any: one on a target a step removes.</summary>
    public Operation? Blocker(OperationService operations) =>
        operations.Running().FirstOrDefault(o => _steps.Any(s => o.Target.StartsWith(s.BusyTargetPrefix, StringComparison.Ordinal)));

    public async Task RunAsync(OperationContext context)
    {
        var token = context.CancellationToken;
        try
        {
            await ClusterFailures.TranslateAsync("removing what Meshdock installed", async () =>
            {
                await context.StepAsync("Connecting to the cluster", _steps.Count + 2);
                var client = await cluster.GetClientAsync(token);
                var removed = new List<string>();
                foreach (var step in _steps)
                {
                    await context.StepAsync(step.Title);
                    removed.Add(await step.RemoveAsync(client, context, token));
                }
                await context.StepAsync("Deleting namespaces Meshdock created");
                var namespaces = await client.CoreV1.ListNamespaceAsync(
                    labelSelector: ManagedBy.Selector, cancellationToken: token);
                foreach (var ns in namespaces.Items.Where(n => n.Metadata.Name is not ("default" or "kube-system")))
                {
                    await client.CoreV1.DeleteNamespaceAsync(ns.Metadata.Name, cancellationToken: token);
                    await context.LogAsync($"Deleted namespace {ns.Metadata.Name}.");
                }
                await context.LogAsync($"Removed {string.Join(", ", removed)} and {namespaces.Items.Count} namespace(s).");
            });
        }
        finally
        {
            // Releases may have gone even when the cleanup failed half-way: the next mesh listing asks helm again.
            releaseCache.Invalidate();
        }
    }
}
