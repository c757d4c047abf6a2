using System.Net;
using k8s;
using k8s.Autorest;

namespace Meshdock.Server.Kubernetes.Workloads;

/// <summary>The readiness of one health workload, with a sentence for the user.</summary>
public sealed record WorkloadState(WorkloadKind Kind, string Name, string Namespace, bool Exists, bool Ready, string Detail, string? Image)
{
    public string Title => $"{Kind} {Namespace}/{Name}";
}

/// <summary>Reads Deployments, DaemonSets and StatefulSets and says whether each is ready, as kubectl rollout status would.</summary>
public static class WorkloadHealth
{
    public static async Task<WorkloadState> ReadAsync(IKubernetes client, WorkloadKind kind, string name, string ns, CancellationToken cancellationToken)
    {
        try
        {
            switch (kind)
            {
                case WorkloadKind.Deployment:
                {
                    var d = await client.AppsV1.ReadNamespacedDeploymentAsync(name, ns, cancellationToken: cancellationToken);
                    var want = d.Spec?.Replicas ?? 1;
                    var ready = d.Status?.ReadyReplicas ?? 0;
                    var updated = d.Status?.UpdatedReplicas ?? 0;
                    var observed = (d.Status?.ObservedGeneration ?? 0) >= (d.Metadata?.Generation ?? 0);
                    return State(kind, name, ns, observed && ready >= want && updated >= want, ready, want, "replicas", FirstImage(d.Spec?.Template));
                }
                case WorkloadKind.DaemonSet:
                {
                    var ds = await client.AppsV1.ReadNamespacedDaemonSetAsync(name, ns, cancellationToken: cancellationToken);
                    var want = ds.Status?.DesiredNumberScheduled ?? 0;
                    var ready = ds.Status?.NumberReady ?? 0;
                    return State(kind, name, ns, want > 0 && ready >= want, ready, want, "node pods", FirstImage(ds.Spec?.Template));
                }
                case WorkloadKind.StatefulSet:
                {
                    var ss = await client.AppsV1.ReadNamespacedStatefulSetAsync(name, ns, cancellationToken: cancellationToken);
                    var want = ss.Spec?.Replicas ?? 1;
                    var ready = ss.Status?.ReadyReplicas ?? 0;
                    return State(kind, name, ns, ready >= want, ready, want, "replicas", FirstImage(ss.Spec?.Template));
                }
                default:
                    throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown workload kind.");
            }
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return new WorkloadState(kind, name, ns, false, false, $"{kind} {ns}/{name} does not exist", null);
        }
    }

    private static WorkloadState State(WorkloadKind kind, string name, string ns, bool isReady, int ready, int want, string unit, string? image) =>
        new(kind, name, ns, true, isReady, $"{kind} {ns}/{name} has {ready} of {want} {unit} ready", image);

    private static string? FirstImage(k8s.Models.V1PodTemplateSpec? template) => template?.Spec?.Containers?.FirstOrDefault()?.Image;
}
