using k8s;
using Meshdock.Server.Kubernetes;
using Meshdock.Server.Kubernetes.Cluster;
using Meshdock.Server.Kubernetes.Helm;
using Meshdock.Server.Kubernetes.Metrics;
using Meshdock.Server.Kubernetes.Workloads;
using Meshdock.Server.Operations;
using Microsoft.Extensions.Options;

namespace Meshdock.Server.Features.MetricsServer;

/// <summary>
/// Installs metrics-server from its upstream chart with <c>--kubelet-insecure-tls</c>: Docker Desktop's kubelet
/// serves a self-signed certificate that metrics-server would otherwise refuse, and then never has a figure. The
/// release carries Meshdock's helm label, so "remove everything Meshdock installed" takes it off again.
/// </summary>
public sealed class MetricsServerInstaller(
    HelmRunner helm, HelmReleaseCache releases, ClusterConnection cluster, PodProgressWatcher watcher,
    IOptions<MetricsServerOptions> options, TimeProvider time)
{
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromSeconds(1);

    // Docker Desktop's kubelet certificate names no address metrics-server can verify.
    private static readonly string[] Arguments = ["--kubelet-insecure-tls"];

    public Task InstallAsync(OperationContext context) => ClusterFailures.TranslateAsync("installing metrics-server", async () =>
    {
        var token = context.CancellationToken;
        var o = options.Value;
        await context.StepAsync("Connecting to the cluster", 3);
        if (helm.FindBinary() is null)
        {
            throw new OperationFailedException(helm.MissingSentence());
        }
        var client = await cluster.GetClientAsync(token);
        var target = await cluster.GetHelmTargetAsync(token);

        await context.StepAsync($"Installing metrics-server (chart {o.Version}) in {o.Namespace} with --kubelet-insecure-tls");
        using var values = new HelmValuesFiles();
        values.Add(new Dictionary<string, object?> { ["args"] = Arguments });
        List<string> args = ["upgrade", "--install", o.Release, o.Chart, "--namespace", o.Namespace, "--labels", ManagedBy.HelmReleaseLabel];
        if (!string.IsNullOrEmpty(o.Repository))
        {
            args.AddRange(["--repo", o.Repository, "--version", o.Version]);
        }
        args.AddRange(values.Arguments());
        try
        {
            await helm.RunAsync(args, target, line => context.LogAsync(line.Text, new { source = "helm", stream = line.IsError ? "stderr" : "stdout" }), token);
        }
        finally
        {
            releases.Invalidate();
        }

        await context.StepAsync("Waiting for metrics-server and its API");
        var ready = new ReadinessTarget(o.Namespace, $"app.kubernetes.io/instance={o.Release}",
            [(WorkloadKind.Deployment, o.Release, o.Namespace)], "metrics-server");
        await watcher.WaitAsync(client, ready, WaitFor.Ready, o.ReadyTimeout,
            change => PodChangeProgress.ReportAsync(context, change),
            state => context.LogAsync($"{state.Title} is ready."), token);
        await WaitForApiAsync(context, client, o.ReadyTimeout, token);
    });

    // The Deployment being Ready is not the end: the aggregator marks the APIService Available a moment later, and
    // metrics-server has figures only after its first scrape.
    private async Task WaitForApiAsync(OperationContext context, IKubernetes client, TimeSpan timeout, CancellationToken token)
    {
        var deadline = time.GetUtcNow() + timeout;
        MetricsApiStatus status;
        while (!(status = await MetricsServerProbe.CheckAsync(client, token)).Serves)
        {
            if (time.GetUtcNow() > deadline)
            {
                throw new OperationFailedException($"metrics-server runs, but its API did not answer within {timeout.TotalMinutes:0.#} minutes: {status.Sentence} "
                    + "Look at its pod's log (kubectl -n kube-system logs deploy/metrics-server) for the kubelet's answer.");
            }
            await Task.Delay(ProbeInterval, time, token);
        }
        await context.LogAsync("The metrics API answers: load tests and overhead reports now measure CPU and memory.");
    }
}
