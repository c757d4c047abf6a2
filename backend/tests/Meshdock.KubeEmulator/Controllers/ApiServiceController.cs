using System.Text.Json.Nodes;
using Meshdock.KubeEmulator.Api;
using Meshdock.KubeEmulator.Storage;

namespace Meshdock.KubeEmulator.Controllers;

/// <summary>
/// The aggregator's availability check: each APIService's <c>Available</c> condition says whether a Ready pod backs
/// its Service (<c>kubectl get apiservice</c> and clients that read the condition see what requests would get).
/// </summary>
public sealed class ApiServiceController(ControllerContext context)
{
    public void ReconcileAll()
    {
        foreach (var apiService in context.Store.List(ResourceCatalog.ApiServices, null).Items)
        {
            var problem = MetricsAvailability.Problem(context.Cluster, apiService);
            var condition = ControllerContext.Condition(apiService.At("status", "conditions"), "Available",
                problem is null ? "True" : "False",
                problem?.Reason ?? (apiService.At("spec", "service") is null ? "Local" : "Passed"),
                problem?.Message ?? "all checks passed");
            context.SetStatus(ResourceCatalog.ApiServices, apiService, new JsonObject { ["conditions"] = new JsonArray(condition) });
        }
    }
}
