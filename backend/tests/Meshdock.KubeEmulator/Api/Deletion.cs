using System.Text.Json.Nodes;
using Meshdock.KubeEmulator.Storage;

namespace Meshdock.KubeEmulator.Api;

/// <summary>Deleting an object and, as the garbage collector would, whatever it owns; deleting a CRD deletes its objects.</summary>
public static class Deletion
{
    public static void DeleteWithDependents(EmulatedCluster cluster, ResourceType type, JsonObject obj, bool orphan)
    {
        cluster.Store.Atomically(() =>
        {
            if (cluster.Store.Delete(type, obj.Namespace(), obj.Name()) is null) return;
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
            if (orphan) return;
            foreach (var (dependentType, dependent) in cluster.Store.Dependents(cluster.Catalog, obj.Uid()))
            {
                DeleteWithDependents(cluster, dependentType, dependent, orphan: false);
            }
        });
    }
}
