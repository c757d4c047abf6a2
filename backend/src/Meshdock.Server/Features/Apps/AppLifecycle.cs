using k8s;
using k8s.Autorest;
using Meshdock.Server.Features.Meshes;
using Meshdock.Server.Features.Overview;
using Meshdock.Server.Kubernetes;
using Meshdock.Server.Kubernetes.Cluster;
using Meshdock.Server.Kubernetes.Workloads;
using Meshdock.Server.Operations;
using Microsoft.Extensions.Options;

namespace Meshdock.Server.Features.Apps;

/// <summary>The work of deploy and remove operations for sample apps, with the same pod-by-pod progress as meshes.</summary>
public sealed class AppLifecycle(ClusterConnection cluster, PodProgressWatcher watcher, IOptions<MeshesOptions> options)
{
    public Task DeployAsync(OperationContext context, SampleApp app, string ns) => Guarded(app, ns, async () =>
    {
        var token = context.CancellationToken;
        await context.StepAsync("Connecting to the cluster", 3);
        var client = await cluster.GetClientAsync(token);
        await MeshLifecycle.EnsureNamespaceAsync(client, ns, context, token);
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

    public Task RemoveAsync(OperationContext context, SampleApp app, string ns) => Guarded(app, ns, async () =>
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

    private Task WaitAsync(OperationContext context, IKubernetes client, SampleApp app, string ns, WaitFor waitFor, CancellationToken token)
    {
        var deployments = app.Objects.OfType<k8s.Models.V1Deployment>()
            .Select(d => (WorkloadKind.Deployment, d.Metadata.Name, ns)).ToList();
        var target = new ReadinessTarget(ns, $"{ManifestApplier.AppLabel}={app.Id}", deployments, app.Name);
        return watcher.WaitAsync(client, target, waitFor, options.Value.ReadyTimeout,
            change => MeshLifecycle.ReportPod(context, change),
            state => context.LogAsync(waitFor == WaitFor.Ready ? $"{state.Title} is ready." : $"{state.Title} is gone."),
            token);
    }

    private static async Task Guarded(SampleApp app, string ns, Func<Task> work)
    {
        try
        {
            await work();
        }
        catch (WorkloadsNotReadyException e)
        {
            throw new OperationFailedException(e.Message, e);
        }
        catch (ClusterUnavailableException e)
        {
            throw new OperationFailedException(e.Message, e);
        }
        catch (HttpOperationException e)
        {
            throw new OperationFailedException(KubernetesErrors.Sentence(e, $"working on {app.Name} in {ns}"), e);
        }
    }
}
