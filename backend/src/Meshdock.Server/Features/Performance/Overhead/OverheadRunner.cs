using k8s;
using k8s.Autorest;
using k8s.Models;
using Meshdock.Server.Features.Apps;
using Meshdock.Server.Features.Filters;
using Meshdock.Server.Features.Meshes;
using Meshdock.Server.Features.Namespaces;
using Meshdock.Server.Features.Overview;
using Meshdock.Server.Kubernetes;
using Meshdock.Server.Kubernetes.Cluster;
using Meshdock.Server.Kubernetes.Metrics;
using Meshdock.Server.Operations;
using Microsoft.Extensions.Options;

namespace Meshdock.Server.Features.Performance.Overhead;

/// <summary>
/// The report's operation: a plain namespace, a meshed one and optionally a meshed one with a filter attached (joined
/// to the mesh before anything is deployed, so the workload's pods are injected from the start), the workload in each,
/// then per round one run against each namespace (their order rotating every round, so none always runs on a warmer
/// machine) from runner pods in that namespace through <see cref="IPerfRunLauncher"/>, with the metrics API sampled
/// while each run lasts. The report is saved after every run, so a cancel or a failure keeps what was measured.
/// </summary>
public sealed class OverheadRunner(
    OperationService operations,
    OverheadStore store,
    PerfStore runs,
    IPerfRunLauncher launcher,
    IWorkloadDeployer workloads,
    IFilterAttacher filters,
    IEnumerable<IMeshMembershipRules> membership,
    IEnumerable<IInstalledMeshDetector> detectors,
    ClusterConnection cluster,
    IOptions<OverheadOptions> options,
    TimeProvider time)
{
    public const string Kind = "perf.overhead";
    public const string ReportLabel = "meshdock.io/overhead-report";

    public async Task<OperationStart> StartAsync(OverheadRequest request, MeshLayout mesh, NamespaceJoinRule rule)
    {
        var workload = request.Workload ?? "httpbin";
        var name = request.Name?.Trim() ?? $"What {mesh.Name} costs ({workload})";
        return await operations.StartAsync(Kind, $"perf-overhead:{mesh.Id}", name,
            context => RunAsync(context, name, request, mesh, rule, workload));
    }

    /// <summary>The join rule of a mesh an application namespace joins by label or annotation; null for others.</summary>
    public NamespaceJoinRule? JoinRuleOf(string meshId) => membership.SelectMany(m => m.Rules).FirstOrDefault(r => r.MeshId == meshId);

    /// <summary>Round <paramref name="round"/>'s order: the variants rotated by one more each round.</summary>
    public static IEnumerable<T> Rotation<T>(IReadOnlyList<T> variants, int round) =>
        Enumerable.Range(0, variants.Count).Select(i => variants[(i + round - 1) % variants.Count]);

    private Task RunAsync(OperationContext context, string name, OverheadRequest request, MeshLayout mesh, NamespaceJoinRule rule, string workload) =>
        ClusterFailures.TranslateAsync($"measuring what {mesh.Name} costs", async () =>
        {
            var token = context.CancellationToken;
            var rounds = request.Rounds ?? 2;
            var profile = request.EffectiveProfile;
            var entry = workloads.EntrypointOf(workload)!;
            OverheadVariant[] variants =
            [
                new(OverheadReport.Plain, OverheadReport.NamespaceOf(context.OperationId, OverheadReport.Plain), []),
                new(OverheadReport.Meshed, OverheadReport.NamespaceOf(context.OperationId, OverheadReport.Meshed), []),
                .. request.Filter is { } filter
                    ? [new OverheadVariant(OverheadReport.Filtered, OverheadReport.NamespaceOf(context.OperationId, OverheadReport.Filtered), [], filter.Name)]
                    : Array.Empty<OverheadVariant>(),
            ];
            await context.StepAsync("Checking the cluster, the mesh and the metrics API",
                3 + (variants.Length * rounds) + (request.Filter is null ? 0 : IFilterAttacher.AttachSteps));
            var client = await cluster.GetClientAsync(token);
            var installed = await InstalledAsync(client, mesh.Id, token)
                ?? throw new OperationFailedException($"{mesh.Name} is not installed on this cluster: install it first (Meshes page), then measure what it costs.");
            var metrics = await MetricsServerProbe.CheckAsync(client, token);
            if (!metrics.Serves)
            {
                await context.WarnAsync($"{metrics.Sentence} {MetricsApiStatus.Loss}");
            }
            if (mesh.ProxyContainer is null)
            {
                await context.WarnAsync($"{mesh.Name} runs no sidecar in the workload's pods: the report has no proxy CPU or memory, only the control plane's.");
            }

            var report = new OverheadReport(context.OperationId, name, mesh.Id, mesh.Name, installed.Version, workload, profile, rounds,
                time.GetUtcNow(), metrics.Serves ? null : MetricsApiStatus.Loss, variants, null);
            await store.SaveAsync(report, CancellationToken.None);
            try
            {
                await context.StepAsync($"Creating {string.Join(", ", variants.Select(v => $"{v.Namespace} ({(v.InMesh ? $"in {mesh.Name}" : "plain")})"))}");
                foreach (var variant in variants)
                {
                    await CreateNamespaceAsync(client, variant.Namespace, context.OperationId, variant.InMesh ? rule : null, token);
                }
                await context.StepAsync($"Deploying {workload} into each and waiting until it is Ready");
                foreach (var variant in variants)
                {
                    await workloads.DeployAsync(context, workload, variant.Namespace);
                }
                if (request.Filter is { } choice && report.Variant(OverheadReport.Filtered) is { } filtered)
                {
                    var attachmentId = await filters.AttachAsync(context, mesh.Id, choice, filtered.Namespace, Selector(entry));
                    report = report with { Variants = [.. report.Variants.Select(v => v.Key == filtered.Key ? v with { AttachmentId = attachmentId } : v)] };
                    await store.SaveAsync(report, CancellationToken.None);
                }

                for (var round = 1; round <= rounds; round++)
                {
                    foreach (var key in Rotation([.. report.Variants.Select(v => v.Key)], round))
                    {
                        var variant = report.Variant(key)!;
                        await context.StepAsync($"Round {round} of {rounds}: {variant.Key} ({variant.Namespace})");
                        var measured = await MeasureAsync(context, client, report, variant, round, entry, mesh, request.EffectiveRunnerPods, metrics.Serves);
                        report = report with { Variants = [.. report.Variants.Select(v => v.Key == key ? v with { Rounds = [.. v.Rounds, measured] } : v)] };
                        await store.SaveAsync(report, CancellationToken.None);
                    }
                }

                var figures = OverheadFigures.Of(report);
                report = report with { Figures = figures };
                await context.LogAsync(Summarize(figures, report.Variant(OverheadReport.Filtered) is not null));
            }
            catch
            {
                // What was measured before the failure or the cancel still makes figures.
                report = report with { Figures = report.Variants.All(v => v.Rounds.Count > 0) ? OverheadFigures.Of(report) : null };
                throw;
            }
            finally
            {
                await store.SaveAsync(report, CancellationToken.None);
            }
        });

    /// <summary>
    /// The pod labels the filter attaches to: the workload's own selector (<c>meshdock.io/app=httpbin</c>), which no
    /// runner pod carries, and its Service as the <c>app</c> label, which Consul and Kuma name the service by (the
    /// sample apps' pods carry it).
    /// </summary>
    private static Dictionary<string, string> Selector(WorkloadEntrypoint entry)
    {
        var labels = entry.PodSelector.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(term => term.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair.Length == 2 ? pair[1] : "");
        labels.TryAdd("app", entry.Service);
        return labels;
    }

    private async Task<OverheadRound> MeasureAsync(OperationContext context, IKubernetes client, OverheadReport report, OverheadVariant variant, int round,
        WorkloadEntrypoint entry, MeshLayout mesh, int runnerPods, bool sample)
    {
        var appSelector = entry.PodSelector;
        List<SampleGroup> groups = [new("app", variant.Namespace, appSelector, ExceptContainer: mesh.ProxyContainer)];
        if (variant.InMesh)
        {
            if (mesh.ProxyContainer is { } proxy)
            {
                groups.Add(new SampleGroup("proxy", variant.Namespace, appSelector, OnlyContainer: proxy));
            }
            groups.Add(new SampleGroup("controlPlane", mesh.ControlPlaneNamespace, null));
        }

        var url = $"http://{entry.Service}.{variant.Namespace}.svc.cluster.local:{entry.Port}{entry.Path}";
        var sampler = sample ? ResourceSampler.Start(client, groups, options.Value.SampleInterval, time) : null;
        string runId;
        try
        {
            // The runner pods run in the variant's own namespace, in its mesh when it has one, so the client side
            // crosses a proxy as a client in the mesh would.
            var runner = new PerfRunnerSpec(PerfRunnerSpec.Cluster, variant.Namespace, runnerPods, Meshed: variant.InMesh);
            runId = await launcher.RunAsync(new PerfLaunch($"{report.Name}: {variant.Key}, round {round}", url, report.Profile, runner), context.CancellationToken);
        }
        catch when (sampler is not null)
        {
            // The run failed or was cancelled: stop reading the metrics API for it.
            await sampler.DisposeAsync();
            throw;
        }

        var resources = OverheadResources.None;
        if (sampler is not null)
        {
            var samples = await sampler.StopAsync(context.CancellationToken);
            await sampler.DisposeAsync();
            ResourceSummary? Of(string group) => samples.TryGetValue(group, out var s) ? ResourceSummary.Of(s) : null;
            resources = new OverheadResources(Of("app"), Of("proxy"), Of("controlPlane"));
            if (sampler.Failures > 0)
            {
                await context.WarnAsync($"{sampler.Failures} reading(s) of the metrics API failed during this run ({sampler.LastFailure}); the figures come from the others.");
            }
            if (variant.InMesh && mesh.ProxyContainer is not null && resources.Proxy is { Samples: 0 })
            {
                await context.WarnAsync($"No {mesh.ProxyContainer} container was found in {variant.Namespace}'s pods: {mesh.Name} did not inject its proxy, so this round measured no proxy.");
            }
        }

        var run = await runs.GetRunAsync(runId, CancellationToken.None);
        var summary = run?.Summary;
        await context.LogAsync(summary?.Latency is { } l
            ? $"{variant.Key}, round {round}: {summary.ActualRps:N0} rps, p50 {l.P50Ms:0.##} ms, p99 {l.P99Ms:0.##} ms"
              + (resources.Proxy?.CpuMeanMillicores is { } cpu ? $", proxies {cpu:0.#} millicores" : "")
            : $"{variant.Key}, round {round}: no answered request.", new { variant = variant.Key, round, runId });
        return new OverheadRound(round, runId, run?.Status ?? "unknown", summary, resources);
    }

    private async Task<InstalledMesh?> InstalledAsync(IKubernetes client, string meshId, CancellationToken token)
    {
        foreach (var detector in detectors)
        {
            if ((await detector.DetectAsync(client, token)).FirstOrDefault(m => m.Id == meshId) is { } found)
            {
                return found;
            }
        }
        return null;
    }

    private static async Task CreateNamespaceAsync(IKubernetes client, string name, string reportId, NamespaceJoinRule? rule, CancellationToken token)
    {
        var labels = new Dictionary<string, string> { [ManagedBy.Label] = ManagedBy.Value, [ReportLabel] = reportId };
        foreach (var (key, value) in rule?.Labels ?? new Dictionary<string, string>())
        {
            labels[key] = value;
        }
        try
        {
            await client.CoreV1.CreateNamespaceAsync(new V1Namespace
            {
                Metadata = new V1ObjectMeta { Name = name, Labels = labels, Annotations = rule?.Annotations.ToDictionary() },
            }, cancellationToken: token);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.Conflict)
        {
            throw new OperationFailedException($"Namespace {name} already exists; remove it (or the report that made it) and start again.");
        }
    }

    private static string Summarize(IReadOnlyList<OverheadFigure> figures, bool filtered)
    {
        string Delta(string key, string format, Func<OverheadFigure, double?> delta)
        {
            var f = figures.First(f => f.Key == key);
            return delta(f) is { } d
                ? $"{f.Label} {(f.Plain is null ? "" : d >= 0 ? "+" : "")}{d.ToString(format, System.Globalization.CultureInfo.InvariantCulture)} {f.Unit}"
                : $"{f.Label} not measured";
        }
        var summary = $"Against the plain namespace: {Delta("p50", "0.##", f => f.Delta)}, {Delta("p99", "0.##", f => f.Delta)}, {Delta("throughput", "0.#", f => f.Delta)}; "
            + $"{Delta("proxyCpuPer1000Rps", "0.#", f => f.Delta)}, {Delta("proxyMemory", "0.#", f => f.Delta)}, {Delta("controlPlaneCpu", "0.#", f => f.Delta)}.";
        return filtered
            ? summary + $" With the filter: {Delta("p50", "0.##", f => f.FilteredDelta)}, {Delta("p99", "0.##", f => f.FilteredDelta)}, {Delta("proxyCpuPer1000Rps", "0.#", f => f.FilteredDelta)}."
            : summary;
    }
}
