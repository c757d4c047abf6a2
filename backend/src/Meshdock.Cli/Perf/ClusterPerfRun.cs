using k8s;
using k8s.Autorest;
using k8s.Exceptions;
using k8s.Models;
using Meshdock.Load;
using Meshdock.Load.Cluster;
using Meshdock.Load.Shards;
using Spectre.Console;

namespace Meshdock.Cli.Perf;

/// <summary>Where <c>perf run --in-cluster</c> sends the load from.</summary>
/// <param name="Kubeconfig">The kubeconfig file; null: <c>KUBECONFIG</c>, else <c>~/.kube/config</c>.</param>
internal sealed record ClusterPlacement(string Namespace, int Pods, bool Meshed, string? Kubeconfig, string Image, string RunnerCli);

/// <summary>
/// <c>meshdock perf run --in-cluster</c>: the cluster runner of the server, from the command line. Creates the
/// namespace when missing and the runner Job (<see cref="RunnerJob"/>) with the current kubeconfig, prints each merged
/// second as it completes and then the merged result as a local run does. Ctrl-C deletes the Job and reports what
/// arrived.
/// </summary>
internal sealed class ClusterPerfRun(IAnsiConsole console, LoadSpec spec, ClusterPlacement placement, PerfRun report)
{
    public async Task<int> ExecuteAsync(CancellationToken cancellationToken)
    {
        if (!report.Validate())
            return CliApp.BadArguments;
        if (ShardPlan.Problem(spec, placement.Pods) is { } split)
        {
            console.MarkupLineInterpolated($"[red]error:[/] --pods: {split}");
            return CliApp.BadArguments;
        }

        Kubernetes client;
        try
        {
            var config = placement.Kubeconfig is { } path
                ? KubernetesClientConfiguration.BuildConfigFromConfigFile(path)
                : KubernetesClientConfiguration.BuildDefaultConfig();
            client = new Kubernetes(config);
        }
        catch (Exception e) when (e is KubeConfigException or IOException or UnauthorizedAccessException)
        {
            console.MarkupLineInterpolated($"[red]error:[/] No usable kubeconfig ({e.Message}); give one with --kubeconfig or KUBECONFIG.");
            return CliApp.Failed;
        }

        using (client)
        {
            string? job = null;
            try
            {
                var mesh = await PrepareNamespaceAsync(client, cancellationToken);
                if (placement.Meshed && mesh is null)
                {
                    console.MarkupLineInterpolated($"[red]error:[/] --meshed: namespace {placement.Namespace} is in no mesh, so nothing would inject the runner pods; join it to a mesh first or leave --meshed out.");
                    return CliApp.Failed;
                }

                var built = RunnerJob.Build(RunnerJob.NewRunId(), placement.Namespace, placement.Image, placement.RunnerCli, spec, placement.Pods,
                    MeshInjection.For(mesh, placement.Meshed), RunnerJob.DefaultTtlSeconds);
                await client.BatchV1.CreateNamespacedJobAsync(built, placement.Namespace, cancellationToken: cancellationToken);
                job = built.Metadata.Name;
                console.MarkupLineInterpolated($"[bold]{spec.Method} {string.Join(", ", spec.Urls)}[/]  {PerfRun.Describe(spec)}");
                var injection = mesh is null ? "." : placement.Meshed ? $", to be injected by {mesh}." : $", kept out of {mesh}.";
                console.MarkupLineInterpolated($"Started Job {placement.Namespace}/{job}: {placement.Pods} runner pod{(placement.Pods == 1 ? "" : "s")} of {placement.Image}{injection}");

                var advice = new RunnerAdvice(placement.Image,
                    "Give --image an image with Meshdock's CLI that the cluster can pull (make build-extension builds one), or run without --in-cluster.",
                    "--runner-cli");
                var (result, injected) = await RunnerJobFollower.FollowAsync(client, placement.Namespace, job, placement.Pods, spec, advice,
                    PrintAsync, () => DeleteAsync(client, job), cancellationToken);
                if (injected is { } proxy)
                    console.MarkupLineInterpolated($"The runner pods {(proxy ? "carried a mesh proxy" : "had no mesh proxy")}.");
                return await report.ReportAsync(result);
            }
            catch (ClusterRunException e)
            {
                console.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
                return CliApp.Failed;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Cancelled before the pods were followed: nothing measured, the Job (if any) goes.
                if (job is not null)
                    await DeleteAsync(client, job);
                console.MarkupLine("[yellow]Cancelled[/] before any result arrived.");
                return CliApp.Cancelled;
            }
            catch (HttpOperationException e)
            {
                console.MarkupLineInterpolated($"[red]error:[/] The cluster refused a request ({(int)e.Response.StatusCode}): {e.Response.Content}");
                if (job is not null)
                    await DeleteAsync(client, job);
                return CliApp.Failed;
            }
            catch (HttpRequestException e)
            {
                console.MarkupLineInterpolated($"[red]error:[/] Cannot reach the cluster ({e.Message}); check the kubeconfig's server and that the cluster runs.");
                return CliApp.Failed;
            }
        }
    }

    /// <summary>Creates the namespace when missing (labelled as Meshdock's, so cleanup removes it); returns its mesh.</summary>
    private async Task<string?> PrepareNamespaceAsync(Kubernetes client, CancellationToken cancellationToken)
    {
        V1Namespace found;
        try
        {
            found = await client.CoreV1.ReadNamespaceAsync(placement.Namespace, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            found = await client.CoreV1.CreateNamespaceAsync(new V1Namespace
            {
                Metadata = new V1ObjectMeta { Name = placement.Namespace, Labels = new Dictionary<string, string> { [Ownership.Label] = Ownership.Value } },
            }, cancellationToken: cancellationToken);
            console.MarkupLineInterpolated($"Created namespace {placement.Namespace}.");
        }

        return MeshInjection.MeshOf(found.Metadata?.Labels, found.Metadata?.Annotations);
    }

    private Task PrintAsync(TimelineSecond second)
    {
        console.MarkupLineInterpolated($"{second.Second,4} s {second.Rps,9:N0} rps   p50 {second.P50Ms,8:0.###} ms   p99 {second.P99Ms,8:0.###} ms   {second.Errors:N0} errors");
        return Task.CompletedTask;
    }

    private async Task DeleteAsync(Kubernetes client, string job)
    {
        try
        {
            if (await RunnerJob.DeleteAsync(client, placement.Namespace, job))
                console.MarkupLineInterpolated($"Deleted Job {placement.Namespace}/{job} and its pods.");
        }
        catch (Exception e) when (e is HttpOperationException or HttpRequestException)
        {
            console.MarkupLineInterpolated($"[yellow]warning:[/] Could not delete Job {placement.Namespace}/{job} ({e.Message}); Kubernetes removes it {RunnerJob.DefaultTtlSeconds} s after it ends.");
        }
    }
}
