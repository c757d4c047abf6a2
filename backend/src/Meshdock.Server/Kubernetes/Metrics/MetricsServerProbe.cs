using System.Text.Json;
using k8s;
using k8s.Autorest;

namespace Meshdock.Server.Kubernetes.Metrics;

/// <summary>Whether the cluster serves the metrics API: <c>installed</c>, <c>missing</c> or <c>not-ready</c>, with a sentence.</summary>
public sealed record MetricsApiStatus(string State, string Sentence)
{
    public const string Installed = "installed";
    public const string Missing = "missing";
    public const string NotReady = "not-ready";

    /// <summary>What a load test or an overhead report loses when the metrics API is not served.</summary>
    public const string Loss =
        "Without metrics-server, results keep latency, throughput and success rate but have no CPU or memory figures: "
        + "no proxy CPU per 1,000 requests a second, no memory per pod and nothing about the control plane. Install it from the Performance page (one click, about a minute).";

    public bool Serves => State == Installed;
}

/// <summary>
/// Asks the aggregator, not a Deployment name: whatever installed metrics-server (Meshdock, a chart, a distribution),
/// what matters is the APIService <c>v1beta1.metrics.k8s.io</c> being Available and answering.
/// </summary>
public static class MetricsServerProbe
{
    public const string ApiServiceName = "v1beta1.metrics.k8s.io";

    public static async Task<MetricsApiStatus> CheckAsync(IKubernetes client, CancellationToken cancellationToken)
    {
        JsonElement apiService;
        try
        {
            apiService = (JsonElement)await client.CustomObjects.GetClusterCustomObjectAsync(
                "apiregistration.k8s.io", "v1", "apiservices", ApiServiceName, cancellationToken);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return new MetricsApiStatus(MetricsApiStatus.Missing,
                "The cluster has no metrics API (metrics-server is not installed), so Meshdock cannot measure what the proxies and the control plane use.");
        }

        var available = Condition(apiService, "Available");
        if (available is { Status: not "True" } condition)
        {
            return new MetricsApiStatus(MetricsApiStatus.NotReady,
                $"metrics-server is installed but its API is not available yet ({condition.Reason}: {condition.Message}); it takes up to a minute after a start.");
        }

        try
        {
            await client.CustomObjects.ListClusterCustomObjectAsync(PodMetricsReader.Group, PodMetricsReader.Version, "nodes", cancellationToken: cancellationToken);
        }
        catch (HttpOperationException e)
        {
            return new MetricsApiStatus(MetricsApiStatus.NotReady,
                $"metrics-server is installed but its API answered {(int)e.Response.StatusCode}; it takes up to a minute after a start to have its first figures.");
        }

        return new MetricsApiStatus(MetricsApiStatus.Installed, "The metrics API answers: CPU and memory of pods can be measured.");
    }

    private static (string? Status, string? Reason, string? Message)? Condition(JsonElement apiService, string type)
    {
        if (!apiService.TryGetProperty("status", out var status) || !status.TryGetProperty("conditions", out var conditions))
        {
            return null;
        }

        foreach (var c in conditions.EnumerateArray())
        {
            if (c.TryGetProperty("type", out var t) && t.GetString() == type)
            {
                string? Text(string name) => c.TryGetProperty(name, out var v) ? v.GetString() : null;
                return (Text("status"), Text("reason"), Text("message"));
            }
        }

        return null;
    }
}
