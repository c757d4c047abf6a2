using k8s;
using Meshdock.Server.Features.Cleanup;
using Meshdock.Server.Operations;

namespace Meshdock.Server.Features.Apps;

/// <summary>Cleanup's first step: every sample app deployment (found by its meshdock.io/app label) comes off.</summary>
public sealed class AppsCleanupStep(SampleAppCatalog apps) : IClusterCleanupStep
{
    public int Order => 1;

    public string Title => "Removing sample apps";

    public string BusyTargetPrefix => AppOperations.TargetPrefix;

    public async Task<string> RemoveAsync(IKubernetes client, OperationContext context, CancellationToken token)
    {
        var deployed = (await client.AppsV1.ListDeploymentForAllNamespacesAsync(labelSelector: ManifestApplier.AppLabel, cancellationToken: token)).Items
            .Select(d => (Namespace: d.Metadata.NamespaceProperty, App: d.Metadata.Labels[ManifestApplier.AppLabel]))
            .Distinct()
            .ToList();
        foreach (var (ns, id) in deployed)
        {
            if (apps.Find(id) is { } app)
            {
                await ManifestApplier.DeleteAsync(client, app, ns, message => context.LogAsync($"{ns}: {message}"), token);
            }
        }
        if (deployed.Count == 0)
        {
            await context.LogAsync("No sample app was deployed.");
        }
        return $"{deployed.Count} sample app deployment(s)";
    }
}
