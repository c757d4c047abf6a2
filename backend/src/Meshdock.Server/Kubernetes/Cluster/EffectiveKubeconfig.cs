using k8s.KubeConfigModels;
using Meshdock.Server.Features.Overview;
using Meshdock.Server.Kubernetes;

using KubeCluster = k8s.KubeConfigModels.Cluster;

namespace Meshdock.Server.Kubernetes.Cluster;

/// <summary>
/// Builds the kubeconfig Meshdock actually uses for one context and one address candidate: that context only, the
/// server rewritten, <c>tls-server-name</c> set when the address differs from the certificate's name, and every
/// certificate file inlined, so helm and kubectl need nothing but this one file.
/// </summary>
public static class EffectiveKubeconfig
{
    public static async Task<K8SConfiguration> BuildAsync(ResolvedContext context, ServerCandidate candidate, CancellationToken cancellationToken)
    {
        var endpoint = context.Cluster.ClusterEndpoint;
        var clusterEndpoint = new ClusterEndpoint
        {
            Server = FormatServer(candidate.Address),
            TlsServerName = candidate.TlsServerName,
            SkipTlsVerify = endpoint.SkipTlsVerify,
            CertificateAuthorityData = endpoint.CertificateAuthorityData
                ?? await InlineAsync(endpoint.CertificateAuthority, $"the certificate authority of cluster '{context.Cluster.Name}'", cancellationToken),
        };

        var source = context.User.UserCredentials ?? new UserCredentials();
        var credentials = new UserCredentials
        {
            ClientCertificateData = source.ClientCertificateData
                ?? await InlineAsync(source.ClientCertificate, $"the client certificate of user '{context.User.Name}'", cancellationToken),
            ClientKeyData = source.ClientKeyData
                ?? await InlineAsync(source.ClientKey, $"the client key of user '{context.User.Name}'", cancellationToken),
            Token = source.Token,
            UserName = source.UserName,
            Password = source.Password,
            Impersonate = source.Impersonate,
            ImpersonateGroups = source.ImpersonateGroups,
            AuthProvider = source.AuthProvider,
            ExternalExecution = source.ExternalExecution,
        };

        return new K8SConfiguration
        {
            ApiVersion = "v1",
            Kind = "Config",
            CurrentContext = context.Name,
            Contexts = [new Context { Name = context.Name, ContextDetails = new ContextDetails { Cluster = context.Cluster.Name, User = context.User.Name, Namespace = context.Namespace } }],
            Clusters = [new KubeCluster { Name = context.Cluster.Name, ClusterEndpoint = clusterEndpoint }],
            Users = [new User { Name = context.User.Name, UserCredentials = credentials }],
        };
    }

    /// <summary>A server URL as kubeconfigs write it: no trailing slash when there is no path.</summary>
    public static string FormatServer(Uri address) => address.GetLeftPart(UriPartial.Path).TrimEnd('/');

    private static async Task<string?> InlineAsync(string? path, string what, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(path))
        {
            return null;
        }

        if (!File.Exists(path))
        {
            throw new ClusterUnavailableException(
                $"The kubeconfig names the file {path} for {what}, and that file is not there. A path on your machine is not visible inside Meshdock's container: " +
                "paste a kubeconfig with the certificates embedded (`kubectl config view --raw --minify --flatten`).",
                ClusterFailureKind.MissingFile);
        }

        return Convert.ToBase64String(await File.ReadAllBytesAsync(path, cancellationToken));
    }
}
