using k8s;
using k8s.Autorest;
using k8s.Models;
using Meshdock.Server.Features.Apps;
using Meshdock.Server.Features.Meshes;
using Meshdock.Server.Features.Namespaces;
using Meshdock.Server.Features.Overview;
using Meshdock.Server.Kubernetes;
using Meshdock.Server.Kubernetes.Cluster;
using Meshdock.Server.Kubernetes.Metrics;
using Meshdock.Server.Operations;

namespace Meshdock.Server.Features.Performance.Overhead;

/// <summary>
/// The report's operation: two namespaces (plain, and joined to the mesh before anything is deployed, so the
/// workload's pods are injected from the start), the workload in each, then per round one run against each
/// namespace (their order swapping every round, so neither always runs on a warmer machine) through
/// <see cref="IPerfRunLauncher"/> from the cluster runner, which reads the metrics API while each run lasts. The report is saved after
/// every run, so a cancel or a failure keeps what was measured.
/// </summary>
public sealed class OverheadRunner(
    OperationService operations,
    OverheadStore store,
    PerfStore runs,
    IPerfRunLauncher launcher,
    IWorkloadDeployer workloads,
    IEnumerable<IMeshMembershipRules> membership,
    IEnumerable<IInstalledMeshDetector> detectors,
    ClusterConnection cluster,
    TimeProvider time)
{
    public const string Kind = "perf.overhead";
    public const string ReportLabel = "meshdock.io/overhead-report";
    private static readonly int[] PlainFirst = [0, 1];
    private static readonly int[] MeshedFirst = [1, 0];

    public async Task<OperationStart> StartAsync(OverheadRequest request, MeshLayout mesh, NamespaceJoinRule rule)
    {
        var workload = request.Workload ?? "httpbin";
        var name = request.Name?.Trim() ?? $"What {mesh.Name} costs ({workload})";
        return await operations.StartAsync(Kind, $"perf-overhead:{mesh.Id}", name,
            context => RunAsync(context, name, request, mesh, rule, workload));
    }

    /// <summary>The join rule of a mesh an application namespace joins by label or annotation; null for others.</summary>
    public NamespaceJoinRule? JoinRuleOf(string meshId) => membership.SelectMany(m => m.Rules).FirstOrDefault(r => r.MeshId == meshId);

    public static IReadOnlyList<string> Namespaces(string reportId) =>
        [$"overhead-{reportId[^8..]}-{OverheadReport.Plain}", $"overhead-{reportId[^8..]}-{OverheadReport.Meshed}"];

    private Task RunAsync(OperationContext context, string name, OverheadRequest request, MeshLayout mesh, NamespaceJoinRule rule, string workload) =>
        ClusterFailures.TranslateAsync($"measuring what {mesh.Name} costs", async () =>
        {
            var token = context.CancellationToken;
            var rounds = request.Rounds ?? 2;
            var profile = request.EffectiveProfile;
            var entry = workloads.EntrypointOf(workload)!;
            await context.StepAsync("Checking the cluster, the mesh and the metrics API", 3 + (2 * rounds));
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

            var (plainNs, meshedNs) = (Namespaces(context.OperationId)[0], Namespaces(context.OperationId)[1]);
            var report = new OverheadReport(context.OperationId, name, "running", mesh.Id, mesh.Name, installed.Version, workload, profile, rounds,
                time.GetUtcNow(), metrics.Serves ? null : MetricsApiStatus.Loss,
                [new OverheadVariant(OverheadReport.Plain, plainNs, []), new OverheadVariant(OverheadReport.Meshed, meshedNs, [])], null);
            await store.SaveAsync(report, CancellationToken.None);
            try
            {
                await context.StepAsync($"Creating {plainNs} (plain) and {meshedNs} (in {mesh.Name})");
                await CreateNamespaceAsync(client, plainNs, context.OperationId, null, token);
                await CreateNamespaceAsync(client, meshedNs, context.OperationId, rule, token);
                await context.StepAsync($"Deploying {workload} into both and waiting until it is Ready");
                await workloads.DeployAsync(context, workload, plainNs);
                await workloads.DeployAsync(context, workload, meshedNs);

                for (var round = 1; round <= rounds; round++)
                {
                    foreach (var index in round % 2 == 1 ? PlainFirst : MeshedFirst)
                    {
                        var variant = report.Variants[index];
                        await context.StepAsync($"Round {round} of {rounds}: {variant.Key} ({variant.Namespace})");
                        var measured = await MeasureAsync(context, report, variant, round, entry);
                        report = report with
                        {
                            Variants = [.. report.Variants.Select((v, i) => i == index ? v with { Rounds = [.. v.Rounds, measured] } : v)],
                        };
                        await store.SaveAsync(report, CancellationToken.None);
                    }
                }

                var figures = OverheadFigures.Of(report.Variants[0], report.Variants[1]);
                report = report with { Status = "succeeded", Figures = figures };
                await context.LogAsync(Summarize(figures));
            }
            catch (Exception e)
            {
                var status = e is OperationCanceledException && token.IsCancellationRequested ? "cancelled" : "failed";
                report = report with
                {
                    Status = status,
                    Figures = report.Variants.All(v => v.Rounds.Count > 0) ? OverheadFigures.Of(report.Variants[0], report.Variants[1]) : null,
                };
                throw;
            }
            finally
            {
                await store.SaveAsync(report, CancellationToken.None);
            }
        });

    private async Task<OverheadRound> MeasureAsync(OperationContext context, OverheadReport report, OverheadVariant variant, int round, WorkloadEntrypoint entry)
    {
        // From inside the cluster, the way a client of the workload calls it; in the meshed namespace the runner pods
        // are injected too, so the load crosses the client's proxy as well. The cluster run measures what the
        // workload, its proxies and the control plane use while it lasts.
        var url = $"http://{entry.Service}.{variant.Namespace}.svc.cluster.local:{entry.Port}{entry.Path}";
        var runner = new PerfRunnerSpec(PerfRunnerSpec.Cluster, variant.Namespace, Pods: 1, Meshed: variant.Key == OverheadReport.Meshed);
        var runId = await launcher.RunAsync(new PerfLaunch($"{report.Name}: {variant.Key}, round {round}", url, report.Profile, runner), context.CancellationToken);

        var run = await runs.GetRunAsync(runId, CancellationToken.None);
        var summary = run?.Summary;
        var resources = summary?.Resources is { MetricsLost: null } measured
            ? new OverheadResources(measured.App, measured.Proxy, measured.ControlPlane)
            : OverheadResources.None;
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

    private static string Summarize(IReadOnlyList<OverheadFigure> figures)
    {
        string Delta(string key, string format) => figures.First(f => f.Key == key) is { Delta: { } d } f
            ? $"{f.Label} {(f.Plain is null ? "" : d >= 0 ? "+" : "")}{d.ToString(format, System.Globalization.CultureInfo.InvariantCulture)} {f.Unit}"
            : $"{figures.First(f => f.Key == key).Label} not measured";
        return $"Against the plain namespace: {Delta("p50", "0.##")}, {Delta("p99", "0.##")}, {Delta("throughput", "0.#")}; "
            + $"{Delta("proxyCpuPer1000Rps", "0.#")}, {Delta("proxyMemory", "0.#")}, {Delta("controlPlaneCpu", "0.#")}.";
    }
}
