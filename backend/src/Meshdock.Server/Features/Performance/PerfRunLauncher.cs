using k8s;
using k8s.Autorest;
using Meshdock.Server.Kubernetes.Cluster;
using Meshdock.Server.Operations;
using Microsoft.Extensions.Options;

namespace Meshdock.Server.Features.Performance;

/// <summary>
/// <see cref="IPerfRunLauncher"/>: the cluster runner takes the target as the cluster names it; Meshdock's own
/// process cannot resolve cluster names, so for it a cluster service's URL
/// (<c>svc.ns[.svc.cluster.local]</c>) is reached through its node port, which Docker Desktop forwards to the host:
/// <c>127.0.0.1</c> in standalone mode, <c>host.docker.internal</c> from the extension's container. A service
/// without a node port cannot be reached from outside the cluster, and the run says so.
/// </summary>
public sealed class PerfRunLauncher(PerfRunner runner, OperationService operations, ClusterConnection cluster, IOptions<ClusterOptions> clusterOptions)
    : IPerfRunLauncher
{
    public async Task<string> RunAsync(PerfLaunch launch, CancellationToken cancellationToken)
    {
        var url = launch.Runner.InCluster ? launch.TargetUrl : await ReachableUrlAsync(launch.TargetUrl, cancellationToken);
        var spec = launch.Profile with { Urls = [url], Runner = launch.Runner.InCluster ? launch.Runner : null };
        var validation = spec.Validate(out var load);
        if (!validation.IsValid)
        {
            throw new OperationFailedException($"The profile cannot run against {url}: {validation.Sentences}");
        }

        var start = await runner.StartAsync(launch.Name, profileId: null, spec, load);
        if (start is not OperationStart.Started started)
        {
            var busy = (OperationStart.Busy)start;
            throw new OperationFailedException($"Another load test ({busy.RunningId}) is running against {PerfRunner.TargetHost(load)}; wait for it or cancel it, then start again.");
        }

        try
        {
            var final = await operations.WaitAsync(started.Id, cancellationToken);
            if (final is { Status: OperationStatus.Failed })
            {
                throw new OperationFailedException($"The load test \"{launch.Name}\" failed: {final.Error}");
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await operations.CancelAsync(started.Id, CancellationToken.None);
            await operations.WaitAsync(started.Id, CancellationToken.None);
            throw;
        }

        return started.Id;
    }

    private async Task<string> ReachableUrlAsync(string targetUrl, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(targetUrl, UriKind.Absolute, out var uri) || PerfEnvironment.ServiceNamespace(targetUrl) is not { } ns)
        {
            return targetUrl;
        }

        var name = uri.Host.Split('.')[0];
        var client = await cluster.GetClientAsync(cancellationToken);
        k8s.Models.V1Service service;
        try
        {
            service = await client.CoreV1.ReadNamespacedServiceAsync(name, ns, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            throw new OperationFailedException($"There is no Service {name} in namespace {ns}, so {targetUrl} cannot be reached.");
        }

        var port = service.Spec?.Ports?.FirstOrDefault(p => p.Port == uri.Port);
        if (port?.NodePort is not int nodePort)
        {
            throw new OperationFailedException($"Service {ns}/{name} has no node port for port {uri.Port}, so Meshdock's own process cannot reach it; "
                + "make it a NodePort Service, or run the load from inside the cluster.");
        }

        var host = clusterOptions.Value.InContainer == true ? "host.docker.internal" : "127.0.0.1";
        return new UriBuilder(uri) { Host = host, Port = nodePort }.Uri.ToString();
    }
}
