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
    /// <param name="foreground">propagationPolicy Foreground: an owner with dependents stays, with a deletionTimestamp
    /// and the <c>foregroundDeletion</c> finalizer, until its dependents are gone.</param>
    public static JsonObject? DeleteWithDependents(EmulatedCluster cluster, ResourceType type, JsonObject obj, bool orphan, bool immediate = false, bool foreground = false)
    {
        return cluster.Store.Atomically(() =>
        {
            if (foreground && !orphan && !IsPod(type) && cluster.Store.Dependents(cluster.Catalog, obj.Uid()).Count > 0)
            {
                return DeleteInForeground(cluster, type, obj);
            }
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

    private static JsonObject? DeleteInForeground(EmulatedCluster cluster, ResourceType type, JsonObject obj)
    {
        var marked = cluster.Store.MarkForDeletion(type, obj.Namespace(), obj.Name());
        if (marked is null) return null;
        if (marked.At("metadata", "finalizers") is not JsonArray finalizers) marked.Metadata()["finalizers"] = finalizers = [];
        if (!finalizers.Any(f => f?.GetValue<string>() == "foregroundDeletion"))
        {
            finalizers.Add("foregroundDeletion");
            marked = cluster.Store.Replace(type, marked);
        }
        foreach (var (dependentType, dependent) in cluster.Store.Dependents(cluster.Catalog, obj.Uid()))
        {
            DeleteWithDependents(cluster, dependentType, dependent, orphan: false);
        }
        var uid = obj.Uid();
        _ = Task.Run(async () =>
        {
            try
            {
                while (cluster.Store.Dependents(cluster.Catalog, uid).Count > 0)
                {
                    await Task.Delay(50, cluster.Stopping);
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
            cluster.Store.Atomically(() =>
            {
                var current = cluster.Store.Get(type, obj.Namespace(), obj.Name());
                if (current?.Uid() == uid) cluster.Store.Delete(type, obj.Namespace(), obj.Name());
            });
        });
        return marked;
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
