using System.Text.Json.Nodes;
using Meshdock.KubeEmulator.Storage;

namespace Meshdock.KubeEmulator.Api;

/// <summary>
/// What metrics-server would report, computed from the stored pods: each running container uses the figures a test
/// set (<see cref="PodMetricsFigures"/>; 2m CPU and 16Mi by default), the node 150m and 1Gi plus its pods. Stable
/// figures, so tests can assert them. Shapes and units are metrics-server's: CPU in nanocores, memory in Ki.
/// </summary>
public static class MetricsSource
{
    public const int NodeBaseMilliCpu = 150;
    public const int NodeBaseMebibytes = 1024;

    public static IEnumerable<JsonObject> List(EmulatedCluster cluster, ResourceType type, string? ns)
    {
        var now = JsonPaths.Now();
        var running = cluster.Store.List(cluster.Type("", "pods"), type.Namespaced ? ns : null, p => p.Str("status", "phase") == "Running").Items;
        if (type.Kind == "NodeMetrics")
        {
            var usages = running.SelectMany(p => Containers(p).Select(c => cluster.PodMetrics.Of(p.Namespace() ?? "", p.Name(), c.Str("name") ?? ""))).ToList();
            yield return new JsonObject
            {
                ["kind"] = "NodeMetrics",
                ["apiVersion"] = "metrics.k8s.io/v1beta1",
                ["metadata"] = new JsonObject { ["name"] = cluster.Options.NodeName, ["creationTimestamp"] = now },
                ["timestamp"] = now,
                ["window"] = "10.5s",
                ["usage"] = Usage(new PodMetricsFigures.Usage(
                    NodeBaseMilliCpu * 1_000_000L + usages.Sum(u => u.NanoCpu), NodeBaseMebibytes * 1024L * 1024 + usages.Sum(u => u.Bytes))),
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
                ["containers"] = new JsonArray(Containers(pod).Select(c => (JsonNode)new JsonObject
                {
                    ["name"] = c.Str("name"),
                    ["usage"] = Usage(cluster.PodMetrics.Of(pod.Namespace() ?? "", pod.Name(), c.Str("name") ?? "")),
                }).ToArray()),
            };
        }
    }

    private static IEnumerable<JsonNode> Containers(JsonObject pod) => ((pod.At("spec", "containers") as JsonArray) ?? []).OfType<JsonNode>();

    private static JsonObject Usage(PodMetricsFigures.Usage usage) => new()
    {
        ["cpu"] = usage.CpuText,
        ["memory"] = usage.MemoryText,
    };
}
