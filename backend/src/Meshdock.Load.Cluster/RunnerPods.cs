using k8s.Models;

namespace Meshdock.Load.Cluster;

/// <summary>What the runner pods tell about their placement.</summary>
public static class RunnerPods
{
    /// <summary>
    /// Whether a mesh put a proxy in the pod: a container besides the runner, a native sidecar (an init container that
    /// keeps running), or Istio ambient's redirection of the pod's traffic.
    /// </summary>
    public static bool HasProxy(V1Pod pod) =>
        pod.Spec?.Containers?.Any(c => c.Name != RunnerJob.Container) == true
        || pod.Spec?.InitContainers?.Any(c => c.RestartPolicy == "Always") == true
        || pod.Metadata?.Annotations?.TryGetValue("ambient.istio.io/redirection", out var redirection) == true && redirection == "enabled";
}
