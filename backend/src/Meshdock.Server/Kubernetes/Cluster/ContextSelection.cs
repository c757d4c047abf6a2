using Meshdock.Server.Features.Overview;
using Meshdock.Server.Kubernetes;

namespace Meshdock.Server.Kubernetes.Cluster;

/// <summary>Which context Meshdock uses: the user's persisted choice, else <c>docker-desktop</c>, else the kubeconfig's current context, else the first.</summary>
public sealed class ContextSelection(ClusterFiles files)
{
    public async Task<string?> GetPersistedAsync(CancellationToken cancellationToken) =>
        (await files.ReadAsync(files.SelectedContext, cancellationToken))?.Trim() is { Length: > 0 } name ? name : null;

    public Task PersistAsync(string context, CancellationToken cancellationToken) =>
        files.WriteSecretAsync(files.SelectedContext, context, cancellationToken);

    public static string? Choose(IReadOnlyCollection<string> contexts, string? persisted, string? currentContext)
    {
        if (persisted is not null && contexts.Contains(persisted))
        {
            return persisted;
        }

        if (contexts.Contains(ServerAddressRewriter.DockerDesktopContext))
        {
            return ServerAddressRewriter.DockerDesktopContext;
        }

        if (currentContext is not null && contexts.Contains(currentContext))
        {
            return currentContext;
        }

        return contexts.FirstOrDefault();
    }
}
