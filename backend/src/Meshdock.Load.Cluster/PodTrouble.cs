using k8s.Models;

namespace Meshdock.Load.Cluster;

/// <summary>
/// Why a pod will not run to its end by itself, as the kubelet reports it: an image it cannot pull, a container it
/// cannot create, a container killed for memory, the pod evicted from its node or placed on none.
/// </summary>
public sealed record PodTrouble(string Pod, string Reason, string? Message)
{
    private static readonly HashSet<string> WaitingFailures =
        ["ErrImagePull", "ImagePullBackOff", "InvalidImageName", "ErrImageNeverPull", "CreateContainerConfigError", "CreateContainerError"];

    public bool IsImage => Reason is "ErrImagePull" or "ImagePullBackOff" or "InvalidImageName" or "ErrImageNeverPull";

    public static PodTrouble? Of(V1Pod pod)
    {
        var name = pod.Metadata?.Name ?? "?";
        if (pod.Status?.Reason == "Evicted")
        {
            return new PodTrouble(name, "Evicted", pod.Status.Message);
        }

        // On a one-node cluster nothing will make room by itself.
        if (pod.Status?.Phase == "Pending" && pod.Status.Conditions?.FirstOrDefault(c => c.Type == "PodScheduled" && c.Status == "False") is { Reason: "Unschedulable" } unschedulable)
        {
            return new PodTrouble(name, "Unschedulable", unschedulable.Message);
        }

        foreach (var container in pod.Status?.ContainerStatuses ?? [])
        {
            if (container.State?.Waiting is { Reason: { } waiting } state && WaitingFailures.Contains(waiting))
            {
                return new PodTrouble(name, waiting, state.Message);
            }

            if (container.State?.Terminated is { Reason: "OOMKilled" } killed)
            {
                return new PodTrouble(name, "OOMKilled", killed.Message ?? $"exit code {killed.ExitCode}");
            }
        }

        return null;
    }
}
