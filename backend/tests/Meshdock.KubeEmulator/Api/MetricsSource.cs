using System.Globalization;
using System.Text.Json.Nodes;
using Meshdock.KubeEmulator.Storage;

namespace Meshdock.KubeEmulator.Api;

/// <summary>
/// What metrics-server would report, computed from the stored pods: each running container uses 2m CPU and 16Mi,
/// the node 150m and 1Gi plus its pods. Stable figures, so tests can assert them.
/// </summary>
public static class MetricsSource
{
    public const int ContainerMilliCpu = 2;
    public const int ContainerMebibytes = 16;
    public const int NodeBaseMilliCpu = 150;
    public const int NodeBaseMebibytes = 1024;

    public static IEnumerable<JsonObject> List(EmulatedCluster cluster, ResourceType type, string? ns)
    {
        var now = JsonPaths.Now();
        var running = cluster.Store.List(cluster.Type("", "pods"), type.Namespaced ? ns : null, p => p.Str("status", "phase") == "Running").Items;
        if (type.Kind == "NodeMetrics")
        {
            var containers = running.Sum(p => (p.At("spec", "containers") as JsonArray)?.Count ?? 0);
            yield return new JsonObject
            {
                ["kind"] = "NodeMetrics",
                ["apiVersion"] = "metrics.k8s.io/v1beta1",
                ["metadata"] = new JsonObject { ["name"] = cluster.Options.NodeName, ["creationTimestamp"] = now },
                ["timestamp"] = now,
                ["window"] = "10.5s",
                ["usage"] = Usage(NodeBaseMilliCpu + containers * ContainerMilliCpu, NodeBaseMebibytes + containers * ContainerMebibytes),
            };
            yield break;
        }
        foreach (var pod in running)
        {
            yield return new JsonObject
            {
                ["kind"] = "PodMetrics",
                ["apiVersion"] = "metrics.k8s.io/v1beta1",
                ["metadata"] = new JsonObject
                {
                    ["name"] = pod.Name(),
                    ["namespace"] = pod.Namespace(),
                    ["creationTimestamp"] = now,
                    ["labels"] = pod.At("metadata", "labels")?.DeepClone(),
                },
                ["timestamp"] = now,
                ["window"] = "10.5s",
                ["containers"] = new JsonArray(((pod.At("spec", "containers") as JsonArray) ?? []).Select(c => (JsonNode)new JsonObject
                {
                    ["name"] = c.Str("name"),
                    ["usage"] = Usage(ContainerMilliCpu, ContainerMebibytes),
                }).ToArray()),
            };
        }
    }

    private static JsonObject Usage(int milliCpu, int mebibytes) => new()
    {
        ["cpu"] = (milliCpu * 1_000_000L).ToString(CultureInfo.InvariantCulture) + "n",
        ["memory"] = (mebibytes * 1024L).ToString(CultureInfo.InvariantCulture) + "Ki",
    };
}
