using k8s;
using k8s.Autorest;
using Meshdock.Server.Features.Apps;
using Meshdock.Server.Features.Meshes;
using Meshdock.Server.Features.Overview;
using Meshdock.Server.Kubernetes;
using Meshdock.Server.Kubernetes.Cluster;
using Meshdock.Server.Kubernetes.Helm;
using Meshdock.Server.Kubernetes.Workloads;
using Meshdock.Server.Operations;

namespace Meshdock.Server.Features.Cleanup;

/// <summary>
/// "Remove everything Meshdock installed": the sample apps (found by their meshdock.io/app label), the helm releases
/// Meshdock labelled managed-by=meshdock, those meshes' CRDs, and the namespaces Meshdock created.
/// </summary>
public sealed class ClusterCleanup(ClusterConnection cluster, HelmRunner helm, HelmReleaseCache releaseCache, MeshCatalog meshes, SampleAppCatalog apps)
{
    public const string Kind = "cleanup";
    public const string Target = "cluster";

    public async Task RunAsync(OperationContext context)
    {
        var token = context.CancellationToken;
        try
        {
            await context.StepAsync("Connecting to the cluster", 4);
            var client = await cluster.GetClientAsync(token);
            await context.StepAsync("Removing sample apps");
            var removedApps = await RemoveAppsAsync(client, context, token);
            await context.StepAsync("Uninstalling meshes");
            var removedReleases = await RemoveReleasesAsync(client, context, token);
            await context.StepAsync("Deleting namespaces Meshdock created");
            var namespaces = await client.CoreV1.ListNamespaceAsync(
                labelSelector: ManagedBy.Selector, cancellationToken: token);
            foreach (var ns in namespaces.Items.Where(n => n.Metadata.Name is not ("default" or "kube-system")))
            {
                await client.CoreV1.DeleteNamespaceAsync(ns.Metadata.Name, cancellationToken: token);
                await context.LogAsync($"Deleted namespace {ns.Metadata.Name}.");
            }
            await context.LogAsync(
                $"Removed {removedApps} sample app deployment(s), {removedReleases} helm release(s) and {namespaces.Items.Count} namespace(s).");
        }
        catch (ClusterUnavailableException e)
        {
            throw new OperationFailedException(e.Message, e);
        }
        catch (HelmFailedException e)
        {
            throw new OperationFailedException(e.Message, e);
        }
        catch (HttpOperationException e)
        {
            throw new OperationFailedException(KubernetesErrors.Sentence(e, "removing what Meshdock installed"), e);
        }
        finally
        {
            releaseCache.Invalidate();
        }
    }

    private async Task<int> RemoveAppsAsync(IKubernetes client, OperationContext context, CancellationToken token)
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
        return deployed.Count;
    }

    private async Task<int> RemoveReleasesAsync(IKubernetes client, OperationContext context, CancellationToken token)
    {
        if (helm.FindBinary() is null)
        {
            await context.WarnAsync(helm.MissingSentence() + " Meshes Meshdock installed stay on the cluster until helm is available.");
            return 0;
        }
        var target = await cluster.GetHelmTargetAsync(token);
        var releases = await helm.ListReleasesAsync(target, token, selector: ManagedBy.HelmReleaseLabel);
        var touched = meshes.Meshes.Where(m => m.Helm!.Charts!.Any(c => releases.Any(r => r.Name == c.Release && r.Namespace == (c.Namespace ?? m.Namespace)))).ToList();
        // Each mesh's charts come off in reverse install order (CRDs last); releases not in the catalog after.
        var ordered = touched
            .SelectMany(m => m.Helm!.Charts!.AsEnumerable().Reverse().Select(c => (Namespace: c.Namespace ?? m.Namespace!, c.Release)))
            .Where(k => releases.Any(r => r.Name == k.Release && r.Namespace == k.Namespace))
            .Concat(releases.Select(r => (r.Namespace, Release: r.Name)))
            .Distinct()
            .ToList();
        foreach (var (ns, release) in ordered)
        {
            await helm.RunAsync(["uninstall", release, "--namespace", ns, "--ignore-not-found"], target,
                line => context.LogAsync(line.Text, new { source = "helm", stream = line.IsError ? "stderr" : "stdout" }), token);
        }
        foreach (var mesh in touched)
        {
            await MeshLifecycle.RemoveCrdsAsync(client, mesh, context, token);
        }
        if (ordered.Count == 0)
        {
            await context.LogAsync("No helm release carries Meshdock's label.");
        }
        return ordered.Count;
    }
}
