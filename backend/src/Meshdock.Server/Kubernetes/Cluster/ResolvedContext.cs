using k8s.KubeConfigModels;
using Meshdock.Server.Features.Overview;
using Meshdock.Server.Kubernetes;

using KubeCluster = k8s.KubeConfigModels.Cluster;

namespace Meshdock.Server.Kubernetes.Cluster;

/// <summary>A context with its cluster and user looked up, and its server address parsed.</summary>
public sealed record ResolvedContext(string Name, string Source, KubeCluster Cluster, User User, string? Namespace, Uri Server)
{
    /// <summary>Looks the context up in the merged kubeconfig; a sentence when it or its parts are missing.</summary>
    public static ResolvedContext Resolve(LoadedKubeconfig kubeconfig, string name)
    {
        var config = kubeconfig.Merged;
        var context = config.Contexts.FirstOrDefault(c => c.Name == name)
            ?? throw new ClusterUnavailableException(
                $"The context '{name}' is not in the kubeconfig any more: pick another context on the Overview page.", ClusterFailureKind.NoContext);
        var details = context.ContextDetails;
        var cluster = config.Clusters.FirstOrDefault(c => c.Name == details?.Cluster)
            ?? throw new ClusterUnavailableException(
                $"Context '{name}' names cluster '{details?.Cluster}', which is not in the kubeconfig: fix the kubeconfig or pick another context.", ClusterFailureKind.InvalidKubeconfig);
        var user = config.Users.FirstOrDefault(u => u.Name == details?.User)
            ?? throw new ClusterUnavailableException(
                $"Context '{name}' names user '{details?.User}', which is not in the kubeconfig: fix the kubeconfig or pick another context.", ClusterFailureKind.InvalidKubeconfig);
        if (!KubeconfigParser.TryParseServer(cluster.ClusterEndpoint?.Server, out var server))
        {
            throw new ClusterUnavailableException(
                $"Cluster '{cluster.Name}' of context '{name}' has no valid server address (an https:// URL is expected): fix the kubeconfig.", ClusterFailureKind.InvalidKubeconfig);
        }

        return new ResolvedContext(name, kubeconfig.ContextSource[name], cluster, user, details?.Namespace, server);
    }
}
