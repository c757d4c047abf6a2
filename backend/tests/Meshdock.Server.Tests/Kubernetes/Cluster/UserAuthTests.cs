using k8s.KubeConfigModels;
using Meshdock.Server.Features.Overview;
using Meshdock.Server.Kubernetes;
using Meshdock.Server.Kubernetes.Cluster;
using Meshdock.Server.Tests.Features.Overview;

namespace Meshdock.Server.Tests.Kubernetes.Cluster;

public class UserAuthTests
{
    private static readonly UserCredentials Exec = new() { ExternalExecution = new ExternalExecution { Command = "aws", ApiVersion = "client.authentication.k8s.io/v1beta1" } };
    private static readonly UserCredentials Provider = new() { AuthProvider = new AuthProvider { Name = "gcp" } };

    [Fact]
    public void An_exec_plugin_user_inside_the_container_gets_a_sentence_naming_the_command_and_the_alternatives()
    {
        var problem = UserAuth.Problem("eks-admin", Exec, inContainer: true);

        Assert.NotNull(problem);
        Assert.Contains("'eks-admin'", problem);
        Assert.Contains("'aws'", problem);
        Assert.Contains("token or a client certificate", problem);
        Assert.Contains("standalone", problem);
    }

    [Fact]
    public void A_legacy_auth_provider_user_inside_the_container_gets_a_sentence_too()
    {
        var problem = UserAuth.Problem("gke", Provider, inContainer: true);

        Assert.NotNull(problem);
        Assert.Contains("auth-provider 'gcp'", problem);
    }

    [Fact]
    public void Standalone_mode_lets_exec_plugins_run_with_the_users_own_CLI()
    {
        Assert.Null(UserAuth.Problem("eks-admin", Exec, inContainer: false));
        Assert.Null(UserAuth.Problem("gke", Provider, inContainer: false));
    }

    [Fact]
    public void Token_and_certificate_users_work_everywhere()
    {
        Assert.Null(UserAuth.Problem("a", new UserCredentials { Token = "t" }, inContainer: true));
        Assert.Null(UserAuth.Problem("b", new UserCredentials { ClientCertificateData = "Y2VydA==", ClientKeyData = "a2V5" }, inContainer: true));
    }

    [Theory]
    [InlineData("exec")]
    [InlineData("auth-provider")]
    [InlineData("token")]
    [InlineData("certificate")]
    [InlineData("none")]
    public void The_kind_of_authentication_is_named(string expected)
    {
        var user = expected switch
        {
            "exec" => Exec,
            "auth-provider" => Provider,
            "token" => new UserCredentials { Token = "t" },
            "certificate" => new UserCredentials { ClientCertificate = "/x.crt" },
            _ => new UserCredentials(),
        };

        Assert.Equal(expected, UserAuth.Kind(user));
    }
}
