using k8s.KubeConfigModels;
using Meshdock.Server.Features.Overview;
using Meshdock.Server.Kubernetes;

namespace Meshdock.Server.Kubernetes.Cluster;

/// <summary>How a kubeconfig user authenticates, and whether that can work where Meshdock runs.</summary>
public static class UserAuth
{
    public static string Kind(UserCredentials? user) => user switch
    {
        null => "none",
        { ExternalExecution: not null } => "exec",
        { AuthProvider: not null } => "auth-provider",
        { ClientCertificateData.Length: > 0 } or { ClientCertificate.Length: > 0 } => "certificate",
        { Token.Length: > 0 } => "token",
        { UserName.Length: > 0 } => "basic",
        _ => "none",
    };

    /// <summary>A sentence when this user's way of authenticating cannot work here; null when it can.</summary>
    public static string? Problem(string userName, UserCredentials? user, bool inContainer)
    {
        if (!inContainer || user is null)
        {
            return null;
        }

        if (user.ExternalExecution is { } exec)
        {
            return $"User '{userName}' gets its credentials by running '{exec.Command}' (an exec plugin, as the cloud CLIs aws, gcloud, az and kubelogin do), and that program cannot run inside Meshdock's container. " +
                   "Paste a kubeconfig whose user has a token or a client certificate (for example a service-account token), or run Meshdock standalone (`make run`), where your CLI is available.";
        }

        if (user.AuthProvider is { } provider)
        {
            return $"User '{userName}' uses the legacy auth-provider '{provider.Name}', which needs its cloud CLI and cannot run inside Meshdock's container. " +
                   "Paste a kubeconfig whose user has a token or a client certificate, or run Meshdock standalone (`make run`).";
        }

        return null;
    }
}
