using Meshdock.Server.Features.Overview;
using Meshdock.Server.Kubernetes;

namespace Meshdock.Server.Kubernetes.Cluster;

/// <summary>How Meshdock finds and reaches a Kubernetes cluster. Bound from the <c>Cluster</c> configuration section.</summary>
public sealed class ClusterOptions
{
    public const string Section = "Cluster";

    /// <summary>
    /// Kubeconfig path(s), separated like <c>KUBECONFIG</c> (':' on Linux/macOS). When empty, <c>KUBECONFIG</c> and then
    /// <c>~/.kube/config</c> are used. Tests point this at the emulator's kubeconfig.
    /// </summary>
    public string? Kubeconfig { get; set; }

    /// <summary>
    /// Whether the server runs inside the extension's container, where the host's loopback addresses are not the host.
    /// Null means detect it (<c>/.dockerenv</c> present, or the server listens on the extension socket).
    /// </summary>
    public bool? InContainer { get; set; }

    /// <summary>The name that reaches the host from inside a Docker Desktop container.</summary>
    public string HostGateway { get; set; } = "host.docker.internal";

    /// <summary>The name Docker Desktop's API server certificate carries (and that some installs map to the host).</summary>
    public string DockerDesktopApiHost { get; set; } = "kubernetes.docker.internal";

    /// <summary>How long one TCP connect to an API server candidate may take.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How long a quick read (version, nodes, discovery) may take before the cluster is called unresponsive.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long restarted deployments may take to roll out before the restart operation fails.</summary>
    public TimeSpan RolloutTimeout { get; set; } = TimeSpan.FromMinutes(5);
}
