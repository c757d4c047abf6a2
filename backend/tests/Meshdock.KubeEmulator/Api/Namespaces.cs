using System.Text.Json.Nodes;
using Meshdock.KubeEmulator.Storage;

namespace Meshdock.KubeEmulator.Api;

/// <summary>
/// Namespace deletion as the namespace controller does it: the namespace turns Terminating (and refuses new
/// content), everything in it is deleted, and once its pods have terminated the namespace itself disappears.
/// </summary>
public static class Namespaces
{
    public static JsonObject? BeginDelete(EmulatedCluster cluster, string name)
    {
        var type = cluster.Type("", "namespaces");
        var pods = cluster.Type("", "pods");
        var marked = cluster.Store.MarkForDeletion(type, null, name);
        _ = Task.Run(async () =>
        {
            try
            {
                // Long enough for a watcher to see Terminating, short enough that `kubectl delete ns` returns quickly.
                await Task.Delay(cluster.Options.TerminationDelay, cluster.Stopping);
                foreach (var (itemType, item) in cluster.Store.InNamespace(cluster.Catalog, name))
                {
                    Deletion.DeleteWithDependents(cluster, itemType, item, orphan: false);
                }
                while (cluster.Store.List(pods, name).Items.Count > 0)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(50), cluster.Stopping);
                }
                cluster.Store.Delete(type, null, name);
            }
            catch (OperationCanceledException)
            {
                // The emulator is stopping.
            }
        });
        return marked;
    }
}
