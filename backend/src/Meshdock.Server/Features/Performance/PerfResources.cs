using Meshdock.Load.Smp;
using Meshdock.Server.Kubernetes.Metrics;

namespace Meshdock.Server.Features.Performance;

/// <summary>
/// What the parts of a cluster run used while it lasted, from the metrics API (mean and max of each group's summed
/// CPU and memory): the target's application containers and the mesh's proxy containers in the same pods, the mesh's
/// control plane, and the runner pods' load generators. A group is null when it was not measured (no mesh, no proxy
/// container, a target that is not a cluster Service). <paramref name="MetricsLost"/> says what is missing and why
/// when the metrics API was not served; the figures are then all null.
/// </summary>
/// <param name="Target">The target Service as <c>namespace/name</c>, when the URL named one.</param>
/// <param name="Mesh">The mesh of the target's namespace, by name.</param>
/// <param name="ProxyContainer">The container name of that mesh's proxy.</param>
public sealed record PerfResources(
    string? MetricsLost,
    string? Target,
    string? Mesh,
    string? ProxyContainer,
    ResourceSummary? App,
    ResourceSummary? Proxy,
    ResourceSummary? ControlPlane,
    ResourceSummary? Runner)
{
    /// <summary>
    /// <paramref name="mesh"/> with what its proxies (at <paramref name="rps"/>) and its control plane used, as SMP's
    /// <c>ServiceMeshConfig</c> carries it: pods, millicores and MB (10^6 bytes).
    /// </summary>
    public static SmpMesh WithUsage(SmpMesh mesh, ResourceSummary? proxy, ResourceSummary? controlPlane, double? rps) => mesh with
    {
        Sidecar = Usage(proxy, rps),
        ControlPlane = Usage(controlPlane, null),
    };

    private static SmpMeshUsage? Usage(ResourceSummary? summary, double? rps) =>
        summary is { Samples: > 0, CpuMeanMillicores: { } cpu, MemoryMeanMiB: { } memory }
            ? new SmpMeshUsage(summary.Pods, (int)Math.Round(cpu), (int)Math.Round(memory * 1.048576), rps is { } r ? (int)Math.Round(r) : null)
            : null;
}
