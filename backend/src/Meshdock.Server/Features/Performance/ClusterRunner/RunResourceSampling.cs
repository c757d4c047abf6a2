using k8s;
using k8s.Autorest;
using k8s.Models;
using Meshdock.Load;
using Meshdock.Load.Cluster;
using Meshdock.Server.Features.Meshes;
using Meshdock.Server.Features.Namespaces;
using Meshdock.Server.Kubernetes.Metrics;
using Meshdock.Server.Operations;
using Microsoft.Extensions.Options;

namespace Meshdock.Server.Features.Performance.ClusterRunner;

/// <summary>
/// Reads the metrics API while a cluster run lasts (<see cref="ResourceSampler"/>, every
/// <see cref="PerfOptions.SampleInterval"/>): the target Service's pods (found by its selector; the application's
/// containers and the mesh's proxy container apart), the mesh's control-plane namespace when the target's namespace
/// is in a mesh, and the runner pods' load generators. The one place where a run's resources are measured: the
/// overhead report reads them from the stored run.
/// </summary>
public sealed class RunResourceSampling(IMeshLayouts layouts, IEnumerable<IMeshMembershipRules> meshRules, IOptions<PerfOptions> options, TimeProvider time)
{
    private const string App = "app";
    private const string Proxy = "proxy";
    private const string ControlPlane = "controlPlane";
    private const string Runner = "runner";

    /// <summary>Starts reading; a cluster without the metrics API gives a session that only says what is lost.</summary>
    public async Task<Session> StartAsync(OperationContext context, IKubernetes client, LoadSpec load, string runnerNamespace)
    {
        var ct = context.CancellationToken;
        var metrics = await MetricsServerProbe.CheckAsync(client, ct);
        var target = TargetService.Of(load.Urls[0], runnerNamespace);
        var groups = new List<SampleGroup> { new(Runner, runnerNamespace, $"{RunnerJob.RunLabel}={context.OperationId}", OnlyContainer: RunnerJob.Container) };
        MeshLayout? mesh = null;
        if (target is not null && await SelectorOfAsync(context, client, target) is { } selector)
        {
            mesh = await MeshOfAsync(client, target.Namespace, ct);
            groups.Add(new SampleGroup(App, target.Namespace, selector, ExceptContainer: mesh?.ProxyContainer));
            if (mesh?.ProxyContainer is { } proxy)
            {
                groups.Add(new SampleGroup(Proxy, target.Namespace, selector, OnlyContainer: proxy));
            }

            if (mesh is not null)
            {
                groups.Add(new SampleGroup(ControlPlane, mesh.ControlPlaneNamespace, null));
            }
        }

        if (!metrics.Serves)
        {
            var lost = $"{metrics.Sentence} {MetricsApiStatus.Loss}";
            await context.WarnAsync(lost);
            return new Session(null, new PerfResources(lost, target?.ToString(), mesh?.Name, mesh?.ProxyContainer, null, null, null, null));
        }

        var describe = new PerfResources(null, target?.ToString(), mesh?.Name, mesh?.ProxyContainer, null, null, null, null);
        return new Session(ResourceSampler.Start(client, groups, options.Value.SampleInterval, time), describe);
    }

    /// <summary>The Service's selector as a label selector; null (with a warning) when its pods cannot be found.</summary>
    private static async Task<string?> SelectorOfAsync(OperationContext context, IKubernetes client, TargetService target)
    {
        V1Service service;
        try
        {
            service = await client.CoreV1.ReadNamespacedServiceAsync(target.Name, target.Namespace, cancellationToken: context.CancellationToken);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            await context.WarnAsync($"There is no Service {target}: the runner pods will not resolve it, and no target pods are measured.");
            return null;
        }

        if (service.Spec?.Selector is not { Count: > 0 } selector)
        {
            await context.WarnAsync($"Service {target} has no selector, so Meshdock cannot tell which pods serve it: their CPU and memory are not measured.");
            return null;
        }

        return string.Join(',', selector.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
    }

    private async Task<MeshLayout?> MeshOfAsync(IKubernetes client, string ns, CancellationToken ct)
    {
        var found = await client.CoreV1.ReadNamespaceAsync(ns, cancellationToken: ct);
        return NamespaceMesh.Of(meshRules, found.Metadata) is { } rule ? layouts.Find(rule.MeshId) : null;
    }

    /// <summary>One run's reading of the metrics API.</summary>
    public sealed class Session(ResourceSampler? sampler, PerfResources described) : IAsyncDisposable
    {
        /// <summary>A run without figures, and the sentence saying why.</summary>
        public static Session Lost(string why) => new(null, new PerfResources(why, null, null, null, null, null, null, null));

        /// <summary>A last reading, then the summaries; warns about failed readings and a proxy that was never seen.</summary>
        public async Task<PerfResources> StopAsync(OperationContext context)
        {
            if (sampler is null)
            {
                return described;
            }

            // A cancelled run keeps what it measured, the last reading included.
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            var samples = await sampler.StopAsync(patience.Token);
            ResourceSummary? Of(string group) => samples.TryGetValue(group, out var s) ? ResourceSummary.Of(s) : null;
            var resources = described with { App = Of(App), Proxy = Of(Proxy), ControlPlane = Of(ControlPlane), Runner = Of(Runner) };
            if (sampler.Failures > 0)
            {
                await context.WarnAsync($"{sampler.Failures} reading(s) of the metrics API failed during this run ({sampler.LastFailure}); the figures come from the others.");
            }

            if (resources.Proxy is { Samples: 0 })
            {
                await context.WarnAsync($"No {described.ProxyContainer} container was found in the pods of {described.Target}: {described.Mesh} did not inject its proxy, so no proxy was measured.");
            }

            return resources;
        }

        public async ValueTask DisposeAsync()
        {
            if (sampler is not null)
            {
                await sampler.DisposeAsync();
            }
        }
    }
}
