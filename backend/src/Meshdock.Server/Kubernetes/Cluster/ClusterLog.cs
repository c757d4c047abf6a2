using Meshdock.Server.Features.Overview;
using Meshdock.Server.Kubernetes;

namespace Meshdock.Server.Kubernetes.Cluster;

/// <summary>The cluster feature's log lines. None takes kubeconfig content: addresses, context names and sentences only.</summary>
internal static partial class ClusterLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Context {Context} stopped answering at {Address} ({Failure}); trying every address again")]
    public static partial void StoppedAnswering(this ILogger logger, string context, Uri address, ClusterFailureKind failure);

    [LoggerMessage(Level = LogLevel.Information, Message = "Connected to context {Context} at {Address} (Kubernetes {Version})")]
    public static partial void Connected(this ILogger logger, string context, string address, string version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Context {Context} cannot be reached: {Reason}")]
    public static partial void Unreachable(this ILogger logger, string context, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Kubeconfig uploaded with {Count} usable contexts")]
    public static partial void KubeconfigUploaded(this ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Exec credential plugin {Fingerprint} of the pasted kubeconfig confirmed by the user")]
    public static partial void ExecConfirmed(this ILogger logger, string fingerprint);

    [LoggerMessage(Level = LogLevel.Information, Message = "Context {Context} selected")]
    public static partial void ContextSelected(this ILogger logger, string context);
}
