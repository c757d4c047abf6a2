using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using Meshdock.Server.Operations;

namespace Meshdock.Server.Features.Filters.Deploy;

/// <summary>
/// Consul keeps a service's Envoy extensions in its one <c>ServiceDefaults</c>, which may hold the user's own settings
/// and extensions. Meshdock adds its <c>builtin/wasm</c> entry to it and takes only that entry away again; it deletes
/// the object only when it created it and nothing else is left in its list. Every write is conditional on the
/// <c>resourceVersion</c> it was computed from and is recomputed on a 409.
/// </summary>
public static class ConsulServiceDefaultsEdit
{
    private const int MaxAttempts = 5;

    public static async Task AttachAsync(IKubernetes client, AttachmentTarget target, CancellationToken cancellationToken)
    {
        var manifest = MeshAttachmentManifests.ConsulServiceDefaults(target, target.ServiceName!);
        await RetryOnConflictAsync(async () =>
        {
            if (await KubeApply.GetCustomAsync(client, manifest, cancellationToken) is not { } live)
            {
                await KubeApply.CreateCustomAsync(client, manifest, cancellationToken);
                return;
            }
            var spec = live["spec"] as JsonObject ?? [];
            if ((string?)spec["protocol"] is { Length: > 0 } protocol && protocol != "http")
            {
                throw new OperationFailedException(
                    $"ServiceDefaults {target.Namespace}/{target.ServiceName} sets protocol '{protocol}', but Consul runs WebAssembly HTTP filters only "
                    + "on services whose protocol is http: change it to http there (or remove it) and attach again.");
            }
            spec["protocol"] = "http";
            var extensions = new JsonArray([.. Others(spec, target).Select(e => e!.DeepClone()), MeshAttachmentManifests.ConsulWasmExtension(target)]);
            spec["envoyExtensions"] = extensions;
            live["spec"] = spec;
            await KubeApply.ReplaceCustomAsync(client, live, cancellationToken);
        });
    }

    /// <summary>Removes Meshdock's entry for this filter; the user's own settings and extensions stay.</summary>
    public static async Task DetachAsync(IKubernetes client, AttachmentTarget target, CancellationToken cancellationToken)
    {
        var manifest = MeshAttachmentManifests.ConsulServiceDefaults(target, target.ServiceName!);
        await RetryOnConflictAsync(async () =>
        {
            if (await KubeApply.GetCustomAsync(client, manifest, cancellationToken) is not { } live)
            {
                return;
            }
            var spec = live["spec"] as JsonObject ?? [];
            var others = Others(spec, target);
            var createdByMeshdock = (string?)live["metadata"]?["labels"]?["app.kubernetes.io/managed-by"] == "meshdock";
            if (createdByMeshdock && others.Count == 0)
            {
                await KubeApply.DeleteAsync(client, manifest, cancellationToken);
                return;
            }
            spec["envoyExtensions"] = new JsonArray([.. others.Select(e => e!.DeepClone())]);
            live["spec"] = spec;
            await KubeApply.ReplaceCustomAsync(client, live, cancellationToken);
        });
    }

    /// <summary>Every entry but Meshdock's for this filter (a re-attach replaces it).</summary>
    private static List<JsonNode?> Others(JsonObject spec, AttachmentTarget target) =>
        [.. (spec["envoyExtensions"] as JsonArray ?? []).Where(e => !(MeshAttachmentManifests.IsMeshdockExtension(e)
            && (string?)e!["arguments"]?["PluginConfig"]?["Name"] == target.FilterName))];

    private static async Task RetryOnConflictAsync(Func<Task> attempt)
    {
        for (var i = 1; ; i++)
        {
            try
            {
                await attempt();
                return;
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict && i < MaxAttempts)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(20, 100 * i)));
            }
        }
    }
}
