using Meshdock.Server.Features.Overview;
using Meshdock.Server.Kubernetes;
using Meshdock.Server.Kubernetes.Cluster;
using Meshdock.Server.Tests.Features.Overview;
using Meshdock.Server.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace Meshdock.Server.Tests.Kubernetes.Cluster;

public class KubeconfigSourcesTests
{
    private static string Config(string context, string cluster, string server, string extra = "") => $$"""
        apiVersion: v1
        kind: Config
        current-context: {{context}}
        clusters:
        - name: {{cluster}}
          cluster:
            server: {{server}}
            {{extra}}
        contexts:
        - name: {{context}}
          context: { cluster: {{cluster}}, user: u-{{context}} }
        users:
        - name: u-{{context}}
          user: { token: t }
        """;

    private static KubeconfigSources Sources(TempFolder folder, string? kubeconfig) =>
        new(Options.Create(new ClusterOptions { Kubeconfig = kubeconfig }), new ClusterFiles(folder.File("data")));

    [Fact]
    public async Task Several_paths_are_merged_and_the_first_file_to_name_a_context_wins()
    {
        using var folder = new TempFolder();
        var first = folder.Write("a/config", Config("shared", "c1", "https://first:6443"));
        var second = folder.Write("b/config", Config("shared", "c1", "https://second:6443") + "\n" + "");
        var third = folder.Write("c/config", Config("other", "c2", "https://third:6443"));

        var loaded = await Sources(folder, string.Join(Path.PathSeparator, first, second, third, folder.File("missing"))).LoadAsync(default);

        Assert.Equal(["shared", "other"], loaded.Merged.Contexts.Select(c => c.Name));
        Assert.Equal("https://first:6443", loaded.Merged.Clusters.First(c => c.Name == "c1").ClusterEndpoint.Server);
        Assert.Equal(first, loaded.ContextSource["shared"]);
        Assert.Equal(third, loaded.ContextSource["other"]);
        Assert.Equal("shared", loaded.Merged.CurrentContext);
        Assert.Equal(4, loaded.Searched.Count);
    }

    [Fact]
    public async Task Relative_certificate_paths_are_relative_to_the_kubeconfig_that_names_them()
    {
        using var folder = new TempFolder();
        var path = folder.Write("kube/config", Config("ctx", "c", "https://x:6443", "certificate-authority: certs/ca.crt"));

        var loaded = await Sources(folder, path).LoadAsync(default);

        Assert.Equal(folder.File("kube/certs/ca.crt"), loaded.Merged.Clusters.Single().ClusterEndpoint.CertificateAuthority);
    }

    [Fact]
    public async Task A_broken_file_is_reported_by_path_and_the_others_still_load()
    {
        using var folder = new TempFolder();
        var broken = folder.Write("broken", "clusters: [\n token: secret");
        var good = folder.Write("good", Config("ctx", "c", "https://x:6443"));

        var loaded = await Sources(folder, broken + Path.PathSeparator + good).LoadAsync(default);

        Assert.Equal(["ctx"], loaded.Merged.Contexts.Select(c => c.Name));
        var problem = Assert.Single(loaded.Problems);
        Assert.StartsWith(broken, problem);
        Assert.DoesNotContain("secret", problem);
    }

    [Fact]
    public async Task An_uploaded_kubeconfig_comes_first()
    {
        using var folder = new TempFolder();
        var mounted = folder.Write("config", Config("ctx", "c", "https://mounted:6443"));
        var files = new ClusterFiles(folder.File("data"));
        await files.WriteSecretAsync(files.UploadedKubeconfig, Config("ctx", "c", "https://pasted:6443"), default);

        var loaded = await new KubeconfigSources(Options.Create(new ClusterOptions { Kubeconfig = mounted }), files).LoadAsync(default);

        Assert.Equal(KubeconfigSources.UploadedSource, loaded.ContextSource["ctx"]);
        Assert.Equal("https://pasted:6443", loaded.Merged.Clusters.Single().ClusterEndpoint.Server);
    }
}
