using k8s.Models;

namespace Meshdock.Server.Kubernetes.Workloads;

/// <summary>What a user wants to know about a pod, read the way <c>kubectl get pods</c> shows its STATUS.</summary>
public sealed record PodSnapshot(string Name, string Phase, bool Ready, string? Reason, string? Message, int Restarts)
{
    // Waiting reasons that will not fix themselves: the image name, tag or registry access is wrong.
    private static readonly HashSet<string> ImageFailures = ["ImagePullBackOff", "InvalidImageName", "ErrImageNeverPull"];

    /// <summary>The single word the UI shows: Ready, or the waiting reason, or the phase.</summary>
    public string Label => Ready ? "Ready" : Reason ?? Phase;

    public bool HasImageFailure => Reason is not null && ImageFailures.Contains(Reason.Replace("Init:", "", StringComparison.Ordinal));

    public bool IsProblem => HasImageFailure || Reason is "ErrImagePull" or "CrashLoopBackOff" or "Error" or "OOMKilled"
        or "CreateContainerConfigError" or "Init:CrashLoopBackOff" or "Init:ErrImagePull";

    public static PodSnapshot From(V1Pod pod)
    {
        var status = pod.Status;
        var phase = status?.Phase ?? "Pending";
        var ready = status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") ?? false;
        var restarts = status?.ContainerStatuses?.Sum(c => c.RestartCount) ?? 0;
        var (reason, message) = pod.Metadata?.DeletionTimestamp is not null
            ? ("Terminating", null)
            : Waiting(status?.InitContainerStatuses, "Init:") ?? Waiting(status?.ContainerStatuses, "") ?? (null, null);
        // A pod the scheduler cannot place says so only in its PodScheduled condition.
        if (reason is null && phase == "Pending" && status?.Conditions?.FirstOrDefault(c => c.Type == "PodScheduled" && c.Status == "False") is { } unscheduled)
        {
            (reason, message) = (unscheduled.Reason ?? "Unschedulable", unscheduled.Message);
        }
        return new PodSnapshot(pod.Metadata?.Name ?? "?", phase, ready && reason is null, reason, message, restarts);
    }

    private static (string? Reason, string? Message)? Waiting(IList<V1ContainerStatus>? containers, string prefix)
    {
        foreach (var container in containers ?? [])
        {
            if (container.State?.Waiting is { Reason: { Length: > 0 } reason } waiting)
            {
                return (prefix + reason, waiting.Message);
            }
            if (container.State?.Terminated is { Reason: { Length: > 0 } terminated } done && !(prefix.Length > 0 && terminated == "Completed"))
            {
                return (prefix + terminated, done.Message);
            }
        }
        return null;
    }
}

/// <summary>One pod state change, with the namespace's ready/total pod counts at that moment.</summary>
public sealed record PodChange(PodSnapshot Pod, string Message, bool Deleted, int ReadyPods, int TotalPods);
