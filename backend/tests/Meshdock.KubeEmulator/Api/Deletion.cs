using System.Text.Json.Nodes;
using Meshdock.KubeEmulator.Storage;

namespace Meshdock.KubeEmulator.Api;

/// <summary>
/// Deleting an object and, as the garbage collector would, whatever it owns; deleting a CRD deletes its objects.
/// Pods terminate gracefully: they show a deletionTimestamp (kubectl's "Terminating") for
/// <see cref="KubeEmulatorOptions.TerminationDelay"/> before they disappear, unless deleted with grace period 0.
/// </summary>
public static class Deletion
{
    /// <summary>Deletes (or starts terminating) the object; returns its state after the call.</summary>
    public static JsonObject? DeleteWithDependents(EmulatedCluster cluster, ResourceType type, JsonObject obj, bool orphan, bool immediate = false)
    {
        return cluster.Store.Atomically(() =>
        {
            if (IsPod(type) && !immediate && cluster.Options.TerminationDelay > TimeSpan.Zero)
            {
                var terminating = cluster.Store.MarkForDeletion(type, obj.Namespace(), obj.Name());
                if (terminating is not null && terminating.Str("metadata", "deletionTimestamp") != obj.Str("metadata", "deletionTimestamp"))
                {
                    FinishLater(cluster, type, terminating);
                }
                return terminating;
            }
            var deleted = cluster.Store.Delete(type, obj.Namespace(), obj.Name());
            if (deleted is null) return null;
            if (type.Kind == "CustomResourceDefinition" && !type.Custom)
            {
                var group = obj.Str("spec", "group") ?? "";
                var plural = obj.Str("spec", "names", "plural") ?? "";
                if (cluster.Catalog.All.FirstOrDefault(t => t.Custom && t.Group == group && t.Plural == plural) is { } customType)
                {
                    foreach (var item in cluster.Store.List(customType, null).Items) DeleteWithDependents(cluster, customType, item, orphan: false);
                }
                cluster.Catalog.Unregister(obj);
            }
            if (!orphan)
            {
                foreach (var (dependentType, dependent) in cluster.Store.Dependents(cluster.Catalog, obj.Uid()))
                {
                    DeleteWithDependents(cluster, dependentType, dependent, orphan: false);
                }
            }
            return deleted;
        });
    }

    public static bool IsPod(ResourceType type) => type.Kind == "Pod" && !type.Custom;

    private static void FinishLater(EmulatedCluster cluster, ResourceType type, JsonObject terminating)
    {
        _ = Task.Run(async () =>
        {
            try
            {
                await Task.Delay(cluster.Options.TerminationDelay, cluster.Stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            cluster.Store.Atomically(() =>
            {
                var current = cluster.Store.Get(type, terminating.Namespace(), terminating.Name());
                if (current?.Uid() == terminating.Uid()) DeleteWithDependents(cluster, type, current, orphan: false, immediate: true);
            });
        });
    }
}
