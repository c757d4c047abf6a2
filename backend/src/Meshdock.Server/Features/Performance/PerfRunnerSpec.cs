using Meshdock.Load;
using Meshdock.Load.Shards;
using Meshdock.Server.Kubernetes;
using Meshdock.Server.Platform.Problems;

namespace Meshdock.Server.Features.Performance;

/// <summary>
/// Where a run's load comes from: <c>local</c> (Meshdock's own process, the default) or <c>cluster</c> (a Job of
/// <paramref name="Pods"/> runner pods in <paramref name="Namespace"/>, injected by that namespace's mesh when
/// <paramref name="Meshed"/>).
/// </summary>
public sealed record PerfRunnerSpec(string? Where = null, string? Namespace = null, int? Pods = null, bool? Meshed = null)
{
    public const string Local = "local";
    public const string Cluster = "cluster";
    public const int MaxPods = 20;

    /// <summary>A pod's arguments carry the body; Kubernetes keeps a whole object under 1.5 MiB.</summary>
    public const int MaxClusterBodyBytes = 256 * 1024;

    public bool InCluster => Where == Cluster;

    public Validation Validate(Validation validation, LoadSpec load)
    {
        validation.Check(Where is null or Local or Cluster, "runner.where",
            $"'runner.where' must be \"local\" (Meshdock sends the load) or \"cluster\" (pods in the cluster send it), not \"{Where}\".");
        if (!InCluster)
        {
            return validation.Check(Namespace is null && Pods is null && Meshed is null, "runner.where",
                "'namespace', 'pods' and 'meshed' choose where the cluster runner runs; set 'runner.where' to \"cluster\" or leave them out.");
        }

        validation
            .Check(KubernetesNames.IsDnsLabel(Namespace), "runner.namespace",
                "The cluster runner needs a 'runner.namespace' to run in: a Kubernetes name (lowercase letters, digits and '-', at most 63).")
            .Check(Namespace is null || !Namespace.StartsWith("kube-", StringComparison.Ordinal), "runner.namespace",
                $"'{Namespace}' is one of Kubernetes' own namespaces; run the load from an application namespace.")
            .Check(Pods is >= 1 and <= MaxPods, "runner.pods", $"'runner.pods' must be between 1 and {MaxPods}, the runner pods that share the load.")
            .Check(load.CaCertificatePem is null, "caCertificatePem",
                "The cluster runner cannot take a CA certificate yet; use 'insecureSkipVerify' for a test certificate, or the local runner.")
            .Check(load.Grpc?.Proto is null, "grpc.proto",
                "The cluster runner learns a gRPC method's types by server reflection; set 'grpc.reflection' instead of a .proto file, or use the local runner.")
            .Check(load.Grpc?.Json is null || System.Text.Encoding.UTF8.GetByteCount(load.Grpc.Json) <= MaxClusterBodyBytes, "grpc.json",
                $"The cluster runner passes the gRPC request in its pods' arguments, which holds at most {MaxClusterBodyBytes / 1024} KiB; send a smaller request or use the local runner.")
            .Check(load.Body is null || System.Text.Encoding.UTF8.GetByteCount(load.Body) <= MaxClusterBodyBytes, "body",
                $"The cluster runner passes the body in its pods' arguments, which holds at most {MaxClusterBodyBytes / 1024} KiB; send a smaller body or use the local runner.");
        if (Pods is >= 1 and <= MaxPods && ShardPlan.Problem(load, Pods.Value) is { } problem)
        {
            validation.Add("runner.pods", problem);
        }

        return validation;
    }
}

/// <summary>
/// Where a run's load really came from, as the result shows it: the runner, and what Meshdock changed or found on the
/// way (a loopback URL sent to the host instead; the runner image; whether the mesh injected the runner pods).
/// </summary>
/// <param name="TargetRewrittenFrom">The URL as given, when the local runner in the extension's container sent the
/// load to <c>host.docker.internal</c> instead of its own loopback.</param>
/// <param name="Injected">Whether the runner pods had a mesh proxy; null when Meshdock could not tell.</param>
public sealed record PerfPlacement(
    string Where,
    string? TargetRewrittenFrom = null,
    string? Namespace = null,
    int? Pods = null,
    bool? Meshed = null,
    string? Mesh = null,
    bool? Injected = null,
    string? RunnerImage = null,
    string? Job = null);
