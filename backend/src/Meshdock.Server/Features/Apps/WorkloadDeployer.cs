using Meshdock.Server.Kubernetes.Cluster;

namespace Meshdock.Server.Features.Apps;

/// <summary>The Apps feature's <see cref="IWorkloadDeployer"/>: the catalog's apps, applied and awaited as a deploy from the Apps page is.</summary>
public sealed class WorkloadDeployer(SampleAppCatalog catalog, AppLifecycle lifecycle, ClusterConnection cluster) : IWorkloadDeployer
{
    public IReadOnlyList<string> Workloads => [.. catalog.Apps.Select(a => a.Id)];

    public WorkloadEntrypoint? EntrypointOf(string workload) =>
        catalog.Find(workload)?.Entrypoints.FirstOrDefault() is { } e ? new WorkloadEntrypoint(e.Service, e.Port, e.Path, $"{ManifestApplier.AppLabel}={workload}") : null;

    public async Task DeployAsync(Operations.OperationContext context, string workload, string ns)
    {
        var app = catalog.Find(workload) ?? throw new ArgumentException($"There is no sample app '{workload}'.", nameof(workload));
        var token = context.CancellationToken;
        var client = await cluster.GetClientAsync(token);
        await ManifestApplier.ApplyAsync(client, app, ns, message => context.LogAsync($"{ns}: {message}"), token);
        await lifecycle.WaitReadyAsync(context, client, app, ns);
    }

    public async Task RemoveAsync(Operations.OperationContext context, string workload, string ns)
    {
        var app = catalog.Find(workload) ?? throw new ArgumentException($"There is no sample app '{workload}'.", nameof(workload));
        var client = await cluster.GetClientAsync(context.CancellationToken);
        await ManifestApplier.DeleteAsync(client, app, ns, message => context.LogAsync($"{ns}: {message}"), context.CancellationToken);
    }
}
