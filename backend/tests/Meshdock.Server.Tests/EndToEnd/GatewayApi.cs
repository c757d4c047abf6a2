using System.Net;
using k8s;
using k8s.Models;

namespace Meshdock.Server.Tests.EndToEnd;

/// <summary>
/// Istio ambient's waypoints are Gateway API Gateways, whose CRDs a cluster does not have by default (Docker Desktop's
/// does not). The test installs Gateway API's standard channel when they are missing and removes what it installed.
/// </summary>
internal sealed class GatewayApi : IAsyncDisposable
{
    /// <summary>The release Istio 1.30's own tests install.</summary>
    public const string StandardInstall = "https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.5.1/standard-install.yaml";

    private readonly IKubernetes _client;
    private readonly IReadOnlyList<string> _installed;

    private GatewayApi(IKubernetes client, IReadOnlyList<string> installed)
    {
        _client = client;
        _installed = installed;
    }

    public static async Task<GatewayApi> EnsureAsync(IKubernetes client)
    {
        try
        {
            await client.ApiextensionsV1.ReadCustomResourceDefinitionAsync("gateways.gateway.networking.k8s.io");
            return new GatewayApi(client, []);
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(1) };
        var crds = KubernetesYaml.LoadAllFromString(await http.GetStringAsync(StandardInstall)).OfType<V1CustomResourceDefinition>().ToList();
        Assert.Contains(crds, c => c.Metadata.Name == "gateways.gateway.networking.k8s.io");
        foreach (var crd in crds)
        {
            await client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd);
        }
        return new GatewayApi(client, [.. crds.Select(c => c.Metadata.Name)]);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var name in _installed)
        {
            await _client.ApiextensionsV1.DeleteCustomResourceDefinitionAsync(name);
        }
    }
}
