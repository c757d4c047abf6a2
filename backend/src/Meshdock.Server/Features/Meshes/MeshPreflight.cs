using System.Globalization;
using k8s;
using k8s.Models;

namespace Meshdock.Server.Features.Meshes;

public enum PreflightLevel { Ok, Warning }

public sealed record PreflightCheck(string Name, PreflightLevel Level, string Message);

public sealed record PreflightReport(string MeshId, bool Ok, IReadOnlyList<PreflightCheck> Checks);

/// <summary>Before an install: does the node have the CPU and memory the mesh needs, and is Kubernetes new enough?</summary>
public static class MeshPreflight
{
    public static async Task<PreflightReport> CheckAsync(IKubernetes client, MeshDefinition mesh, CancellationToken cancellationToken)
    {
        var needs = mesh.Resources!;
        var nodes = (await client.CoreV1.ListNodeAsync(cancellationToken: cancellationToken)).Items
            .Where(n => n.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") ?? false)
            .ToList();
        var pods = (await client.CoreV1.ListPodForAllNamespacesAsync(cancellationToken: cancellationToken)).Items
            .Where(p => p.Status?.Phase is not ("Succeeded" or "Failed"))
            .ToList();
        var version = await client.Version.GetCodeAsync(cancellationToken);

        var checks = new List<PreflightCheck>();
        if (nodes.Count == 0)
        {
            checks.Add(new("nodes", PreflightLevel.Warning, "The cluster has no Ready node: pods cannot start until one is Ready."));
        }
        else
        {
            var cpuAllocatable = nodes.Sum(n => Amount(n.Status?.Allocatable, "cpu"));
            var memoryAllocatable = nodes.Sum(n => Amount(n.Status?.Allocatable, "memory"));
            var cpuRequested = pods.Sum(p => Requests(p, "cpu"));
            var memoryRequested = pods.Sum(p => Requests(p, "memory"));
            var where = nodes.Count == 1 ? "the node" : $"the {nodes.Count} nodes together";
            checks.Add(Resource("cpu", mesh, needs.CpuMillicores / 1000m, cpuAllocatable, cpuRequested, where, Cpu));
            checks.Add(Resource("memory", mesh, needs.MemoryMiB * 1024m * 1024m, memoryAllocatable, memoryRequested, where, Memory));
        }

        var server = KubernetesVersion.TryParse(version.GitVersion);
        var minimum = KubernetesVersion.TryParse(needs.MinKubernetes);
        if (server is null)
        {
            checks.Add(new("kubernetes", PreflightLevel.Warning, $"The cluster reports version '{version.GitVersion}', which Meshdock cannot compare."));
        }
        else if (minimum is not null && server < minimum)
        {
            checks.Add(new("kubernetes", PreflightLevel.Warning,
                $"{mesh.DisplayName} needs Kubernetes {minimum} or newer; the cluster runs {server}. Update Docker Desktop to get a newer Kubernetes."));
        }
        else
        {
            checks.Add(new("kubernetes", PreflightLevel.Ok, $"Kubernetes {server}{(minimum is null ? "" : $" (needs {minimum} or newer)")}."));
        }

        checks.AddRange((mesh.Warnings ?? []).Select(w => new PreflightCheck("notice", PreflightLevel.Warning, w)));
        return new PreflightReport(mesh.Id, checks.All(c => c.Level == PreflightLevel.Ok), checks);
    }

    private static PreflightCheck Resource(string name, MeshDefinition mesh, decimal need, decimal allocatable, decimal requested, string where, Func<decimal, string> format)
    {
        var free = allocatable - requested;
        var needs = $"{mesh.DisplayName} needs ~{Cpu(mesh.Resources!.CpuMillicores / 1000m)} and {Memory(mesh.Resources.MemoryMiB * 1024m * 1024m)}";
        if (need > allocatable)
        {
            return new(name, PreflightLevel.Warning,
                $"{needs}; {where} has {format(allocatable)} allocatable. Give Docker Desktop more {(name == "cpu" ? "CPUs" : "memory")} (Settings → Resources).");
        }
        if (need > free)
        {
            return new(name, PreflightLevel.Warning,
                $"{needs}; {where} has {format(allocatable)} allocatable but pods already request {format(requested)}, leaving {format(Math.Max(free, 0))}. " +
                "Some pods may stay Pending: remove other workloads or give Docker Desktop more resources.");
        }
        return new(name, PreflightLevel.Ok, $"Needs ~{format(need)}; {format(free)} of {format(allocatable)} is free.");
    }

    private static decimal Requests(V1Pod pod, string resource) =>
        pod.Spec?.Containers?.Sum(c => Amount(c.Resources?.Requests, resource)) ?? 0;

    private static decimal Amount(IDictionary<string, ResourceQuantity>? quantities, string resource) =>
        quantities is not null && quantities.TryGetValue(resource, out var quantity) ? quantity.ToDecimal() : 0;

    internal static string Cpu(decimal cores) =>
        $"{Math.Round(cores, cores < 1 ? 2 : 1).ToString("0.##", CultureInfo.InvariantCulture)} CPU";

    internal static string Memory(decimal bytes)
    {
        var mib = bytes / (1024m * 1024m);
        return mib >= 1024
            ? $"{(mib / 1024).ToString("0.#", CultureInfo.InvariantCulture)} GiB"
            : $"{Math.Round(mib).ToString("0", CultureInfo.InvariantCulture)} MiB";
    }
}
