using System.Globalization;
using System.Text.Json;
using k8s;
using k8s.Models;

namespace Meshdock.Server.Kubernetes.Metrics;

/// <summary>One pod's usage as metrics-server last measured it (<c>metrics.k8s.io/v1beta1</c> PodMetrics).</summary>
public sealed record PodUsage(string Pod, DateTimeOffset Timestamp, IReadOnlyList<ContainerUsage> Containers);

/// <summary>CPU in millicores and memory (working set) in MiB.</summary>
public sealed record ContainerUsage(string Name, double CpuMillicores, double MemoryMiB);

/// <summary>Reads PodMetrics through the aggregated metrics API, as <c>kubectl top pods</c> does.</summary>
public static class PodMetricsReader
{
    public const string Group = "metrics.k8s.io";
    public const string Version = "v1beta1";

    public static async Task<IReadOnlyList<PodUsage>> ListAsync(IKubernetes client, string ns, string? labelSelector, CancellationToken cancellationToken)
    {
        var list = (JsonElement)await client.CustomObjects.ListNamespacedCustomObjectAsync(
            Group, Version, ns, "pods", labelSelector: labelSelector, cancellationToken: cancellationToken);
        return [.. list.GetProperty("items").EnumerateArray().Select(Parse)];
    }

    internal static PodUsage Parse(JsonElement item) => new(
        item.GetProperty("metadata").GetProperty("name").GetString() ?? "",
        DateTimeOffset.Parse(item.GetProperty("timestamp").GetString() ?? "", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
        [.. item.GetProperty("containers").EnumerateArray().Select(c =>
        {
            var usage = c.GetProperty("usage");
            return new ContainerUsage(
                c.GetProperty("name").GetString() ?? "",
                (double)new ResourceQuantity(usage.GetProperty("cpu").GetString()).ToDecimal() * 1000,
                (double)new ResourceQuantity(usage.GetProperty("memory").GetString()).ToDecimal() / (1024 * 1024));
        })]);
}
