using System.Text.Json.Nodes;
using Meshdock.KubeEmulator.Storage;

namespace Meshdock.KubeEmulator.Api;

/// <summary>
/// Whether <c>metrics.k8s.io</c> is served, as the real aggregator decides it: always with
/// <see cref="KubeEmulatorOptions.MetricsApi"/>; otherwise once an APIService <c>v1beta1.metrics.k8s.io</c> is
/// registered (metrics-server's chart creates it), and answering only while a Ready pod backs its Service. Between
/// the two the group is listed but its requests get 503, as a real cluster answers while metrics-server starts.
/// </summary>
public static class MetricsAvailability
{
    public const string ApiServiceName = "v1beta1.metrics.k8s.io";

    public enum State { Absent, Unavailable, Available }

    /// <summary>Listed in discovery: served always, or its APIService exists (reads only the store, never the catalog).</summary>
    public static bool Registered(EmulatedCluster cluster) =>
        cluster.Options.MetricsApi || cluster.Store.Get(ResourceCatalog.ApiServices, null, ApiServiceName) is not null;

    public static State Of(EmulatedCluster cluster)
    {
        if (cluster.Options.MetricsApi) return State.Available;
        var apiService = cluster.Store.Get(ResourceCatalog.ApiServices, null, ApiServiceName);
        if (apiService is null) return State.Absent;
        return Backed(cluster, apiService) ? State.Available : State.Unavailable;
    }

    /// <summary>Why the API service is unavailable, in the aggregator's words; null when it is available.</summary>
    public static (string Reason, string Message)? Problem(EmulatedCluster cluster, JsonObject apiService)
    {
        if (cluster.Options.MetricsApi && apiService.Name() == ApiServiceName) return null;
        var ns = apiService.Str("spec", "service", "namespace");
        var name = apiService.Str("spec", "service", "name");
        if (ns is null || name is null) return null; // a local APIService: served by the API server itself
        if (cluster.Store.Get(cluster.Type("", "services"), ns, name) is null)
            return ("ServiceNotFound", $"service/{name} in \"{ns}\" is not present");
        return Backed(cluster, apiService) ? null : ("MissingEndpoints", $"endpoints for service/{name} in \"{ns}\" have no addresses with port name \"https\"");
    }

    public static KubeApiException Unavailable() =>
        new(503, "ServiceUnavailable", "the server is currently unable to handle the request");

    private static bool Backed(EmulatedCluster cluster, JsonObject apiService)
    {
        var ns = apiService.Str("spec", "service", "namespace");
        var name = apiService.Str("spec", "service", "name");
        if (ns is null || name is null) return true;
        var service = cluster.Store.Get(cluster.Type("", "services"), ns, name);
        if (service?.At("spec", "selector") is not JsonObject selector || selector.Count == 0) return false;
        return cluster.Store.List(cluster.Type("", "pods"), ns, pod =>
                selector.All(kv => pod.At("metadata", "labels", kv.Key)?.GetValue<string>() == kv.Value?.GetValue<string>())
                && Controllers.ControllerContext.IsReady(pod))
            .Items.Count > 0;
    }
}
