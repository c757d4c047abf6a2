using k8s;
using k8s.KubeConfigModels;
using Meshdock.Server.Features.Overview;
using Meshdock.Server.Kubernetes;
using Meshdock.Server.Kubernetes.Cluster;
using Meshdock.Server.Tests.Features.Overview;
using Meshdock.Server.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace Meshdock.Server.Tests.Kubernetes.Cluster;

public class EffectiveKubeconfigTests
{
    [Fact]
    public async Task The_effective_kubeconfig_holds_only_the_selected_context_with_the_rewritten_address_and_inlined_certificates()
    {
        using var folder = new TempFolder();
        folder.Write("kube/ca.crt", "CA-BYTES");
        var path = folder.Write("kube/config", """
            apiVersion: v1
            kind: Config
            clusters:
            - name: desktop
              cluster: { server: "https://127.0.0.1:6443", certificate-authority: ca.crt }
            - name: other
              cluster: { server: "https://other:6443" }
            contexts:
            - name: docker-desktop
              context: { cluster: desktop, user: desktop-user, namespace: apps }
            - name: other
              context: { cluster: other, user: other-user }
            users:
            - name: desktop-user
              user: { token: desk-token }
            - name: other-user
              user: { token: other-token }
            """);
        var loaded = await new KubeconfigSources(Options.Create(new ClusterOptions { Kubeconfig = path }), new ClusterFiles(folder.File("data"))).LoadAsync(default);
        var context = ResolvedContext.Resolve(loaded, "docker-desktop");
        var candidate = ServerAddressRewriter.Candidates("docker-desktop", context.Server, null, true, "host.docker.internal", "kubernetes.docker.internal")[1];

        var effective = KubernetesYaml.Deserialize<K8SConfiguration>(
            KubernetesYaml.Serialize(await EffectiveKubeconfig.BuildAsync(context, candidate, default)));

        Assert.Equal("docker-desktop", effective.CurrentContext);
        Assert.Equal("apps", Assert.Single(effective.Contexts).ContextDetails.Namespace);
        var cluster = Assert.Single(effective.Clusters).ClusterEndpoint;
        Assert.Equal("https://host.docker.internal:6443", cluster.Server);
        Assert.Equal("kubernetes.docker.internal", cluster.TlsServerName);
        Assert.Equal(Convert.ToBase64String("CA-BYTES"u8.ToArray()), cluster.CertificateAuthorityData);
        Assert.Null(cluster.CertificateAuthority);
        Assert.Equal("desk-token", Assert.Single(effective.Users).UserCredentials.Token);
    }

    [Fact]
    public async Task A_certificate_file_that_is_not_there_is_named_with_how_to_embed_it()
    {
        using var folder = new TempFolder();
        var path = folder.Write("config", """
            apiVersion: v1
            kind: Config
            clusters:
            - name: c
              cluster: { server: "https://x:6443" }
            contexts:
            - name: ctx
              context: { cluster: c, user: u }
            users:
            - name: u
              user: { client-certificate: /Users/me/.minikube/client.crt, client-key: /Users/me/.minikube/client.key }
            """);
        var loaded = await new KubeconfigSources(Options.Create(new ClusterOptions { Kubeconfig = path }), new ClusterFiles(folder.File("data"))).LoadAsync(default);
        var context = ResolvedContext.Resolve(loaded, "ctx");

        var error = await Assert.ThrowsAsync<ClusterUnavailableException>(() =>
            EffectiveKubeconfig.BuildAsync(context, new ServerCandidate(context.Server, null, "test"), default));

        Assert.Equal(ClusterFailureKind.MissingFile, error.Kind);
        Assert.Contains("/Users/me/.minikube/client.crt", error.Message);
        Assert.Contains("--flatten", error.Message);
    }
}
