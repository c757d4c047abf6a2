using k8s;
using k8s.Autorest;
using k8s.Models;
using Meshdock.Load;
using Meshdock.Load.Cluster;
using Meshdock.Load.Shards;
using Meshdock.Server.Features.Namespaces;
using Meshdock.Server.Kubernetes;
using Meshdock.Server.Kubernetes.Cluster;
using Meshdock.Server.Operations;
using Microsoft.Extensions.Options;

namespace Meshdock.Server.Features.Performance.ClusterRunner;

/// <summary>
/// A run from inside the cluster: creates the runner Job in its namespace (created when missing) and follows it with
/// <see cref="RunnerJobFollower"/>, the same as <c>meshdock perf run --in-cluster</c>: seconds merged into the live
/// timeline, results exactly into the run's result; a cancel deletes the Job and keeps what arrived, a pod that cannot
/// run fails the run with the reason and what to do.
/// The metrics API is read while the run lasts (<see cref="RunResourceSampling"/>).
/// </summary>
public sealed partial class ClusterRun(
    ClusterConnection connection, RunnerImage images, RunResourceSampling sampling, IOptions<PerfOptions> options,
    IEnumerable<IMeshMembershipRules> meshRules, ILogger<ClusterRun> logger)
{
    public async Task<(LoadResult Result, PerfPlacement Placement, PerfResources Resources)> RunAsync(
        OperationContext context, LoadSpec load, PerfRunnerSpec runner, Func<TimelineSecond, Task> onSecond)
    {
        var ct = context.CancellationToken;
        var ns = runner.Namespace!;
        var pods = runner.Pods!.Value;
        var meshed = runner.Meshed ?? false;
        IKubernetes client = null!;
        NamespaceJoinRule? mesh = null;
        var image = "";
        V1Job job = null!;
        await ClusterFailures.TranslateAsync("starting the runner Job", async () =>
        {
            client = await connection.GetClientAsync(ct);
            await ManagedNamespaces.EnsureAsync(client, ns, context, ct);
            mesh = await MeshOfAsync(client, ns, ct);
            image = await images.GetAsync(ct);
            job = RunnerJob.Build(context.OperationId, ns, image, options.Value.RunnerCli, load, pods,
                MeshInjection.For(mesh?.MeshId, meshed), options.Value.JobTtlSeconds);
            await client.BatchV1.CreateNamespacedJobAsync(job, ns, cancellationToken: ct);
        });
        var jobName = job.Metadata.Name;
        await context.LogAsync($"Started Job {ns}/{jobName}: {pods} runner pod{(pods == 1 ? "" : "s")} of {image}"
            + (mesh is null ? $" (namespace {ns} is in no mesh)." : meshed ? $", to be injected by {mesh.MeshName}." : $", kept out of {mesh.MeshName}."));
        if (load.Urls.Any(IsLoopback))
        {
            await context.WarnAsync("A runner pod's localhost is the pod itself, not your machine: target a Service (http://name.namespace:port/).");
        }

        var placement = new PerfPlacement(PerfRunnerSpec.Cluster, Namespace: ns, Pods: pods, Meshed: meshed, Mesh: mesh?.MeshName, RunnerImage: image, Job: jobName);
        await using var resources = await StartSamplingAsync(context, client, load, ns);
        var advice = new RunnerAdvice(image,
            "Set Perf:RunnerImage to an image with Meshdock's CLI that the cluster can pull (make build-extension builds one), or use the local runner.",
            "Perf:RunnerCli");
        LoadResult result;
        bool? injected;
        try
        {
            (result, injected) = await RunnerJobFollower.FollowAsync(client, ns, jobName, pods, load, advice, onSecond,
                () => DeleteJobAsync(client, ns, jobName, context), context.CancellationToken);
        }
        catch (ClusterRunException e)
        {
            throw new OperationFailedException(e.Message, e);
        }

        return (result, placement with { Injected = injected }, await resources.StopAsync(context));
    }

    /// <summary>The metrics API's reading for this run; a cluster that fails to answer for it costs the figures, not the run.</summary>
    private async Task<RunResourceSampling.Session> StartSamplingAsync(OperationContext context, IKubernetes client, LoadSpec load, string ns)
    {
        try
        {
            return await sampling.StartAsync(context, client, load, ns);
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // The run is cancelled already; following the Job deletes it and keeps what arrived.
            return RunResourceSampling.Session.Lost("The run was cancelled before the metrics API was read.");
        }
        catch (Exception e) when (e is HttpOperationException or HttpRequestException)
        {
            var lost = $"Reading the metrics API could not start ({e.Message}), so this run has no CPU or memory figures.";
            await context.WarnAsync(lost);
            return RunResourceSampling.Session.Lost(lost);
        }
    }

    private async Task DeleteJobAsync(IKubernetes client, string ns, string job, OperationContext context)
    {
        try
        {
            if (await RunnerJob.DeleteAsync(client, ns, job))
            {
                await context.LogAsync($"Deleted Job {ns}/{job} and its pods.");
            }
        }
        catch (Exception e) when (e is HttpOperationException or HttpRequestException)
        {
            JobNotDeleted(logger, ns, job, e.Message);
            await context.WarnAsync($"Could not delete Job {ns}/{job} ({e.Message}); Kubernetes removes it {options.Value.JobTtlSeconds} s after it ends.");
        }
    }

    private async Task<NamespaceJoinRule?> MeshOfAsync(IKubernetes client, string ns, CancellationToken ct)
    {
        var found = await client.CoreV1.ReadNamespaceAsync(ns, cancellationToken: ct);
        return NamespaceMesh.Of(meshRules, found.Metadata);
    }

    private static bool IsLoopback(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.IsLoopback;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not delete runner Job {Namespace}/{Job}: {Reason}")]
    private static partial void JobNotDeleted(ILogger logger, string @namespace, string job, string reason);
}
