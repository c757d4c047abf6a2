using Meshdock.Server.Operations;

namespace Meshdock.Server.Kubernetes.Workloads;

/// <summary>How a pod change shows in an operation's progress, the same for meshes and sample apps.</summary>
public static class PodChangeProgress
{
    /// <summary>One progress event per pod change: data carries pod, phase, ready, reason and restarts.</summary>
    public static Task ReportAsync(OperationContext context, PodChange change) =>
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
}
