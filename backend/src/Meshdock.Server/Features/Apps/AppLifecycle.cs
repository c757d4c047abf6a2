using k8s;
using k8s.Autorest;
using Meshdock.Server.Features.Overview;
using Meshdock.Server.Kubernetes;
using Meshdock.Server.Kubernetes.Cluster;
using Meshdock.Server.Kubernetes.Workloads;
using Meshdock.Server.Operations;
using Microsoft.Extensions.Options;

namespace Meshdock.Server.Features.Apps;

/// <summary>The work of deploy and remove operations for sample apps, with the same pod-by-pod progress as meshes.</summary>
public sealed class AppLifecycle(ClusterConnection cluster, PodProgressWatcher watcher, IOptions<AppsOptions> options)
{
    public Task DeployAsync(OperationContext context, SampleApp app, string ns) => ClusterFailures.TranslateAsync($"working on {app.Name} in {ns}", async () =>
    {
        var token = context.CancellationToken;
        await context.StepAsync("Connecting to the cluster", 3);
        var client = await cluster.GetClientAsync(token);
        await ManagedNamespaces.EnsureAsync(client, ns, context, token);
        await context.StepAsync($"Applying {app.Name} to {ns} (server-side apply)");
        await ManifestApplier.ApplyAsync(client, app, ns, message => context.LogAsync(message), token);
        await context.StepAsync($"Waiting for {app.Name}'s pods");
        await WaitAsync(context, client, app, ns, WaitFor.Ready, token);
        foreach (var endpoint in await AppEndpoints.ReadAsync(client, app, ns, token))
        {
            await context.LogAsync(endpoint.Url is null
                ? $"{endpoint.Label}: the cluster has not given {endpoint.Service} a node port yet."
                : $"{endpoint.Label}: open {endpoint.Url}", new { endpoint.Label, endpoint.Url });
        }
        await context.LogAsync($"{app.Name} is running in {ns}.");
    });

    public Task RemoveAsync(OperationContext context, SampleApp app, string ns) => ClusterFailures.TranslateAsync($"working on {app.Name} in {ns}", async () =>
    {
        var token = context.CancellationToken;
        await context.StepAsync("Connecting to the cluster", 3);
        var client = await cluster.GetClientAsync(token);
        await context.StepAsync($"Deleting {app.Name} from {ns}");
        await ManifestApplier.DeleteAsync(client, app, ns, message => context.LogAsync(message), token);
        await context.StepAsync($"Waiting for {app.Name}'s workloads to go away");
        await WaitAsync(context, client, app, ns, WaitFor.Gone, token);
        await context.LogAsync($"{app.Name} is removed from {ns}.");
    });

    /// <summary>Waits until the app's Deployments in <paramref name="ns"/> are Ready, reporting each pod change.</summary>
    internal Task WaitReadyAsync(OperationContext context, IKubernetes client, SampleApp app, string ns) =>
        WaitAsync(context, client, app, ns, WaitFor.Ready, context.CancellationToken);

    private Task WaitAsync(OperationContext context, IKubernetes client, SampleApp app, string ns, WaitFor waitFor, CancellationToken token)
    {
        var deployments = app.Objects.OfType<k8s.Models.V1Deployment>()
            .Select(d => (WorkloadKind.Deployment, d.Metadata.Name, ns)).ToList();
        var target = new ReadinessTarget(ns, $"{ManifestApplier.AppLabel}={app.Id}", deployments, app.Name);
        return watcher.WaitAsync(client, target, waitFor, options.Value.ReadyTimeout,
            change => PodChangeProgress.ReportAsync(context, change),
            state => context.LogAsync(waitFor == WaitFor.Ready ? $"{state.Title} is ready." : $"{state.Title} is gone."),
            token);
    }
}
