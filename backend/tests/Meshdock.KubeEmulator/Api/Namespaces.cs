using System.Text.Json.Nodes;
using Meshdock.KubeEmulator.Storage;

namespace Meshdock.KubeEmulator.Api;

/// <summary>
/// Namespace deletion as the namespace controller does it: the namespace turns Terminating (and refuses new
/// content), then everything in it is deleted, then the namespace itself disappears.
/// </summary>
public static class Namespaces
{
    public static JsonObject? BeginDelete(EmulatedCluster cluster, string name)
    {
        var type = cluster.Type("", "namespaces");
        var marked = cluster.Store.MarkForDeletion(type, null, name);
        _ = Task.Run(async () =>
        {
            // Long enough for a watcher to see Terminating, short enough that `kubectl delete ns` returns quickly.
            await Task.Delay(TimeSpan.FromMilliseconds(100));
            cluster.Store.Atomically(() =>
            {
                foreach (var (itemType, item) in cluster.Store.InNamespace(cluster.Catalog, name))
                {
                    Deletion.DeleteWithDependents(cluster, itemType, item, orphan: false);
                }
                cluster.Store.Delete(type, null, name);
            });
        });
        return marked;
    }
}
