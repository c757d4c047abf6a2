using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;

namespace Meshdock.Server.Features.Filters.Deploy;

public sealed partial class FilterDeployer
{
    /// <summary>
    /// What the cluster must already have for the attachment to be applied: the namespace, and the mesh's kind
    /// (WasmPlugin, ServiceDefaults, MeshProxyPatch), which exists only once the mesh is installed. Null when both are
    /// there. Checked before the operation starts so that a request bound to fail stores nothing.
    /// </summary>
    /// <exception cref="Kubernetes.Cluster.ClusterUnavailableException">The cluster cannot be reached.</exception>
    private async Task<string?> PreflightAsync(MeshFilterSupport support, string ns, JsonObject manifest, CancellationToken cancellationToken)
    {
        var client = await cluster.GetClientAsync(cancellationToken);
        var (group, _, plural) = KubeApply.CustomResource(manifest);
        if (!await ExistsAsync(() => client.ApiextensionsV1.ReadCustomResourceDefinitionAsync($"{plural}.{group}", cancellationToken: cancellationToken)))
        {
            return $"{support.DisplayName} is not installed on the cluster (it has no {support.ObjectKind} kind): install it from the Meshes page first.";
        }

        return await ExistsAsync(() => client.CoreV1.ReadNamespaceAsync(ns, cancellationToken: cancellationToken))
            ? null
            : $"The namespace '{ns}' does not exist on the cluster: deploy the app there first, or pick its namespace.";
    }

    private static async Task<bool> ExistsAsync<T>(Func<Task<T>> read)
    {
        try
        {
            await read();
            return true;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }
}
