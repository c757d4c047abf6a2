using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Meshdock.Server.Operations;

namespace Meshdock.Server.Features.Filters.Deploy;

/// <summary>
/// In Istio's ambient mode Wasm runs only in waypoint proxies. A namespace that uses none gets one from Meshdock: a
/// Gateway API Gateway of class <c>istio-waypoint</c> and the namespace label <c>istio.io/use-waypoint</c>, both
/// marked so that detaching the last filter removes exactly what Meshdock added.
/// </summary>
public static class IstioWaypoints
{
    private const string UseWaypoint = "istio.io/use-waypoint";

    /// <summary>On the namespace: Meshdock set its waypoint label and deployed the waypoint.</summary>
    private const string CreatedByMeshdock = "meshdock.io/waypoint";

    private const string GatewayCrd = "gateways.gateway.networking.k8s.io";

    /// <summary>Makes sure <paramref name="ns"/> has a waypoint; returns a sentence for the operation's log.</summary>
    public static async Task<string> EnsureAsync(IKubernetes client, string ns, CancellationToken cancellationToken)
    {
        var namespaceObject = await client.CoreV1.ReadNamespaceAsync(ns, cancellationToken: cancellationToken);
        if (namespaceObject.Labels()?.TryGetValue(UseWaypoint, out var existing) == true)
        {
            return $"Namespace {ns} already uses waypoint '{existing}'; the filter runs in it.";
        }
        try
        {
            await client.ApiextensionsV1.ReadCustomResourceDefinitionAsync(GatewayCrd, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            throw new OperationFailedException(
                "Istio ambient runs WebAssembly filters in waypoint proxies, which are Gateway API Gateways, and this cluster has no "
                + "Gateway API CRDs: install them (kubectl apply -f https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.5.1/standard-install.yaml) and attach again.");
        }
        await KubeApply.ApplyAsync(client, MeshAttachmentManifests.IstioWaypoint(ns), cancellationToken);
        await PatchNamespaceAsync(client, ns, MeshAttachmentManifests.WaypointName, cancellationToken);
        return $"Namespace {ns} had no waypoint: Meshdock deployed Gateway {ns}/{MeshAttachmentManifests.WaypointName} (class istio-waypoint) "
            + $"and labelled the namespace {UseWaypoint}={MeshAttachmentManifests.WaypointName}; istiod starts its Envoy, which runs the filter.";
    }

    /// <summary>Removes the waypoint and the label if Meshdock added them; true when it did.</summary>
    public static async Task<bool> ReleaseAsync(IKubernetes client, string ns, CancellationToken cancellationToken)
    {
        V1Namespace namespaceObject;
        try
        {
            namespaceObject = await client.CoreV1.ReadNamespaceAsync(ns, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
        if (namespaceObject.Annotations()?.ContainsKey(CreatedByMeshdock) != true)
        {
            return false;
        }
        await KubeApply.DeleteAsync(client, MeshAttachmentManifests.IstioWaypoint(ns), cancellationToken);
        await PatchNamespaceAsync(client, ns, null, cancellationToken);
        return true;
    }

    /// <summary>A merge patch of just the label and Meshdock's mark (null removes both).</summary>
    private static async Task PatchNamespaceAsync(IKubernetes client, string ns, string? waypoint, CancellationToken cancellationToken)
    {
        var patch = new System.Text.Json.Nodes.JsonObject
        {
            ["metadata"] = new System.Text.Json.Nodes.JsonObject
            {
                ["labels"] = new System.Text.Json.Nodes.JsonObject { [UseWaypoint] = waypoint },
                ["annotations"] = new System.Text.Json.Nodes.JsonObject { [CreatedByMeshdock] = waypoint is null ? null : "true" },
            },
        };
        await client.CoreV1.PatchNamespaceAsync(new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch), ns, cancellationToken: cancellationToken);
    }
}
