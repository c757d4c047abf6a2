
using Meshdock.Server.Features.Overview;
using Meshdock.Server.Kubernetes;
using Meshdock.Server.Kubernetes.Cluster;
using Meshdock.Server.Tests.Features.Overview;

namespace Meshdock.Server.Tests.Kubernetes.Cluster;

public class KubeconfigParserTests
{
    public const string Secret = "s3cr3t-token-value";

    public static string Kubeconfig(string server = "https://127.0.0.1:6443", string user = "admin", string cluster = "desk") => $$"""
        apiVersion: v1
        kind: Config
        current-context: docker-desktop
        clusters:
        - name: desk
          cluster:
            server: {{server}}
            insecure-skip-tls-verify: true
        contexts:
        - name: docker-desktop
          context: { cluster: {{cluster}}, user: {{user}} }
        users:
        - name: admin
          user:
            token: {{Secret}}
        """;

    [Fact]
    public void A_kubeconfig_with_a_complete_context_validates()
    {
        var config = KubeconfigParser.Parse(Kubeconfig());

        var check = Assert.Single(KubeconfigParser.Validate(config));
        Assert.Equal(("docker-desktop", (string?)null), check);
    }

    [Theory]
    [InlineData("cluster", "names cluster 'nowhere'")]
    [InlineData("user", "names user 'nobody'")]
    public void A_context_naming_a_missing_cluster_or_user_is_refused_with_its_name(string missing, string expected)
    {
        var text = missing == "cluster" ? Kubeconfig(cluster: "nowhere") : Kubeconfig(user: "nobody");

        var error = Assert.Throws<InvalidKubeconfigException>(() => KubeconfigParser.Validate(KubeconfigParser.Parse(text)));

        Assert.Contains(expected, error.Message);
        Assert.Contains("docker-desktop", error.Message);
    }

    [Fact]
    public void A_server_that_is_not_an_http_url_makes_the_context_unusable()
    {
        var error = Assert.Throws<InvalidKubeconfigException>(() => KubeconfigParser.Validate(KubeconfigParser.Parse(Kubeconfig(server: "tcp://x:1"))));

        Assert.Contains("no valid server address", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n")]
    [InlineData("apiVersion: v1\nkind: Config\n")]
    [InlineData("hello: world")]
    public void Documents_without_contexts_are_refused(string text)
    {
        var error = Assert.Throws<InvalidKubeconfigException>(() => KubeconfigParser.Validate(KubeconfigParser.Parse(text)));

        Assert.Matches("empty|no contexts", error.Message);
    }

    [Fact]
    public void Another_kind_of_Kubernetes_document_is_named_as_such()
    {
        var error = Assert.Throws<InvalidKubeconfigException>(() => KubeconfigParser.Parse("apiVersion: v1\nkind: Pod\nmetadata: {name: x}\n"));

        Assert.Contains("'Pod', not a kubeconfig", error.Message);
    }

    [Theory]
    [InlineData($"clusters: [\n  token: {Secret}")]
    [InlineData($"users: {Secret}")]
    [InlineData($"users:\n- name: a\n  user: [{Secret}")]
    public void Broken_YAML_is_refused_with_its_position_and_never_quotes_the_content(string text)
    {
        var error = Assert.Throws<InvalidKubeconfigException>(() => KubeconfigParser.Parse(text));

        Assert.DoesNotContain(Secret, error.Message);
        Assert.Contains("not valid YAML", error.Message);
    }
}
