using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Meshdock.Server.Features.Overview;
using Meshdock.Server.Kubernetes;
using Meshdock.Server.Kubernetes.Cluster;
using Meshdock.Server.Kubernetes.Helm;
using Meshdock.Server.Kubernetes.Workloads;
using Meshdock.Server.Operations;
using Microsoft.Extensions.Options;

namespace Meshdock.Server.Features.Meshes;

/// <summary>
/// The work of install, upgrade and uninstall operations: helm for the charts (every line an event), the pod
/// watcher for readiness (every pod change an event). Failures become <see cref="OperationFailedException"/>s
/// whose sentence says what to do.
/// </summary>
public sealed class MeshLifecycle(
    HelmRunner helm,
    HelmReleaseCache releaseCache,
    ClusterConnection cluster,
    PodProgressWatcher watcher,
    IOptions<MeshesOptions> options,
    TimeProvider time)
{
    /// <summary>Installs, or upgrades when <paramref name="upgrade"/> (same path: helm upgrade --install per chart).</summary>
    public Task InstallAsync(OperationContext context, MeshDefinition mesh, string? version, IReadOnlyDictionary<string, JsonElement>? values, bool upgrade) =>
        Guarded(mesh, async () =>
        {
            var token = context.CancellationToken;
            var charts = mesh.Helm!.Charts!;
            await context.StepAsync("Connecting to the cluster", charts.Count + 2);
            var (client, target) = await ConnectAsync(token);
            var releases = await helm.ListReleasesAsync(target, token);
            if (version is not null && mesh.Versions?.Selectable is { } tested && !tested.Contains(version))
            {
                await context.WarnAsync($"{mesh.DisplayName} {version} is not one of the versions Meshdock has tried ({string.Join(", ", tested)}); it may need different values.");
            }
            foreach (var ns in charts.Select(c => c.Namespace ?? mesh.Namespace!).Append(mesh.Namespace!).Distinct())
            {
                await EnsureNamespaceAsync(client, ns, context, token);
            }

            foreach (var chart in charts)
            {
                var ns = chart.Namespace ?? mesh.Namespace!;
                var exists = releases.Any(r => r.Namespace == ns && r.Name == chart.Release);
                var what = mesh.Helm.Repository is null ? chart.Chart : $"{chart.Chart} {version}";
                await context.StepAsync($"{(exists ? "Upgrading" : "Installing")} {chart.Release} ({what}) in {ns}");
                using var files = new HelmValuesFiles();
                if (chart.Values is { Count: > 0 })
                {
                    files.Add(chart.Values);
                }
                // Linkerd's identity is made once: an upgrade keeps the trust anchor its proxies already trust.
                if (chart.Generate == GeneratedValues.LinkerdIdentity && !exists)
                {
                    files.Add(LinkerdIdentity.Generate(time).ToValues());
                    await context.LogAsync("Generated a Linkerd trust anchor and issuer certificate (ECDSA P-256; the issuer is valid for one year).");
                }
                if (values is not null && values.TryGetValue(chart.Release, out var userValues))
                {
                    files.Add(userValues);
                }
                List<string> args = ["upgrade", "--install", chart.Release, chart.Chart, "--namespace", ns, "--labels", ManagedBy.HelmReleaseLabel];
                if (mesh.Helm.Repository is { } repository)
                {
                    args.AddRange(["--repo", repository, "--version", version!]);
                }
                if (exists)
                {
                    args.Add("--reset-then-reuse-values");
                }
                args.AddRange(files.Arguments());
                await helm.RunAsync(args, target, line => Log(context, line), token);
            }

            await context.StepAsync($"Waiting for {mesh.DisplayName} to become ready");
            await WaitAsync(context, client, mesh, WaitFor.Ready, token);
            var installed = upgrade ? "upgraded" : "installed";
            await context.LogAsync($"{mesh.DisplayName}{(version is null ? "" : " " + version)} is {installed} and every control-plane workload is Ready.");
        });

    public Task UninstallAsync(OperationContext context, MeshDefinition mesh, bool removeCrds) =>
        Guarded(mesh, async () =>
        {
            var token = context.CancellationToken;
            var charts = mesh.Helm!.Charts!;
            await context.StepAsync("Connecting to the cluster", charts.Count + 2 + (removeCrds ? 1 : 0));
            var (client, target) = await ConnectAsync(token);
            foreach (var chart in charts.AsEnumerable().Reverse())
            {
                var ns = chart.Namespace ?? mesh.Namespace!;
                await context.StepAsync($"Uninstalling {chart.Release} from {ns}");
                await helm.RunAsync(["uninstall", chart.Release, "--namespace", ns, "--ignore-not-found"], target, line => Log(context, line), token);
            }
            await context.StepAsync($"Waiting for {mesh.DisplayName}'s workloads to go away");
            await WaitAsync(context, client, mesh, WaitFor.Gone, token);
            if (removeCrds)
            {
                await context.StepAsync("Removing the mesh's custom resource definitions");
                await RemoveCrdsAsync(client, mesh, context, token);
            }
            await RemoveNamespaceIfOursAsync(client, mesh.Namespace!, context, token);
            await context.LogAsync($"{mesh.DisplayName} is uninstalled{(removeCrds ? ", its CRDs included" : "; its CRDs were kept")}.");
        });

    private async Task<(IKubernetes Client, HelmTarget Target)> ConnectAsync(CancellationToken token)
    {
        if (helm.FindBinary() is null)
        {
            throw new OperationFailedException(helm.MissingSentence());
        }
        var client = await cluster.GetClientAsync(token);
        return (client, await cluster.GetHelmTargetAsync(token));
    }

    private Task WaitAsync(OperationContext context, IKubernetes client, MeshDefinition mesh, WaitFor waitFor, CancellationToken token)
    {
        var workloads = mesh.Health!.Select(h => (h.Kind, h.Name, h.Namespace ?? mesh.Namespace!)).ToList();
        var target = new ReadinessTarget(mesh.Namespace!, null, workloads, mesh.DisplayName!);
        return watcher.WaitAsync(client, target, waitFor, options.Value.ReadyTimeout,
            change => ReportPod(context, change),
            state => context.LogAsync(waitFor == WaitFor.Ready ? $"{state.Title} is ready." : $"{state.Title} is gone."),
            token);
    }

    /// <summary>One progress event per pod change: data carries pod, phase, ready, reason and restarts.</summary>
    internal static Task ReportPod(OperationContext context, PodChange change) =>
        context.ProgressAsync(change.ReadyPods, change.TotalPods, change.Message, new
        {
            pod = change.Pod.Name,
            phase = change.Pod.Phase,
            ready = change.Pod.Ready,
            reason = change.Pod.Reason,
            restarts = change.Pod.Restarts,
            message = change.Pod.Message,
            deleted = change.Deleted,
        });

    private static Task Log(OperationContext context, HelmOutputLine line) =>
        context.LogAsync(line.Text, new { source = "helm", stream = line.IsError ? "stderr" : "stdout" });

    internal static async Task EnsureNamespaceAsync(IKubernetes client, string ns, OperationContext context, CancellationToken token)
    {
        try
        {
            await client.CoreV1.ReadNamespaceAsync(ns, cancellationToken: token);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            // Labelled so that uninstall and "remove everything" know Meshdock made it.
            await client.CoreV1.CreateNamespaceAsync(new V1Namespace
            {
                Metadata = new V1ObjectMeta
                {
                    Name = ns,
                    Labels = new Dictionary<string, string> { [ManagedBy.Label] = ManagedBy.Value },
                },
            }, cancellationToken: token);
            await context.LogAsync($"Created namespace {ns}.");
        }
    }

    internal static async Task RemoveNamespaceIfOursAsync(IKubernetes client, string ns, OperationContext context, CancellationToken token)
    {
        try
        {
            var found = await client.CoreV1.ReadNamespaceAsync(ns, cancellationToken: token);
            if (found.Metadata?.Labels?.TryGetValue(ManagedBy.Label, out var by) == true && by == ManagedBy.Value)
            {
                await client.CoreV1.DeleteNamespaceAsync(ns, cancellationToken: token);
                await context.LogAsync($"Deleted namespace {ns}, which Meshdock had created.");
            }
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            // Already gone.
        }
    }

    internal static async Task RemoveCrdsAsync(IKubernetes client, MeshDefinition mesh, OperationContext context, CancellationToken token)
    {
        var groups = mesh.CrdGroups ?? [];
        var crds = await client.ApiextensionsV1.ListCustomResourceDefinitionAsync(cancellationToken: token);
        var mine = crds.Items.Where(c => groups.Any(g => c.Spec.Group == g || c.Spec.Group.EndsWith("." + g, StringComparison.Ordinal))).ToList();
        foreach (var crd in mine)
        {
            try
            {
                await client.ApiextensionsV1.DeleteCustomResourceDefinitionAsync(crd.Metadata.Name, cancellationToken: token);
                await context.LogAsync($"Deleted CRD {crd.Metadata.Name}.");
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                // Removed with its chart meanwhile.
            }
        }
        if (mine.Count == 0)
        {
            await context.LogAsync($"No CRDs of {string.Join(", ", groups)} were left.");
        }
    }

    // Turns the known failures into sentences; anything else is the foundation's "unexpected" failure. However it
    // ends, releases may have changed: the next mesh listing asks helm again.
    private async Task Guarded(MeshDefinition mesh, Func<Task> work)
    {
        try
        {
            await work();
        }
        catch (HelmFailedException e)
        {
            throw new OperationFailedException(e.Message, e);
        }
        catch (HelmMissingException e)
        {
            throw new OperationFailedException(e.Message, e);
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
            throw new OperationFailedException(KubernetesErrors.Sentence(e, $"working on {mesh.DisplayName}"), e);
        }
        finally
        {
            releaseCache.Invalidate();
        }
    }
}
