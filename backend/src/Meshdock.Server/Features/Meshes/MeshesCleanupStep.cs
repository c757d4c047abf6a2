using k8s;
using Meshdock.Server.Features.Cleanup;
using Meshdock.Server.Kubernetes;
using Meshdock.Server.Kubernetes.Cluster;
using Meshdock.Server.Kubernetes.Helm;
using Meshdock.Server.Operations;

namespace Meshdock.Server.Features.Meshes;

/// <summary>
/// Cleanup's second step: every helm release Meshdock labelled managed-by=meshdock, each catalog mesh's charts in
/// reverse install order (CRDs last), then those meshes' CRDs.
/// </summary>
public sealed class MeshesCleanupStep(ClusterConnection cluster, HelmRunner helm, MeshCatalog catalog) : IClusterCleanupStep
{
    public int Order => 2;

    public string Title => "Uninstalling meshes";

    public string BusyTargetPrefix => MeshOperations.TargetPrefix;

    public async Task<string> RemoveAsync(IKubernetes client, OperationContext context, CancellationToken token)
    {
        if (helm.FindBinary() is null)
        {
            await context.WarnAsync(helm.MissingSentence() + " Meshes Meshdock installed stay on the cluster until helm is available.");
            return "0 helm release(s)";
        }
        var target = await cluster.GetHelmTargetAsync(token);
        var releases = await helm.ListReleasesAsync(target, token, selector: ManagedBy.HelmReleaseLabel);
        var touched = catalog.Meshes.Where(m => m.Helm!.Charts!.Any(c => releases.Any(r => r.Name == c.Release && r.Namespace == (c.Namespace ?? m.Namespace)))).ToList();
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
        return $"{ordered.Count} helm release(s)";
    }
}
