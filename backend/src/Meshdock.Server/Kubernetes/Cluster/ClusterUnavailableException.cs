using Meshdock.Server.Features.Overview;
using Meshdock.Server.Kubernetes;

namespace Meshdock.Server.Kubernetes.Cluster;

/// <summary>Why the selected cluster cannot be used right now; <see cref="Exception.Message"/> is a sentence for the user.</summary>
public sealed class ClusterUnavailableException(
    string sentence,
    ClusterFailureKind kind,
    string? context = null,
    IReadOnlyList<ConnectionAttempt>? attempts = null,
    string? server = null,
    string? source = null,
    ExecPlugin? pendingExec = null) : Exception(sentence)
{
    /// <summary>The exec credential plugin that waits for the user's confirmation (<see cref="ClusterFailureKind.ExecNeedsConfirmation"/>).</summary>
    public ExecPlugin? PendingExec { get; } = pendingExec;

    public ClusterFailureKind Kind { get; } = kind;

    /// <summary>The selected context, when one could be chosen.</summary>
    public string? Context { get; } = context;

    /// <summary>The context's server as the kubeconfig writes it, and the kubeconfig it came from, when known.</summary>
    public string? Server { get; } = server;

    public string? KubeconfigSource { get; } = source;

    /// <summary>The addresses tried, each with why it failed.</summary>
    public IReadOnlyList<ConnectionAttempt> Attempts { get; } = attempts ?? [];
}

/// <summary>Failure classes, each with its own advice to the user.</summary>
public enum ClusterFailureKind
{
    NoKubeconfig,
    NoContext,
    UnsupportedAuth,
    ExecNeedsConfirmation,
    ExecPluginFailed,
    MissingFile,
    InvalidKubeconfig,
    ConnectionRefused,
    NameNotResolved,
    Tls,
    Unauthorized,
    Forbidden,
    Timeout,
    Other,
}
