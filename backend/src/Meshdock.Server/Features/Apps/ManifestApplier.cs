using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Meshdock.Server.Kubernetes;

namespace Meshdock.Server.Features.Apps;

/// <summary>
/// Applies and deletes a sample app's objects by server-side apply (field manager "meshdock"), labelling each so
/// that "remove everything Meshdock installed" can find them later.
/// </summary>
public static class ManifestApplier
{
    public const string FieldManager = "meshdock";
    public const string AppLabel = ManagedBy.SampleAppLabel;

    public static async Task ApplyAsync(IKubernetes client, SampleApp app, string ns, Func<string, Task> onApplied, CancellationToken cancellationToken)
    {
        foreach (var obj in app.CreateObjects())
        {
            Label(obj, app.Id, ns);
            var patch = new V1Patch(obj, V1Patch.PatchType.ApplyPatch);
            var name = obj.Metadata.Name;
            _ = obj switch
            {
                V1ServiceAccount => (object)await client.CoreV1.PatchNamespacedServiceAccountAsync(patch, name, ns, fieldManager: FieldManager, force: true, cancellationToken: cancellationToken),
                V1ConfigMap => await client.CoreV1.PatchNamespacedConfigMapAsync(patch, name, ns, fieldManager: FieldManager, force: true, cancellationToken: cancellationToken),
                V1Service => await client.CoreV1.PatchNamespacedServiceAsync(patch, name, ns, fieldManager: FieldManager, force: true, cancellationToken: cancellationToken),
                V1Deployment => await client.AppsV1.PatchNamespacedDeploymentAsync(patch, name, ns, fieldManager: FieldManager, force: true, cancellationToken: cancellationToken),
                _ => throw new InvalidOperationException($"Kind {obj.Kind} is not supported."),
            };
            await onApplied($"{obj.Kind} {name} applied");
        }
    }

    /// <summary>Deletes the app's objects, Deployments first; objects already gone are skipped.</summary>
    public static async Task DeleteAsync(IKubernetes client, SampleApp app, string ns, Func<string, Task> onDeleted, CancellationToken cancellationToken)
    {
        foreach (var obj in app.Objects.Reverse())
        {
            var name = obj.Metadata.Name;
            try
            {
                await (obj switch
                {
                    V1Deployment => Deleted(client.AppsV1.DeleteNamespacedDeploymentAsync(name, ns, propagationPolicy: "Background", cancellationToken: cancellationToken)),
                    V1Service => Deleted(client.CoreV1.DeleteNamespacedServiceAsync(name, ns, cancellationToken: cancellationToken)),
                    V1ConfigMap => Deleted(client.CoreV1.DeleteNamespacedConfigMapAsync(name, ns, cancellationToken: cancellationToken)),
                    V1ServiceAccount => Deleted(client.CoreV1.DeleteNamespacedServiceAccountAsync(name, ns, cancellationToken: cancellationToken)),
                    _ => throw new InvalidOperationException($"Kind {obj.Kind} is not supported."),
                });
                await onDeleted($"{obj.Kind} {name} deleted");
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
            {
                await onDeleted($"{obj.Kind} {name} was already gone");
            }
        }
    }

    // A DELETE answers 200 with either the object or a Status, depending on the kind and the server version; the
    // typed client can only read the object, so a Status it cannot read still means the deletion was accepted.
    private static async Task Deleted<T>(Task<T> deletion)
    {
        try
        {
            await deletion;
        }
        catch (System.Text.Json.JsonException)
        {
            // Accepted: see above.
        }
    }

    // The pod template is labelled too, so pods can be watched and found by app.
    private static void Label(IKubernetesObject<V1ObjectMeta> obj, string appId, string ns)
    {
        obj.Metadata.NamespaceProperty = ns;
        AddLabels(obj.Metadata.Labels ??= new Dictionary<string, string>(), appId);
        if (obj is V1Deployment deployment)
        {
            AddLabels(deployment.Spec.Template.Metadata.Labels ??= new Dictionary<string, string>(), appId);
        }
    }

    private static void AddLabels(IDictionary<string, string> labels, string appId)
    {
        labels[ManagedBy.Label] = ManagedBy.Value;
        labels[AppLabel] = appId;
    }
}
