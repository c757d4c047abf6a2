using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Meshdock.Server.Features.Filters.Deploy;

/// <summary>
/// Server-side apply (field manager <c>meshdock</c>, forced: Meshdock owns what it deploys) of the manifests this
/// feature builds, and their removal. Only the kinds it builds are routed; anything else is a bug here. Custom
/// resources are sent with strict field validation: a field the installed CRD does not know is refused with the API
/// server's sentence instead of being dropped silently, which would leave a filter configured differently than shown.
/// </summary>
public static class KubeApply
{
    public const string FieldManager = "meshdock";

    public static async Task ApplyAsync(IKubernetes client, JsonObject manifest, CancellationToken cancellationToken)
    {
        var (kind, name, ns) = Identify(manifest);
        var patch = new V1Patch(manifest.ToJsonString(), V1Patch.PatchType.ApplyPatch);
        switch (kind)
        {
            case "Namespace":
                await client.CoreV1.PatchNamespaceAsync(patch, name, fieldManager: FieldManager, force: true, cancellationToken: cancellationToken);
                break;
            case "ConfigMap":
                await client.CoreV1.PatchNamespacedConfigMapAsync(patch, name, ns, fieldManager: FieldManager, force: true, cancellationToken: cancellationToken);
                break;
            case "Service":
                await client.CoreV1.PatchNamespacedServiceAsync(patch, name, ns, fieldManager: FieldManager, force: true, cancellationToken: cancellationToken);
                break;
            case "Deployment":
                await client.AppsV1.PatchNamespacedDeploymentAsync(patch, name, ns, fieldManager: FieldManager, force: true, cancellationToken: cancellationToken);
                break;
            default:
                var (group, version, plural) = CustomResource(manifest);
                await client.CustomObjects.PatchNamespacedCustomObjectAsync(patch, group, version, ns, plural, name,
                    fieldManager: FieldManager, fieldValidation: "Strict", force: true, cancellationToken: cancellationToken);
                break;
        }
    }

    /// <summary>Deletes the object; one that is already gone counts as deleted.</summary>
    public static async Task DeleteAsync(IKubernetes client, JsonObject manifest, CancellationToken cancellationToken)
    {
        var (kind, name, ns) = Identify(manifest);
        try
        {
            switch (kind)
            {
                case "ConfigMap":
                    await client.CoreV1.DeleteNamespacedConfigMapAsync(name, ns, cancellationToken: cancellationToken);
                    break;
                default:
                    var (group, version, plural) = CustomResource(manifest);
                    await client.CustomObjects.DeleteNamespacedCustomObjectAsync(group, version, ns, plural, name, cancellationToken: cancellationToken);
                    break;
            }
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
        }
    }

    /// <summary>Creates a custom object; a 409 means someone else created it first.</summary>
    public static async Task CreateCustomAsync(IKubernetes client, JsonObject manifest, CancellationToken cancellationToken)
    {
        var (_, _, ns) = Identify(manifest);
        var (group, version, plural) = CustomResource(manifest);
        await client.CustomObjects.CreateNamespacedCustomObjectAsync(manifest, group, version, ns, plural,
            fieldManager: FieldManager, fieldValidation: "Strict", cancellationToken: cancellationToken);
    }

    /// <summary>Replaces a custom object read earlier; its <c>metadata.resourceVersion</c> makes a stale write a 409.</summary>
    public static async Task ReplaceCustomAsync(IKubernetes client, JsonObject manifest, CancellationToken cancellationToken)
    {
        var (_, name, ns) = Identify(manifest);
        var (group, version, plural) = CustomResource(manifest);
        await client.CustomObjects.ReplaceNamespacedCustomObjectAsync(manifest, group, version, ns, plural, name,
            fieldManager: FieldManager, fieldValidation: "Strict", cancellationToken: cancellationToken);
    }

    /// <summary>Reads a custom object back (for checks); null when it does not exist.</summary>
    public static async Task<JsonObject?> GetCustomAsync(IKubernetes client, JsonObject manifest, CancellationToken cancellationToken)
    {
        var (_, name, ns) = Identify(manifest);
        var (group, version, plural) = CustomResource(manifest);
        try
        {
            var found = await client.CustomObjects.GetNamespacedCustomObjectAsync(group, version, ns, plural, name, cancellationToken);
            return JsonSerializer.SerializeToNode(found) as JsonObject;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private static (string Kind, string Name, string Namespace) Identify(JsonObject manifest) => (
        (string)manifest["kind"]!,
        (string)manifest["metadata"]!["name"]!,
        (string?)manifest["metadata"]!["namespace"] ?? "");

    internal static (string Group, string Version, string Plural) CustomResource(JsonObject manifest)
    {
        var apiVersion = ((string)manifest["apiVersion"]!).Split('/');
        var plural = (string)manifest["kind"]! switch
        {
            "WasmPlugin" => "wasmplugins",
            "ServiceDefaults" => "servicedefaults",
            "MeshProxyPatch" => "meshproxypatches",
            "Gateway" => "gateways",
            var other => throw new InvalidOperationException($"Meshdock does not deploy {other} objects."),
        };
        return (apiVersion[0], apiVersion[1], plural);
    }
}
